//! `redress reconcile`: which of the choices a case leaves open reproduce the amount a
//! fund or a court offered (`redress::reconcile`), printed as a ranking or as JSON.

use std::process::ExitCode;

use redress::Lang;
use redress::format;
use redress::money::{Decimal, parse_decimal};
use redress::reconcile::{Candidate, Change, Offer, Reconciliation, authority, reconcile};

use crate::estimate;

/// Arguments of `redress reconcile`: those of `estimate`, and the offer.
#[derive(clap::Args, Debug)]
#[group(id = "offer")]
pub struct Args {
    #[command(flatten)]
    estimate: estimate::Args,
    /// The amount offered, in yuan (`15520.15`).
    #[arg(long, value_name = "YUAN", value_parser = parse_amount)]
    offered: Decimal,
    /// Eligible shares (可索赔股数) on the offer letter, when it gives them.
    #[arg(long, value_name = "SHARES", value_parser = parse_amount)]
    eligible_shares: Option<Decimal>,
    /// The buy average (买入均价) on the offer letter, when it gives it.
    #[arg(long, value_name = "PRICE", value_parser = parse_amount)]
    buy_average: Option<Decimal>,
    /// The investment loss (投资差额损失) on the offer letter, when it gives it.
    #[arg(long, value_name = "YUAN", value_parser = parse_amount)]
    loss: Option<Decimal>,
    /// The systemic deduction ratio on the offer letter (0.25, or 25%), when it gives it.
    #[arg(long, value_name = "RATIO", value_parser = parse_ratio)]
    ratio: Option<Decimal>,
}

fn parse_amount(s: &str) -> Result<Decimal, String> {
    parse_decimal(&s.replace([',', '，'], "")).ok_or_else(|| "expected a number".to_owned())
}

fn parse_ratio(s: &str) -> Result<Decimal, String> {
    match s.trim().strip_suffix(['%', '％']) {
        Some(p) => parse_amount(p).map(|d| d / Decimal::ONE_HUNDRED),
        None => parse_amount(s),
    }
}

/// Runs `redress reconcile`.
pub fn run(args: &Args) -> ExitCode {
    let lang = args.estimate.lang;
    let prepared = match estimate::prepare(&args.estimate) {
        Ok(p) => p,
        Err(m) => {
            eprintln!("redress: {m}");
            return ExitCode::from(1);
        }
    };
    let offer = Offer {
        amount: args.offered,
        eligible_shares: args.eligible_shares,
        buy_average: args.buy_average,
        investment_loss: args.loss,
        systemic_ratio: args.ratio,
    };
    let found = match reconcile(&prepared.input(), &offer) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("redress: {}", estimate::message(&e, lang));
            return ExitCode::from(1);
        }
    };
    if args.estimate.json {
        match serde_json::to_string_pretty(&found) {
            Ok(j) => println!("{j}"),
            Err(_) => return ExitCode::from(1),
        }
    } else {
        print!("{}", table(&found, prepared.case.regime, lang));
    }
    ExitCode::SUCCESS
}

fn changes(list: &[Change], regime: redress::case::Regime, lang: Lang) -> String {
    if list.is_empty() {
        return lang.pick("  （本案参数，不作改动）\n", "  (the case as it stands)\n").to_owned();
    }
    let mut out = String::new();
    for c in list {
        let from = if c.from.is_empty() { lang.pick("（默认）", "(default)") } else { &c.from };
        let published = if c.overrides_published() {
            lang.pick("，改动了已公布的值", ", overrides a published value")
        } else {
            ""
        };
        out.push_str(&format!(
            "  --set {}={}   ({} → {}{published}; {})\n",
            c.path,
            c.to,
            from,
            c.to,
            authority(&c.path, regime, lang)
        ));
    }
    out
}

fn candidate(c: &Candidate, regime: redress::case::Regime, lang: Lang) -> String {
    let diff = if c.difference.0.is_zero() {
        String::new()
    } else {
        let sign = if c.difference.0.is_sign_negative() { "−" } else { "+" };
        format!(" ({sign}{})", format::yuan(c.difference.0.abs()))
    };
    format!(
        "{}{diff}\n{}",
        lang.pick(
            format!("{} 元", format::yuan(c.compensation.0)),
            format!("{} yuan", format::yuan(c.compensation.0))
        ),
        changes(&c.changes, regime, lang)
    )
}

/// The readable ranking.
fn table(r: &Reconciliation, regime: redress::case::Regime, lang: Lang) -> String {
    let mut out = lang.pick(
        format!("提供的金额：{} 元\n", format::yuan(r.offered.0)),
        format!("Amount offered: {} yuan\n", format::yuan(r.offered.0)),
    );
    if let Some(d) = r.default {
        out.push_str(&lang.pick(
            format!("本案参数计算：{} 元\n", format::yuan(d.0)),
            format!("The case as it stands: {} yuan\n", format::yuan(d.0)),
        ));
    }
    out.push_str(&lang.pick(
        format!("共试算 {} 种组合。\n\n", r.searched),
        format!("{} combinations computed.\n\n", r.searched),
    ));
    if !r.exact.is_empty() {
        out.push_str(&lang.pick(
            format!("能得出该金额的算法（{} 种，改动已公布参数最少的在前）：\n", r.exact.len()),
            format!(
                "Choices that give this amount ({}; fewest published values overridden first):\n",
                r.exact.len()
            ),
        ));
        for (i, c) in r.exact.iter().take(10).enumerate() {
            out.push_str(&format!("{}. {}", i + 1, candidate(c, regime, lang)));
        }
    } else {
        out.push_str(lang.pick(
            "没有一种组合恰好得出该金额。最接近的：\n",
            "No combination gives this amount exactly. The nearest:\n",
        ));
        for (i, c) in r.nearest.iter().enumerate() {
            out.push_str(&format!("{}. {}", i + 1, candidate(c, regime, lang)));
        }
        if let Some(s) = &r.ratio {
            let pct = format::percent(s.ratio.0);
            out.push_str(&if s.exact {
                lang.pick(
                    format!("\n按固定比例扣除系统风险 {pct} 恰好得出该金额：\n"),
                    format!("\nA fixed systemic deduction of {pct} gives this amount exactly:\n"),
                )
            } else {
                lang.pick(
                    format!(
                        "\n按固定比例扣除系统风险约 {pct} 最接近该金额（{} 元）：\n",
                        format::yuan(s.compensation.0)
                    ),
                    format!(
                        "\nA fixed systemic deduction of about {pct} comes nearest ({} yuan):\n",
                        format::yuan(s.compensation.0)
                    ),
                )
            });
            out.push_str(&changes(&s.changes, regime, lang));
        }
    }
    out
}

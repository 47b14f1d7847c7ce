//! `redress reconcile`: which of the choices a case leaves open reproduce the amount a
//! fund or a court offered (`redress::reconcile`), printed as a ranking or as JSON.

use std::process::ExitCode;

use redress::Lang;
use redress::case::Case;
use redress::format;
use redress::money::Decimal;
use redress::reconcile::{
    Candidate, Change, Offer, OfferText, Reconciliation, absent, authority, difference_words,
    reconcile,
};

use crate::estimate;

/// Arguments of `redress reconcile`: those of `estimate`, and the offer.
#[derive(clap::Args, Debug)]
#[group(id = "offer")]
pub struct Args {
    #[command(flatten)]
    estimate: estimate::Args,
    /// The amount offered, in yuan (`12345.67`; full-width digits and separators are
    /// read too).
    #[arg(long, value_name = "YUAN", allow_hyphen_values = true)]
    offered: String,
    /// Eligible shares (可索赔股数) on the offer letter, when it gives them.
    #[arg(long, value_name = "SHARES", default_value = "", allow_hyphen_values = true)]
    eligible_shares: String,
    /// The buy average (买入均价) on the offer letter, when it gives it: compared at the
    /// decimals written.
    #[arg(long, value_name = "PRICE", default_value = "", allow_hyphen_values = true)]
    buy_average: String,
    /// The investment loss (投资差额损失) on the offer letter, when it gives it.
    #[arg(long, value_name = "YUAN", default_value = "", allow_hyphen_values = true)]
    loss: String,
    /// The systemic deduction ratio on the offer letter (0.2626, or 26.26%), when it gives
    /// it: compared at the decimals written, with the share of the loss deducted.
    #[arg(long, value_name = "RATIO", default_value = "", allow_hyphen_values = true)]
    ratio: String,
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
    let text = OfferText {
        amount: &args.offered,
        eligible_shares: &args.eligible_shares,
        buy_average: &args.buy_average,
        loss: &args.loss,
        ratio: &args.ratio,
    };
    let offer = match Offer::read(&text) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("redress: {}", estimate::message(&e, lang));
            return ExitCode::from(1);
        }
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
        print!("{}", table(&found, &prepared.case, lang));
    }
    ExitCode::SUCCESS
}

fn changes(list: &[Change], case: &Case, lang: Lang) -> String {
    if list.is_empty() {
        return lang.pick("  （本案参数，不作改动）\n", "  (the case as it stands)\n").to_owned();
    }
    let regime = case.regime;
    let mut out = String::new();
    for c in list {
        let from = if c.from.is_empty() { absent(case, &c.path, lang) } else { c.from.clone() };
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

fn candidate(c: &Candidate, case: &Case, lang: Lang) -> String {
    let yuan = |d: Decimal| {
        lang.pick(format!("{} 元", format::yuan(d)), format!("{} yuan", format::yuan(d)))
    };
    let diff = difference_words(c.difference.0, &yuan(c.difference.0.abs()), lang);
    let diff = if diff.is_empty() {
        diff
    } else {
        lang.pick(format!("（{diff}）"), format!(" ({diff})"))
    };
    let mut out = format!("{}{diff}\n{}", yuan(c.compensation.0), changes(&c.changes, case, lang));
    if !c.same.is_empty() {
        out.push_str(&lang.pick(
            format!(
                "  另有 {} 种组合得出同一金额：在上述改动之外再改动下列选择，对这些交易没有影响：\n",
                c.same.len()
            ),
            format!(
                "  and {} other combinations give the same: these choices as well make no difference for these trades:\n",
                c.same.len()
            ),
        ));
        for extra in &c.same {
            let list: Vec<String> =
                extra.iter().map(|x| format!("--set {}={}", x.path, x.to)).collect();
            out.push_str(&format!("    + {}\n", list.join(" ")));
        }
    }
    out
}

/// The readable ranking.
fn table(r: &Reconciliation, case: &Case, lang: Lang) -> String {
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
            out.push_str(&format!("{}. {}", i + 1, candidate(c, case, lang)));
        }
    } else {
        if r.offered.0.is_zero() {
            out.push_str(lang.pick(
                "收到的金额为 0：通常表示基金或法院认定这些交易不符合赔偿条件（如不在买入期间内买入、揭露日前已全部卖出，或扣除后没有损失），而不是扣除了全部损失；请看通知书上的理由。\n",
                "An offer of 0 usually means the fund or the court found these trades not eligible (bought outside the window, all sold before the disclosure date, or no loss left after deductions), not a deduction of the whole loss: see the reason on the notice.\n",
            ));
        }
        out.push_str(lang.pick(
            "所试的组合都得不出该金额。最接近的：\n",
            "None of the combinations tried gives this amount. The nearest:\n",
        ));
        for (i, c) in r.nearest.iter().enumerate() {
            out.push_str(&format!("{}. {}", i + 1, candidate(c, case, lang)));
        }
        if let Some(s) = &r.ratio {
            let pct = format::percent(s.ratio.0);
            out.push_str(&if s.exact {
                lang.pick(
                    format!("\n但按固定比例扣除系统风险 {pct}，恰好得出该金额：\n"),
                    format!(
                        "\nBut a fixed systemic deduction of {pct} gives this amount exactly:\n"
                    ),
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
            out.push_str(&changes(&s.changes, case, lang));
        }
    }
    out
}

//! `redress estimate`: one investor, one case.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use redress::case::Method;
use redress::format;
use redress::market::{IndexData, MarketData};
use redress::{Case, Error, Estimate, Input, Lang, Options};

/// Arguments of `redress estimate`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The case file (TOML).
    #[arg(long, value_name = "CASE.toml")]
    case: PathBuf,
    /// Trade files: canonical CSV or broker exports (any encoding and container); each
    /// file is one account.
    #[arg(required = true, value_name = "TRADES")]
    trades: Vec<PathBuf>,
    /// Daily bars of the security: date,close,volume,float.
    #[arg(long, value_name = "FILE")]
    market: Option<PathBuf>,
    /// Index closes: date,index,close (repeatable).
    #[arg(long, value_name = "FILE")]
    index: Vec<PathBuf>,
    /// Overrides the case's buy-average method.
    #[arg(long, value_name = "METHOD", value_parser = parse_method)]
    method: Option<Method>,
    /// Shares held before the first row of the history.
    #[arg(long, value_name = "SHARES", default_value_t = 0)]
    opening: u64,
    /// Prints the result as JSON (interfaces.md) instead of a table.
    #[arg(long)]
    json: bool,
    /// Language of messages and explanation: zh or en.
    #[arg(long, default_value = "zh", value_parser = parse_lang)]
    lang: Lang,
}

fn parse_method(s: &str) -> Result<Method, String> {
    Method::parse(s).ok_or_else(|| {
        "expected one of moving-average, fifo-average, weighted-average, actual-cost".to_owned()
    })
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::parse(s).ok_or_else(|| "expected zh or en".to_owned())
}

/// Runs the command and returns its exit status.
pub fn run(args: &Args) -> ExitCode {
    match compute(args) {
        Ok(result) => {
            if args.json {
                match serde_json::to_string_pretty(&result) {
                    Ok(json) => println!("{json}"),
                    Err(e) => {
                        eprintln!("redress: {e}");
                        return ExitCode::from(1);
                    }
                }
            } else {
                print!("{}", table(&result, args.lang));
            }
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("redress: {message}");
            ExitCode::from(1)
        }
    }
}

fn read(path: &Path, lang: Lang) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| {
        lang.pick(
            format!("无法读取 {}：{e}", path.display()),
            format!("cannot read {}: {e}", path.display()),
        )
    })?;
    String::from_utf8(bytes).map_err(|_| {
        lang.pick(
            format!("{}：不是 UTF-8 文本", path.display()),
            format!("{}: not UTF-8 text", path.display()),
        )
    })
}

fn display_name(path: &Path) -> String {
    path.file_name()
        .map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}

fn compute(args: &Args) -> Result<Estimate, String> {
    let lang = args.lang;
    let msg = |e: Error| e.message(lang);
    let case_text = read(&args.case, lang)?;
    let case = Case::from_toml(&case_text, &display_name(&args.case)).map_err(msg)?;
    // Canonical CSV or any broker export (through the importer).
    let crate::import::Loaded { trades, files, opening: inferred, notes } =
        crate::import::load_trades(&args.trades, &case, lang)?;
    for n in &notes {
        eprintln!("redress: {} {n}", lang.pick("注意", "note"));
    }
    let market = match &args.market {
        Some(path) => {
            Some(MarketData::read_csv(&read(path, lang)?, &display_name(path)).map_err(msg)?)
        }
        None => None,
    };
    let mut indices = IndexData::default();
    for path in &args.index {
        indices.add_csv(&read(path, lang)?, &display_name(path)).map_err(msg)?;
    }
    let input = Input {
        case: &case,
        trades: &trades,
        files: &files,
        opening_position: args.opening.saturating_add(inferred),
        market: market.as_ref(),
        indices: Some(&indices),
    };
    let options = Options { method: args.method, lang, ..Options::default() };
    redress::estimate(&input, &options).map_err(msg)
}

/// The readable form: key numbers per segment, the explanation, then warnings.
fn table(r: &Estimate, lang: Lang) -> String {
    let mut out = String::new();
    let line = |out: &mut String, label: &str, value: String| {
        out.push_str(&format!("  {label:<24} {value}\n"));
    };
    for s in &r.segments {
        out.push_str(&lang.pick(format!("分段 {}\n", s.id), format!("Segment {}\n", s.id)));
        line(
            &mut out,
            lang.pick("可索赔股份 E", "eligible shares E"),
            format::shares(s.eligible_shares.0),
        );
        if let Some(b) = s.buy_average {
            line(&mut out, lang.pick("买入均价 B", "buy average B"), format::price(b.0));
        }
        line(&mut out, lang.pick("卖出股份 S", "sold shares S"), format::shares(s.sold_shares.0));
        if let Some(p) = s.sell_average {
            line(&mut out, lang.pick("卖出均价 Ps", "sell average Ps"), format::price(p.0));
        }
        line(&mut out, lang.pick("持有股份 H", "held shares H"), format::shares(s.held_shares.0));
        line(&mut out, lang.pick("基准日 Tb", "base date Tb"), s.base_date.to_string());
        line(&mut out, lang.pick("基准价 Pb", "base price Pb"), format::price(s.base_price.0));
        line(
            &mut out,
            lang.pick("投资差额损失 L", "investment loss L"),
            format::yuan(s.investment_loss.0),
        );
        line(
            &mut out,
            lang.pick("系统风险扣除", "systemic deduction"),
            format::yuan(s.systemic_deduction.0),
        );
        line(
            &mut out,
            lang.pick("非系统风险扣除", "non-systemic deduction"),
            format::yuan(s.non_systemic_deduction.0),
        );
        line(
            &mut out,
            lang.pick("可赔偿损失 C", "compensable loss C"),
            format::yuan(s.compensable_loss.0),
        );
        line(&mut out, lang.pick("佣金", "commission"), format::yuan(s.commission.0));
        line(&mut out, lang.pick("印花税", "stamp duty"), format::yuan(s.stamp_duty.0));
        line(&mut out, lang.pick("利息", "interest"), format::yuan(s.interest.0));
        line(&mut out, lang.pick("赔偿金额", "compensation"), format::yuan(s.compensation.0));
        out.push('\n');
        for (i, step) in s.steps.iter().enumerate() {
            out.push_str(&format!(
                "  {}. {} — {}\n     {}\n",
                i + 1,
                step.title,
                step.authority.label,
                step.text
            ));
        }
        out.push('\n');
    }
    out.push_str(&lang.pick(
        format!("赔偿金额合计：{} 元\n", format::yuan(r.compensation.0)),
        format!("Total compensation: {} yuan\n", format::yuan(r.compensation.0)),
    ));
    for w in &r.warnings {
        let at = match (&w.file, w.row) {
            (Some(f), Some(row)) => {
                lang.pick(format!("{f} 第 {row} 行："), format!("{f}, row {row}: "))
            }
            _ => String::new(),
        };
        out.push_str(&format!("{} [{}] {at}{}\n", lang.pick("注意", "warning"), w.code, w.message));
    }
    out
}

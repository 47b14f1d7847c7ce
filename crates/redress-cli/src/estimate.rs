//! `redress estimate`: one investor, one case.

use std::path::PathBuf;
use std::process::ExitCode;

use redress::breakdown::Amount;
use redress::case::Method;
use redress::case::{Combine, Regime};
use redress::format;
use redress::market::IndexData;
use redress::market::import::{self as market_import, FloatSpec, ImportOptions, VolumeUnit};
use redress::report::Warning;
use redress::{Case, Error, Estimate, Input, Lang, Options};

use crate::files::{
    display_name, display_width, load_case, pad, parse_lang, parse_method, read_bytes,
};

/// Arguments of `redress estimate`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The case file (TOML), or the id of a built-in case (see `redress cases`).
    #[arg(long, value_name = "CASE")]
    case: PathBuf,
    /// Trade files: canonical CSV or broker exports (any encoding and container); each
    /// file is one account.
    #[arg(required = true, value_name = "TRADES")]
    trades: Vec<PathBuf>,
    /// Daily bars of the security: date,close,volume,float, or a 通达信, 同花顺 or 东方财富
    /// day-bar export (any encoding). A built-in case ships public bars; this file
    /// replaces them.
    #[arg(long, value_name = "FILE")]
    market: Option<PathBuf>,
    /// The float (流通股本) when the market file has none: SHARES, or changes
    /// `SHARES;DATE=SHARES`.
    #[arg(long, value_name = "SPEC")]
    float: Option<String>,
    /// The market file's volume unit when it cannot be told: shares or lots.
    #[arg(long, value_name = "UNIT", value_parser = parse_unit)]
    volume_unit: Option<VolumeUnit>,
    /// Index closes: date,index,close or a day-bar export, as FILE or CODE=FILE
    /// (repeatable).
    #[arg(long, value_name = "[CODE=]FILE")]
    index: Vec<PathBuf>,
    /// Supplies or replaces a case parameter: PATH=VALUE (repeatable, applied together
    /// in any order), e.g. `rules.systemic.indices=399006`, `rules.commission_rate=0.03%`
    /// (a percent is a percent; `万分之三` reads too).
    #[arg(long = "set", value_name = "PATH=VALUE")]
    set: Vec<String>,
    /// Computes without the systemic, non-systemic and minimum-compensation rules.
    #[arg(long)]
    without_deductions: bool,
    /// Overrides the case's buy-average method.
    #[arg(long, value_name = "METHOD", value_parser = parse_method)]
    method: Option<Method>,
    /// Trades identical in two files (same date, time, side, quantity and price): `once`
    /// counts them once, as one account exported twice (the default: never a doubled
    /// claim); `keep` counts both, as two accounts' own trades.
    #[arg(long, value_name = "once|keep", default_value = "once", value_parser = parse_duplicates)]
    duplicates: Duplicates,
    /// Shares held before the first row of the history.
    #[arg(long, value_name = "SHARES", default_value_t = 0)]
    opening: u64,
    /// Prints the result as JSON (interfaces.md) instead of a table.
    #[arg(long)]
    pub json: bool,
    /// The date the deadlines count from (YYYY-MM-DD); default: today, in China time.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    today: Option<redress::Date>,
    /// Language of messages and explanation: zh or en.
    #[arg(long, default_value = "zh", value_parser = parse_lang)]
    pub lang: Lang,
}

fn parse_date(s: &str) -> Result<redress::Date, String> {
    redress::Date::parse_loose(s).ok_or_else(|| "expected a date, YYYY-MM-DD".to_owned())
}

/// Today in China time (UTC+8), from the system clock: the core reads no clock.
fn today() -> redress::Date {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    redress::Date::from_day_number(i32::try_from((secs + 8 * 3600) / 86_400).unwrap_or(0))
}

/// What `--duplicates` says identical trades in two files are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Duplicates {
    /// One account exported twice: counted once.
    Once,
    /// Two accounts' own trades: both counted.
    Keep,
}

fn parse_duplicates(s: &str) -> Result<Duplicates, String> {
    match s.trim() {
        "once" => Ok(Duplicates::Once),
        "keep" => Ok(Duplicates::Keep),
        _ => Err("expected once or keep".to_owned()),
    }
}

/// The warning for trades two files share, counted once (`--duplicates once`, the
/// default) or twice (`keep`), with the other choice.
fn duplicates_warning(
    n: u64,
    earlier: &str,
    later: &str,
    row: u32,
    choice: Duplicates,
    lang: Lang,
) -> Warning {
    let these = if n == 1 {
        "1 buy or sell here is identical to a trade".to_owned()
    } else {
        format!("{n} buys and sells here are identical to trades")
    };
    let message = match (choice, lang) {
        (Duplicates::Once, Lang::Zh) => format!(
            "有 {n} 笔买卖与 {earlier} 中的完全相同（日期、时间、方向、数量、价格都一样），已按同一账户导出了两次处理，只计算一次（--duplicates once，默认）。如果确实是两个账户各自的交易，请用 --duplicates keep 重新计算"
        ),
        (Duplicates::Once, Lang::En) => format!(
            "{these} in {earlier} (same date, time, side, quantity and price): taken as one account exported twice and counted once (--duplicates once, the default). If they really are two accounts' own trades, run again with --duplicates keep"
        ),
        (Duplicates::Keep, Lang::Zh) => format!(
            "有 {n} 笔买卖与 {earlier} 中的完全相同（日期、时间、方向、数量、价格都一样），按两个账户各自的交易都计算了（--duplicates keep）。如果这是同一账户导出了两次，请去掉 --duplicates keep（默认只计算一次）"
        ),
        (Duplicates::Keep, Lang::En) => format!(
            "{these} in {earlier} (same date, time, side, quantity and price): counted as two accounts' own trades (--duplicates keep). If this is one account exported twice, leave out --duplicates keep (the default counts them once)"
        ),
    };
    Warning {
        code: "duplicate-trades",
        row: Some(row),
        file: Some(later.to_owned()),
        segment: None,
        message,
    }
}

fn parse_unit(s: &str) -> Result<VolumeUnit, String> {
    match s.trim() {
        "shares" | "股" => Ok(VolumeUnit::Shares),
        "lots" | "手" => Ok(VolumeUnit::Lots),
        _ => Err("expected shares or lots".to_owned()),
    }
}

/// Runs the command and returns its exit status.
pub fn run(args: &Args) -> ExitCode {
    match compute(args) {
        Ok((case, result)) => {
            let deadlines =
                redress::deadlines::deadlines(&case, args.today.unwrap_or_else(today), args.lang);
            if args.json {
                let mut value = serde_json::to_value(&result).unwrap_or_default();
                if let Some(map) = value.as_object_mut() {
                    map.insert("deadlines".into(), serde_json::json!(deadlines));
                }
                match serde_json::to_string_pretty(&value) {
                    Ok(json) => println!("{json}"),
                    Err(e) => {
                        eprintln!("redress: {e}");
                        return ExitCode::from(1);
                    }
                }
            } else {
                print!("{}", table(&case, &result, args.lang));
                print!("{}", deadline_lines(&deadlines, args.lang));
            }
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("redress: {message}");
            ExitCode::from(1)
        }
    }
}

/// The deadlines, one a line, with what each rests on.
fn deadline_lines(deadlines: &[redress::deadlines::Deadline], lang: Lang) -> String {
    if deadlines.is_empty() {
        return String::new();
    }
    let mut out = format!("\n{}\n", lang.pick("期限：", "Deadlines:"));
    for d in deadlines {
        let flag = match d.status {
            Some(redress::case::Status::Unverified) => lang.pick("（未核实）", " (unverified)"),
            _ => "",
        };
        out.push_str(&format!("  {}  {}{flag} — {}\n", d.date, d.text, d.authority));
    }
    out
}

/// What to do next, for the errors a user can fix by supplying something.
fn hint(e: &Error, lang: Lang) -> String {
    let column =
        e.at.as_ref().and_then(|a| a.field.as_deref().or(a.column.as_deref())).unwrap_or("");
    match e.code() {
        "missing-market-days" | "market-data-ends" => lang.pick(
            "\n  请用 --market 提供行情：date,close,volume,float CSV，或通达信、同花顺、东方财富的日线导出（缺流通股本时加 --float）".to_owned(),
            "\n  give daily bars with --market: date,close,volume,float CSV, or a 通达信, 同花顺 or 东方财富 day-bar export (add --float when it has no float)".to_owned(),
        ),
        "missing-column" if e.message(Lang::En).contains("“float”") => lang.pick(
            "\n  行情文件没有流通股本：请用 --float 提供（一个数，或 数;日期=数 的变动）".to_owned(),
            "\n  the market file has no float: give it with --float (one number, or NUMBER;DATE=NUMBER changes)".to_owned(),
        ),
        "case-value" if column.contains('.') || column == "regime" => lang.pick(
            format!("\n  请用 --set {column}=… 提供该值，或用 --without-deductions 不扣除计算（若是扣除参数）"),
            format!("\n  supply it with --set {column}=…, or compute with --without-deductions (for a deduction parameter)"),
        ),
        "missing-index" => lang.pick(
            "\n  请用 --index [代码=]文件 提供指数收盘点位".to_owned(),
            "\n  give the index closes with --index [CODE=]FILE".to_owned(),
        ),
        _ => String::new(),
    }
}

fn print_warnings(warnings: &[Warning], lang: Lang) {
    for w in warnings {
        eprintln!("{} [{}] {}", lang.pick("注意", "warning"), w.code, w.message);
    }
}

/// Everything an estimate of one investor needs, read from the arguments: the case with
/// the user's values, the trades, the market data (shipped or the user's).
pub struct Prepared {
    /// The case, with `--set` applied and shipped data marked.
    pub case: Case,
    /// The trades of the case's security.
    pub trades: Vec<redress::Trade>,
    /// The input file names, by `Origin::file`.
    pub files: Vec<String>,
    /// `--opening` plus the opening position inferred from balance columns.
    pub opening: u64,
    /// Daily bars.
    pub market: Option<redress::market::MarketData>,
    /// Index closes.
    pub indices: Option<IndexData>,
    /// The warnings about trades two files share.
    shared: Vec<Warning>,
}

impl Prepared {
    /// The calculation's input.
    pub fn input(&self) -> Input<'_> {
        Input {
            case: &self.case,
            trades: &self.trades,
            files: &self.files,
            opening_position: self.opening,
            market: self.market.as_ref(),
            indices: self.indices.as_ref(),
        }
    }
}

/// An error message with how to fix it.
pub fn message(e: &Error, lang: Lang) -> String {
    format!("{}{}", e.message(lang), hint(e, lang))
}

fn compute(args: &Args) -> Result<(Case, Estimate), String> {
    let lang = args.lang;
    let p = prepare(args)?;
    let options = Options {
        method: args.method,
        lang,
        without_deductions: args.without_deductions,
        ..Options::default()
    };
    let mut result = redress::estimate(&p.input(), &options).map_err(|e| message(&e, lang))?;
    result.warnings.retain(|w| w.code != "duplicate-trades");
    result.warnings.extend(p.shared);
    Ok((p.case, result))
}

/// Reads the case, the trades and the market data the arguments name.
pub fn prepare(args: &Args) -> Result<Prepared, String> {
    let lang = args.lang;
    let msg = |e: Error| message(&e, lang);
    let mut case = load_case(&args.case, lang)?;
    // Every --set at once, validated together: their order does not matter.
    let mut values = Vec::with_capacity(args.set.len());
    for s in &args.set {
        let (path, value) = s.split_once('=').ok_or_else(|| {
            lang.pick(format!("--set {s}：应为 路径=值"), format!("--set {s}: expected PATH=VALUE"))
        })?;
        values.push((path, value));
    }
    redress::case::parameters::set_all(&mut case, &values).map_err(msg)?;
    // Canonical CSV or any broker export (through the importer).
    // Identical trades in two files: counted once unless told they are two accounts; said
    // either way (the calculation's own warning is then not needed).
    let keep = args.duplicates == Duplicates::Keep;
    let crate::import::Loaded { trades, files, opening: inferred, notes, overlaps: shared } =
        crate::import::load_trades(&args.trades, &case, keep, lang)?;
    let name = |i: u32| files.get(i as usize).cloned().unwrap_or_default();
    let shared: Vec<Warning> = shared
        .iter()
        .map(|o| {
            duplicates_warning(
                o.trades,
                &name(o.earlier),
                &name(o.later),
                o.row,
                args.duplicates,
                lang,
            )
        })
        .collect();
    for n in &notes {
        eprintln!("redress: {} {n}", lang.pick("注意", "note"));
    }
    // The public market data shipped with the case, unless the user's own replace them.
    let shipped = crate::files::shipped_data(&args.case, &case, lang)?;
    if args.market.is_some() && shipped.market.is_some() {
        eprintln!(
            "redress: {}",
            lang.pick(
                "注意：用您的行情文件（--market）代替本案附带的公开行情数据",
                "note: your market file (--market) replaces the public market data shipped with the case"
            )
        );
    }
    let market = match &args.market {
        None => None,
        Some(path) => {
            let options = ImportOptions {
                float: args.float.as_deref().map(FloatSpec::parse).transpose().map_err(msg)?,
                volume_unit: args.volume_unit,
                security: Some(case.security.clone()),
                lang,
            };
            let imported = market_import::import_market_auto(
                &read_bytes(path, lang)?,
                &display_name(path),
                &options,
            )
            .map_err(msg)?;
            print_warnings(&imported.warnings, lang);
            Some(imported.data)
        }
    };
    let mut indices = IndexData::default();
    for spec in &args.index {
        let text = spec.to_string_lossy();
        let (code, path) = match text.split_once('=') {
            Some((c, p)) if !spec.exists() => (Some(c.trim().to_owned()), PathBuf::from(p)),
            _ => (None, spec.clone()),
        };
        let imported = market_import::import_index_auto(
            &read_bytes(&path, lang)?,
            &display_name(&path),
            code.as_deref(),
            lang,
        )
        .map_err(msg)?;
        print_warnings(&imported.warnings, lang);
        indices.series.extend(imported.data.series);
    }
    let own_indices = (!indices.series.is_empty()).then_some(indices);
    let (market, indices) = redress::case_data::combine(&mut case, shipped, market, own_indices);
    Ok(Prepared {
        case,
        trades,
        files,
        opening: args.opening.saturating_add(inferred),
        market,
        indices,
        shared,
    })
}

/// The readable form: key numbers per segment, the explanation, then warnings.
/// The case, the rules applied and the parameters that are not published facts.
fn header(case: &Case, r: &Estimate, lang: Lang) -> String {
    let card = redress::cases::card(case);
    let name =
        if lang == Lang::En && !card.name_en.is_empty() { &card.name_en } else { &card.name };
    let mut out = format!("{name} ({})\n", case.id);
    let regime = match r.rules.regime {
        Regime::Spc2022 => lang.pick("2022 年司法解释", "2022 provisions"),
        Regime::Spc2003 => lang.pick("2003 年司法解释", "2003 provisions"),
    };
    let method = lang.pick(r.rules.buy_average.name_zh(), r.rules.buy_average.name_en());
    let combine = match (r.combine, r.segments.len()) {
        (_, 0 | 1) => "",
        (Combine::Sum, _) => lang.pick(" · 各分段相加", " · segments added"),
        (Combine::Max, _) => lang.pick(" · 取最有利的分段", " · the most favourable segment"),
    };
    out.push_str(&format!("  {regime} · {method}{combine}\n"));
    let with = |wanted: redress::case::Status| -> Vec<&str> {
        card.parameters
            .iter()
            .filter(|p| p.status == Some(wanted))
            .map(|p| p.path.as_str())
            .collect()
    };
    let unverified = with(redress::case::Status::Unverified);
    if !unverified.is_empty() {
        out.push_str(&lang.pick(
            format!("  未核实（来源未能证实）：{}\n", unverified.join("，")),
            format!(
                "  unverified (the source could not be confirmed): {}\n",
                unverified.join(", ")
            ),
        ));
    }
    let computed = with(redress::case::Status::Computed);
    if !computed.is_empty() {
        out.push_str(&lang.pick(
            format!("  由本案附带的公开行情数据计算：{}\n", computed.join("，")),
            format!(
                "  computed from the public market data shipped with the case: {}\n",
                computed.join(", ")
            ),
        ));
    }
    let assumed = with(redress::case::Status::Assumed);
    if !assumed.is_empty() {
        out.push_str(&lang.pick(
            format!("  假定（方案未公布，按默认或推定）：{}\n", assumed.join("，")),
            format!("  assumed (not published; default or inferred): {}\n", assumed.join(", ")),
        ));
    }
    out.push('\n');
    out
}

fn table(case: &Case, r: &Estimate, lang: Lang) -> String {
    let mut out = header(case, r, lang);
    for s in &r.segments {
        out.push_str(&lang.pick(format!("分段 {}\n", s.id), format!("Segment {}\n", s.id)));
        // The core's figures of the segment, as the web page shows them.
        let typed = redress::breakdown::Typed::of(case, &s.id);
        let rows: Vec<(String, String)> = redress::breakdown::figures(s, typed, lang)
            .into_iter()
            .map(|f| {
                let label = match f.symbol {
                    "" => format!("{}{}", f.label, f.note),
                    symbol => format!("{} {symbol}{}", f.label, f.note),
                };
                let value = match f.amount {
                    Amount::Date(d) => d.to_string(),
                    Amount::Shares(n) => format::shares(n.0),
                    Amount::Price(p) => format::price(p.0),
                    Amount::Yuan(y) => format::yuan(y.0),
                };
                (label, value)
            })
            .collect();
        let width = rows.iter().map(|(l, _)| display_width(l)).max().unwrap_or(0);
        for (label, value) in &rows {
            out.push_str(&format!("  {} {value}\n", pad(label, width)));
        }
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
    let total = format::yuan(r.compensation.0);
    out.push_str(&match (&r.chosen_segment, r.combine) {
        (Some(chosen), Combine::Max) => lang.pick(
            format!("赔偿金额（取最有利的分段 {chosen}）：{total} 元\n"),
            format!("Compensation (the most favourable segment, {chosen}): {total} yuan\n"),
        ),
        _ if r.segments.len() > 1 => lang.pick(
            format!("赔偿金额合计（各分段相加）：{total} 元\n"),
            format!("Total compensation (segments added): {total} yuan\n"),
        ),
        _ => lang.pick(format!("赔偿金额：{total} 元\n"), format!("Compensation: {total} yuan\n")),
    });
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

#[cfg(test)]
mod tests {
    use redress::ErrorKind;

    use super::*;

    #[test]
    fn an_error_the_user_can_fix_says_how() {
        let e = Error::at(
            ErrorKind::MissingMarketDays { needed_for: "base-date", needed: 30, have: 0 },
            "x",
            None,
            None,
        );
        assert!(hint(&e, Lang::En).contains("--market"));
    }
}

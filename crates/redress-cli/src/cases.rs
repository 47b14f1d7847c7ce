//! `redress cases`: the built-in real cases, searchable by name, pinyin initials, id or
//! security code; one match shows its provenance table.

use std::process::ExitCode;

use redress::Lang;
use redress::case::CaseKind;
use redress::cases::{self, Card, Need};

use crate::files::{pad, parse_lang, status};

/// Arguments of `redress cases`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Words to search for (name, pinyin initials, id or security code); none lists all.
    #[arg(value_name = "QUERY")]
    query: Vec<String>,
    /// Prints the matching cases as JSON (the cards the web page renders).
    #[arg(long)]
    json: bool,
    /// Language of the table: zh or en.
    #[arg(long, default_value = "zh", value_parser = parse_lang)]
    lang: Lang,
}

/// Runs the command and returns its exit status: 1 when nothing matches.
pub fn run(args: &Args) -> ExitCode {
    let found: Vec<Card> =
        cases::search(&args.query.join(" ")).into_iter().map(cases::card).collect();
    if args.json {
        match serde_json::to_string_pretty(&found) {
            Ok(json) => println!("{json}"),
            Err(e) => {
                eprintln!("redress: {e}");
                return ExitCode::from(1);
            }
        }
    } else if found.len() == 1 {
        print!("{}", detail(&found[0], args.lang));
    } else {
        print!("{}", list(&found, args.lang));
    }
    if found.is_empty() {
        eprintln!("redress: {}", args.lang.pick("没有找到匹配的案件", "no case matches"));
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}

fn name(card: &Card, lang: Lang) -> &str {
    if lang == Lang::En && !card.name_en.is_empty() { &card.name_en } else { &card.name }
}

fn kind(k: Option<CaseKind>, lang: Lang) -> &'static str {
    match k {
        Some(CaseKind::Scheme) => lang.pick("先行赔付", "scheme"),
        Some(CaseKind::Court) => lang.pick("诉讼", "court"),
        Some(CaseKind::Example) => lang.pick("示例", "example"),
        None => "",
    }
}

fn disclosure_dates(card: &Card, lang: Lang) -> String {
    let dates: Vec<String> = card
        .segments
        .iter()
        .map(|s| {
            s.disclosure_date
                .map_or_else(|| lang.pick("未知", "unknown").to_owned(), |d| d.to_string())
        })
        .collect();
    dates.join(" / ")
}

fn list(found: &[Card], lang: Lang) -> String {
    let row = |cells: [&str; 5]| {
        format!(
            "{} {} {} {} {}\n",
            pad(cells[0], 16),
            pad(cells[1], 7),
            pad(cells[2], 8),
            pad(cells[3], 37),
            cells[4]
        )
    };
    let mut out = row([
        "id",
        lang.pick("代码", "code"),
        lang.pick("类型", "kind"),
        lang.pick("揭露日", "disclosure"),
        lang.pick("名称", "name"),
    ]);
    for c in found {
        let dates = disclosure_dates(c, lang);
        out.push_str(&row([&c.id, &c.security, kind(c.kind, lang), &dates, name(c, lang)]));
    }
    out
}

fn detail(c: &Card, lang: Lang) -> String {
    let mut out = format!("{} ({})  {}\n", name(c, lang), c.id, kind(c.kind, lang));
    let summary =
        if lang == Lang::En && !c.summary_en.is_empty() { &c.summary_en } else { &c.summary };
    out.push_str(&format!("\n{summary}\n\n"));
    for p in &c.parameters {
        if p.status.is_none() && p.value.is_none() {
            continue;
        }
        let value = p.value.as_deref().unwrap_or("—");
        out.push_str(&format!(
            "  {} {} [{}]\n",
            pad(&p.path, 44),
            pad(value, 14),
            status(p.status, lang)
        ));
        let note = if lang == Lang::En && !p.note_en.is_empty() { &p.note_en } else { &p.note };
        if !note.is_empty() {
            out.push_str(&format!("      {note}\n"));
        }
        if !p.source.is_empty() {
            out.push_str(&format!("      {}\n", p.source));
        }
    }
    if !c.needs.is_empty() {
        out.push_str(&format!("\n{}\n", lang.pick("需要您提供：", "You must supply:")));
        for n in &c.needs {
            let line = match n {
                Need::MarketData { segments } => lang.pick(
                    format!("  行情数据（--market，分段 {}）", segments.join(", ")),
                    format!("  market data (--market; segments {})", segments.join(", ")),
                ),
                Need::IndexData { indices } => lang.pick(
                    format!("  指数收盘点位（--index，{}）", indices.join(", ")),
                    format!("  index closes (--index; {})", indices.join(", ")),
                ),
                Need::Parameter { path, .. } => lang.pick(
                    format!("  参数 {path}（--set {path}=…）"),
                    format!("  the parameter {path} (--set {path}=…)"),
                ),
            };
            out.push_str(&line);
            out.push('\n');
        }
    }
    out.push_str(&format!("\n{}\n", lang.pick("来源：", "Sources:")));
    for s in &c.sources {
        // The address stays (an administrator checks it); a site nobody vouched for is
        // marked as such (`redress::source`).
        let mark = if redress::source::linkable(&s.url) {
            ""
        } else {
            lang.pick("（未经审核的网站）", " (a site not reviewed)")
        };
        out.push_str(&format!("  {} — {}{mark}\n", s.title, s.url));
    }
    out.push_str(&recorded_deadlines(c, lang));
    out.push_str(&data_files(c, lang));
    out
}

/// The dates the case records for an investor's deadlines, with their sources
/// (`redress estimate` counts the days left from today).
fn recorded_deadlines(c: &Card, lang: Lang) -> String {
    let Some(case) = cases::by_id(&c.id) else { return String::new() };
    let dates: Vec<_> = case.deadlines.fields().into_iter().filter(|(_, d)| d.is_some()).collect();
    if dates.is_empty() {
        return String::new();
    }
    let mut out = format!("\n{}\n", lang.pick("案件记录的期限：", "Deadlines the case records:"));
    for (field, date) in dates {
        let path = format!("deadlines.{field}");
        let p = case.provenance.get(&path);
        out.push_str(&format!(
            "  {} {} [{}]\n",
            pad(&path, 44),
            date.map(|d| d.to_string()).unwrap_or_default(),
            status(p.map(|p| p.status), lang)
        ));
        if let Some(p) = p {
            let note = if lang == Lang::En && !p.note_en.is_empty() { &p.note_en } else { &p.note };
            out.push_str(&format!("      {note}\n"));
            if !p.source.is_empty() {
                out.push_str(&format!("      {}\n", p.source));
            }
        }
    }
    out
}

/// The public market data shipped with the case: each file, its rows, where they come
/// from and how they were checked (`cases/<id>/data.toml`).
fn data_files(c: &Card, lang: Lang) -> String {
    let files = redress::case_data::embedded::files(&c.id);
    let Some(prov) = files
        .iter()
        .find(|(n, _)| *n == "data.toml")
        .and_then(|(n, t)| redress::case_data::provenance(t, n).ok())
    else {
        return String::new();
    };
    let mut out = format!(
        "\n{}\n",
        lang.pick(
            format!("本案附带的公开行情数据（cases/{}/，可用 --market、--index 换成您自己的）：", c.id),
            format!(
                "Public market data shipped with the case (cases/{}/; --market and --index replace them):",
                c.id
            ),
        )
    );
    for f in &prov.files {
        out.push_str(&format!(
            "  {}  {} {}  {} – {}  {}\n",
            f.file,
            f.code,
            f.name,
            f.first,
            f.last,
            lang.pick(format!("{} 行", f.rows), format!("{} rows", f.rows))
        ));
        for s in &f.sources {
            out.push_str(&format!(
                "      {} {} @ {}：{}\n        {}\n",
                s.repository,
                s.path,
                &s.commit[..s.commit.len().min(12)],
                s.rows,
                s.columns
            ));
        }
        for check in &f.checks {
            out.push_str(&format!("      ✓ {check}\n"));
        }
        for open in &f.unchecked {
            out.push_str(&format!("      ? {open}\n"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_and_details_in_both_languages() {
        let all: Vec<Card> = cases::search("").into_iter().map(cases::card).collect();
        let zh = list(&all, Lang::Zh);
        assert!(zh.contains("wanfu-2013") && zh.contains("万福生科") && zh.contains("先行赔付"));
        assert!(zh.contains("920680") && zh.contains("原 839680"), "广道数字 under its new code");
        assert!(list(&all, Lang::En).contains("Wanfu Biotechnology"));
        let zijing = cases::card(cases::by_id("zijing-2023").unwrap());
        let d = detail(&zijing, Lang::En);
        assert!(d.contains("segments.main.base_date") && d.contains("2022-03-15"));
        assert!(d.contains("[computed from public market data]"), "{d}");
        assert!(d.contains("688086.csv  688086") && d.contains("ganlei333/stockdata"), "{d}");
        assert!(!d.contains("You must supply"), "the shipped data leave nothing to supply");
        let d = detail(&cases::card(cases::by_id("meishang-2023").unwrap()), Lang::En);
        assert!(d.contains("deadlines.opt_out_end") && d.contains("2025-02-19"), "{d}");
        let guangdao = cases::card(cases::by_id("guangdao-2025").unwrap());
        let d = detail(&guangdao, Lang::En);
        assert!(d.contains("--set rules.systemic.indices="), "{d}");
    }
}

//! `redress import`: broker exports to the per-row report and canonical CSV; and the
//! loading of trade files for `redress estimate` (canonical CSV or any broker export).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use redress::import::{Content, Import, InputFile, RowReport, Status};
use redress::inputs::{Format, Inputs, Selection};
use redress::{Case, Lang, Trade, canonical, text};

use crate::files::{display_name, parse_lang, read_bytes};

/// Arguments of `redress import`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Broker exports (交割单, 历史成交, 对账单, pasted text saved to a file; any encoding,
    /// any container). Several files are several accounts, merged.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Prints the report as JSON instead of a table.
    #[arg(long)]
    json: bool,
    /// Writes the selected security's trades as canonical CSV to this file.
    #[arg(long, value_name = "canonical.csv")]
    out: Option<PathBuf>,
    /// The security to select (a code, or a name when a file has no code column);
    /// repeat it for former codes.
    #[arg(long, value_name = "CODE")]
    security: Vec<String>,
    /// Language of messages: zh or en.
    #[arg(long, default_value = "zh", value_parser = parse_lang)]
    lang: Lang,
}

/// Reads files from disk as one investor's inputs ([`redress::inputs`]).
fn read_paths(paths: &[PathBuf], lang: Lang) -> Result<Inputs, String> {
    let mut contents = Vec::with_capacity(paths.len());
    for p in paths {
        contents.push((display_name(p), read_bytes(p, lang)?));
    }
    let files: Vec<InputFile<'_>> = contents
        .iter()
        .map(|(name, bytes)| InputFile { name, content: Content::Bytes(bytes) })
        .collect();
    Ok(redress::inputs::read(&files, &text::gb18030))
}

/// Imports broker exports from disk: the importer's report in `lang` with `select`
/// selected. A file that cannot be read, or that is already a canonical trade file, is an
/// error naming it.
fn import_paths(paths: &[PathBuf], select: &[String], lang: Lang) -> Result<Import, String> {
    let inputs = read_paths(paths, lang)?;
    if let Some(e) = inputs.first_error() {
        return Err(e.message(lang));
    }
    if let Some(c) = inputs.inputs.iter().find(|i| i.format == Format::Canonical) {
        return Err(lang.pick(
            format!("{} 已经是标准交易文件，无需导入，可直接用于 redress estimate", c.name),
            format!(
                "{} is already a canonical trade file: use it with redress estimate as it is",
                c.name
            ),
        ));
    }
    let mut i = inputs.import.unwrap_or_default();
    i.relabel(lang, select);
    Ok(i)
}

/// The first rejected row that concerns the selection, as an error message naming the
/// file, row and column.
fn rejected(i: &Import, select: &[String], lang: Lang) -> Option<String> {
    let r = i.rejected_for(select).into_iter().next()?;
    let file = i.report.files.get(r.file as usize).map_or("", |f| f.name.as_str());
    let mut m = file.to_owned();
    m.push_str(&lang.pick(format!("，第 {} 行", r.row), format!(", row {}", r.row)));
    if let Some(c) = &r.column {
        m.push_str(&lang.pick(format!("，“{c}”列"), format!(", column “{c}”")));
    }
    m.push_str(lang.pick("：", ": "));
    m.push_str(r.message.as_deref().unwrap_or(""));
    Some(m)
}

/// Runs `redress import`.
pub fn run(args: &Args) -> ExitCode {
    let lang = args.lang;
    let i = match import_paths(&args.files, &args.security, lang) {
        Ok(i) => i,
        Err(m) => {
            eprintln!("redress: {m}");
            return ExitCode::from(1);
        }
    };
    let mut stdout = std::io::stdout().lock();
    let printed = if args.json {
        serde_json::to_string_pretty(&i).map(|j| writeln!(stdout, "{j}").is_ok()).unwrap_or(false)
    } else {
        write!(stdout, "{}", table(&i, lang)).is_ok()
    };
    if !printed {
        return ExitCode::from(1);
    }
    if let Some(m) = rejected(&i, &args.security, lang) {
        eprintln!("redress: {m}");
        return ExitCode::from(1);
    }
    if let Some(out) = &args.out {
        let select = if args.security.is_empty() {
            let traded: Vec<&str> = i
                .report
                .securities
                .iter()
                .filter(|s| s.trades > 0)
                .map(|s| if s.code.is_empty() { s.name.as_str() } else { s.code.as_str() })
                .collect();
            if traded.len() != 1 {
                eprintln!(
                    "redress: {}",
                    lang.pick(
                        format!(
                            "文件中有多只证券（{}），请用 --security 选择一只",
                            traded.join("、")
                        ),
                        format!(
                            "the files hold several securities ({}): choose one with --security",
                            traded.join(", ")
                        ),
                    )
                );
                return ExitCode::from(2);
            }
            vec![traded[0].to_owned()]
        } else {
            args.security.clone()
        };
        let csv = canonical::write_csv(&i.trades_of(&select));
        if let Err(e) = std::fs::write(out, csv) {
            eprintln!(
                "redress: {}",
                lang.pick(
                    format!("无法写入 {}：{e}", out.display()),
                    format!("cannot write {}: {e}", out.display())
                )
            );
            return ExitCode::from(1);
        }
    }
    ExitCode::SUCCESS
}

fn status(s: Status, lang: Lang) -> &'static str {
    match s {
        Status::Used => lang.pick("采用", "used"),
        Status::Ignored => lang.pick("忽略", "ignored"),
        Status::Rejected => lang.pick("拒绝", "REJECTED"),
    }
}

fn row_line(r: &RowReport, lang: Lang) -> String {
    let what = match (r.kind, r.quantity, r.price) {
        (Some(k), Some(q), Some(p)) if q > 0 => format!("{k} {q} @ {p}"),
        (Some(k), Some(q), None) => format!("{k} {q}"),
        (Some(k), _, Some(p)) => format!("{k} @ {p}"),
        (Some(k), _, None) => k.to_string(),
        _ => String::new(),
    };
    let mut note = r.message.clone().unwrap_or_default();
    if let Some(c) = &r.column {
        note = lang.pick(format!("“{c}”列：{note}"), format!("column “{c}”: {note}"));
    }
    format!(
        "  {:>5}  {:<8} {:<10} {:<6} {:<24} {:<26} {}\n",
        r.row,
        status(r.status, lang),
        r.date.map(|d| d.to_string()).unwrap_or_default(),
        r.code.as_deref().unwrap_or(""),
        truncate(r.business.as_deref().unwrap_or(""), 24),
        what,
        note
    )
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_owned()
    } else {
        s.chars().take(n - 1).chain(['…']).collect()
    }
}

/// The readable report: files, every row, securities, findings.
fn table(i: &Import, lang: Lang) -> String {
    let r = &i.report;
    let mut out = String::new();
    for f in &r.files {
        let enc = f.encoding.map_or("", |e| e.label());
        out.push_str(&lang.pick(
            format!(
                "文件 {}：{} {}，表头在第 {} 行，账户 {}，{}；采用 {} 行，忽略 {} 行，拒绝 {} 行，空行 {}\n",
                f.name, f.container.label(lang), enc, f.header_row, f.account, f.order.label(lang), f.counts.used, f.counts.ignored, f.counts.rejected, f.blank_lines
            ),
            format!(
                "File {}: {} {}, header on row {}, account {}, {}; {} used, {} ignored, {} rejected, {} blank\n",
                f.name, f.container.label(lang), enc, f.header_row, f.account, f.order.label(lang), f.counts.used, f.counts.ignored, f.counts.rejected, f.blank_lines
            ),
        ));
        for row in r.rows.iter().filter(|x| x.file == f.index) {
            out.push_str(&row_line(row, lang));
        }
        out.push('\n');
    }
    out.push_str(lang.pick("证券\n", "Securities\n"));
    for s in &r.securities {
        out.push_str(&format!(
            "  {:<6} {:<10} {}\n",
            s.code,
            s.name,
            lang.pick(
                format!(
                    "{} 行，{} 笔交易，期末持仓 {}，推断期初 {}，来源不明 {}",
                    s.rows, s.trades, s.position, s.opening, s.unknown_origin
                ),
                format!(
                    "{} rows, {} trades, position {}, opening inferred {}, unknown origin {}",
                    s.rows, s.trades, s.position, s.opening, s.unknown_origin
                )
            )
        ));
    }
    if !r.notes.is_empty() {
        out.push('\n');
        for n in &r.notes {
            let file = n.file.and_then(|f| r.files.get(f as usize)).map_or("", |f| f.name.as_str());
            let at = match n.row {
                Some(row) => {
                    lang.pick(format!("{file} 第 {row} 行："), format!("{file}, row {row}: "))
                }
                None => String::new(),
            };
            out.push_str(&format!(
                "{} [{}] {at}{}\n",
                lang.pick("注意", "note"),
                n.code,
                n.message
            ));
        }
    }
    if !r.selected.is_empty() {
        out.push_str(&lang.pick(
            format!(
                "\n选择 {}：{} 笔交易，推断期初持仓 {} 股\n",
                r.selected.join("、"),
                i.trades_of(&r.selected).len(),
                r.opening_position
            ),
            format!(
                "\nSelected {}: {} trades, opening position inferred {} shares\n",
                r.selected.join(", "),
                i.trades_of(&r.selected).len(),
                r.opening_position
            ),
        ));
    }
    out
}

/// What `estimate` reads from its trade files.
pub struct Loaded {
    /// The trades of the case's security.
    pub trades: Vec<Trade>,
    /// The file names, indexed by `Origin::file`.
    pub files: Vec<String>,
    /// The opening position inferred from balance columns.
    pub opening: u64,
    /// The import's findings about the security, for the user to read.
    pub notes: Vec<String>,
    /// Pairs of files that share identical trades.
    pub overlaps: Vec<redress::import::overlap::Overlap>,
}

/// The trades of `estimate`: every file read as one investor's inputs
/// ([`redress::inputs`]: canonical CSV or any broker export, by one rule), the case's
/// security and former codes selected, identical trades in two files counted once unless
/// `keep` says they are two accounts'. A file that cannot be read, or a row of the
/// security that cannot be used, is an error naming the file, row and column.
pub fn load_trades(
    paths: &[PathBuf],
    case: &Case,
    keep: bool,
    lang: Lang,
) -> Result<Loaded, String> {
    let inputs = read_paths(paths, lang)?;
    if let Some(e) = inputs.first_error() {
        return Err(e.message(lang));
    }
    let mut select = vec![case.security.clone()];
    select.extend(case.former_codes.iter().cloned());
    let edits = std::collections::HashMap::new();
    let answer = |_: u32, _: u32| keep.then_some(false);
    let investor = inputs.select(&Selection {
        securities: &select,
        edits: &edits,
        added: &[],
        added_name: "",
        same_account: &answer,
    });
    if let Some(e) = investor.first_rejection(&inputs, "") {
        return Err(e.message(lang));
    }
    let names = inputs.names();
    let mut notes = Vec::new();
    for &k in &investor.notes {
        let n = &inputs.notes()[k];
        let file = n.file.and_then(|f| names.get(f as usize)).map_or("", String::as_str);
        let at = match n.row {
            Some(row) => lang.pick(format!("{file} 第 {row} 行："), format!("{file}, row {row}: ")),
            None => String::new(),
        };
        notes.push(format!("[{}] {at}{}", n.code, n.said.pick(lang)));
    }
    if investor.trades.is_empty() && !investor.others.is_empty() {
        notes.push(lang.pick(
            format!(
                "文件中没有证券 {} 的交易；文件中的证券：{}",
                case.security,
                investor.others.join("、")
            ),
            format!(
                "the files have no trades of {}; securities found: {}",
                case.security,
                investor.others.join(", ")
            ),
        ));
    }
    Ok(Loaded {
        trades: investor.trades,
        files: names,
        opening: investor.opening,
        notes,
        overlaps: investor.overlaps.into_iter().map(|a| a.overlap).collect(),
    })
}

//! Conformance: the command line and the web page's worker read the same inputs the same
//! way. For every broker-export fixture of `tests/import/`, every real case's golden
//! folder and a few combinations of files (one account exported twice, two accounts, a
//! workbook with a text export, a broker export given twice), `redress estimate --json`
//! and the worker's engine (`redress_web::engine`, natively, fed as the page feeds it)
//! must give the same trades (file, row, date, kind, quantity, price), the same row
//! statuses as `redress import --json` (broker inputs) and the same compensation, to the
//! fen. The JS package's side is `crates/redress-wasm/tests/conformance.test.mjs`, which
//! holds the package to this command line.
//!
//! The web engine is a test-only dependency of this crate: the front ends themselves
//! never depend on each other (tests/tidy.rs).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use redress_web::engine::Engine;
use redress_web::protocol::{
    Body, CaseChoice, CaseSpec, Computed, Content, Job, Page, PageQuery, PageRows, Params, Reply,
    Request, ReviewRow, RowFilter, RowStatus, Table,
};
use serde_json::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// One scenario: files, and the case (a built-in id, or a custom case).
struct Scenario {
    name: String,
    files: Vec<PathBuf>,
    case: Case,
    /// Parameters the user supplies (`--set`; the page's form for what a case lacks).
    set: Vec<(String, String)>,
}

enum Case {
    Builtin(String),
    Custom(Box<CaseSpec>),
}

/// What a front end made of a scenario.
#[derive(Debug, PartialEq)]
struct Outcome {
    /// (file name, row, date, kind, quantity, price) of every trade the estimate used.
    trades: BTreeSet<(String, u32, String, String, String, String)>,
    /// The compensation in fen-exact text without separators, or the error.
    compensation: Result<String, String>,
}

fn cli(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_redress")).args(args).output().unwrap();
    (
        out.status.success(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// Decimal text in its shortest form (`12.00` → `12`), for comparing prices.
fn number(text: &str) -> String {
    let t = text.replace(',', "");
    match t.parse::<rust_decimal::Decimal>() {
        Ok(d) => d.normalize().to_string(),
        Err(_) => t,
    }
}

fn case_toml(spec: &CaseSpec) -> String {
    format!(
        "id = \"custom\"\nname = \"c\"\nsecurity = \"{}\"\nregime = \"spc2022\"\ncombine = \"sum\"\n\
         [rules]\nbuy_average = \"moving-average\"\nnetting = \"net\"\ncommission_rate = \"0.0003\"\n\
         fees_on = \"compensable\"\n[rules.systemic]\nmethod = \"none\"\n\
         [[segments]]\nid = \"main\"\ndirection = \"long\"\nimplementation_date = \"{}\"\n\
         disclosure_date = \"{}\"\nbase_date = \"{}\"\nbase_price = \"{}\"\n",
        spec.security, spec.t0, spec.t1, spec.tb, spec.pb
    )
}

fn by_cli(s: &Scenario, dir: &Path) -> Outcome {
    let case_path = dir.join(format!("{}.toml", s.name.replace('/', "_")));
    let case_arg = match &s.case {
        Case::Builtin(id) => id.clone(),
        Case::Custom(spec) => {
            std::fs::write(&case_path, case_toml(spec)).unwrap();
            case_path.to_string_lossy().into_owned()
        }
    };
    let mut args = vec!["estimate", "--json", "--lang", "en", "--today", "2026-01-01", "--case"];
    args.push(&case_arg);
    let set: Vec<String> = s.set.iter().map(|(p, v)| format!("--set={p}={v}")).collect();
    args.extend(set.iter().map(String::as_str));
    let files: Vec<String> = s.files.iter().map(|f| f.to_string_lossy().into_owned()).collect();
    args.extend(files.iter().map(String::as_str));
    let (ok, stdout, stderr) = cli(&args);
    if !ok {
        return Outcome { trades: BTreeSet::new(), compensation: Err(stderr) };
    }
    let v: Value = serde_json::from_str(&stdout).unwrap();
    let mut trades = BTreeSet::new();
    if let Some(seg) = v["segments"].as_array().and_then(|s| s.first()) {
        for t in seg["trades"].as_array().unwrap() {
            trades.insert((
                t["file"].as_str().unwrap().to_owned(),
                u32::try_from(t["row"].as_u64().unwrap()).unwrap(),
                t["date"].as_str().unwrap().to_owned(),
                t["kind"].as_str().unwrap().to_owned(),
                t["quantity"].to_string().trim_matches('"').to_owned(),
                t["price"].as_str().map(number).unwrap_or_default(),
            ));
        }
    }
    Outcome { trades, compensation: Ok(number(v["compensation"].as_str().unwrap())) }
}

fn run(e: &mut Engine, seq: u64, job: Job) -> Vec<Reply> {
    let mut out = Vec::new();
    e.handle(Request { seq, job }, &mut |r| out.push(r));
    e.flush(&mut |r| out.push(r));
    out
}

fn computed(replies: &[Reply]) -> Computed {
    replies
        .iter()
        .rev()
        .find_map(|r| match &r.body {
            Body::Computed(c) => Some((**c).clone()),
            _ => None,
        })
        .expect("a computation")
}

fn review(e: &mut Engine) -> Vec<ReviewRow> {
    let mut out = Vec::new();
    let query = PageQuery { table: Table::Review(RowFilter::All), offset: 0, limit: 100_000 };
    e.handle(Request { seq: 99, job: Job::Page(query) }, &mut |r| out.push(r));
    match out.pop().map(|r| r.body) {
        Some(Body::Page(Page { rows: PageRows::Review(rows), .. })) => rows,
        _ => panic!("a page"),
    }
}

/// The engine fed as the page feeds it: text files as bytes, workbooks as the workbook
/// reader's sheet, the case's shipped market data as the worker shell fetches it.
fn by_web(s: &Scenario) -> (Outcome, Vec<ReviewRow>) {
    let mut e = Engine::new(Box::new(redress::text::gb18030));
    let mut order = Vec::new();
    for (i, f) in s.files.iter().enumerate() {
        let id = u32::try_from(i + 1).unwrap();
        let bytes = std::fs::read(f).unwrap();
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        let content = if redress::import::sniff(&bytes) == redress::import::Sniffed::Workbook {
            let read = redress::import::read_workbook(&bytes, &name);
            Content::Sheet(read.map_err(|e| match e.kind {
                redress::ErrorKind::Table { detail } => Some(detail),
                _ => None,
            }))
        } else {
            Content::Bytes(bytes)
        };
        run(&mut e, 1, Job::Source { id, name, content });
        order.push(id);
    }
    let case = match &s.case {
        Case::Builtin(id) => CaseChoice::Builtin(id.clone()),
        Case::Custom(spec) => CaseChoice::Custom(spec.clone()),
    };
    let mut params = Params { lang: redress::Lang::En, case, order, ..Params::default() };
    for (path, value) in &s.set {
        params.supplied.set(path, value.clone());
    }
    let mut c = computed(&run(&mut e, 2, Job::Compute(params)));
    if let Some((id, files)) = e.wanted_case_data() {
        let dir = root().join("cases").join(&id);
        let files = files
            .iter()
            .map(|f| (f.clone(), std::fs::read_to_string(dir.join(f)).unwrap()))
            .collect();
        e.case_data_loaded(id, Ok(files));
        let mut out = Vec::new();
        e.flush(&mut |r| out.push(r));
        c = computed(&out);
    }
    let rows = review(&mut e);
    let trades = rows
        .iter()
        .filter(|r| r.status == RowStatus::Used)
        .map(|r| {
            (
                r.file.clone(),
                r.key.row,
                r.cells.date.clone(),
                r.cells.kind.clone(),
                r.cells.quantity.clone(),
                number(&r.cells.price),
            )
        })
        .collect();
    let compensation = match &c.result {
        Ok(r) => Ok(number(&r.compensation)),
        Err(p) => Err(p.message.clone()),
    };
    (Outcome { trades, compensation }, rows)
}

/// The CLI's import report rows of broker-only inputs: (file name, row) → status.
fn import_rows(s: &Scenario) -> Vec<(String, u32, String)> {
    let files: Vec<String> = s.files.iter().map(|f| f.to_string_lossy().into_owned()).collect();
    let mut args = vec!["import", "--json", "--lang", "en"];
    args.extend(files.iter().map(String::as_str));
    let (_, stdout, stderr) = cli(&args);
    let v: Value = serde_json::from_str(&stdout).unwrap_or_else(|_| panic!("{stderr}"));
    let names: Vec<(u64, String)> = v["report"]["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["index"].as_u64().unwrap(), f["name"].as_str().unwrap().to_owned()))
        .collect();
    v["report"]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let file = r["file"].as_u64().unwrap();
            let name = names.iter().find(|(i, _)| *i == file).unwrap().1.clone();
            (
                name,
                u32::try_from(r["row"].as_u64().unwrap()).unwrap(),
                r["status"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// A custom case for a broker fixture: its most traded security, implementation date on
/// its first trade, disclosure the day after its last buy, base date a month after its
/// last trade, at 1 yuan.
fn custom_for(files: &[PathBuf]) -> Option<CaseSpec> {
    let files: Vec<String> = files.iter().map(|f| f.to_string_lossy().into_owned()).collect();
    let mut args = vec!["import", "--json"];
    args.extend(files.iter().map(String::as_str));
    let (_, stdout, _) = cli(&args);
    let v: Value = serde_json::from_str(&stdout).ok()?;
    let trades = v["trades"].as_array()?;
    // Per security: (shares held at the end, trades), the one still held most first.
    let mut counts: Vec<(String, i64, usize)> = Vec::new();
    for t in trades {
        let code = t["code"].as_str().unwrap_or("").to_owned();
        if code.len() != 6 {
            continue;
        }
        let q = t["quantity"].as_i64().unwrap_or(0);
        let signed = match t["kind"].as_str() {
            Some("buy" | "bonus" | "transfer_in" | "rights") => q,
            Some("sell" | "transfer_out") => -q,
            _ => 0,
        };
        match counts.iter_mut().find(|(c, _, _)| *c == code) {
            Some((_, held, n)) => {
                *held += signed;
                *n += 1;
            }
            None => counts.push((code, signed, 1)),
        }
    }
    counts.sort_by_key(|c| std::cmp::Reverse(c.2));
    let code = counts.first()?.0.clone();
    let date = |t: &Value| t["date"].as_str()?.parse::<redress::Date>().ok();
    let own = || trades.iter().filter(|t| t["code"].as_str() == Some(&code));
    let first = own().filter_map(date).min()?;
    let last = own().filter_map(date).max()?;
    let last_buy = own().filter(|t| t["kind"].as_str() == Some("buy")).filter_map(date).max();
    let days = |d: redress::Date, n: i64| {
        redress::Date::from_day_number(d.day_number() + i32::try_from(n).unwrap())
    };
    let t1 = days(last_buy.unwrap_or(first), 1);
    let tb = days(last.max(t1), 30);
    Some(CaseSpec {
        name: "c".into(),
        security: code,
        t0: first.to_string(),
        t1: t1.to_string(),
        tb: tb.to_string(),
        pb: "1.00".into(),
        ..CaseSpec::default()
    })
}

fn scenarios() -> Vec<Scenario> {
    let import = root().join("tests/import");
    let mut out = Vec::new();
    let mut fixtures: Vec<PathBuf> = std::fs::read_dir(&import)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x != "py"))
        .collect();
    fixtures.sort();
    for f in &fixtures {
        let files = vec![f.clone()];
        // A fixture with no trade of shares: any security (both sides must say so alike).
        let spec = custom_for(&files).unwrap_or_else(|| CaseSpec {
            name: "c".into(),
            security: "600000".into(),
            t0: "2024-01-02".into(),
            t1: "2024-03-01".into(),
            tb: "2024-04-01".into(),
            pb: "1.00".into(),
            ..CaseSpec::default()
        });
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        out.push(Scenario { name, files, case: Case::Custom(Box::new(spec)), set: Vec::new() });
    }
    let golden = root().join("tests/golden");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&golden)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("real-"))
        .collect();
    dirs.sort();
    for d in dirs {
        let id = d.file_name().unwrap().to_string_lossy().trim_start_matches("real-").to_owned();
        let mut files: Vec<PathBuf> = std::fs::read_dir(&d)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| {
                let n = p.file_name().unwrap().to_string_lossy();
                n.starts_with("trades") && n.ends_with(".csv")
            })
            .collect();
        files.sort();
        // The values the golden copy of the case supplies (marked `user` there).
        let text = std::fs::read_to_string(d.join("case.toml")).unwrap();
        let golden = redress::Case::from_toml(&text, "case.toml").unwrap();
        let set = golden
            .provenance
            .iter()
            .filter(|(_, p)| p.status == redress::case::Status::User)
            .filter_map(|(path, _)| {
                Some((path.clone(), redress::case::parameters::text(&golden, path)??))
            })
            .collect();
        out.push(Scenario { name: format!("golden/{id}"), files, case: Case::Builtin(id), set });
    }
    // Combinations of files.
    let dir = std::env::temp_dir().join(format!("redress-conformance-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let demo = root().join("cases/demo-trades.csv");
    let copy = dir.join("demo-again.csv");
    std::fs::copy(&demo, &copy).unwrap();
    out.push(Scenario {
        name: "same account exported twice".into(),
        files: vec![demo.clone(), copy],
        case: Case::Builtin("demo".into()),
        set: Vec::new(),
    });
    let text = std::fs::read_to_string(&demo).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    let (mut a, mut b) = (format!("{header}\n"), format!("{header}\n"));
    for (i, l) in lines.enumerate() {
        let to = if i % 2 == 0 { &mut a } else { &mut b };
        to.push_str(&l.replace(",A,", ",,"));
        to.push('\n');
    }
    let (pa, pb) = (dir.join("first.csv"), dir.join("second.csv"));
    std::fs::write(&pa, a).unwrap();
    std::fs::write(&pb, b).unwrap();
    out.push(Scenario {
        name: "two accounts".into(),
        files: vec![pa, pb],
        case: Case::Builtin("demo".into()),
        set: Vec::new(),
    });
    for pair in [["e-citic.xlsx", "i-tdx-history.txt"], ["a-ths-jiaoge.xls", "a-ths-jiaoge.xls"]] {
        let mut files = vec![import.join(pair[0])];
        let second = if pair[0] == pair[1] {
            let p = dir.join(format!("again-{}", pair[1]));
            std::fs::copy(import.join(pair[1]), &p).unwrap();
            p
        } else {
            import.join(pair[1])
        };
        files.push(second);
        let Some(spec) = custom_for(&files) else { continue };
        out.push(Scenario {
            name: pair.join(" + "),
            files,
            case: Case::Custom(Box::new(spec)),
            set: Vec::new(),
        });
    }
    out
}

#[test]
fn the_command_line_and_the_web_worker_read_and_compute_alike() {
    let dir =
        std::env::temp_dir().join(format!("redress-conformance-cases-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let scenarios = scenarios();
    assert_eq!(scenarios.len(), 20 + 13 + 4, "scenarios");
    let mut computed = 0;
    for s in &scenarios {
        let cli = by_cli(s, &dir);
        let (web, rows) = by_web(s);
        eprintln!(
            "{}: {:?} / {:?}, {} trades, {} rows",
            s.name,
            cli.compensation.as_ref().map_err(|e| e.lines().last().unwrap_or("").to_owned()),
            web.compensation,
            cli.trades.len(),
            rows.len()
        );
        match (&cli.compensation, &web.compensation) {
            (Ok(a), Ok(b)) => {
                assert_eq!(a, b, "{}: compensation", s.name);
                assert_eq!(cli.trades, web.trades, "{}: trades", s.name);
                computed += 1;
            }
            (Err(m), _) => {
                // The command line computes only from clean inputs: its error names the row
                // the page shows as rejected (or the page refuses the same way).
                let rejected = rows.iter().find(|r| r.status == RowStatus::Rejected);
                match rejected {
                    Some(r) => assert!(
                        m.contains(&r.file) && m.contains(&format!("row {}", r.key.row)),
                        "{}: the command line said {m:?}, the page rejects {} row {}",
                        s.name,
                        r.file,
                        r.key.row
                    ),
                    None => assert!(web.compensation.is_err(), "{}: {m} vs {:?}", s.name, web),
                }
            }
            (Ok(a), Err(b)) => panic!("{}: the command line computed {a}, the page: {b}", s.name),
        }
        // Row statuses of broker inputs: the page's review table against `redress import`.
        let broker = s.files.iter().all(|f| {
            let text = std::fs::read(f).unwrap();
            !String::from_utf8_lossy(&text).starts_with("date")
        });
        if broker && cli.compensation.is_ok() {
            let want = import_rows(s);
            let got: Vec<(String, u32, RowStatus)> =
                rows.iter().map(|r| (r.file.clone(), r.key.row, r.status)).collect();
            assert_eq!(want.len(), got.len(), "{}: every row accounted for", s.name);
            for ((file, row, status), (gfile, grow, gstatus)) in want.iter().zip(&got) {
                assert_eq!((file, row), (gfile, grow), "{}: row order", s.name);
                // The page leaves out other securities' rows and rows it counts once (an
                // ignored row there); otherwise it says what the importer said.
                let ok = matches!(
                    (status.as_str(), gstatus),
                    ("used", RowStatus::Used)
                        | ("rejected", RowStatus::Rejected)
                        | ("ignored" | "used" | "rejected", RowStatus::Ignored)
                );
                assert!(ok, "{}: {file} row {row}: import {status}, page {gstatus:?}", s.name);
            }
        }
    }
    assert!(computed >= 25, "only {computed} scenarios computed");
}

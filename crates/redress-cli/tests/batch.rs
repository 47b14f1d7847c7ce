//! `redress batch` and `redress generate`, run as a user runs them: the built binary on
//! files in a scratch folder.
//!
//! The batch must give each investor exactly what `redress estimate` gives that investor
//! alone, the same bytes whatever the number of threads, report bad investors without
//! stopping, refuse a file whose investors are not grouped, and share a fund exactly.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use rust_decimal::Decimal;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_redress"))
}

fn demo_case() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../cases/demo.toml")
}

/// A fresh scratch folder for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("batch").join(name);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

fn run(cmd: &mut Command) -> Output {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}\n{}",
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&out.stdout)
    );
    out
}

fn generate(dir: &Path, investors: u64, trades: u64, seed: u64) -> PathBuf {
    let path = dir.join("all.csv");
    run(bin().args(["generate", "--investors", &investors.to_string(), "--trades"]).args([
        &trades.to_string(),
        "--seed",
        &seed.to_string(),
        "--out",
        path.to_str().unwrap(),
    ]));
    path
}

fn batch(case: &Path, trades: &Path, out: &Path, extra: &[&str]) -> Output {
    bin()
        .args(["batch", "--case", case.to_str().unwrap(), "--trades", trades.to_str().unwrap()])
        .args(["--out", out.to_str().unwrap()])
        .args(extra)
        .output()
        .unwrap()
}

/// A CSV file as a header and rows of named cells.
fn table(path: &Path) -> Vec<BTreeMap<String, String>> {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_owned).collect();
    reader
        .records()
        .map(|r| header.iter().cloned().zip(r.unwrap().iter().map(str::to_owned)).collect())
        .collect()
}

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

/// A case that uses more of the rules than the demo: the 2003 regime (interest), a fixed
/// systemic deduction, a non-systemic ratio, fees on the loss, and a short segment.
const RICH_CASE: &str = r#"
id = "rich"
name = "测试案件"
security = "300000"
regime = "spc2003"
combine = "sum"
source = "test"

[rules]
buy_average = "moving-average"
netting = "per-part"
commission_rate = "0.0003"
stamp_duty_rate = "0.001"
fees_on = "loss"
non_systemic_ratio = "0.1"

[rules.systemic]
method = "fixed"
ratio = "0.2"

[[segments]]
id = "long"
direction = "long"
implementation_date = "2021-03-01"
disclosure_date = "2021-06-01"
base_date = "2021-06-30"
base_price = "8.00"

[[segments]]
id = "short"
direction = "short"
implementation_date = "2020-10-15"
disclosure_date = "2021-01-15"
base_date = "2021-02-26"
base_price = "12.50"
"#;

/// Every investor's batch row equals `redress estimate --json` on that investor alone.
fn check_against_estimate(name: &str, case: &Path, method: Option<&str>) {
    let dir = scratch(name);
    let all = generate(&dir, 60, 700, 11);
    let results = dir.join("results.csv");
    let mut extra = vec!["--threads", "2"];
    if let Some(m) = method {
        extra.extend(["--method", m]);
    }
    let out = batch(case, &all, &results, &extra);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let rows = table(&results);
    assert_eq!(rows.len(), 60);

    // Split the file by investor into canonical files.
    let text = fs::read_to_string(&all).unwrap();
    let mut per: BTreeMap<String, String> = BTreeMap::new();
    for line in text.lines().skip(1) {
        let (investor, rest) = line.split_once(',').unwrap();
        per.entry(investor.to_owned())
            .or_insert_with(|| "date,time,account,kind,quantity,price\n".to_owned())
            .push_str(&format!("{rest}\n"));
    }
    let mut compared = 0;
    for row in &rows {
        let investor = &row["investor"];
        assert_eq!(row["status"], "ok");
        let file = dir.join(format!("{investor}.csv"));
        fs::write(&file, &per[investor]).unwrap();
        let mut cmd = bin();
        cmd.args(["estimate", "--case", case.to_str().unwrap(), file.to_str().unwrap(), "--json"]);
        if let Some(m) = method {
            cmd.args(["--method", m]);
        }
        let json: serde_json::Value = serde_json::from_slice(&run(&mut cmd).stdout).unwrap();
        assert_eq!(row["compensation"], json["compensation"].as_str().unwrap(), "{investor}");
        assert_eq!(row["rows"], per[investor].lines().count().saturating_sub(1).to_string());
        let codes: Vec<&str> = json["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w["code"].as_str().unwrap())
            .collect();
        let mut unique: Vec<&str> = Vec::new();
        for c in codes {
            if !unique.contains(&c) {
                unique.push(c);
            }
        }
        assert_eq!(row["warnings"], unique.join(";"), "{investor}");
        for seg in json["segments"].as_array().unwrap() {
            let id = seg["id"].as_str().unwrap();
            for (column, value) in row
                .iter()
                .filter_map(|(k, v)| k.strip_prefix(&format!("{id}.")).map(|field| (field, v)))
            {
                let expected = match &seg[column] {
                    serde_json::Value::Null => String::new(),
                    serde_json::Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                assert_eq!(value, &expected, "investor {investor}, {id}.{column}");
                compared += 1;
            }
        }
    }
    assert!(compared >= 60 * 15, "compared only {compared} cells");
    // Not everyone is zero: the data exercises the rules.
    assert!(rows.iter().filter(|r| dec(&r["compensation"]) > Decimal::ZERO).count() > 10);
}

#[test]
fn batch_equals_estimate_for_each_investor_on_the_demo_case() {
    check_against_estimate("demo", &demo_case(), None);
}

#[test]
fn batch_equals_estimate_for_each_investor_with_deductions_interest_and_a_short_segment() {
    let dir = scratch("rich-case");
    let case = dir.join("rich.toml");
    fs::write(&case, RICH_CASE).unwrap();
    check_against_estimate("rich", &case, Some("fifo-average"));
}

/// Bad rows for a generated file: a bad date, a bad quantity, and a row with no investor.
fn spoil(all: &Path) {
    let text = fs::read_to_string(all).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let set = |line: &str, field: usize, value: &str| {
        let mut cells: Vec<&str> = line.split(',').collect();
        cells[field] = value;
        cells.join(",")
    };
    lines[10] = set(&lines[10], 1, "2021-02-30");
    lines[500] = set(&lines[500], 5, "-5");
    let orphan = lines[700].split_once(',').unwrap().1.to_owned();
    lines.insert(700, format!(",{orphan}"));
    fs::write(all, lines.join("\n") + "\n").unwrap();
}

#[test]
fn results_are_the_same_bytes_whatever_the_number_of_threads() {
    let dir = scratch("threads");
    // More rows than one chunk, so that several chunks go through the threads.
    let all = generate(&dir, 3_000, 40_000, 5);
    spoil(&all);
    let mut seen: Option<(Vec<u8>, Vec<u8>)> = None;
    for threads in ["1", "2", "3", "8"] {
        let results = dir.join(format!("results-{threads}.csv"));
        let errors = dir.join(format!("errors-{threads}.csv"));
        let out = batch(
            &demo_case(),
            &all,
            &results,
            &["--threads", threads, "--errors", errors.to_str().unwrap(), "--fund", "1000000"],
        );
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let now = (fs::read(&results).unwrap(), fs::read(&errors).unwrap());
        assert!(now.1.len() > 100, "the spoiled rows are reported");
        match &seen {
            None => seen = Some(now),
            Some(first) => {
                assert!(first.0 == now.0, "results differ with {threads} threads");
                assert!(first.1 == now.1, "errors differ with {threads} threads");
            }
        }
    }
}

#[test]
fn a_bad_investor_goes_to_the_errors_file_and_the_batch_goes_on() {
    let dir = scratch("bad");
    let all = dir.join("all.csv");
    fs::write(
        &all,
        "investor,date,time,account,kind,quantity,price\n\
         alice,2021-01-05,10:02:11,A,buy,1000,12.00\n\
         alice,2021-03-02,09:45:00,A,buy,2000,15.00\n\
         alice,2021-04-06,13:20:05,A,sell,1500,16.00\n\
         alice,2021-05-06,10:11:42,A,buy,1000,14.00\n\
         alice,2021-06-10,14:01:09,A,sell,1000,9.00\n\
         bob,2021-03-02,09:45:00,A,buy,2000,15.00\n\
         bob,2021-02-30,09:45:00,A,buy,2000,15.00\n\
         bob,2021-04-06,13:20:05,A,sell,15x0,16.00\n\
         ,2021-04-06,13:20:05,A,sell,100,16.00\n\
         \"carol, jr\",2021-03-02,09:45:00,A,buy,100,15.00\n",
    )
    .unwrap();
    let results = dir.join("results.csv");
    let out = batch(&demo_case(), &all, &results, &["--lang", "en"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let summary = String::from_utf8_lossy(&out.stdout);
    assert!(summary.contains("3 (2 computed, 1 with errors)"), "{summary}");

    let rows = table(&results);
    let status: Vec<(&str, &str, &str)> = rows
        .iter()
        .map(|r| (r["investor"].as_str(), r["status"].as_str(), r["compensation"].as_str()))
        .collect();
    // rules.md §12 for alice; carol's 100 shares at 15 against Pb 8.
    assert_eq!(
        status,
        [("alice", "ok", "15520.15"), ("bob", "error", ""), ("carol, jr", "ok", "700.91")]
    );

    // Default errors path: beside the results.
    let errors = table(&dir.join("results.errors.csv"));
    let cells: Vec<(&str, &str, &str, &str)> = errors
        .iter()
        .map(|e| {
            (e["investor"].as_str(), e["row"].as_str(), e["column"].as_str(), e["code"].as_str())
        })
        .collect();
    assert_eq!(
        cells,
        [
            ("bob", "8", "date", "bad-date"),
            ("bob", "9", "quantity", "bad-quantity"),
            ("", "10", "investor", "missing-column"),
        ]
    );
    assert!(errors[0]["message"].contains("row 8"), "{}", errors[0]["message"]);
    assert!(errors[0]["message"].contains("2021-02-30"), "{}", errors[0]["message"]);
}

#[test]
fn investors_that_are_not_grouped_stop_the_batch_with_a_way_out() {
    let dir = scratch("not-grouped");
    let all = dir.join("all.csv");
    let text = "investor,date,time,account,kind,quantity,price\n\
         alice,2021-03-02,09:45:00,A,buy,2000,15.00\n\
         bob,2021-03-02,09:45:00,A,buy,2000,15.00\n\
         alice,2021-06-10,14:01:09,A,sell,1000,9.00\n";
    fs::write(&all, text).unwrap();
    let results = dir.join("results.csv");
    let out = batch(&demo_case(), &all, &results, &["--lang", "en"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("“alice”"), "{stderr}");
    assert!(stderr.contains("from row 2, again at row 4"), "{stderr}");
    assert!(stderr.contains("sort -t, -k1,1 -s"), "{stderr}");
    // Nothing half-written is left behind.
    let left: Vec<_> = fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(left, ["all.csv"]);

    // The suggested command fixes it.
    let sorted = dir.join("sorted.csv");
    let status = Command::new("sh")
        .arg("-c")
        .arg("(head -n 1 all.csv; tail -n +2 all.csv | LC_ALL=C sort -t, -k1,1 -s) > sorted.csv")
        .current_dir(&dir)
        .status()
        .unwrap();
    assert!(status.success());
    let out = batch(&demo_case(), &sorted, &results, &[]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let rows = table(&results);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["investor"], "alice");
    assert_eq!(rows[0]["rows"], "2");
}

#[test]
fn a_short_fund_is_shared_pro_rata_to_the_fen() {
    let dir = scratch("fund");
    let all = generate(&dir, 400, 4_000, 9);
    let results = dir.join("results.csv");
    let out = batch(&demo_case(), &all, &results, &[]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let claims: Vec<Decimal> = table(&results).iter().map(|r| dec(&r["compensation"])).collect();
    let total: Decimal = claims.iter().sum();

    // A third of the claims, to the fen: shares add up to the fund exactly.
    let fund = redress::money::round_yuan(total / Decimal::from(3));
    let out = batch(&demo_case(), &all, &results, &["--fund", &fund.to_string()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let rows = table(&results);
    let shares: Vec<Decimal> = rows.iter().map(|r| dec(&r["fund_share"])).collect();
    assert_eq!(shares.iter().sum::<Decimal>(), fund);
    let fen = dec("0.01");
    for (share, claim) in shares.iter().zip(&claims) {
        assert!(share <= claim);
        assert_eq!(share.scale(), 2);
        let exact = *claim * fund / total;
        assert!((*share - exact).abs() < fen, "{share} vs exact {exact}");
    }
    assert!(shares.iter().zip(&claims).any(|(s, c)| s < c), "the fund is short");

    // A fund that covers everything pays every claim.
    let out = batch(&demo_case(), &all, &results, &["--fund", &(total + Decimal::ONE).to_string()]);
    assert!(out.status.success());
    let rows = table(&results);
    assert!(rows.iter().all(|r| r["fund_share"] == r["compensation"]));

    // A fund below the fen is refused as bad usage.
    let out = batch(&demo_case(), &all, &results, &["--fund", "10.001"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_file_without_an_investor_column_is_refused() {
    let dir = scratch("no-investor");
    let all = dir.join("all.csv");
    fs::write(&all, "date,time,account,kind,quantity,price\n2021-03-02,,A,buy,100,15\n").unwrap();
    let out = batch(&demo_case(), &all, &dir.join("r.csv"), &["--lang", "en"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("“investor”"), "{stderr}");
}

#[test]
fn a_byte_order_mark_padded_cells_and_other_column_orders_are_read_like_estimate() {
    let dir = scratch("bom");
    let all = dir.join("all.csv");
    // rules.md §12 with the columns in another order, spaces around cells, a BOM and CRLF.
    fs::write(
        &all,
        "\u{feff}Date , Investor,kind,quantity,price,time,account\r\n\
         2021-01-05, 甲 ,buy,1000,12.00,10:02:11,A\r\n\
         2021-03-02 , 甲,buy, 2000 ,15.00,09:45:00,A\r\n\
         \r\n\
         2021-04-06, 甲,sell,1500, 16.00,13:20:05,A\r\n\
         2021-05-06,甲,buy,1000,14.00,10:11:42,A\r\n\
         2021-06-10,甲 ,sell,1000,9.00,14:01:09,A\r\n",
    )
    .unwrap();
    let results = dir.join("results.csv");
    let out = batch(&demo_case(), &all, &results, &[]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let rows = table(&results);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["investor"], "甲");
    assert_eq!(rows[0]["rows"], "5");
    assert_eq!(rows[0]["compensation"], "15520.15");
    assert_eq!(rows[0]["main.buy_average"], "14.6000");
}

#[test]
fn a_built_in_case_id_computes_like_its_file() {
    let dir = scratch("builtin");
    let all = generate(&dir, 50, 400, 11);
    let from_file = dir.join("file.csv");
    let from_id = dir.join("id.csv");
    let out = batch(&demo_case(), &all, &from_file, &[]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = batch(Path::new("demo"), &all, &from_id, &[]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let rows = table(&from_id);
    assert_eq!(rows.len(), 50);
    assert_eq!(fs::read(&from_file).unwrap(), fs::read(&from_id).unwrap());
}

/// Quoted cells and CRLF line ends go through the CSV tokenizer rather than the line
/// splitter: the results are the same bytes, bad rows included.
#[test]
fn quoted_cells_and_crlf_give_the_same_results_as_plain_lines() {
    let dir = scratch("quoted");
    let all = generate(&dir, 2_000, 30_000, 13);
    spoil(&all);
    let text = fs::read_to_string(&all).unwrap();
    let quoted: String = text
        .lines()
        .map(|line| match line.split_once(',') {
            Some((investor, rest)) if !investor.is_empty() => format!("\"{investor}\",{rest}\r\n"),
            _ => format!("{line}\r\n"),
        })
        .collect();
    let other = dir.join("quoted.csv");
    fs::write(&other, quoted).unwrap();
    let mut seen = Vec::new();
    for (input, name) in [(&all, "plain"), (&other, "quoted")] {
        let results = dir.join(format!("{name}-results.csv"));
        let errors = dir.join(format!("{name}-errors.csv"));
        let out = batch(&demo_case(), input, &results, &["--errors", errors.to_str().unwrap()]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        // The errors name the file: compare them without it.
        let errors = fs::read_to_string(&errors).unwrap().replace("quoted.csv", "all.csv");
        seen.push((fs::read(&results).unwrap(), errors));
    }
    assert!(seen[0].1.lines().count() > 2, "the spoiled rows are reported");
    assert!(seen[0] == seen[1], "quoted and CRLF input read differently");
}

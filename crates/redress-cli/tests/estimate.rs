//! `redress estimate` as a user runs it: exit status, JSON, table, errors that name the
//! file, row and column.

use std::path::PathBuf;
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn redress(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_redress"))
        .args(args)
        .current_dir(root())
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn json_gives_the_worked_example() {
    let (code, out, err) =
        redress(&["estimate", "--case", "cases/demo.toml", "cases/demo-trades.csv", "--json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["compensation"], "15520.15");
    assert_eq!(v["segments"][0]["buy_average"], "14.6000");
    assert_eq!(v["segments"][0]["eligible_shares"], 2500);
}

#[test]
fn method_overrides_the_case() {
    let (code, out, _) = redress(&[
        "estimate",
        "--case",
        "cases/demo.toml",
        "cases/demo-trades.csv",
        "--json",
        "--method",
        "weighted-average",
    ]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["segments"][0]["buy_average"], "14.6667");
    assert_eq!(v["rules"]["buy_average"], "weighted-average");
}

#[test]
fn the_table_is_readable_in_both_languages() {
    let (code, out, _) =
        redress(&["estimate", "--case", "cases/demo.toml", "cases/demo-trades.csv"]);
    assert_eq!(code, 0);
    assert!(out.contains("赔偿金额：15,520.15 元"), "{out}");
    assert!(
        out.starts_with(
            "演示公司（300000）虚假陈述（示例） (demo)\n  2022 年司法解释 · 移动加权平均法\n"
        ),
        "{out}"
    );
    assert!(out.contains("法释〔2022〕2号 第二十七条"), "{out}");
    let (code, out, _) = redress(&[
        "estimate",
        "--case",
        "cases/demo.toml",
        "cases/demo-trades.csv",
        "--lang",
        "en",
    ]);
    assert_eq!(code, 0);
    assert!(out.contains("Compensation: 15,520.15 yuan"), "{out}");
}

/// The table writes the core's breakdown of a short (诱空) segment, as the web page does.
/// Guards against a table with its own list of figures, which labelled a short segment
/// as a long one ("buy average B", "sold shares S" for the window sells) (issue 17,
/// item 4).
#[test]
fn the_table_writes_the_core_s_breakdown_of_a_short_segment() {
    let dir = "tests/golden/short-moving-average-net";
    let (code, out, err) = redress(&[
        "estimate",
        "--case",
        &format!("{dir}/case.toml"),
        &format!("{dir}/trades.csv"),
        "--lang",
        "en",
    ]);
    assert_eq!(code, 0, "{err}");
    // README.md of the folder: A = 8.125, R = 1,000 at Pr = 7.60, E − R = 1,000.
    for line in [
        "Average window sell price A                       8.1250",
        "Shares bought back from T1 to Tb R                1,000",
        "Buy-back average Pr                               7.6000",
        "Shares not bought back by Tb E − R                1,000",
        "Base price Pb (given by the case)                 12.0000",
    ] {
        assert!(out.contains(&format!("  {line}\n")), "{line}\n{out}");
    }
    assert!(!out.contains("Buy average B"), "{out}");
    // A base price supplied with --set is the user's.
    let (code, out, _) = redress(&[
        "estimate",
        "--case",
        "demo",
        "cases/demo-trades.csv",
        "--set",
        "segments.main.base_price=8",
    ]);
    assert_eq!(code, 0);
    assert!(out.contains("  基准价 Pb（您填写的）"), "{out}");
}

#[test]
fn the_table_names_the_chosen_segment_and_the_unverified_parameters() {
    let dir = "tests/golden/wanfu-2013-sample";
    let (code, out, err) = redress(&[
        "estimate",
        "--case",
        "wanfu-2013",
        &format!("{dir}/trades.csv"),
        "--market",
        &format!("{dir}/market.csv"),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("取最有利的分段"), "{out}");
    assert!(out.contains("赔偿金额（取最有利的分段 self-disclosure）：24,409.97 元"), "{out}");
    assert!(out.contains("未核实（来源未能证实）："), "{out}");
    // The user's own bars replace the public ones shipped with the case, and it says so.
    assert!(err.contains("代替本案附带的公开行情数据"), "{err}");
}

#[test]
fn a_real_case_computes_from_a_trade_file_alone() {
    let dir = std::env::temp_dir().join(format!("redress-cli-real-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let trades = dir.join("mine.csv");
    std::fs::write(&trades, "date,kind,quantity,price\n2021-06-01,buy,1000,40.00\n").unwrap();
    let (code, out, err) =
        redress(&["estimate", "--case", "zijing-2023", trades.to_str().unwrap(), "--json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let s = &v["segments"][0];
    assert_eq!(s["base_date"], "2022-03-15");
    assert_eq!(s["base_price"], "14.7241", "computed from the shipped bars");
    assert_eq!(s["base_price_source"], "computed");
    assert_eq!(v["rules"]["systemic_indices"][0], "000688", "the board's index, assumed");
    let (code, out, _) = redress(&["estimate", "--case", "zijing-2023", trades.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert!(out.contains("由本案附带的公开行情数据计算：segments.main.base_price"), "{out}");
    // The deadlines count from the day given (the core reads no clock).
    let (code, out, _) = redress(&[
        "estimate",
        "--case",
        "zijing-2023",
        trades.to_str().unwrap(),
        "--today",
        "2024-02-12",
        "--json",
    ]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let end =
        v["deadlines"].as_array().unwrap().iter().find(|d| d["kind"] == "limitation-end").unwrap();
    assert_eq!(end["days_left"], 365, "{end}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn bad_input_names_file_row_and_column_and_exits_1() {
    let dir = std::env::temp_dir().join(format!("redress-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("mine.csv");
    std::fs::write(
        &bad,
        "date,kind,quantity,price\n2021-03-02,buy,1000,15\n2021-04-06,sell,abc,16\n",
    )
    .unwrap();
    let (code, out, err) =
        redress(&["estimate", "--case", "cases/demo.toml", bad.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(out.is_empty());
    assert_eq!(err.trim(), "redress: mine.csv，第 3 行，“quantity”列：“abc”不是整数股数");
    let (_, _, err) =
        redress(&["estimate", "--case", "cases/demo.toml", bad.to_str().unwrap(), "--lang", "en"]);
    assert_eq!(
        err.trim(),
        "redress: mine.csv, row 3, column “quantity”: “abc” is not a whole number of shares"
    );
}

#[test]
fn a_bad_case_names_the_field() {
    let dir = std::env::temp_dir().join(format!("redress-cli-case-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let case = dir.join("bad.toml");
    let text = std::fs::read_to_string(root().join("cases/demo.toml"))
        .unwrap()
        .replace("disclosure_date = \"2021-06-01\"", "disclosure_date = \"2021-01-01\"");
    std::fs::write(&case, text).unwrap();
    let (code, _, err) = redress(&[
        "estimate",
        "--case",
        case.to_str().unwrap(),
        "cases/demo-trades.csv",
        "--lang",
        "en",
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("bad.toml, field segments.main.disclosure_date: the value “2021-01-01” is not allowed: must come after the implementation date"), "{err}");
    assert!(err.contains("“2021-01-01”"), "{err}");
}

/// A percent is a percent on the command line too, and a rate typed without one above
/// the brokers' cap is refused with what to write instead, as the web app does. Guards
/// against refusing "0.03%" here while the web app read it (issue 17).
#[test]
fn set_reads_a_percent_as_a_percent() {
    let estimate = |value: &str| {
        let set = format!("rules.commission_rate={value}");
        let args = ["estimate", "--case", "demo", "cases/demo-trades.csv", "--json", "--set", &set];
        redress(&[&args[..], &["--lang", "en"]].concat())
    };
    for value in ["0.03%", "万分之三", "0.0003"] {
        let (code, out, err) = estimate(value);
        assert_eq!(code, 0, "{value}: {err}");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["rules"]["commission_rate"], "0.0003", "{value}");
        assert_eq!(v["compensation"], "15520.15", "{value}");
    }
    // One in ten thousand: the commission is a third of the worked example's 4.65.
    let (code, out, err) = estimate("0.01%");
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["segments"][0]["commission"], "1.55");
    let (code, _, err) = estimate("0.03");
    assert_eq!(code, 1);
    assert!(err.contains("“rules.commission_rate”"), "{err}");
    assert!(
        err.contains("the value “0.03” is not allowed: is 3%, above the brokers' cap of 0.3%"),
        "{err}"
    );
}

/// Every `--set` is applied first, then the case is checked. Guards against refusing
/// `--set rules.systemic.method=fixed` for want of the ratio that the next `--set` gives
/// (issue 17).
#[test]
fn set_values_are_checked_together_in_any_order() {
    let run = |first: &str, second: &str| {
        let (code, out, err) = redress(&[
            "estimate",
            "--case",
            "demo",
            "cases/demo-trades.csv",
            "--json",
            "--set",
            first,
            "--set",
            second,
        ]);
        assert_eq!(code, 0, "{err}");
        serde_json::from_str::<serde_json::Value>(&out).unwrap()
    };
    let (method, ratio) = ("rules.systemic.method=fixed", "rules.systemic.ratio=20%");
    let a = run(method, ratio);
    assert_eq!(a, run(ratio, method));
    // 15,500.00 less 20%: C = 12,400.00, commission 3.72, stamp duty 12.40.
    assert_eq!(a["segments"][0]["systemic_deduction"], "3100.00");
    assert_eq!(a["compensation"], "12416.12");
    // An unknown choice names the field and what it may be.
    let (code, _, err) = redress(&[
        "estimate",
        "--case",
        "demo",
        "cases/demo-trades.csv",
        "--set",
        "rules.netting=both",
        "--lang",
        "en",
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("rules.netting"), "{err}");
    assert!(err.contains("is not one of the allowed values: net, per-part"), "{err}");
}

#[test]
fn bad_usage_exits_2() {
    let (code, _, _) = redress(&["estimate", "--case", "cases/demo.toml"]);
    assert_eq!(code, 2);
    let (code, _, _) = redress(&[
        "estimate",
        "--case",
        "cases/demo.toml",
        "cases/demo-trades.csv",
        "--method",
        "median",
    ]);
    assert_eq!(code, 2);
}

/// Identical trades in two files are counted once by default, which the warning names,
/// and `--duplicates keep` counts both (two accounts). Guards against doubling the
/// amount of one account exported twice, with only a warning (issue 15, item 2).
#[test]
fn identical_trades_in_two_files_are_counted_once_unless_told_they_are_two_accounts() {
    let dir = std::env::temp_dir().join(format!("redress-dup-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let copy = dir.join("copy.csv");
    std::fs::copy(root().join("cases/demo-trades.csv"), &copy).unwrap();
    let copy = copy.to_str().unwrap();
    let run = |extra: &[&str]| {
        let mut args = vec!["estimate", "--case", "demo", "cases/demo-trades.csv", copy, "--json"];
        args.extend(extra);
        let (code, out, err) = redress(&args);
        assert_eq!(code, 0, "{err}");
        serde_json::from_str::<serde_json::Value>(&out).unwrap()
    };
    let once = run(&[]);
    assert_eq!(once["compensation"], "15520.15");
    let warning = once["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["code"] == "duplicate-trades")
        .expect("said");
    assert!(
        warning["message"].as_str().unwrap().contains("只计算一次（--duplicates once，默认）"),
        "{warning}"
    );
    let keep = run(&["--duplicates", "keep", "--lang", "en"]);
    assert_eq!(keep["compensation"], "31040.30");
    assert!(keep["warnings"].to_string().contains("(--duplicates keep)"));
    let (code, _, _) = redress(&["estimate", "--case", "demo", copy, "--duplicates", "twice"]);
    assert_eq!(code, 2, "a bad choice is bad usage");
    std::fs::remove_dir_all(&dir).ok();
}

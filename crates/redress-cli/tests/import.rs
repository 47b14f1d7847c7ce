//! `redress import` and `redress estimate` on broker exports: exit codes as interfaces.md
//! says (0 result, 1 bad input naming file/row/column, 2 usage) and the same estimate
//! from a broker file and from the canonical CSV it writes.

use std::path::PathBuf;
use std::process::{Command, Output};

fn fixture(name: &str) -> String {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/import").join(name);
    root.to_string_lossy().into_owned()
}

fn redress(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_redress")).args(args).output().unwrap()
}

fn temp(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("redress-cli-{}-{name}", std::process::id()))
}

const CASE: &str = r#"
id = "t"
name = "t"
security = "002415"
[[segments]]
id = "main"
implementation_date = "2024-06-01"
disclosure_date = "2024-06-20"
base_date = "2024-07-05"
base_price = "15.00"
"#;

#[test]
fn import_prints_every_row_and_reports_unknown_origin() {
    let out = redress(&["import", &fixture("c-tdx-history.xls"), "--lang", "en"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("lottery numbers: the quantity counts numbers, not shares"), "{text}");
    assert!(text.contains("unknown-origin"), "{text}");
    let rows = text
        .lines()
        .filter(|l| matches!(l.split_whitespace().nth(1), Some("used" | "ignored" | "REJECTED")));
    assert_eq!(rows.count(), 23);
}

#[test]
fn import_json_is_the_report_contract() {
    let out =
        redress(&["import", &fixture("d-hxsec-jiaoge.xls"), "--json", "--security", "600036"]);
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["report"]["rows"].as_array().unwrap().len(), 31);
    assert_eq!(v["report"]["files"][0]["encoding"], "gb18030");
    assert_eq!(v["report"]["selected"][0], "600036");
    let rights = v["trades"].as_array().unwrap().iter().find(|t| t["kind"] == "rights").unwrap();
    assert_eq!((rights["price"].as_str(), rights["quantity"].as_u64()), (Some("25"), Some(200)));
}

#[test]
fn a_rejected_row_of_the_selection_is_exit_1_naming_file_row_and_column() {
    let out = redress(&["import", &fixture("j-csdc-paste.txt"), "--lang", "en"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("j-csdc-paste.txt, row 12, column “成交价格”"), "{err}");
    // Selecting another security, the 127999 row does not matter.
    let out = redress(&["import", &fixture("j-csdc-paste.txt"), "--security", "600000"]);
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn out_needs_a_security_when_there_are_several() {
    let csv = temp("several.csv");
    let out = redress(&["import", &fixture("a-ths-jiaoge.xls"), "--out", csv.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!csv.exists());
}

#[test]
fn estimate_reads_broker_files_and_their_canonical_csv_alike() {
    let case = temp("case.toml");
    std::fs::write(&case, CASE).unwrap();
    let csv = temp("002415.csv");
    let out = redress(&[
        "import",
        &fixture("g-jgd.csv"),
        "--security",
        "002415",
        "--out",
        csv.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0));
    let written = std::fs::read_to_string(&csv).unwrap();
    assert_eq!(written.lines().count(), 6, "{written}");
    let compensation = |file: &str| -> String {
        let out = redress(&["estimate", "--case", case.to_str().unwrap(), file, "--json"]);
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v["compensation"].as_str().unwrap().to_owned()
    };
    let from_broker = compensation(&fixture("g-jgd.csv"));
    assert_ne!(from_broker, "0.00");
    assert_eq!(from_broker, compensation(csv.to_str().unwrap()));
    assert_eq!(from_broker, compensation(&fixture("a-ths-jiaoge.xls")));
    std::fs::remove_file(case).ok();
    std::fs::remove_file(csv).ok();
}

#[test]
fn estimate_fails_on_an_unreadable_file() {
    let case = temp("case2.toml");
    std::fs::write(&case, CASE).unwrap();
    let pdf = temp("x.pdf");
    std::fs::write(&pdf, b"%PDF-1.4").unwrap();
    let out = redress(&["estimate", "--case", case.to_str().unwrap(), pdf.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("PDF"));
    std::fs::remove_file(case).ok();
    std::fs::remove_file(pdf).ok();
}

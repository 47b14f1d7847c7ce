//! `redress reconcile`: the ranking of the choices that give an offered amount, as a table
//! and as JSON (the JS package's `reconcile()` gives the same JSON:
//! crates/redress-wasm/tests/conformance.test.mjs).

use std::process::Command;

fn redress(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_redress"))
        .args(args)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// The golden worked example under the actual-cost method (tests/golden/rules-12-actual-cost).
fn actual_cost_amount() -> String {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/golden/rules-12-actual-cost/expect.toml"
    ))
    .unwrap();
    let line = text.lines().find(|l| l.starts_with("\"compensation\"")).unwrap();
    line.split('"').nth(3).unwrap().to_owned()
}

#[test]
fn the_amount_of_another_method_is_traced_to_that_method() {
    let amount = actual_cost_amount();
    let (ok, out, err) = redress(&[
        "reconcile",
        "--case",
        "demo",
        "cases/demo-trades.csv",
        "--offered",
        &amount,
        "--json",
    ]);
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["offered"], amount);
    let first = &v["exact"][0];
    assert_eq!(first["compensation"], amount);
    // The fewest changes first: the method alone.
    let changes = first["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 1, "{first}");
    assert_eq!(changes[0]["path"], "rules.buy_average");
    assert_eq!(changes[0]["to"], "actual-cost");
    // The table says the same, with the --set that makes it.
    let (ok, table, _) = redress(&[
        "reconcile",
        "--case",
        "demo",
        "cases/demo-trades.csv",
        "--offered",
        &amount,
        "--lang",
        "en",
    ]);
    assert!(ok);
    let first_candidate = table.split("\n1. ").nth(1).unwrap().split("\n2. ").next().unwrap();
    assert!(first_candidate.contains("--set rules.buy_average=actual-cost"), "{table}");
}

#[test]
fn an_amount_no_combination_gives_is_met_by_a_deduction_ratio() {
    let (ok, out, err) = redress(&[
        "reconcile",
        "--case",
        "demo",
        "cases/demo-trades.csv",
        "--offered",
        "9,000",
        "--json",
    ]);
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(v["exact"].as_array().unwrap().is_empty());
    assert!(!v["nearest"].as_array().unwrap().is_empty());
    let ratio = &v["ratio"];
    // Check the solved ratio by computing with it.
    let r = ratio["ratio"].as_str().unwrap();
    let (ok, est, _) = redress(&[
        "estimate",
        "--case",
        "demo",
        "cases/demo-trades.csv",
        "--json",
        "--set",
        &format!("rules.systemic.ratio={r}"),
        "--set",
        "rules.systemic.method=fixed",
    ]);
    assert!(ok);
    let e: serde_json::Value = serde_json::from_str(&est).unwrap();
    assert_eq!(e["compensation"], ratio["compensation"]);
}

/// A figure that is no number, or negative, is refused by name, with a neutral example
/// (QA 3: the core's one reading of an offer, `Offer::read`).
#[test]
fn a_bad_amount_is_refused_by_name() {
    for (amount, says) in [("lots", "12345.67"), ("-5", "negative"), ("－５", "negative")] {
        let (ok, _, err) = redress(&[
            "reconcile",
            "--case",
            "demo",
            "cases/demo-trades.csv",
            "--lang",
            "en",
            "--offered",
            amount,
        ]);
        assert!(!ok);
        assert!(err.contains("the amount offered") && err.contains(says), "{amount}: {err}");
    }
}

/// QA 3: full-width digits, as a Chinese input method types them, are the same amount.
#[test]
fn a_full_width_amount_is_the_same_amount() {
    let amount = actual_cost_amount();
    let wide: String = amount
        .chars()
        .map(|c| match c {
            '0'..='9' => char::from_u32(u32::from(c) - u32::from('0') + u32::from('０')).unwrap(),
            '.' => '．',
            c => c,
        })
        .collect();
    let run = |a: &str| {
        redress(&["reconcile", "--case", "demo", "cases/demo-trades.csv", "--offered", a, "--json"])
    };
    let (ok, plain, err) = run(&amount);
    assert!(ok, "{err}");
    let (ok, full, err) = run(&wide);
    assert!(ok, "{err}");
    assert_eq!(plain, full);
}

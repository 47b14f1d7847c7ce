//! Golden case folders: `tests/golden/<name>/` holds the input files of one estimate and
//! what it must give.
//!
//! - `case.toml` — the case;
//! - `trades*.csv` — canonical trade files (each file one account), in name order;
//! - `market.csv`, `indices.csv` — optional market data;
//! - `options.toml` — optional: `method`, `opening`, `lang`, `without_deductions`;
//! - `expect.toml` — numbers computed **by hand** (see the folder's README.md); asserted
//!   exactly and never rewritten by a tool;
//! - `result.json` — the whole result as a snapshot. It changes only through the
//!   deliberate update command `REDRESS_BLESS=1 cargo test --test main golden`.
//! - `error.txt` — instead of the two above, when the input must be refused: the
//!   expected error message (Chinese).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use redress::case::Method;
use redress::market::{IndexData, MarketData};
use redress::{Case, Input, Lang, Options, canonical};
use serde::Deserialize;

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RunOptions {
    method: Option<String>,
    #[serde(default)]
    opening: u64,
    lang: Option<String>,
    #[serde(default)]
    without_deductions: bool,
}

/// Runs one folder and returns the result as JSON, or the error message.
pub fn run(dir: &Path) -> Result<serde_json::Value, String> {
    let read = |name: &str| fs::read_to_string(dir.join(name)).ok();
    let opts: RunOptions =
        read("options.toml").map(|t| toml::from_str(&t).expect("options.toml")).unwrap_or_default();
    let lang = opts.lang.as_deref().and_then(Lang::parse).unwrap_or(Lang::Zh);
    let msg = |e: redress::Error| e.message(lang);
    let case = Case::from_toml(&read("case.toml").expect("case.toml"), "case.toml").map_err(msg)?;
    let mut names: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let n = p.file_name().unwrap().to_string_lossy();
            n.starts_with("trades") && n.ends_with(".csv")
        })
        .collect();
    names.sort();
    let mut trades = Vec::new();
    let mut files = Vec::new();
    for (i, p) in names.iter().enumerate() {
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        let account = p.file_stem().unwrap().to_string_lossy().into_owned();
        let text = fs::read_to_string(p).unwrap();
        trades.extend(
            canonical::read_csv(&text, &name, u32::try_from(i).unwrap(), &account).map_err(msg)?,
        );
        files.push(name);
    }
    let market = match read("market.csv") {
        Some(t) => Some(MarketData::read_csv(&t, "market.csv").map_err(msg)?),
        None => None,
    };
    let indices = match read("indices.csv") {
        Some(t) => Some(IndexData::read_csv(&t, "indices.csv").map_err(msg)?),
        None => None,
    };
    // A real case's shipped public market data, under the user's own (the rule of every
    // front end: redress::case_data::combine).
    let mut case = case;
    let shipped = if case.market_files.is_empty() {
        redress::case_data::Shipped::default()
    } else {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("cases").join(&case.id);
        let texts: Vec<(String, String)> = case
            .market_files
            .iter()
            .map(|f| (f.clone(), fs::read_to_string(dir.join(f)).expect("a shipped file")))
            .collect();
        let refs: Vec<(&str, &str)> = texts.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
        redress::case_data::read(&case, &refs).map_err(msg)?
    };
    let (market, indices) = redress::case_data::combine(&mut case, shipped, market, indices);
    let input = Input {
        case: &case,
        trades: &trades,
        files: &files,
        opening_position: opts.opening,
        market: market.as_ref(),
        indices: indices.as_ref(),
    };
    let options = Options {
        method: opts.method.as_deref().map(|m| Method::parse(m).expect("options.toml method")),
        without_deductions: opts.without_deductions,
        lang,
        detail: true,
    };
    let result = redress::estimate(&input, &options).map_err(msg)?;
    Ok(serde_json::to_value(&result).unwrap())
}

/// Looks up a dotted path (`segments.0.buy_average`) in a JSON value.
fn lookup<'a>(v: &'a serde_json::Value, path: &str) -> Option<&'a serde_json::Value> {
    path.split('.').try_fold(v, |v, key| match key.parse::<usize>() {
        Ok(i) => v.get(i),
        Err(_) => v.get(key),
    })
}

fn check(dir: &Path) -> Vec<String> {
    let bless = std::env::var_os("REDRESS_BLESS").is_some();
    let mut problems = Vec::new();
    let name = dir.file_name().unwrap().to_string_lossy().into_owned();
    let outcome = run(dir);
    if let Ok(expected) = fs::read_to_string(dir.join("error.txt")) {
        match outcome {
            Ok(_) => problems.push(format!("{name}: expected an error, got a result")),
            Err(e) if e.trim() != expected.trim() => {
                problems.push(format!("{name}: error\n  got:  {e}\n  want: {}", expected.trim()))
            }
            Err(_) => {}
        }
        return problems;
    }
    let result = match outcome {
        Ok(r) => r,
        Err(e) => return vec![format!("{name}: unexpected error: {e}")],
    };
    let expect: BTreeMap<String, toml::Value> = toml::from_str(
        &fs::read_to_string(dir.join("expect.toml"))
            .unwrap_or_else(|_| panic!("{name}: expect.toml is missing")),
    )
    .unwrap_or_else(|e| panic!("{name}/expect.toml: {e}"));
    assert!(!expect.is_empty(), "{name}: expect.toml asserts nothing");
    for (path, want) in &expect {
        let got = lookup(&result, path);
        let want_json = match want {
            toml::Value::String(s) => serde_json::Value::String(s.clone()),
            toml::Value::Integer(i) => serde_json::Value::from(*i),
            toml::Value::Boolean(b) => serde_json::Value::Bool(*b),
            other => panic!("{name}: expect.toml {path}: unsupported value {other:?}"),
        };
        if got != Some(&want_json) {
            problems.push(format!("{name}: {path} = {got:?}, want {want_json}"));
        }
    }
    let snapshot = dir.join("result.json");
    let text = serde_json::to_string_pretty(&result).unwrap() + "\n";
    if bless {
        fs::write(&snapshot, &text).unwrap();
    } else {
        match fs::read_to_string(&snapshot) {
            Ok(old) if old == text => {}
            Ok(_) => problems.push(format!(
                "{name}: result.json differs (inspect with REDRESS_BLESS=1 and git diff)"
            )),
            Err(_) => problems.push(format!("{name}: result.json is missing (REDRESS_BLESS=1)")),
        }
    }
    problems
}

/// Every folder under `tests/golden`.
pub fn folders() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let mut dirs: Vec<PathBuf> =
        fs::read_dir(&root).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_dir()).collect();
    dirs.sort();
    dirs
}

#[test]
fn golden_cases() {
    let dirs = folders();
    assert!(!dirs.is_empty());
    let problems: Vec<String> = dirs.iter().flat_map(|d| check(d)).collect();
    assert!(problems.is_empty(), "{} problem(s):\n{}", problems.len(), problems.join("\n"));
}

/// The interest step's text and its table of rate periods name the same first day: the
/// day the weighted buy date `Dbuy` falls in (rules.md §9: the integral runs over
/// `[Dbuy, Dend)`, each unit interval `[d, d + 1)` at the rate of day `d`), with the
/// fraction of it said. Guards against "自加权买入日（约 2017-11-30）" above "2017-11-29 至
/// 2018-11-25" for 康美 (`Dbuy` = 2017-11-29 + 2/3, rounded to the nearest day in the text;
/// QA pass, item 6).
#[test]
fn the_interest_text_and_its_periods_start_on_the_same_day() {
    let mut seen = 0;
    for dir in folders() {
        let Ok(result) = run(&dir) else { continue };
        for seg in result["segments"].as_array().into_iter().flatten() {
            let Some(from) = seg["interest_periods"][0]["from"].as_str() else { continue };
            seen += 1;
            let name = dir.display();
            assert_eq!(seg["interest_from"].as_str(), Some(from), "{name}: interest_from");
            let step = seg["steps"].as_array().unwrap().iter().find(|s| s["code"] == "interest");
            let text = step.and_then(|s| s["text"].as_str()).unwrap_or_default();
            let said = text
                .split("加权买入日（")
                .nth(1)
                .or_else(|| text.split("weighted buy date (").nth(1));
            let said = said.map(|s| s.chars().take(10).collect::<String>()).unwrap_or_default();
            assert_eq!(said, from, "{name}: {text}");
        }
    }
    assert!(seen > 3, "golden cases with interest: {seen}");
    // 康美: 2017-11-29 and two thirds of it.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/real-kangmei-2021");
    let result = run(&dir).unwrap();
    let step =
        result["segments"][0]["steps"].as_array().unwrap().iter().find(|s| s["code"] == "interest");
    let text = step.unwrap()["text"].as_str().unwrap();
    assert!(text.contains("加权买入日（2017-11-29 再加 0.6667 天）"), "{text}");
}

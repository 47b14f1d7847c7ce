//! Tidy checks: the rules of ARCHITECTURE.md, enforced.

use std::fs;
use std::path::{Path, PathBuf};

fn files_under(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files_under(&path, ext, out);
        } else if path.extension().is_some_and(|e| e == ext) {
            out.push(path);
        }
    }
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn core_sources() -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    files_under(&root().join("src"), "rs", &mut files);
    files.into_iter().map(|p| (p.clone(), fs::read_to_string(&p).unwrap())).collect()
}

/// The core does no I/O, reads no clock, uses no floats and no web or wasm crate.
#[test]
fn the_core_is_pure() {
    let banned = [
        "std::fs",
        "std::net",
        "std::process",
        "std::env",
        "std::time",
        "SystemTime",
        "Instant::now",
        "f32",
        "f64",
        "wasm_bindgen",
        "web_sys",
        "js_sys",
        "yew",
        "println!",
        "eprintln!",
    ];
    let mut found = Vec::new();
    for (path, text) in core_sources() {
        let lines: Vec<&str> = text.lines().collect();
        for (n, line) in lines.iter().enumerate() {
            // A line may opt out with a reason on it or just below it, e.g. the visitor
            // that refuses floats.
            if line.contains("tidy: allow")
                || lines.get(n + 1).is_some_and(|l| l.contains("tidy: allow"))
            {
                continue;
            }
            let code = line.split("//").next().unwrap_or("");
            for word in banned {
                let hit = code.match_indices(word).any(|(i, _)| {
                    let before = code[..i].chars().last();
                    let after = code[i + word.len()..].chars().next();
                    let ident =
                        |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
                    !ident(before) && !ident(after)
                });
                if hit {
                    found.push(format!("{}:{}: {word}", path.display(), n + 1));
                }
            }
        }
    }
    assert!(found.is_empty(), "the core must stay pure:\n{}", found.join("\n"));
}

/// The core's manifest depends on no front end, web or I/O crate.
#[test]
fn the_core_depends_on_no_front_end() {
    let manifest = fs::read_to_string(root().join("Cargo.toml")).unwrap();
    let deps = manifest.split("[dependencies]").nth(1).unwrap().split("\n[").next().unwrap();
    for banned in
        ["yew", "wasm-bindgen", "web-sys", "js-sys", "clap", "redress-", "rayon", "indicatif"]
    {
        assert!(!deps.contains(banned), "the core must not depend on {banned}");
    }
}

/// Front ends never depend on each other.
#[test]
fn front_ends_do_not_depend_on_each_other() {
    let crates = ["redress-cli", "redress-wasm", "redress-web"];
    for c in crates {
        let manifest =
            fs::read_to_string(root().join("crates").join(c).join("Cargo.toml")).unwrap();
        // A test may run two front ends side by side (the conformance test): only what
        // a front end is built from counts.
        let manifest = manifest.split("\n[dev-dependencies]").next().unwrap();
        for other in crates.iter().filter(|o| **o != c) {
            assert!(
                !manifest.contains(&format!("{other}.workspace"))
                    && !manifest.contains(&format!("{other} =")),
                "{c} depends on {other}"
            );
        }
    }
}

/// No front end writes a case parameter itself: every value typed, linked or passed is
/// set through the core's one table (`redress::case::parameters::set_all`), which reads
/// it with the one rule of its kind and validates the whole case. Guards against a front
/// end reading "0.03%" and unknown choices with rules of its own (issue 17).
#[test]
fn front_ends_set_case_parameters_through_the_core() {
    let fields = [
        "security",
        "regime",
        "combine",
        "direction",
        "implementation_date",
        "disclosure_date",
        "base_date",
        "base_price",
        "last_trading_date",
    ];
    let mut files = Vec::new();
    files_under(&root().join("crates"), "rs", &mut files);
    let mut found = Vec::new();
    for path in files.iter().filter(|p| !p.components().any(|c| c.as_os_str() == "target")) {
        let text = fs::read_to_string(path).unwrap();
        for (i, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for (at, _) in code.match_indices(" = ") {
                let target = code[..at].trim_end().rsplit([' ', '(', '{']).next().unwrap_or("");
                let rule = target.contains(".rules.") || target.starts_with("rules.");
                let field = target.rsplit('.').next().unwrap_or("");
                if (rule || (target.contains('.') && fields.contains(&field)))
                    && !target.starts_with("let")
                {
                    found.push(format!("{}:{}: {}", path.display(), i + 1, line.trim()));
                }
            }
        }
    }
    assert!(found.is_empty(), "case parameters written by a front end:\n{}", found.join("\n"));
}

/// Every Rust module starts with a `//!` doc comment.
#[test]
fn every_module_is_documented() {
    let mut files = Vec::new();
    files_under(&root().join("src"), "rs", &mut files);
    files_under(&root().join("crates"), "rs", &mut files);
    files_under(&root().join("tests"), "rs", &mut files);
    let undocumented: Vec<String> = files
        .iter()
        .filter(|p| !p.components().any(|c| c.as_os_str() == "target"))
        .filter(|p| !fs::read_to_string(p).unwrap().trim_start().starts_with("//!"))
        .map(|p| p.display().to_string())
        .collect();
    assert!(undocumented.is_empty(), "modules without a //! doc:\n{}", undocumented.join("\n"));
}

/// No test is ignored: a test that does not run cannot fail.
#[test]
fn no_test_is_ignored() {
    let mut files = Vec::new();
    for dir in ["src", "crates", "tests", "benches"] {
        let d = root().join(dir);
        if d.exists() {
            files_under(&d, "rs", &mut files);
        }
    }
    let needle = ["#[", "ignore"].concat();
    let ignored: Vec<String> = files
        .iter()
        .filter(|p| !p.components().any(|c| c.as_os_str() == "target"))
        .filter(|p| fs::read_to_string(p).unwrap().contains(&needle))
        .map(|p| p.display().to_string())
        .collect();
    assert!(ignored.is_empty(), "ignored tests in:\n{}", ignored.join("\n"));
}

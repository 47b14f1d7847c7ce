//! Embeds the public market data shipped with the built-in cases (`cases/<id>/*`) when
//! the `case-data` feature is on: writes `$OUT_DIR/case_data.rs`, a table of
//! `(case id, file name, include_str!(…))`, read by `redress::case_data::embedded`.

use std::fmt::Write as _;
use std::path::Path;
use std::{env, fs};

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("cases");
    println!("cargo:rerun-if-changed=cases");
    let mut out = String::from(
        "/// `(case id, file name, text)` of every file shipped in `cases/<id>/`.\n\
         pub static FILES: &[(&str, &str, &str)] = &[\n",
    );
    if env::var_os("CARGO_FEATURE_CASE_DATA").is_some() {
        let mut dirs: Vec<_> = fs::read_dir(&root)
            .expect("cases/")
            .map(|e| e.expect("cases/ entry").path())
            .filter(|p| p.is_dir())
            .collect();
        dirs.sort();
        for dir in dirs {
            println!("cargo:rerun-if-changed={}", dir.display());
            let id = dir.file_name().expect("a name").to_string_lossy().into_owned();
            let mut files: Vec<_> = fs::read_dir(&dir)
                .expect("cases/<id>/")
                .map(|e| e.expect("entry").path())
                .filter(|p| p.is_file())
                .collect();
            files.sort();
            for f in files {
                let name = f.file_name().expect("a name").to_string_lossy().into_owned();
                writeln!(
                    out,
                    "    ({id:?}, {name:?}, include_str!({:?})),",
                    f.display().to_string()
                )
                .expect("write to a string");
            }
        }
    }
    out.push_str("];\n");
    let dest = Path::new(&env::var("OUT_DIR").expect("OUT_DIR")).join("case_data.rs");
    fs::write(dest, out).expect("write case_data.rs");
}

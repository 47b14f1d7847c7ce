//! Fuzzes the importer end to end: detection (workbook, PDF, HTML, delimited, fixed-width,
//! spaces), decoding and parsing, over arbitrary bytes and, when they are UTF-8, over the
//! same input given as already-decoded text. Nothing may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use redress::import::{Content, InputFile, Options, import};

/// Panics inside calamine are caught by the importer and reported as an unreadable
/// workbook (see `src/import/workbook.rs`); any other panic is a crash. libFuzzer's own
/// hook aborts on every panic, so it is replaced by one that lets calamine's through.
fn hook() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            let in_calamine = info.location().is_some_and(|l| l.file().contains("/calamine-"));
            if !in_calamine {
                eprintln!("{info}");
                std::process::abort();
            }
        }));
    });
}

fuzz_target!(|data: &[u8]| {
    hook();
    let options = Options { select: vec!["600000".into()], ..Options::default() };
    if let Ok(i) = import(&[InputFile { name: "f", content: Content::Bytes(data) }], &options) {
        let c = i.report.counts;
        assert_eq!((c.used + c.ignored + c.rejected) as usize, i.report.rows.len());
        let _ = i.trades_of(&options.select);
    }
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = import(&[InputFile { name: "t", content: Content::Text(text) }], &options);
    }
});

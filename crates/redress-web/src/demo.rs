//! The first page's result, pre-computed: the worker's replies to what the first page asks
//! (the built-in demo case on the built-in sample trades), committed as JSON and embedded
//! in the page, so that the page shows the demo result without loading the worker (which
//! starts on the user's first intent, see [`crate::services::engine`]).
//!
//! They are not typed by hand: a native test (`demo::tests`) recomputes them with the
//! engine the worker runs and fails unless they are byte-equal to the committed files;
//! `REDRESS_BLESS=1 cargo test -p redress-web demo` rewrites them after a deliberate change
//! of the core or the engine.

use redress::Lang;

use crate::protocol::Reply;

/// The replies in Chinese, as committed.
const ZH: &str = include_str!("demo/reply.zh.json");
/// The replies in English, as committed.
const EN: &str = include_str!("demo/reply.en.json");

/// The worker's replies to the first page in `lang`, in the order it sent them (empty if
/// the embedded text could not be read, the page then waits for the worker).
pub fn replies(lang: Lang) -> Vec<Reply> {
    serde_json::from_str(if lang == Lang::En { EN } else { ZH }).unwrap_or_default()
}

#[cfg(test)]
mod tests;

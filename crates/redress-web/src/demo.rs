//! The first page's result, pre-computed: the worker's replies to what the first page asks
//! (the built-in demo case on the built-in sample trades), committed and embedded in the
//! page, so that the page shows the demo result without loading the worker (which starts
//! on the user's first intent, see [`crate::services::engine`]).
//!
//! Each language has two files in `src/demo/`: `reply.<lang>.json`, to read and review,
//! and `reply.<lang>.bin`, the same replies in the worker's own message encoding
//! (bincode), which the page embeds (a JSON reader for every reply type would cost the
//! page about 36 KB gzip). They are not typed by hand: a native test (`demo::tests`)
//! recomputes them with the engine the worker runs and fails unless both are byte-equal
//! to what it computes; `REDRESS_BLESS=1 cargo test -p redress-web demo` rewrites them
//! after a deliberate change of the core or the engine.

use std::rc::Rc;

use redress::Lang;
use yew::Reducible;

use crate::protocol::{Content, Job, Reply};
use crate::state::{Action, State};

/// The replies in Chinese, as committed.
const ZH: &[u8] = include_bytes!("demo/reply.zh.bin");
/// The replies in English, as committed.
const EN: &[u8] = include_bytes!("demo/reply.en.bin");

/// The worker's replies to the first page in `lang`, in the order it sent them (empty if
/// the embedded bytes could not be read: the page then waits for the worker).
pub fn replies(lang: Lang) -> Vec<Reply> {
    bincode::deserialize(if lang == Lang::En { EN } else { ZH }).unwrap_or_default()
}

/// The replies as the page takes them before the worker has started: numbered `seq`, as
/// answering every request made so far (so that nothing is awaited), and as revision 0,
/// which the worker never gives (its first result is 1), so that the worker's first result
/// always counts as new and the tables are asked for again; a state that no longer is the
/// first page forgets them (`State::forget_stale_first_page`).
pub fn shown(lang: Lang, seq: u64) -> Vec<Reply> {
    let mut list = replies(lang);
    for reply in &mut list {
        reply.seq = seq;
        match &mut reply.body {
            crate::protocol::Body::Computed(c) => c.rev = 0,
            crate::protocol::Body::Page(p) => p.rev = 0,
            _ => {}
        }
    }
    list
}

/// The first page's state in `lang`, as the page starts it.
pub fn first_page(lang: Lang) -> Rc<State> {
    let state = Rc::new(State::demo());
    if lang == Lang::En { state.reduce(Action::SetLang(Lang::En)) } else { state }
}

/// Whether the pre-computed replies already answer `job` (one of the first page's own
/// requests); any other request needs the worker, which then starts.
pub fn answers(job: &Job) -> bool {
    match job {
        Job::Source { content: Content::Text(text), .. } => text == redress::DEMO_TRADES,
        Job::Compute(params) => *params == first_page(params.lang).params(),
        Job::Cases { query, .. } => query.is_empty(),
        Job::Page(query) => {
            let first = State::demo();
            *query == first.review_query() || *query == first.trades_query()
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests;

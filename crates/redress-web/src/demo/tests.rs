//! The pre-computed first page is what the engine computes from the same inputs.

use std::rc::Rc;

use redress::Lang;
use yew::Reducible;

use super::{answers, first_page, replies};
use crate::engine::Engine;
use crate::protocol::{Body, Content, Job, Reply, Request};
use crate::state::{Action, SourceKind};

/// Sends `jobs` as one batch (as the worker receives them), then computes; returns what it
/// answered, progress left out.
fn batch(e: &mut Engine, seq: &mut u64, jobs: Vec<Job>) -> Vec<Reply> {
    let mut out = Vec::new();
    for job in jobs {
        *seq += 1;
        e.handle(Request { seq: *seq, job }, &mut |r| out.push(r));
    }
    e.flush(&mut |r| out.push(r));
    out.retain(|r| !matches!(r.body, Body::Progress(_)));
    out
}

/// What the worker answers to the first page in `lang`: the sample, the parameters and the
/// case list, then the first pages of both tables of the result.
fn compute(lang: Lang) -> Vec<Reply> {
    let mut state = first_page(lang);
    let mut e = Engine::new(Box::new(redress::text::gb18030));
    let mut seq = 0;
    let mut jobs: Vec<Job> = state
        .sources
        .iter()
        .map(|s| match &s.kind {
            SourceKind::Pasted(text) => Job::Source {
                id: s.id,
                name: s.name.clone(),
                content: Content::Text(text.to_string()),
            },
            SourceKind::File { .. } => panic!("the first page has no file"),
        })
        .collect();
    jobs.push(Job::Compute(state.params()));
    jobs.push(Job::Cases { query: state.case_query.clone(), lang });
    assert!(jobs.iter().all(answers), "the first page's requests are answered ahead");
    let mut all = batch(&mut e, &mut seq, jobs);
    for r in &all {
        state = state.reduce(Action::Reply(Rc::new(r.clone())));
    }
    let pages = batch(
        &mut e,
        &mut seq,
        vec![Job::Page(state.review_query()), Job::Page(state.trades_query())],
    );
    all.extend(pages);
    all
}

fn check(lang: Lang, name: &str) {
    let fresh = compute(lang);
    let json = (serde_json::to_string(&fresh).expect("replies serialize") + "\n").into_bytes();
    let bin = bincode::serialize(&fresh).expect("replies encode");
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/demo");
    let bless = std::env::var_os("REDRESS_BLESS").is_some();
    for (file, bytes) in [(format!("{name}.json"), &json), (format!("{name}.bin"), &bin)] {
        if bless {
            std::fs::write(dir.join(&file), bytes).expect("write the pre-computed replies");
        }
        let committed = std::fs::read(dir.join(&file)).unwrap_or_default();
        assert!(
            committed == *bytes,
            "{file} is not what the engine computes now; after a deliberate change run \
             REDRESS_BLESS=1 cargo test -p redress-web demo"
        );
    }
    // What the page embeds (the file as compiled in, stale right after blessing) reads back
    // to the same replies, and they make a whole first page.
    if !bless {
        assert_eq!(replies(lang), fresh);
    }
    let mut state = first_page(lang);
    for r in fresh {
        state = state.reduce(Action::Reply(Rc::new(r)));
    }
    let shown = state.computed.as_ref().expect("a result");
    assert!(shown.result.is_ok(), "the demo computes");
    assert!(!state.cases.is_empty(), "the case list");
    assert!(state.review_page.is_some() && state.trades_page.is_some(), "both tables");
}

#[test]
fn the_first_page_in_chinese_is_what_the_engine_computes() {
    check(Lang::Zh, "reply.zh");
}

#[test]
fn the_first_page_in_english_is_what_the_engine_computes() {
    check(Lang::En, "reply.en");
}

#[test]
fn any_other_request_needs_the_worker() {
    let mut other = first_page(Lang::Zh).params();
    other.method = Some(redress::case::Method::ActualCost);
    assert!(!answers(&Job::Compute(other)));
    let text = Content::Text("date,kind,quantity,price\n2021-03-02,buy,1000,10\n".into());
    assert!(!answers(&Job::Source { id: 1, name: "x".into(), content: text }));
    assert!(!answers(&Job::Cases { query: "wanfu".into(), lang: Lang::Zh }));
    assert!(!answers(&Job::RemoveSource { id: 1 }));
    assert!(!answers(&Job::Snapshot));
}

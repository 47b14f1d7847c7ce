//! The reducer, natively: each user action and each worker reply.

use super::*;
use crate::protocol::{Counts, Review};

fn reduce(s: State, actions: impl IntoIterator<Item = Action>) -> State {
    let mut s = Rc::new(s);
    for a in actions {
        s = s.reduce(a);
    }
    (*s).clone()
}

fn computed(rev: u64, seq: u64) -> Action {
    Action::Reply(Rc::new(Reply {
        seq,
        body: Body::Computed(Box::new(Computed {
            rev,
            review: Review { counts: Counts { used: 3, ..Counts::default() }, ..Review::default() },
            case: None,
            result: Err(crate::protocol::Problem {
                code: "x".into(),
                message: "x".into(),
                field: None,
            }),
        })),
    }))
}

#[test]
fn the_first_page_is_the_demo_with_the_sample_trades() {
    let s = State::demo();
    assert!(s.demo);
    assert_eq!(s.step, Step::Result);
    assert_eq!(s.sources.len(), 1);
    let p = s.params();
    assert_eq!(p.case, CaseChoice::Builtin("demo".into()));
    assert_eq!(p.order, vec![1]);
    assert_eq!(p.lang, Lang::Zh);
}

#[test]
fn starting_ones_own_clears_the_example() {
    let s = reduce(State::demo(), [Action::StartOwn]);
    assert!(!s.demo && s.sources.is_empty());
    assert_eq!(s.step, Step::Case);
}

#[test]
fn busy_until_the_worker_has_applied_the_last_change() {
    let s = reduce(State::demo(), [Action::Sent(3), Action::Sent(5)]);
    assert!(s.busy());
    let s = reduce(s, [computed(1, 4)]);
    assert!(s.busy(), "a result for request 4 is not the result for request 5");
    let s = reduce(s, [computed(2, 5)]);
    assert!(!s.busy());
    assert_eq!(s.rev(), 2);
}

#[test]
fn a_stopped_worker_ends_the_wait_and_says_so() {
    let s = reduce(State::demo(), [Action::Booting, Action::Sent(4)]);
    assert!(s.busy() && s.booting);
    let s = reduce(s, [Action::WorkerStopped]);
    assert!(!s.busy() && !s.booting && s.progress.is_none());
    assert_eq!(s.notice, Some(Notice::WorkerStopped));
    // What the page shows stays as it was: the last computation.
    assert_eq!(s.computed, State::demo().computed);
}

#[test]
fn a_link_to_a_case_that_is_not_built_in_shows_the_case_list_and_says_why() {
    let link = Link { case: Some("nonexistent".into()), ..Link::default() };
    let s = reduce(State::demo(), [Action::ApplyLink(Box::new(link)), Action::Sent(2)]);
    assert_eq!((s.step, s.notice.clone()), (Step::Trades, Some(Notice::LinkApplied)));
    let unknown = |seq| {
        Action::Reply(Rc::new(Reply {
            seq,
            body: Body::Computed(Box::new(Computed {
                rev: seq,
                review: Review::default(),
                case: None,
                result: Err(crate::protocol::Problem {
                    code: "unknown-case".into(),
                    message: "没有编号为“nonexistent”的案件".into(),
                    field: None,
                }),
            })),
        }))
    };
    let s = reduce(s, [unknown(2)]);
    assert_eq!(s.step, Step::Case);
    assert_eq!(s.notice, Some(Notice::UnknownCase("没有编号为“nonexistent”的案件".into())));
    // Once: later results leave the step the user went to.
    let s = reduce(s, [Action::Go(Step::Trades), Action::Sent(3), unknown(3)]);
    assert_eq!(s.step, Step::Trades);
}

#[test]
fn a_page_of_an_old_computation_is_dropped() {
    let s = reduce(State::demo(), [computed(2, 1)]);
    let page = |rev| {
        Action::Reply(Rc::new(Reply {
            seq: 1,
            body: Body::Page(Page {
                rev,
                query: s.review_query(),
                total: 0,
                rows: crate::protocol::PageRows::Review(Vec::new()),
            }),
        }))
    };
    let t = reduce(s.clone(), [page(1)]);
    assert!(t.review_page.is_none());
    let t = reduce(s.clone(), [page(2)]);
    assert!(t.review_page.is_some());
}

#[test]
fn fixing_excluding_and_restoring_rows() {
    let key = RowKey { source: 1, row: 3 };
    let row = ReviewRow {
        kind_read: String::new(),
        impact: String::new(),
        key,
        file: "a.csv".into(),
        status: crate::protocol::RowStatus::Rejected,
        reason: String::new(),
        column: "date".into(),
        cells: RowCells { date: "2021-13-01".into(), ..RowCells::default() },
        kind_label: String::new(),
        edited: false,
    };
    let s = reduce(
        State::demo(),
        [
            Action::OpenEditor(Some(Box::new(row))),
            Action::EditorField("date", "2021-03-01".into()),
            Action::SaveEditor,
        ],
    );
    assert!(s.editor.is_none());
    assert_eq!(s.edits.len(), 1);
    assert!(matches!(&s.edits[0].action, EditAction::Replace(c) if c.date == "2021-03-01"));
    let s = reduce(s, [Action::Exclude(key)]);
    assert_eq!(s.edits.len(), 1, "one edit per row");
    assert!(matches!(s.edits[0].action, EditAction::Exclude));
    let s = reduce(s, [Action::Restore(key)]);
    assert!(s.edits.is_empty());
    // Added rows.
    let s = reduce(
        s,
        [
            Action::OpenEditor(None),
            Action::EditorField("quantity", "100".into()),
            Action::SaveEditor,
        ],
    );
    assert_eq!(s.added.len(), 1);
    assert_eq!(s.added[0].kind, "buy");
    let s = reduce(s, [Action::Restore(RowKey { source: ADDED, row: 1 })]);
    assert!(s.added.is_empty());
}

#[test]
fn removing_an_input_drops_its_edits() {
    let s =
        reduce(State::demo(), [Action::Exclude(RowKey { source: 1, row: 2 }), Action::Remove(1)]);
    assert!(s.sources.is_empty() && s.edits.is_empty());
}

#[test]
fn clearing_every_input_clears_the_rows_added_by_hand_too() {
    let s = reduce(
        State::demo(),
        [
            Action::OpenEditor(None),
            Action::EditorField("date", "2021-03-02".into()),
            Action::SaveEditor,
        ],
    );
    assert_eq!(s.added.len(), 1);
    let s = reduce(s, [Action::ClearSources]);
    assert!(s.sources.is_empty() && s.added.is_empty() && s.edits.is_empty());
    assert!(s.params().added.is_empty());
}

#[test]
fn a_file_replaces_an_empty_paste_box() {
    let s = reduce(State::default(), [Action::AddPaste, Action::AddFile(5, "a.csv".into(), 10)]);
    assert_eq!(s.sources.len(), 1);
    assert_eq!(s.sources[0].name, "a.csv");
    assert_eq!(s.next_id, 6);
}

#[test]
fn a_share_link_sets_the_case_and_never_keeps_the_example_trades() {
    let link = crate::share::decode("lang=en&case=demo&method=actual-cost");
    let s = reduce(State::demo(), [Action::ApplyLink(Box::new(link))]);
    assert_eq!(s.lang, Lang::En);
    assert_eq!(s.method, Some(Method::ActualCost));
    assert!(s.sources.is_empty());
    assert_eq!(s.step, Step::Trades);
    assert_eq!(s.notice, Some(Notice::LinkApplied));
    assert_eq!(s.share_fragment(), "lang=en&case=demo&method=actual-cost");
}

#[test]
fn remembered_state_comes_back() {
    let mut s = reduce(
        State::demo(),
        [
            Action::SetLang(Lang::En),
            Action::ChooseCustom,
            Action::SpecField("t0", "2021-03-01".into()),
            Action::SetOpening(Some(200), "200".into()),
            Action::Go(Step::Review),
            Action::SetRemember(true),
        ],
    );
    s.snapshot = Some(Rc::new(vec![SnapshotSource {
        id: 1,
        name: "Sample trades".into(),
        text: "x".into(),
        sheet: None,
    }]));
    let saved = s.saved();
    assert_eq!(saved.sources.len(), 1);
    let back = State::remembered(saved);
    assert_eq!(back.lang, Lang::En);
    assert_eq!(back.step, Step::Review);
    assert_eq!(back.choice, Choice::Custom);
    assert_eq!(back.spec.t0, "2021-03-01");
    assert_eq!(back.opening, Some(200));
    assert!(back.remember);
    assert_eq!(back.sources.len(), 1);
    assert_eq!(back.params().order, vec![1]);
}

#[test]
fn remembered_edits_follow_their_input_whatever_its_id() {
    // The sample is input 1; "clear all" and a paste make input 2, edited by hand. A
    // reload numbers the remembered inputs from 1: the edits must follow.
    let mut s = reduce(
        State::demo(),
        [
            Action::ClearSources,
            Action::AddPaste,
            Action::Exclude(RowKey { source: 2, row: 5 }),
            Action::SetRemember(true),
        ],
    );
    assert_eq!(s.sources.iter().map(|x| x.id).collect::<Vec<_>>(), vec![2]);
    s.snapshot = Some(Rc::new(vec![SnapshotSource {
        id: 2,
        name: "粘贴的文本 1".into(),
        text: "x".into(),
        sheet: None,
    }]));
    let back = State::remembered(s.saved());
    assert_eq!(back.params().order, vec![1]);
    assert_eq!(
        back.edits,
        vec![Edit { key: RowKey { source: 1, row: 5 }, action: EditAction::Exclude }]
    );
}

#[test]
fn pasted_texts_named_by_the_page_follow_the_language() {
    let s =
        reduce(State::default(), [Action::AddPaste, Action::AddPaste, Action::SetLang(Lang::En)]);
    let names: Vec<&str> = s.sources.iter().map(|x| x.name.as_str()).collect();
    assert_eq!(names, ["Pasted text 1", "Pasted text 2"]);
    let s = reduce(s, [Action::SetLang(Lang::Zh)]);
    assert_eq!(s.sources[1].name, "粘贴的文本 2");
}

#[test]
fn steps_go_forward_and_back() {
    assert_eq!(Step::Case.next(), Step::Trades);
    assert_eq!(Step::Result.next(), Step::Result);
    assert_eq!(Step::Review.prev(), Step::Trades);
    for s in Step::ALL {
        assert_eq!(Step::parse(s.as_str()), Some(s));
    }
}

#[test]
fn values_supplied_for_a_builtin_case_go_to_the_worker_and_into_links() {
    let s = reduce(
        State::demo(),
        [
            Action::ChooseCase("wanfu-2013".into()),
            Action::Supply("segments.s1.base_price".into(), "8.5".into()),
            Action::Supply("rules.systemic.method".into(), "none".into()),
            Action::Supply("rules.systemic.method".into(), " ".into()),
            Action::SupplyMarket("date,close,volume\n".into()),
        ],
    );
    let p = s.params();
    assert_eq!(p.supplied.values, vec![("segments.s1.base_price".to_owned(), "8.5".to_owned())]);
    assert_eq!(p.supplied.market, "date,close,volume\n");
    // The link carries the values, never the market data.
    assert_eq!(s.share_fragment(), "lang=zh&case=wanfu-2013&p.segments.s1.base_price=8.5");
    // The same case keeps them; another case starts afresh; a custom case sends none.
    let same = reduce(s.clone(), [Action::ChooseCase("wanfu-2013".into())]);
    assert_eq!(same.supplied, s.supplied);
    let other = reduce(s.clone(), [Action::ChooseCase("demo".into())]);
    assert_eq!(other.supplied, Supplied::default());
    let custom = reduce(s, [Action::ChooseCustom]);
    assert_eq!(custom.params().supplied, Supplied::default());
}

#[test]
fn a_link_with_supplied_values_sets_them() {
    let link = crate::share::decode("lang=en&case=wanfu-2013&p.segments.s1.base_price=8.5");
    let s = reduce(State::demo(), [Action::ApplyLink(Box::new(link))]);
    assert_eq!(s.choice, Choice::Builtin("wanfu-2013".into()));
    assert_eq!(s.lang, Lang::En);
    assert_eq!(s.supplied.value("segments.s1.base_price"), "8.5");
    assert_eq!(s.step, Step::Trades);
}

/// The first page as the app shows it: the demo with its pre-computed replies.
fn first_page_shown(lang: Lang) -> State {
    let replies = crate::demo::shown(lang, 0).into_iter().map(|r| Action::Reply(Rc::new(r)));
    reduce((*crate::demo::first_page(lang)).clone(), replies)
}

/// The demo's result is never shown once the user starts their own. Guards against step 3
/// showing the demo's trades and step 4 its 15,520.15 for 演示公司, with no demo banner,
/// while the worker loaded (issue 15, item 1).
#[test]
fn the_demo_s_result_is_never_shown_once_the_user_starts_their_own() {
    let s = first_page_shown(Lang::Zh);
    assert!(s.computed.as_ref().is_some_and(|c| c.result.is_ok()), "the demo is shown");
    assert!(s.review_page.is_some() && s.trades_page.is_some());
    for action in [
        Action::StartOwn,
        Action::Paste(1, "date,kind,quantity,price\n2021-03-02,buy,1000,10\n".into()),
        Action::AddFile(7, "a.csv".into(), 10),
        Action::ChooseCase("wanfu-2013".into()),
        Action::SetMethod(Some(Method::ActualCost)),
        Action::ApplyLink(Box::new(crate::share::decode("case=demo"))),
    ] {
        let what = format!("{action:?}");
        let s = reduce(s.clone(), [action, Action::Booting, Action::Sent(9)]);
        assert!(s.computed.is_none(), "{what}: the demo's result is gone");
        assert!(s.review_page.is_none() && s.trades_page.is_none(), "{what}: its rows too");
        assert_eq!(s.waiting(), Some(K::Booting), "{what}: says the calculator is loading");
        // A page of the pre-computed first page arriving late is not shown either.
        let late = crate::demo::shown(Lang::Zh, 0)
            .into_iter()
            .filter(|r| matches!(r.body, Body::Page(_)))
            .map(|r| Action::Reply(Rc::new(r)));
        let s = reduce(s, late);
        assert!(s.review_page.is_none() && s.trades_page.is_none(), "{what}: late pages");
    }
    // The untouched demo, switched to language, is still the demo (the app then gives it
    // the replies in that language).
    let en = reduce(s, [Action::SetLang(Lang::En)]);
    assert!(en.computed.is_some());
}

#[test]
fn a_calculator_that_cannot_be_fetched_is_said_and_can_be_tried_again() {
    let s = reduce(
        first_page_shown(Lang::Zh),
        [Action::StartOwn, Action::Booting, Action::Sent(4), Action::WorkerSlow],
    );
    assert_eq!(s.waiting(), Some(K::BootingSlow));
    let s = reduce(s, [Action::WorkerUnavailable(true)]);
    assert!(!s.busy() && !s.booting);
    assert_eq!(s.waiting(), Some(K::WorkerUnavailable));
    assert_eq!(s.notice, Some(Notice::WorkerUnavailable));
    let s = reduce(s, [Action::RetryWorker]);
    assert_eq!((s.retries, s.booting, s.notice.clone()), (1, true, None));
    assert!(s.busy(), "the requests sent before are awaited again");
    // The workbook reader failing says so, and leaves the calculator alone.
    let s = reduce(s, [Action::WorkerUnavailable(false)]);
    assert_eq!(s.notice, Some(Notice::WorkbookUnavailable));
    assert!(!s.worker_failed);
    // A slow start that answered in time says nothing more.
    let s = reduce(s, [computed(1, 4), Action::WorkerSlow]);
    assert_eq!(s.waiting(), None);
}

/// The user's own input that this device does not keep is unsaved (leaving then asks
/// first). Guards against a reload losing it without a word (issue 15, item 12).
#[test]
fn input_this_device_does_not_keep_is_unsaved() {
    assert!(!State::demo().unsaved(), "the demo is nobody's work");
    let pasted = reduce(State::demo(), [Action::StartOwn, Action::AddPaste]);
    assert!(!pasted.unsaved(), "an empty box");
    let pasted = reduce(pasted, [Action::Paste(2, "date,kind\n".into())]);
    assert!(pasted.unsaved());
    assert!(!reduce(pasted, [Action::SetRemember(true)]).unsaved(), "kept on this device");
    let file = reduce(State::demo(), [Action::AddFile(5, "a.csv".into(), 10)]);
    assert!(file.unsaved());
    let custom =
        reduce(State::demo(), [Action::ChooseCustom, Action::SpecField("t0", "2021-03-01".into())]);
    assert!(custom.unsaved());
    let supplied = reduce(
        State::demo(),
        [Action::ChooseCase("wanfu-2013".into()), Action::Supply("x".into(), "1".into())],
    );
    assert!(supplied.unsaved());
}

/// An embedded page does not announce the host's parameters as a link's. Guards against
/// "已按链接设置" in an embedding (issue 15, item 11).
#[test]
fn an_embedded_page_announces_no_link() {
    let link = crate::share::decode("case=wanfu-2013&lang=en");
    let s = reduce(State { embed: true, ..State::demo() }, [Action::ApplyLink(Box::new(link))]);
    assert_eq!(s.notice, None);
    assert_eq!(s.choice, Choice::Builtin("wanfu-2013".into()));
    assert!(s.link_pending, "an unknown case would still show the list");
}

fn reconciled(seq: u64) -> Action {
    Action::Reply(Rc::new(Reply {
        seq,
        body: Body::Reconciled(Box::new(crate::protocol::ReconcileView {
            offered: "1.00".into(),
            ..crate::protocol::ReconcileView::default()
        })),
    }))
}

/// The check of an amount offered stays until the inputs or the case change, though the
/// worker computes again when it learns the date or a case's data arrive; an answer about
/// inputs changed since it was asked is not shown. Guards against the answer vanishing
/// with each new computation.
#[test]
fn a_reconcile_answer_stays_until_the_inputs_change() {
    let s = reduce(State::demo(), [Action::Sent(3), Action::Reconciling, reconciled(4)]);
    assert!(!s.reconciling);
    assert!(s.reconciled.is_some());
    let s = reduce(s, [computed(7, 5)]);
    assert!(s.reconciled.is_some(), "a computation of the same inputs keeps it");
    let s = reduce(s, [Action::Sent(6)]);
    assert!(s.reconciled.is_none(), "a change of the inputs drops it");
    let s = reduce(s, [Action::Reconciling, Action::Sent(8), reconciled(7)]);
    assert!(s.reconciled.is_none() && !s.reconciling, "asked before the change: not shown");
}

/// The first page with its result replaced: no segment has eligible shares (the sample
/// trades under a case whose window they are not in).
fn with_nothing_eligible(mut s: State) -> State {
    let mut c = (**s.computed.as_ref().unwrap()).clone();
    if let Ok(r) = &mut c.result {
        r.compensation = "0.00".into();
        for _ in 0..r.segments.len() {
            r.warnings.push(crate::protocol::WarningView {
                code: "no-eligible-shares".into(),
                at: String::new(),
                message: "在实施日至揭露日之间没有可索赔的买入".into(),
            });
        }
    }
    s.computed = Some(Rc::new(c));
    s
}

/// The banner that says the result is the sample trades' shows only when the result shown
/// is computed on them. Guards against "这是示例交易在所选案件下的计算结果" above
/// "还不能计算 没有交易记录" after "全部清除" or with an empty paste (QA pass, item 2).
#[test]
fn the_sample_banner_shows_only_over_a_result_of_the_sample_trades() {
    let s = first_page_shown(Lang::Zh);
    assert_eq!(s.sample(), Sample::Demo);
    let cleared = reduce(s.clone(), [Action::Go(Step::Trades), Action::ClearSources]);
    assert_eq!(cleared.sample(), Sample::None, "all inputs cleared");
    assert!(!cleared.demo, "nothing of the demo is left to answer for");
    let empty =
        reduce(cleared, [Action::AddPaste, Action::Booting, Action::Sent(5), computed(1, 5)]);
    assert_eq!(empty.sample(), Sample::None, "an empty paste");
    // The sample trades, added back, with no result (yet, or none can be made): no banner.
    let back = reduce(
        s.clone(),
        [Action::ClearSources, Action::LoadSample, Action::Sent(6), computed(2, 6)],
    );
    assert_eq!(back.sample(), Sample::None, "no result of them is shown");
    // Under a case the user chose.
    let chosen = reduce(s.clone(), [Action::Go(Step::Case)]);
    let mut chosen = chosen;
    chosen.choice = Choice::Builtin("kangmei-2021".into());
    assert_eq!(chosen.sample(), Sample::OtherCase);
}

/// The sample trades under a real case whose window they are not in do not read as "you
/// get nothing": the result says plainly that they are outside the case's period. Guards
/// against a big "0.00 元" for 康美 on the 2021 sample trades (QA pass, item 2).
#[test]
fn the_sample_trades_outside_a_case_s_period_are_said_to_be_so() {
    let mut s = with_nothing_eligible(first_page_shown(Lang::Zh));
    s.choice = Choice::Builtin("kangmei-2021".into());
    assert_eq!(s.sample(), Sample::OutsideCase);
    // One's own trades outside the period are a result like any other (0.00, with why).
    let mut own = s.clone();
    own.sources.clear();
    assert_eq!(own.sample(), Sample::None);
}

//! The whole page: the reducer, the worker and the four steps, wired together.
//!
//! The reducer ([`crate::state`]) holds what the user chose; effects here send the worker
//! what changed (pasted text, the parameters, which page of a table to show) and the
//! worker's replies come back as actions. Exports are saved as same-page blobs; "remember"
//! writes local storage only when ticked.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use redress::Lang;
use yew::prelude::*;

use super::Ctx;
use super::case_step::CaseStep;
use super::chrome::{Footer, Masthead, NoticeBar, ProgressLine, StepNav, Stepper};
use super::result_step::ResultStep;
use super::review_step::ReviewStep;
use super::trades_step::TradesStep;
use crate::demo;
use crate::embed;
use crate::protocol::{Body, Content, Job, PageQuery, Reply, Table};
use crate::services::browser::{self, WorkerReport};
use crate::services::engine::EngineLink;
use crate::services::storage;
use crate::share::{self, Saved};
use crate::state::{Action, Notice, PRINT_ROWS, SLOW_WORKER_MS, SourceKind, State, Step};

/// What the worker was last sent of each input: its name and the pasted text (`None` for
/// a file).
type Sent = Rc<RefCell<HashMap<u32, (String, Option<Rc<str>>)>>>;

/// Whether a job changes the result (the page then waits for the worker).
fn changes_result(job: &Job) -> bool {
    matches!(job, Job::Source { .. } | Job::RemoveSource { .. } | Job::Compute(_))
}

/// The whole page.
#[function_component(App)]
pub fn app() -> Html {
    let frame = use_memo((), |_| embed::frame(&browser::search()));
    // What the loader says of the offline copy (the footer says it; README "Install / offline").
    let offline_copy = use_state(browser::offline_state);
    {
        let set = offline_copy.setter();
        use_effect_with((), move |_| browser::on_offline_state(move |s| set.set(s)));
    }
    // What this device remembers, if the user asked (an embedded page never reads it). The
    // first render is already that state: a first render of the demo sent the worker the
    // sample under the id of the first remembered file, which it then replaced.
    let saved = {
        let embed = frame.embed;
        use_memo((), move |_| (!embed).then(storage::load).flatten().and_then(|t| Saved::read(&t)))
    };
    let state = {
        let saved = saved.clone();
        let embed = frame.embed;
        use_reducer(move || {
            let mut first = match &*saved {
                Some(s) => State::remembered(s.clone()),
                None => State::demo(),
            };
            first.embed = embed;
            // A state saved by an earlier version (another format) cannot be read: say so
            // rather than show the demo as if nothing had been kept (the first render
            // deletes it, as unticking would).
            if saved.is_none() && !embed && storage::earlier() {
                first.notice = Some(Notice::RememberedEarlier);
            }
            // Already in the address's language (`?lang=en`), so that the first screen the
            // page shows is the one it keeps (no redraw in the other language).
            let address =
                format!("{}&{}", browser::search().trim_start_matches('?'), browser::hash());
            match share::decode(&address).lang {
                Some(lang) if lang != first.lang => {
                    (*Rc::new(first).reduce(Action::SetLang(lang))).clone()
                }
                _ => first,
            }
        })
    };
    let next_id = use_mut_ref(|| 1_000_u32);
    let sent: Sent = use_mut_ref(HashMap::new);

    // The worker, started on first need (the user's first intent, or a start that is not
    // the plain demo); its replies become actions (exports are saved at once).
    let link = {
        let dispatch = state.dispatcher();
        use_memo((), move |_| {
            EngineLink::new(browser::worker_url(), move |reply: Reply| {
                if let Body::Export(export) = &reply.body {
                    if !export.text.is_empty() {
                        browser::download(&export.file_name, &export.mime, &export.text);
                    }
                    return;
                }
                dispatch.dispatch(Action::Reply(Rc::new(reply)));
            })
        })
    };
    // Started: it is loading; after a while, the page says why that may take long.
    let booting = {
        let dispatch = state.dispatcher();
        Callback::from(move |()| {
            dispatch.dispatch(Action::Booting);
            // Offline, its code cannot come, unless this device saved the app: then it
            // comes from there, and a notice shown meanwhile would move the page under the
            // user's finger between pointerdown and click (the first tap offline did
            // nothing). Without a saved copy, the worker's answer clears it if it comes.
            let saved = matches!(
                browser::offline_state(),
                Some(browser::Offline::Ready | browser::Offline::Update)
            );
            if !browser::online() && !saved {
                dispatch.dispatch(Action::WorkerUnavailable(true));
            }
            let dispatch = dispatch.clone();
            browser::after(SLOW_WORKER_MS, move || {
                dispatch.dispatch(if browser::online() {
                    Action::WorkerSlow
                } else {
                    Action::WorkerUnavailable(true)
                });
            });
        })
    };
    let start = {
        let link = link.clone();
        let booting = booting.clone();
        Callback::from(move |()| {
            if link.start() {
                booting.emit(());
            }
        })
    };
    // Loaded again when the user asks, after its code could not be fetched.
    {
        let link = link.clone();
        use_effect_with(state.retries, move |retries| {
            if *retries > 0 {
                link.retry();
                booting.emit(());
            }
        });
    }
    let send = {
        let link = link.clone();
        let dispatch = state.dispatcher();
        let start = start.clone();
        Callback::from(move |job: Job| {
            // The worker starts for anything the pre-computed first page does not answer
            // (it also starts on the user's first intent, see the start effect).
            if !link.started() && !demo::answers(&job) {
                start.emit(());
            }
            let changes = changes_result(&job);
            let seq = link.send(job);
            if changes {
                dispatch.dispatch(Action::Sent(seq));
            }
        })
    };

    // Start: what was remembered, else the address (a share link or an embedding).
    {
        let dispatch = state.dispatcher();
        let send = send.clone();
        let sent = sent.clone();
        let frame = frame.clone();
        let saved = saved.clone();
        let start = start.clone();
        use_effect_with((), move |_| {
            {
                let start = start.clone();
                browser::on_intent(move || start.emit(()));
                let dispatch = dispatch.clone();
                let offline = dispatch.clone();
                browser::on_offline(move || offline.dispatch(Action::Offline));
                browser::on_worker_report(move |report| {
                    dispatch.dispatch(match report {
                        WorkerReport::Crashed => Action::WorkerStopped,
                        WorkerReport::Unavailable { calculator } => {
                            Action::WorkerUnavailable(calculator)
                        }
                    });
                });
            }
            if frame.embed {
                browser::set_root_class("embed");
                browser::post_height_on_resize(embed::HEIGHT_MESSAGE);
            }
            if let Some(accent) = &frame.accent {
                browser::set_css_variable("--accent", accent);
            }
            let link = share::decode(&format!(
                "{}&{}",
                browser::search().trim_start_matches('?'),
                browser::hash()
            ));
            if saved.is_some() || !link.is_empty() {
                start.emit(());
            }
            if let Some(saved) = &*saved {
                // Files come back as their decoded text (a workbook as the rows it was read
                // as), under the ids the reducer gave.
                for (i, s) in saved.sources.iter().enumerate() {
                    let id = u32::try_from(i + 1).unwrap_or(u32::MAX - 1);
                    if s.file {
                        sent.borrow_mut().insert(id, (s.name.clone(), None));
                        let content = match &s.sheet {
                            Some(sheet) => Content::Sheet(Ok(sheet.clone())),
                            None => Content::Text(s.text.clone()),
                        };
                        send.emit(Job::Source { id, name: s.name.clone(), content });
                    }
                }
            }
            // A link applies over what was remembered: the user opened it to see its
            // case and rules on their trades.
            if !link.is_empty() {
                dispatch.dispatch(Action::ApplyLink(Box::new(link)));
            } else if let Some(lang) = link.lang {
                dispatch.dispatch(Action::SetLang(lang));
            }
        });
    }

    // Leaving or reloading with input this device does not keep asks first.
    {
        let unsaved = use_memo((), |_| std::cell::Cell::new(false));
        unsaved.set(state.unsaved());
        use_effect_with((), move |_| browser::confirm_leaving_while(unsaved));
    }

    // Inputs: send pasted text that changed, and forget inputs that were removed.
    {
        let send = send.clone();
        let sent = sent.clone();
        use_effect_with(state.sources.clone(), move |sources| {
            let mut known = sent.borrow_mut();
            for s in sources {
                match &s.kind {
                    SourceKind::Pasted(text) => {
                        // The name too: the sample's name follows the language.
                        let same = matches!(known.get(&s.id), Some((name, Some(t)))
                            if *name == s.name && (Rc::ptr_eq(t, text) || t == text));
                        if !same {
                            known.insert(s.id, (s.name.clone(), Some(text.clone())));
                            send.emit(Job::Source {
                                id: s.id,
                                name: s.name.clone(),
                                content: Content::Text(text.to_string()),
                            });
                        }
                    }
                    SourceKind::File { .. } => {
                        known.entry(s.id).or_insert_with(|| (s.name.clone(), None));
                    }
                }
            }
            let gone: Vec<u32> =
                known.keys().copied().filter(|id| !sources.iter().any(|s| s.id == *id)).collect();
            for id in gone {
                known.remove(&id);
                send.emit(Job::RemoveSource { id });
            }
        });
    }

    // Everything else the estimate depends on.
    {
        let send = send.clone();
        use_effect_with(state.params(), move |params| send.emit(Job::Compute(params.clone())));
    }

    // The case list, in the language shown.
    {
        let send = send.clone();
        use_effect_with((state.case_query.clone(), state.lang), move |(query, lang)| {
            send.emit(Job::Cases { query: query.clone(), lang: *lang });
        });
    }

    // The pages of the tables shown.
    {
        let send = send.clone();
        use_effect_with((state.review_query(), state.rev()), move |(q, _)| {
            send.emit(Job::Page(*q))
        });
    }
    {
        let send = send.clone();
        use_effect_with((state.trades_query(), state.rev()), move |(q, _)| {
            send.emit(Job::Page(*q))
        });
    }

    // The first page without the worker: its pre-computed replies (see `demo::shown`).
    {
        let link = link.clone();
        let dispatch = state.dispatcher();
        let demo = state.demo;
        use_effect_with(state.lang, move |lang| {
            if demo && !link.started() {
                for reply in demo::shown(*lang, link.last_seq()) {
                    dispatch.dispatch(Action::Reply(Rc::new(reply)));
                }
            }
        });
    }

    // The page shows once it has drawn its first screen (the demo's result, or any other
    // start), never half-drawn; the same screen prerendered into index.html (captured by
    // scripts/prerender.mjs) shows until then.
    use_effect_with(!state.demo || state.computed.is_some(), |drawn| {
        if *drawn {
            browser::first_screen_drawn();
        }
    });

    // The language of the document.
    use_effect_with(state.lang, |lang| {
        browser::set_document_lang(if *lang == Lang::En { "en" } else { "zh-CN" })
    });

    // Steps are history entries, so that the browser's Back goes to the previous step
    // instead of leaving (and losing what was entered). Only steps the user moved to after
    // acting are new entries: moves the page makes at start (a share link, an unknown
    // case) replace the first one, so that Back never shows a step the user did not see.
    // Not in an embedded page: its history is the host page's too.
    // Whether the user has acted on the page (its first intent), set before the page's own
    // handlers run.
    let acted = use_mut_ref(|| false);
    {
        let acted = acted.clone();
        use_effect_with((), move |_| browser::on_intent(move || *acted.borrow_mut() = true));
    }
    {
        let shown = use_mut_ref(|| None::<Step>);
        let acted = acted.clone();
        let dispatch = state.dispatcher();
        let embed = frame.embed;
        use_effect_with(state.step, move |step| {
            if !embed {
                if shown.borrow().is_none() {
                    let shown = shown.clone();
                    browser::on_step_popped(move |name| {
                        if let Some(step) = Step::parse(&name) {
                            *shown.borrow_mut() = Some(step);
                            dispatch.dispatch(Action::Go(step));
                        }
                    });
                }
                if *shown.borrow() != Some(*step) {
                    browser::record_step(step.as_str(), *acted.borrow());
                    *shown.borrow_mut() = Some(*step);
                }
            }
        });
    }

    // Move the focus to the heading of a step the user went to: never to one the page
    // moved to by itself (a link's case opens the trades step), which in an embedded page
    // took the focus from the host page and scrolled it to the widget.
    {
        let first = use_mut_ref(|| true);
        use_effect_with(state.step, move |step| {
            if !std::mem::replace(&mut *first.borrow_mut(), false) && *acted.borrow() {
                browser::focus(heading_id(*step));
            }
        });
    }

    // Remember on this device: ask the worker for the inputs as text after each result,
    // write them when they come; forget when unticked. An embedded page neither reads nor
    // touches what the page at the top remembered.
    {
        let send = send.clone();
        let embed = frame.embed;
        use_effect_with((state.remember, state.rev()), move |(remember, _)| {
            if *remember {
                send.emit(Job::Snapshot);
            } else if !embed {
                storage::clear();
            }
        });
    }
    // Written when the inputs' text comes, and after every computation and step change:
    // a fix by hand changes the result but not the text (an equal snapshot would not
    // run this again).
    {
        let state = state.clone();
        let key = (state.snapshot.clone(), state.rev(), state.step);
        use_effect_with(key, move |(snapshot, _, _)| {
            if state.remember && snapshot.is_some() && !storage::save(&state.saved().write()) {
                state.dispatch(Action::Notify(Some(Notice::TooLarge)));
            }
        });
    }

    // Printing: every row of each segment, asked for when the Print button is pressed and
    // again for a newer result (the first page's pre-computed result is replaced by the
    // worker's as it starts); printed once the current result's rows are all in.
    let segments = state
        .computed
        .as_ref()
        .and_then(|c| c.result.as_ref().ok())
        .map_or(0, |r| r.segments.len());
    {
        let send = send.clone();
        use_effect_with((state.printing, state.rev(), segments), move |(printing, _, segments)| {
            if *printing {
                for segment in 0..u32::try_from(*segments).unwrap_or(0) {
                    send.emit(Job::Page(PageQuery {
                        table: Table::Trades { segment },
                        offset: 0,
                        limit: PRINT_ROWS,
                    }));
                }
            }
        });
    }
    {
        let state = state.clone();
        let rev = state.rev();
        let pages = state.print_pages.iter().filter(|p| p.rev == rev).count();
        use_effect_with((state.printing, pages), move |(printing, pages)| {
            if *printing && *pages >= segments {
                browser::print();
                state.dispatch(Action::Print(false));
            }
        });
    }

    let ctx = Ctx {
        lang: state.lang,
        dispatch: {
            let d = state.dispatcher();
            Callback::from(move |a: Action| d.dispatch(a))
        },
        send,
        new_id: Callback::from(move |()| {
            let mut n = next_id.borrow_mut();
            *n += 1;
            *n
        }),
    };

    let computed = state.computed.clone();
    let review = computed.as_ref().map(|c| c.review.clone());
    let case = computed.as_ref().and_then(|c| c.case.clone());
    let t0 = case.as_ref().map(|c| c.t0.clone()).unwrap_or_default();
    // The inputs that add nothing, with why (the result names them, not only the review).
    let unused = review.as_ref().map_or_else(Default::default, |r| {
        let inputs: Vec<_> = r.sources.iter().filter(|s| s.id != crate::engine::ADDED).collect();
        let unused = inputs
            .iter()
            .filter_map(|s| s.unused.as_ref().map(|why| (s.name.clone(), why.clone())))
            .collect::<Vec<_>>();
        (unused, inputs.len())
    });
    let body = match state.step {
        Step::Case => {
            let problem = computed
                .as_ref()
                .and_then(|c| c.result.as_ref().err().filter(|p| p.concerns_the_case()).cloned());
            html! { <CaseStep query={state.case_query.clone()} cases={state.cases.clone()} choice={state.choice.clone()}
            spec={state.spec.clone()} case={case.clone()} {problem} supplied={state.supplied.clone()}
            touched={state.touched.clone()} reveal={state.reveal} /> }
        }
        Step::Trades => {
            html! { <TradesStep sources={state.sources.clone()} review={review.clone()} /> }
        }
        Step::Review => html! {
            <ReviewStep review={review.clone()} waiting={state.waiting()} {t0} filter={state.filter} offset={state.review_offset}
                page={state.review_page.clone()} editor={state.editor.clone()} opening={state.opening}
                opening_text={state.opening_text.clone()} />
        },
        Step::Result => html! {
            <ResultStep result={computed.as_ref().map(|c| c.result.clone())} waiting={state.waiting()} case={case.clone()}
                rejected={review.as_ref().map_or(0, |r| r.counts.rejected)} unused={unused}
                overlaps={review.as_ref().map(|r| r.overlaps.clone()).unwrap_or_default()} segment={state.segment}
                offset={state.trades_offset} page={state.trades_page.clone()} print_pages={state.print_pages.clone()}
                rev={state.rev()} sample={state.sample()} fragment={state.share_fragment()}
                reconciled={state.reconciled.clone()} reconciling={state.reconciling} />
        },
    };
    html! {
        <ContextProvider<Ctx> context={ctx}>
            <div class={classes!("page", frame.embed.then_some("embedded"))}>
                <Masthead />
                // (Where the step shows that the calculator could not be loaded, once is enough.)
                <NoticeBar notice={state.notice.clone().filter(|n| {
                    !(*n == Notice::WorkerUnavailable && computed.is_none()
                        && matches!(state.step, Step::Review | Step::Result))
                })} />
                <Stepper step={state.step} />
                <ProgressLine busy={state.busy()} progress={state.progress} waiting={state.waiting()} />
                <main id="main">{ body }</main>
                <StepNav step={state.step} />
                if !frame.embed {
                    <Footer remember={state.remember} offline={*offline_copy} />
                }
            </div>
        </ContextProvider<Ctx>>
    }
}

/// The id of a step's heading (focused when the user goes there).
pub fn heading_id(step: Step) -> &'static str {
    match step {
        Step::Case => "case-heading",
        Step::Trades => "trades-heading",
        Step::Review => "review-heading",
        Step::Result => "result-heading",
    }
}

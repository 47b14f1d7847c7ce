//! The frame around the steps: the masthead with the language switch, the step list, the
//! progress line, notices, the back/next buttons and the footer with "remember" and the
//! offline status.

use redress::Lang;
use yew::prelude::*;

use super::{checked, use_ctx};
use crate::i18n::{self, K};
use crate::protocol::{Progress, Stage};
use crate::services::browser::{self, Offline};
use crate::state::{Action, Notice, Step};

/// The masthead.
#[function_component(Masthead)]
pub fn masthead() -> Html {
    let ctx = use_ctx();
    let other = if ctx.lang == Lang::Zh { Lang::En } else { Lang::Zh };
    let toggle = ctx.on::<MouseEvent>(Action::SetLang(other));
    html! {
        <header class="masthead">
            <div class="masthead-row">
                // The name wraps as a whole after "Redress", never a character alone.
                <h1 class="title">{ "Redress" }{ ctx.lang.pick(" ", " · ") }<span class="title-what">{ ctx.t(K::AppName) }</span></h1>
                <button type="button" class="button quiet lang-toggle" onclick={toggle}
                    lang={if other == Lang::Zh { "zh-CN" } else { "en" }}
                    aria-label={ctx.t(K::LangToggleLabel)}>
                    { ctx.t(K::LangToggle) }
                </button>
            </div>
            <p class="lede">{ ctx.t(K::Tagline) }</p>
        </header>
    }
}

/// Props of [`Stepper`].
#[derive(Properties, PartialEq)]
pub struct StepperProps {
    /// The step shown.
    pub step: Step,
}

/// The list of steps; the current one is marked for screen readers too.
#[function_component(Stepper)]
pub fn stepper(p: &StepperProps) -> Html {
    let ctx = use_ctx();
    let current = Step::ALL.iter().position(|s| *s == p.step).unwrap_or(0);
    html! {
        <nav class="stepper no-print" aria-label={ctx.t(K::Steps)}>
            <ol>
                { for Step::ALL.iter().enumerate().map(|(i, s)| {
                    let class = classes!(
                        "step",
                        (i == current).then_some("current"),
                        (i < current).then_some("done"),
                    );
                    html! {
                        <li class={class}>
                            <button type="button" class="step-button" onclick={ctx.on::<MouseEvent>(Action::Go(*s))}
                                aria-current={(i == current).then_some("step")}>
                                <span class="step-number" aria-hidden="true">{ i + 1 }</span>
                                <span class="step-label">{ s.label(ctx.lang) }</span>
                            </button>
                        </li>
                    }
                }) }
            </ol>
        </nav>
    }
}

/// The case step's fields that say they are wrong, or have a problem not shown yet (an
/// empty required field the user has not reached).
const FLAGGED_ON_CASE_STEP: &str = r#".custom-form [aria-invalid="true"], .custom-form [data-pending], .needs [aria-invalid="true"]"#;

/// Props of [`StepNav`].
#[derive(Properties, PartialEq)]
pub struct StepNavProps {
    /// The step shown.
    pub step: Step,
}

/// Back and next.
#[function_component(StepNav)]
pub fn step_nav(p: &StepNavProps) -> Html {
    let ctx = use_ctx();
    // Leaving the case step with a field it flags (the custom form's, or a value a real
    // case needs) would only show the problem again on the result step: "Next" takes
    // the user to the first such field instead. (The step buttons above go anywhere.)
    let next = {
        let d = ctx.dispatch.clone();
        let step = p.step;
        Callback::from(move |_: MouseEvent| {
            if step == Step::Case && crate::services::browser::focus_first(FLAGGED_ON_CASE_STEP) {
                d.emit(Action::RevealProblems);
            } else {
                d.emit(Action::Go(step.next()));
            }
        })
    };
    html! {
        <div class="step-nav no-print">
            if p.step != Step::Case {
                <button type="button" class="button quiet" onclick={ctx.on::<MouseEvent>(Action::Go(p.step.prev()))}>
                    { "← " }{ ctx.t(K::Back) }
                </button>
            }
            if p.step != Step::Result {
                <button type="button" class="button primary" onclick={next}>
                    { ctx.t(K::Next) }{ ctx.colon() }{ p.step.next().label(ctx.lang) }{ " →" }
                </button>
            }
        </div>
    }
}

/// Props of [`ProgressLine`].
#[derive(Properties, PartialEq)]
pub struct ProgressProps {
    /// Whether the worker is busy.
    pub busy: bool,
    /// Its progress.
    pub progress: Option<Progress>,
    /// What the page is waiting for (the calculator loading, slowly), if anything.
    #[prop_or_default]
    pub waiting: Option<K>,
}

/// A calm progress line while the worker computes (announced politely).
#[function_component(ProgressLine)]
pub fn progress_line(p: &ProgressProps) -> Html {
    let ctx = use_ctx();
    let text = match (p.busy, p.progress) {
        (false, _) => String::new(),
        (true, None) if matches!(p.waiting, Some(K::Booting | K::BootingSlow)) => {
            ctx.t(K::Booting).to_owned()
        }
        (true, None) => ctx.t(K::Busy).to_owned(),
        (true, Some(pr)) => {
            let stage = ctx.t(match pr.stage {
                Stage::Reading => K::StageReading,
                Stage::Computing => K::StageComputing,
                Stage::Comparing => K::StageComparing,
                Stage::Presenting => K::StagePresenting,
                Stage::CaseData => K::StageCaseData,
            });
            i18n::progress(ctx.lang, stage, pr.done + 1, pr.total)
        }
    };
    let value = p.progress.map_or(0, |pr| match pr.stage {
        Stage::Reading => 1,
        Stage::Computing => 2,
        Stage::Comparing => 3,
        Stage::Presenting => 4,
        Stage::CaseData => 1,
    });
    html! {
        <div class={classes!("progress", "no-print", p.busy.then_some("active"))} role="status" aria-live="polite">
            if p.busy {
                <progress id="progress" max="5" value={value.to_string()} aria-label={ctx.t(K::Busy)}></progress>
                <span class="progress-text">{ text }</span>
            }
        </div>
    }
}

/// Props of [`Waiting`].
#[derive(Properties, PartialEq)]
pub struct WaitingProps {
    /// What the page waits for.
    pub waiting: K,
}

/// In place of a review or result that is not there yet: the calculator loading (and why
/// that may take long), or that it could not be loaded, with a way to try again. Never
/// an earlier result.
#[function_component(Waiting)]
pub fn waiting(p: &WaitingProps) -> Html {
    let ctx = use_ctx();
    let failed = p.waiting == K::WorkerUnavailable;
    html! {
        <div class={classes!("waiting", failed.then_some("failed"))} id="waiting" role="status">
            <p>{ ctx.t(p.waiting) }</p>
            if failed || p.waiting == K::BootingSlow {
                <button type="button" class="button primary"
                    onclick={ctx.on::<MouseEvent>(Action::RetryWorker)}>{ ctx.t(K::RetryWorker) }</button>
            }
        </div>
    }
}

/// Props of [`NoticeBar`].
#[derive(Properties, PartialEq)]
pub struct NoticeProps {
    /// The notice.
    pub notice: Option<Notice>,
}

/// A dismissible notice.
#[function_component(NoticeBar)]
pub fn notice_bar(p: &NoticeProps) -> Html {
    let ctx = use_ctx();
    let Some(n) = &p.notice else { return html! {} };
    let body = match n {
        Notice::LinkApplied => html! { { ctx.t(K::LinkApplied) } },
        Notice::Copied => html! { { ctx.t(K::Copied) } },
        Notice::TooLarge => html! { { ctx.t(K::RememberTooLarge) } },
        Notice::RememberedEarlier => html! { { ctx.t(K::RememberedEarlier) } },
        Notice::WorkerStopped => html! { { ctx.t(K::WorkerStopped) } },
        Notice::WorkerUnavailable => html! {
            <>
                <p id="worker-unavailable">{ ctx.t(K::WorkerUnavailable) }</p>
                <button type="button" class="button primary" id="retry-worker"
                    onclick={ctx.on::<MouseEvent>(Action::RetryWorker)}>{ ctx.t(K::RetryWorker) }</button>
            </>
        },
        Notice::WorkbookUnavailable => html! { { ctx.t(K::WorkbookUnavailable) } },
        Notice::UnknownCase(why) => {
            html! { <>{ why }{ ctx.lang.pick("。", ". ") }{ ctx.t(K::ChooseFromList) }</> }
        }
        Notice::CopyFailed(link) => html! {
            <>
                <label for="share-link">{ ctx.t(K::CopyFailed) }</label>
                <input id="share-link" class="share-link" type="text" readonly=true value={link.clone()} />
            </>
        },
    };
    html! {
        <div class="notice no-print" role="status">
            <div class="notice-body">{ body }</div>
            <button type="button" class="button quiet close" onclick={ctx.on::<MouseEvent>(Action::Notify(None))}
                aria-label={ctx.t(K::Dismiss)}>{ "×" }</button>
        </div>
    }
}

/// Props of [`Footer`].
#[derive(Properties, PartialEq)]
pub struct FooterProps {
    /// Whether "remember" is ticked.
    pub remember: bool,
    /// What the loader says of the offline copy.
    #[prop_or_default]
    pub offline: Option<Offline>,
}

/// Privacy, "remember on this device" with exactly what it keeps, the disclaimer, and
/// whether the page works offline (last, so that it moves nothing when it appears).
#[function_component(Footer)]
pub fn footer(p: &FooterProps) -> Html {
    let ctx = use_ctx();
    let dispatch = ctx.dispatch.clone();
    let onchange = Callback::from(move |e: Event| dispatch.emit(Action::SetRemember(checked(&e))));
    html! {
        <footer class="footer">
            <p class="privacy">{ ctx.t(K::Privacy) }</p>
            <div class="remember no-print">
                <input id="remember" type="checkbox" checked={p.remember} {onchange}
                    aria-describedby="remember-what" />
                <label for="remember">{ ctx.t(K::Remember) }</label>
                <p id="remember-what" class="hint">{ ctx.t(K::RememberWhat) }</p>
            </div>
            <p class="disclaimer">{ ctx.t(K::Disclaimer) }</p>
            { offline_status(ctx.lang, p.offline) }
        </footer>
    }
}

/// One quiet line: the site's files are being saved, saved (the page works offline), a
/// newer version is saved (with a button to reload into it), or they could not be saved.
/// A live region, present (empty) before it has something to say.
fn offline_status(lang: Lang, state: Option<Offline>) -> Html {
    let (class, key) = match state {
        None => (None, None),
        Some(Offline::Saving) => (None, Some(K::OfflineSaving)),
        Some(Offline::Ready) => (Some("ready"), Some(K::OfflineReady)),
        Some(Offline::Update) => (Some("ready"), Some(K::OfflineUpdate)),
        Some(Offline::Failed) => (None, Some(K::OfflineFailed)),
    };
    html! {
        <p id="offline-status" class={classes!("offline-status", "no-print", class)} role="status">
            if let Some(key) = key {
                { i18n::t(lang, key) }
            }
            if state == Some(Offline::Update) {
                { " " }
                <button type="button" class="button quiet small" id="offline-reload"
                    data-leaves=""
                    onclick={Callback::from(|_: MouseEvent| browser::reload())}>
                    { i18n::t(lang, K::OfflineReload) }
                </button>
            }
        </p>
    }
}

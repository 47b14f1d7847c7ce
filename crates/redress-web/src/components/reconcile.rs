//! "Why is my number different?" on the result page: what each contested choice is worth
//! ([`WhatIfTable`]) and the check of an amount offered ([`ReconcileForm`]), both computed
//! by the worker with the core's `redress::reconcile`.

use std::rc::Rc;

use yew::prelude::*;

use super::{input_value, use_ctx};
use crate::i18n::K;
use crate::protocol::{CandidateView, ChangeView, Job, OfferSpec, ReconcileView, WhatIfView};
use crate::state::Action;

/// Props of [`WhatIfTable`].
#[derive(Properties, PartialEq)]
pub struct WhatIfProps {
    /// Each contested choice, largest effect first.
    pub rows: Vec<WhatIfView>,
}

/// Each contested choice and what its other values would give.
#[function_component(WhatIfTable)]
pub fn what_if_table(p: &WhatIfProps) -> Html {
    let ctx = use_ctx();
    if p.rows.is_empty() {
        return html! {};
    }
    html! {
        <section class="block" aria-labelledby="what-if-heading" id="what-if">
            <h3 id="what-if-heading">{ ctx.t(K::WhatIfHeading) }</h3>
            <p class="hint">{ ctx.t(K::WhatIfIntro) }</p>
            <div class="table-wrap" role="region" aria-label={ctx.t(K::WhatIfHeading)} tabindex="0">
                <table class="what-if">
                    <thead>
                        <tr>
                            <th scope="col">{ ctx.t(K::WhatIfChoice) }</th>
                            <th scope="col">{ ctx.t(K::WhatIfCurrent) }</th>
                            <th scope="col">{ ctx.t(K::WhatIfOther) }</th>
                        </tr>
                    </thead>
                    <tbody>
                        { for p.rows.iter().map(|w| html! {
                            <tr>
                                <th scope="row">{ &w.label }</th>
                                <td>{ &w.current }</td>
                                <td>
                                    <ul class="plain">
                                        { for w.alternatives.iter().map(|(v, amount, change)| html! {
                                            <li>
                                                { v }{ ctx.colon() }<span class="num">{ amount }</span>
                                                if !change.is_empty() { <span class="muted num">{ " (" }{ change }{ ")" }</span> }
                                            </li>
                                        }) }
                                    </ul>
                                </td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
        </section>
    }
}

/// Props of [`ReconcileForm`].
#[derive(Properties, PartialEq)]
pub struct ReconcileProps {
    /// The last answer, when it belongs to the result shown.
    pub answer: Option<Rc<ReconcileView>>,
    /// Whether a search is under way.
    pub busy: bool,
}

/// The amount offered (and the offer letter's other figures) and the choices that give it.
#[function_component(ReconcileForm)]
pub fn reconcile_form(p: &ReconcileProps) -> Html {
    let ctx = use_ctx();
    let spec = use_state(OfferSpec::default);
    let field = |id: &'static str, label: K, value: &str, set: fn(&mut OfferSpec, String)| {
        let spec = spec.clone();
        let oninput = Callback::from(move |e: InputEvent| {
            let mut next = (*spec).clone();
            set(&mut next, input_value(&e));
            spec.set(next);
        });
        html! {
            <div class="field">
                <label for={id}>{ ctx.t(label) }</label>
                <input id={id} type="text" inputmode="decimal" autocomplete="off" value={value.to_owned()} {oninput} />
            </div>
        }
    };
    let onsubmit = {
        let send = ctx.send.clone();
        let dispatch = ctx.dispatch.clone();
        let spec = spec.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            dispatch.emit(Action::Reconciling);
            send.emit(Job::Reconcile((*spec).clone()));
        })
    };
    html! {
        <section class="block no-print" aria-labelledby="reconcile-heading" id="reconcile">
            <h3 id="reconcile-heading">{ ctx.t(K::ReconcileHeading) }</h3>
            <p class="hint">{ ctx.t(K::ReconcileIntro) }</p>
            <form class="reconcile-form" {onsubmit}>
                { field("offered", K::ReconcileAmount, &spec.amount, |s, v| s.amount = v) }
                <details>
                    <summary>{ ctx.t(K::ReconcileDetails) }</summary>
                    { field("offered-shares", K::ReconcileEligible, &spec.eligible_shares, |s, v| s.eligible_shares = v) }
                    { field("offered-average", K::ReconcileBuyAverage, &spec.buy_average, |s, v| s.buy_average = v) }
                    { field("offered-loss", K::ReconcileLoss, &spec.loss, |s, v| s.loss = v) }
                    { field("offered-ratio", K::ReconcileRatio, &spec.ratio, |s, v| s.ratio = v) }
                </details>
                <div class="actions">
                    <button type="submit" class="button primary" id="reconcile-button" disabled={p.busy}>{ ctx.t(K::ReconcileButton) }</button>
                </div>
            </form>
            <div aria-live="polite" id="reconcile-answer">
                if p.busy { <p class="muted">{ ctx.t(K::ReconcileBusy) }</p> }
                else if let Some(a) = &p.answer { <Answer answer={a.clone()} /> }
            </div>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct AnswerProps {
    answer: Rc<ReconcileView>,
}

#[function_component(Answer)]
fn answer(p: &AnswerProps) -> Html {
    let ctx = use_ctx();
    let a = &p.answer;
    if let Some(problem) = &a.problem {
        return html! { <p class="error" role="alert">{ problem }</p> };
    }
    html! {
        <>
            if !a.exact.is_empty() {
                <h4>{ ctx.t(K::ReconcileFound) }{ " (" }{ a.exact_count }{ ")" }</h4>
                <p class="hint">{ ctx.t(K::ReconcileFoundIntro) }</p>
                <ol class="candidates">{ for a.exact.iter().map(|c| html! { <Candidate candidate={c.clone()} /> }) }</ol>
            } else {
                if a.zero { <p id="reconcile-zero">{ ctx.t(K::ReconcileZero) }</p> }
                <p>{ ctx.t(K::ReconcileNone) }</p>
                <ol class="candidates">{ for a.nearest.iter().map(|c| html! { <Candidate candidate={c.clone()} /> }) }</ol>
                if let Some(r) = &a.ratio {
                    <p>
                        { ctx.t(if r.exact { K::ReconcileRatioExact } else { K::ReconcileRatioNear }) }
                        <strong class="num" id="reconcile-ratio">{ &r.ratio }</strong>
                        { " → " }<span class="num">{ &r.amount }</span>
                    </p>
                    <Changes changes={r.changes.clone()} />
                }
            }
            <p class="muted">{ ctx.t(K::ReconcileSearched) }{ a.searched }</p>
        </>
    }
}

#[derive(Properties, PartialEq)]
struct CandidateProps {
    candidate: CandidateView,
}

#[function_component(Candidate)]
fn candidate(p: &CandidateProps) -> Html {
    let ctx = use_ctx();
    let c = &p.candidate;
    let more = ctx.t(K::ReconcileSameMore).replace("{}", &c.same.len().to_string());
    html! {
        <li class="candidate">
            <p><strong class="num">{ &c.amount }</strong>
                if !c.difference.is_empty() { <span class="muted">{ ctx.lang.pick("（", " (") }{ &c.difference }{ ctx.lang.pick("）", ")") }</span> }
            </p>
            <Changes changes={c.changes.clone()} />
            if !c.same.is_empty() {
                <details class="same">
                    <summary>{ more }</summary>
                    <p class="hint">{ ctx.t(K::ReconcileSameIntro) }</p>
                    <ul class="plain">
                        { for c.same.iter().map(|extra| html! { <li><Changes changes={extra.clone()} /></li> }) }
                    </ul>
                </details>
            }
        </li>
    }
}

#[derive(Properties, PartialEq)]
struct ChangesProps {
    changes: Vec<ChangeView>,
}

#[function_component(Changes)]
fn changes(p: &ChangesProps) -> Html {
    let ctx = use_ctx();
    if p.changes.is_empty() {
        return html! { <p class="muted">{ ctx.t(K::ReconcileSame) }</p> };
    }
    html! {
        <ul class="changes">
            { for p.changes.iter().map(|c| html! {
                <li>
                    <strong>{ &c.label }</strong>{ ctx.colon() }{ &c.from }{ " → " }<strong>{ &c.to }</strong>
                    if c.published { <span class="badge">{ ctx.t(K::ReconcilePublished) }</span> }
                    <span class="authority">{ " — " }{ &c.authority }</span>
                </li>
            }) }
        </ul>
    }
}

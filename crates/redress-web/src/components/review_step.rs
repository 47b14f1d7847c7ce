//! Step 3: review. Every row of every input with its status (used, ignored, rejected) and
//! why; rows can be fixed, left out or added by hand; and, when the history starts late,
//! the question "did you hold shares before it starts?".

use std::rc::Rc;

use redress::{Kind, Lang};
use yew::prelude::*;

use super::chrome::Waiting;
use super::{Pager, input_value, select_value, use_ctx};
use crate::i18n::{self, K};
use crate::protocol::{Page, PageRows, Review, ReviewRow, RowFilter, RowStatus};
use crate::services::browser;
use crate::state::{ADDED, Action, Editor, PAGE};

/// Props of [`ReviewStep`].
#[derive(Properties, PartialEq)]
pub struct ReviewStepProps {
    /// The review summary.
    pub review: Option<Review>,
    /// What the page waits for, when the review is not there yet.
    #[prop_or_default]
    pub waiting: Option<K>,
    /// `T0` of the case (for the question).
    pub t0: String,
    /// The filter.
    pub filter: RowFilter,
    /// The first row shown.
    pub offset: u32,
    /// The page of rows.
    pub page: Option<Rc<Page>>,
    /// The editor, when open.
    pub editor: Option<Editor>,
    /// The answer about earlier holdings.
    pub opening: Option<u64>,
    /// That answer as typed.
    pub opening_text: String,
}

/// Step 3.
#[function_component(ReviewStep)]
pub fn review_step(p: &ReviewStepProps) -> Html {
    let ctx = use_ctx();
    let Some(review) = &p.review else {
        return html! {
            <section class="panel" aria-labelledby="review-heading">
                <h2 id="review-heading" tabindex="-1">{ ctx.t(K::ReviewHeading) }</h2>
                if let Some(w) = p.waiting {
                    <Waiting waiting={w} />
                } else {
                    <p>{ ctx.t(K::NoInputs) }</p>
                }
            </section>
        };
    };
    let c = review.counts;
    let d = ctx.dispatch.clone();
    let onfilter = Callback::from(move |e: Event| {
        let f = match select_value(&e).as_str() {
            "attention" => RowFilter::Attention,
            "used" => RowFilter::Used,
            "ignored" => RowFilter::Ignored,
            "rejected" => RowFilter::Rejected,
            "edited" => RowFilter::Edited,
            _ => RowFilter::All,
        };
        d.emit(Action::Filter(f));
    });
    let d = ctx.dispatch.clone();
    let on_page = Callback::from(move |o: u32| d.emit(Action::ReviewOffset(o)));
    let total = p.page.as_ref().map_or(0, |pg| pg.total);
    html! {
        <section class="panel" aria-labelledby="review-heading">
            <h2 id="review-heading" tabindex="-1">{ ctx.t(K::ReviewHeading) }</h2>
            <p class="intro">{ ctx.t(K::ReviewIntro) }</p>
            <p class="counts" id="review-counts">{ i18n::counts(ctx.lang, c.used, c.ignored, c.rejected) }</p>
            if !review.notes.is_empty() {
                <ul class="notes">{ for review.notes.iter().map(|n| html! { <li class="error">{ n }</li> }) }</ul>
            }
            if !review.findings.is_empty() {
                <ul class="findings">{ for review.findings.iter().map(|n| html! { <li class="hint">{ n }</li> }) }</ul>
            }
            if review.ask_opening {
                <OpeningQuestion first={review.first_date.clone().unwrap_or_default()} t0={p.t0.clone()}
                    shortfall={review.shortfall.clone()} opening={p.opening} text={p.opening_text.clone()} />
            }
            <div class="table-tools">
                <div class="field inline">
                    <label for="row-filter">{ ctx.t(K::FilterLabel) }</label>
                    <select id="row-filter" onchange={onfilter}>
                        { for RowFilter::ALL.iter().map(|f| {
                            let (v, k) = filter_name(*f);
                            html! { <option value={v} selected={p.filter == *f}>{ if ctx.lang == Lang::Zh { format!("{}（{}）", ctx.t(k), c.of(*f)) } else { format!("{} ({})", ctx.t(k), c.of(*f)) } }</option> }
                        }) }
                    </select>
                </div>
                if p.filter == RowFilter::Attention && c.ignored > 0 {
                    <button type="button" class="button quiet" id="show-all-rows" onclick={ctx.on::<MouseEvent>(Action::Filter(RowFilter::All))}>
                        { i18n::show_ignored(ctx.lang, c.ignored) }
                    </button>
                }
                <button type="button" class="button" id="add-row" onclick={ctx.on::<MouseEvent>(Action::OpenEditor(None))}>{ "+ " }{ ctx.t(K::AddRow) }</button>
            </div>
            if let Some(e) = &p.editor {
                <RowEditor editor={e.clone()} />
            }
            if let Some(page) = &p.page {
                if let PageRows::Review(rows) = &page.rows {
                    <ReviewTable rows={rows.clone()} />
                }
            }
            <Pager {total} offset={p.offset} limit={PAGE} {on_page} label={ctx.t(K::ReviewHeading)} />
        </section>
    }
}

fn filter_name(f: RowFilter) -> (&'static str, K) {
    match f {
        RowFilter::Attention => ("attention", K::FilterAttention),
        RowFilter::All => ("all", K::FilterAll),
        RowFilter::Used => ("used", K::FilterUsed),
        RowFilter::Ignored => ("ignored", K::FilterIgnored),
        RowFilter::Rejected => ("rejected", K::FilterRejected),
        RowFilter::Edited => ("edited", K::FilterEdited),
    }
}

/// Props of [`OpeningQuestion`].
#[derive(Properties, PartialEq)]
pub struct OpeningProps {
    /// The first trade date.
    pub first: String,
    /// `T0`.
    pub t0: String,
    /// The shortfall the history shows.
    pub shortfall: String,
    /// The answer.
    pub opening: Option<u64>,
    /// The answer as typed.
    pub text: String,
}

/// "Did you hold this stock before your history starts?"
#[function_component(OpeningQuestion)]
pub fn opening_question(p: &OpeningProps) -> Html {
    let ctx = use_ctx();
    // When the history sells more than it buys, "none" cannot be: the shortfall is held
    // before whatever the answer (rules.md §2), so that choice is not offered.
    let short = p.shortfall != "0";
    let yes = p.opening.is_some_and(|n| n > 0) || (!p.text.is_empty() && p.opening != Some(0));
    let auto = (p.opening.is_none() || (short && p.opening == Some(0))) && p.text.is_empty();
    let bad = yes && redress::canonical::parse_quantity(&p.text).is_none();
    let d = ctx.dispatch.clone();
    let typed = Callback::from(move |e: InputEvent| {
        let text = input_value(&e);
        let n = redress::canonical::parse_quantity(&text).filter(|n| *n > 0);
        d.emit(Action::SetOpening(n, text));
    });
    let d = ctx.dispatch.clone();
    let text = p.text.clone();
    let choose_yes = Callback::from(move |_: Event| {
        let n = redress::canonical::parse_quantity(&text).filter(|n| *n > 0);
        d.emit(Action::SetOpening(n, if text.is_empty() { "0".into() } else { text.clone() }));
    });
    let d = ctx.dispatch.clone();
    let choose_no =
        Callback::from(move |_: Event| d.emit(Action::SetOpening(Some(0), String::new())));
    let d = ctx.dispatch.clone();
    let choose_auto =
        Callback::from(move |_: Event| d.emit(Action::SetOpening(None, String::new())));
    html! {
        <fieldset class="question" id="opening">
            <legend>{ ctx.t(K::OpeningHeading) }</legend>
            <p class="hint">{ i18n::opening_why(ctx.lang, &p.first, &p.t0, &p.shortfall) }{ " " }{ ctx.t(K::OpeningNote) }</p>
            <div class="choice">
                <input type="radio" id="opening-auto" name="opening" checked={auto} onchange={choose_auto} />
                <label for="opening-auto">{ ctx.t(K::OpeningAuto) }</label>
            </div>
            if !short {
                <div class="choice">
                    <input type="radio" id="opening-no" name="opening" checked={p.opening == Some(0) && p.text.is_empty()} onchange={choose_no} />
                    <label for="opening-no">{ ctx.t(K::OpeningNo) }</label>
                </div>
            }
            <div class="choice">
                <input type="radio" id="opening-yes" name="opening" checked={yes} onchange={choose_yes} />
                <label for="opening-yes">{ ctx.t(K::OpeningYes) }</label>
                <label for="opening-shares" class="visually-hidden">{ ctx.t(K::OpeningShares) }</label>
                <input type="text" inputmode="numeric" id="opening-shares" class="short" value={p.text.clone()} oninput={typed}
                    aria-invalid={bad.then_some("true")} aria-describedby={bad.then_some("opening-error")} />
            </div>
            if bad {
                <p class="error" id="opening-error" role="alert">{ ctx.t(K::OpeningBad) }</p>
            }
        </fieldset>
    }
}

/// Props of [`ReviewTable`].
#[derive(Properties, PartialEq)]
pub struct ReviewTableProps {
    /// The rows.
    pub rows: Vec<ReviewRow>,
}

fn status(s: RowStatus) -> (&'static str, K) {
    match s {
        RowStatus::Used => ("used", K::StatusUsed),
        RowStatus::Ignored => ("ignored", K::StatusIgnored),
        RowStatus::Rejected => ("rejected", K::StatusRejected),
    }
}

/// The rows of one page.
#[function_component(ReviewTable)]
pub fn review_table(p: &ReviewTableProps) -> Html {
    let ctx = use_ctx();
    html! {
        <div class="table-wrap" role="region" aria-label={ctx.t(K::ReviewHeading)} tabindex="0">
            <table class="rows review cards" id="review-table">
                <caption class="visually-hidden">{ ctx.t(K::ReviewHeading) }</caption>
                <thead><tr>
                    <th scope="col">{ ctx.t(K::ColFile) }</th>
                    <th scope="col">{ ctx.t(K::ColStatus) }</th>
                    <th scope="col">{ ctx.t(K::ColDate) }</th>
                    <th scope="col">{ ctx.t(K::ColKind) }</th>
                    <th scope="col" class="num">{ ctx.t(K::ColQuantity) }</th>
                    <th scope="col" class="num">{ ctx.t(K::ColPrice) }</th>
                    <th scope="col">{ ctx.t(K::ColAccount) }</th>
                    <th scope="col">{ ctx.t(K::ColWhy) }</th>
                    <th scope="col">{ ctx.t(K::ColAction) }</th>
                </tr></thead>
                <tbody>
                    { for p.rows.iter().map(|r| {
                        let (class, label) = status(r.status);
                        let c = &r.cells;
                        let date = if c.time.is_empty() { c.date.clone() } else { format!("{} {}", c.date, c.time) };
                        let excluded = r.edited && r.status == RowStatus::Ignored;
                        let row_label = i18n::edit_row_label(ctx.lang, &r.file, r.key.row);
                        html! {
                            <tr class={classes!("status-row", class)}>
                                <td class="origin" data-label={ctx.t(K::ColFile)}>{ &r.file }<span class="row-no">{ format!(" #{}", r.key.row) }</span></td>
                                <td class="status" data-label={ctx.t(K::ColStatus)}>
                                    <span class={classes!("badge", class)}>{ ctx.t(label) }</span>
                                    if r.edited { <span class="badge edited">{ ctx.t(K::Edited) }</span> }
                                </td>
                                <td class="nowrap date" data-label={ctx.t(K::ColDate)}>{ date }</td>
                                <td data-label={ctx.t(K::ColKind)}>{ &r.kind_label }</td>
                                <td class="num" data-label={ctx.t(K::ColQuantity)}>{ &c.quantity }</td>
                                <td class="num" data-label={ctx.t(K::ColPrice)}>{ &c.price }</td>
                                <td class={classes!("account", c.account.is_empty().then_some("empty"))} data-label={ctx.t(K::ColAccount)}>{ &c.account }</td>
                                <td class={classes!("why", (r.reason.is_empty() && r.impact.is_empty()).then_some("empty"))} data-label={ctx.t(K::ColWhy)}>
                                    { &r.reason }
                                    if !r.impact.is_empty() { <strong class="impact">{ &r.impact }</strong> }
                                </td>
                                <td class="row-actions">
                                    if r.status != RowStatus::Ignored || r.edited {
                                        if !excluded {
                                            <button type="button" class="button small" aria-label={row_label.clone()}
                                                onclick={ctx.on::<MouseEvent>(Action::OpenEditor(Some(Box::new(r.clone()))))}>{ ctx.t(K::Fix) }</button>
                                        }
                                        if r.edited {
                                            <button type="button" class="button small quiet" onclick={ctx.on::<MouseEvent>(Action::Restore(r.key))}
                                                aria-label={i18n::row_action_label(ctx.lang, if r.key.source == ADDED { K::Remove } else { K::Restore }, &r.file, r.key.row)}>{ if r.key.source == ADDED { ctx.t(K::Remove) } else { ctx.t(K::Restore) } }</button>
                                        } else if r.status != RowStatus::Ignored {
                                            <button type="button" class="button small quiet" onclick={ctx.on::<MouseEvent>(Action::Exclude(r.key))}
                                                aria-label={i18n::row_action_label(ctx.lang, K::Exclude, &r.file, r.key.row)}>{ ctx.t(K::Exclude) }</button>
                                        }
                                    }
                                </td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
        </div>
    }
}

/// Props of [`RowEditor`].
#[derive(Properties, PartialEq)]
pub struct RowEditorProps {
    /// The row being edited.
    pub editor: Editor,
}

/// Fix a row, or add one: the canonical cells, checked by the worker like any row.
#[function_component(RowEditor)]
pub fn row_editor(p: &RowEditorProps) -> Html {
    let ctx = use_ctx();
    use_effect_with((), |_| browser::focus("edit-date"));
    let c = &p.editor.cells;
    let field = |id: &'static str, label: K, value: &str, mode: Option<&'static str>| {
        let d = ctx.dispatch.clone();
        let oninput =
            Callback::from(move |e: InputEvent| d.emit(Action::EditorField(id, input_value(&e))));
        html! {
            <div class="field">
                <label for={format!("edit-{id}")}>{ ctx.t(label) }</label>
                <input id={format!("edit-{id}")} type="text" inputmode={mode} value={value.to_owned()} {oninput} autocomplete="off" spellcheck="false" />
            </div>
        }
    };
    let d = ctx.dispatch.clone();
    let onkind =
        Callback::from(move |e: Event| d.emit(Action::EditorField("kind", select_value(&e))));
    // Escape closes the editor without saving, as its Cancel button does.
    let d = ctx.dispatch.clone();
    let onkeydown = Callback::from(move |e: KeyboardEvent| {
        if e.key() == "Escape" {
            e.prevent_default();
            d.emit(Action::CloseEditor);
        }
    });
    let d = ctx.dispatch.clone();
    let onsubmit = Callback::from(move |e: SubmitEvent| {
        e.prevent_default();
        d.emit(Action::SaveEditor);
    });
    let title = match p.editor.key {
        Some(k) => i18n::edit_row_label(ctx.lang, &p.editor.file, k.row),
        None => ctx.t(K::NewRow).to_owned(),
    };
    html! {
        <form class="editor" {onsubmit} {onkeydown} aria-labelledby="editor-title">
            <h3 id="editor-title">{ title }</h3>
            <div class="form-grid">
                { field("date", K::ColDate, &c.date, None) }
                { field("time", K::ColTime, &c.time, None) }
                <div class="field">
                    <label for="edit-kind">{ ctx.t(K::ColKind) }</label>
                    <select id="edit-kind" onchange={onkind} aria-describedby={(!p.editor.business.is_empty()).then_some("edit-kind-read")}>
                        if c.kind.parse::<Kind>().is_err() {
                            <option value="" selected=true>{ ctx.t(K::ChooseKind) }</option>
                        }
                        { for Kind::ALL.iter().map(|k| html! {
                            <option value={k.as_str()} selected={c.kind == k.as_str()}>{ i18n::kind(ctx.lang, *k) }</option>
                        }) }
                    </select>
                    if !p.editor.business.is_empty() {
                        <p class="hint" id="edit-kind-read">{ ctx.t(K::BusinessRead) }{ ctx.colon() }{ &p.editor.business }</p>
                    }
                </div>
                { field("quantity", K::ColQuantity, &c.quantity, Some("numeric")) }
                { field("price", K::ColPrice, &c.price, Some("decimal")) }
                { field("account", K::ColAccount, &c.account, None) }
            </div>
            <div class="actions">
                <button type="submit" class="button primary" id="edit-save">{ ctx.t(K::Save) }</button>
                <button type="button" class="button quiet" onclick={ctx.on::<MouseEvent>(Action::CloseEditor)}>{ ctx.t(K::Cancel) }</button>
            </div>
        </form>
    }
}

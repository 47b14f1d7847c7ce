//! Step 2: the trades. Drop or choose files (each one an account), or paste text; every
//! input is listed with what it was read as and how many of its rows were used.

use std::rc::Rc;

use wasm_bindgen::JsCast;

use yew::prelude::*;

use super::{input_value, use_ctx};
use crate::engine::ADDED;
use crate::i18n::{self, K};
use crate::protocol::{Content, Job, Review, SourceView};
use crate::services::files;
use crate::state::{Action, SourceItem, SourceKind};

/// Props of [`TradesStep`].
#[derive(Properties, PartialEq)]
pub struct TradesStepProps {
    /// The inputs.
    pub sources: Vec<SourceItem>,
    /// What the worker read in them.
    pub review: Option<Review>,
}

/// Step 2.
#[function_component(TradesStep)]
pub fn trades_step(p: &TradesStepProps) -> Html {
    let ctx = use_ctx();
    let view_of = |id: u32| -> Option<SourceView> {
        p.review.as_ref().and_then(|r| r.sources.iter().find(|s| s.id == id).cloned())
    };
    let files: Vec<&SourceItem> =
        p.sources.iter().filter(|s| matches!(s.kind, SourceKind::File { .. })).collect();
    let pasted: Vec<&SourceItem> =
        p.sources.iter().filter(|s| matches!(s.kind, SourceKind::Pasted(_))).collect();
    // Rows added by hand, on the review step, count like an input.
    let added = view_of(ADDED).map_or(0, |v| v.counts.used + v.counts.ignored + v.counts.rejected);
    html! {
        <section class="panel" aria-labelledby="trades-heading">
            <h2 id="trades-heading" tabindex="-1">{ ctx.t(K::TradesHeading) }</h2>
            <p class="intro">{ ctx.t(K::TradesIntro) }</p>
            <DropZone />
            <ExportGuide />
            if !files.is_empty() {
                <h3>{ ctx.t(K::Inputs) }</h3>
                <ul class="source-list">
                    { for files.iter().map(|s| html! { <SourceRow item={(*s).clone()} view={view_of(s.id)} /> }) }
                </ul>
            }
            { for pasted.iter().map(|s| {
                let text = match &s.kind { SourceKind::Pasted(t) => t.clone(), SourceKind::File { .. } => Rc::from("") };
                html! { <PasteBox id={s.id} name={s.name.clone()} {text} view={view_of(s.id)} /> }
            }) }
            if let Some(r) = &p.review {
                <super::result_step::Overlaps overlaps={r.overlaps.clone()} />
            }
            if added > 0 {
                <p class="hint" id="added-rows">{ i18n::added_rows(ctx.lang, added) }</p>
            }
            <div class="actions">
                <button type="button" class="button" id="add-paste" onclick={ctx.on::<MouseEvent>(Action::AddPaste)}>{ "+ " }{ ctx.t(if pasted.is_empty() { K::AddFirstPaste } else { K::AddPaste }) }</button>
                <button type="button" class="button quiet" id="load-sample" onclick={ctx.on::<MouseEvent>(Action::LoadSample)}>{ ctx.t(K::UseSample) }</button>
                if !p.sources.is_empty() || added > 0 {
                    <button type="button" class="button quiet" id="clear-all" onclick={ctx.on::<MouseEvent>(Action::ClearSources)}>{ ctx.t(K::ClearAll) }</button>
                }
            </div>
        </section>
    }
}

/// How to export a statement from the common trading clients and apps, folded.
#[function_component(ExportGuide)]
pub fn export_guide() -> Html {
    let ctx = use_ctx();
    html! {
        <details class="guide" id="export-guide">
            <summary>{ ctx.t(K::GuideSummary) }</summary>
            <p>{ ctx.t(K::GuideIntro) }</p>
            <ul>
                { for [K::GuideThs, K::GuideTdx, K::GuideEastmoney, K::GuideBrokerApps, K::GuideCsdc]
                    .into_iter()
                    .map(|k| html! { <li>{ ctx.t(k) }</li> }) }
            </ul>
        </details>
    }
}

/// The drop target with its file chooser (a real `<input type=file>`, so that it works by
/// keyboard and with screen readers).
#[function_component(DropZone)]
pub fn drop_zone() -> Html {
    let ctx = use_ctx();
    let over = use_state(|| false);
    let take = {
        let ctx = ctx.clone();
        move |list: Option<web_sys::FileList>| {
            for file in files::list(list) {
                let id = ctx.new_id.emit(());
                let ctx = ctx.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    if let Some(f) = files::read(file).await {
                        let size = u64::try_from(f.bytes.len()).unwrap_or(u64::MAX);
                        ctx.dispatch.emit(Action::AddFile(id, f.name.clone(), size));
                        if redress::import::sniff(&f.bytes) == redress::import::Sniffed::Workbook {
                            // A real workbook: read by the workbook worker, loaded now.
                            let send = ctx.send.clone();
                            let book = crate::workbook::Book { id, name: f.name, bytes: f.bytes };
                            crate::services::workbook::read(book, move |r| {
                                send.emit(Job::Source {
                                    id: r.id,
                                    name: r.name,
                                    content: Content::Sheet(r.sheet),
                                });
                            });
                        } else {
                            ctx.send.emit(Job::Source {
                                id,
                                name: f.name,
                                content: Content::Bytes(f.bytes),
                            });
                        }
                    }
                });
            }
        }
    };
    let onchange = {
        let take = take.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            take(input.files());
            input.set_value("");
        })
    };
    let ondrop = {
        let over = over.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            over.set(false);
            take(e.data_transfer().and_then(|d| d.files()));
        })
    };
    let ondragover = {
        let over = over.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            over.set(true);
        })
    };
    let ondragleave = {
        let over = over.clone();
        Callback::from(move |_: DragEvent| over.set(false))
    };
    html! {
        <div class={classes!("dropzone", (*over).then_some("over"))} {ondrop} {ondragover} {ondragleave} id="dropzone">
            <input id="files" class="visually-hidden" type="file" multiple=true {onchange}
                accept=".csv,.txt,.xls,.xlsx,.htm,.html,.tsv,text/*" aria-describedby="drop-hint" />
            <label for="files" class="dropzone-label">
                <span class="drop-icon" aria-hidden="true">{ "⇩" }</span>
                <span>{ ctx.t(K::DropHere) }{ " " }<span class="link-like">{ ctx.t(K::ChooseFiles) }</span></span>
            </label>
            <p id="drop-hint" class="hint">{ ctx.t(K::DropHint) }</p>
        </div>
    }
}

/// Props of [`SourceRow`].
#[derive(Properties, PartialEq)]
pub struct SourceRowProps {
    /// The input.
    pub item: SourceItem,
    /// What the worker read.
    pub view: Option<SourceView>,
}

/// A file in the list: its name, format, rows and a remove button.
#[function_component(SourceRow)]
pub fn source_row(p: &SourceRowProps) -> Html {
    let ctx = use_ctx();
    html! {
        <li class="source">
            <div class="source-main">
                <span class="source-name">{ &p.item.name }</span>
                <SourceSummary view={p.view.clone()} />
            </div>
            <button type="button" class="button quiet" onclick={ctx.on::<MouseEvent>(Action::Remove(p.item.id))}
                aria-label={format!("{} {}", ctx.t(K::Remove), p.item.name)}>{ ctx.t(K::Remove) }</button>
        </li>
    }
}

/// Props of [`SourceSummary`].
#[derive(Properties, PartialEq)]
pub struct SourceSummaryProps {
    /// What the worker read.
    pub view: Option<SourceView>,
}

/// "UTF-8 · CSV · 5 used · 1 ignored · 0 rejected", or the reason it could not be read.
#[function_component(SourceSummary)]
pub fn source_summary(p: &SourceSummaryProps) -> Html {
    let ctx = use_ctx();
    let Some(v) = &p.view else { return html! {} };
    html! {
        <>
            <span class="source-meta">
                if !v.format.is_empty() { { &v.format }{ " · " } }
                { i18n::counts(ctx.lang, v.counts.used, v.counts.ignored, v.counts.rejected) }
            </span>
            if let Some(e) = &v.error {
                <span class="error" role="alert">{ e }</span>
            } else if let Some(why) = &v.unused {
                <span class="error unused">{ ctx.t(K::NotUsed) }{ ctx.colon() }{ why }</span>
            }
        </>
    }
}

/// Props of [`PasteBox`].
#[derive(Properties, PartialEq)]
pub struct PasteBoxProps {
    /// The input's id.
    pub id: u32,
    /// Its name.
    pub name: String,
    /// Its text (shared, never copied: a paste can be megabytes).
    pub text: Rc<str>,
    /// What the worker read.
    pub view: Option<SourceView>,
}

/// Pastes larger than this are kept out of the text box: a browser lays out every line of
/// a `<textarea>`, which freezes the page for seconds at 100,000 rows.
pub const LARGE_PASTE: usize = 256 * 1024;

/// A box to paste one account's rows into. A large paste is taken from the clipboard
/// event directly and shown as a summary, never as text in the box.
#[function_component(PasteBox)]
pub fn paste_box(p: &PasteBoxProps) -> Html {
    let ctx = use_ctx();
    let id = p.id;
    let d = ctx.dispatch.clone();
    let oninput = Callback::from(move |e: InputEvent| d.emit(Action::Paste(id, input_value(&e))));
    let d = ctx.dispatch.clone();
    let onpaste = Callback::from(move |e: Event| {
        let text = e
            .dyn_ref::<web_sys::ClipboardEvent>()
            .and_then(|c| c.clipboard_data())
            .and_then(|data| data.get_data("text/plain").ok())
            .unwrap_or_default();
        if text.len() > LARGE_PASTE {
            e.prevent_default();
            d.emit(Action::Paste(id, text));
        }
    });
    let dom_id = format!("paste-{id}");
    let large = p.text.len() > LARGE_PASTE;
    // The box is not controlled by the page: what the user types stays in the DOM, and the
    // page writes the text only when it did not come from the box (the sample, a
    // remembered input). Writing megabytes back on every keystroke would freeze the page.
    let area = use_node_ref();
    {
        let area = area.clone();
        use_effect_with(p.text.clone(), move |text| {
            if let Some(el) = area.cast::<web_sys::HtmlTextAreaElement>()
                && text.len() <= LARGE_PASTE
                && el.value() != **text
            {
                el.set_value(text);
            }
        });
    }
    let lines = if large { p.text.bytes().filter(|b| *b == b'\n').count() + 1 } else { 0 };
    html! {
        <div class="paste field">
            <div class="paste-head">
                <label for={dom_id.clone()}>{ &p.name }</label>
                <button type="button" class="button quiet" onclick={ctx.on::<MouseEvent>(Action::Remove(id))}
                    aria-label={format!("{} {}", ctx.t(K::Remove), p.name)}>{ ctx.t(K::Remove) }</button>
            </div>
            if large {
                <p id={dom_id} class="paste-large" tabindex="0" aria-describedby={format!("paste-{id}-summary")}>
                    { ctx.t(K::Pasted) }
                    { i18n::size(ctx.lang, p.text.len(), lines) }
                    { ctx.t(K::PastedLarge) }
                </p>
            } else {
                <textarea id={dom_id} ref={area} class="paste-area" rows="8" spellcheck="false" {oninput} {onpaste}
                    placeholder={ctx.t(K::PasteHint)} aria-describedby={format!("paste-{id}-summary")} />
            }
            <p id={format!("paste-{id}-summary")} class="hint"><SourceSummary view={p.view.clone()} /></p>
        </div>
    }
}

//! The page's components: small function components with their props beside them. They
//! read the language and send actions through one context ([`Ctx`]); they never call a
//! browser API except to read the value of their own inputs.

pub mod app;
pub mod case_step;
pub mod chart;
pub mod chrome;
pub mod reconcile;
pub mod result_step;
pub mod review_step;
pub mod trades_step;

use redress::Lang;
use yew::prelude::*;

use crate::i18n::{self, K, t};
use crate::protocol::Job;
use crate::state::Action;

/// What every component can reach: the language, the reducer and the worker.
#[derive(Clone, PartialEq)]
pub struct Ctx {
    /// The language.
    pub lang: Lang,
    /// Sends an action to the reducer.
    pub dispatch: Callback<Action>,
    /// Sends a job to the worker.
    pub send: Callback<Job>,
    /// A new id for a dropped file.
    pub new_id: Callback<(), u32>,
}

impl Ctx {
    /// The text of a key.
    pub fn t(&self, k: K) -> &'static str {
        t(self.lang, k)
    }

    /// The colon after a label: full-width in Chinese, `": "` in English.
    pub fn colon(&self) -> &'static str {
        self.lang.pick("：", ": ")
    }

    /// A callback that dispatches a fixed action.
    pub fn on<E>(&self, action: Action) -> Callback<E> {
        let d = self.dispatch.clone();
        Callback::from(move |_| d.emit(action.clone()))
    }
}

/// The context, or a silent one (for components rendered alone in tests).
#[hook]
pub fn use_ctx() -> Ctx {
    use_context::<Ctx>().unwrap_or(Ctx {
        lang: Lang::Zh,
        dispatch: Callback::noop(),
        send: Callback::noop(),
        new_id: Callback::from(|()| 0),
    })
}

/// The value of the `<input>` or `<textarea>` an input event came from.
pub fn input_value(e: &InputEvent) -> String {
    let target: Option<web_sys::EventTarget> = e.target();
    target
        .and_then(|t| {
            use wasm_bindgen::JsCast;
            match t.dyn_ref::<web_sys::HtmlInputElement>() {
                Some(i) => Some(i.value()),
                None => t.dyn_ref::<web_sys::HtmlTextAreaElement>().map(|a| a.value()),
            }
        })
        .unwrap_or_default()
}

/// The value of the `<select>` a change event came from.
pub fn select_value(e: &Event) -> String {
    let s: web_sys::HtmlSelectElement = e.target_unchecked_into();
    s.value()
}

/// Whether the checkbox a change event came from is ticked.
pub fn checked(e: &Event) -> bool {
    let i: web_sys::HtmlInputElement = e.target_unchecked_into();
    i.checked()
}

/// Props of [`Pager`].
#[derive(Properties, PartialEq)]
pub struct PagerProps {
    /// Rows in all.
    pub total: u32,
    /// First row shown (0-based).
    pub offset: u32,
    /// Rows per page.
    pub limit: u32,
    /// Called with the new offset.
    pub on_page: Callback<u32>,
    /// A label for the navigation (which table).
    pub label: AttrValue,
}

/// "Page 2 of 7" with previous and next buttons.
#[function_component(Pager)]
pub fn pager(p: &PagerProps) -> Html {
    let ctx = use_ctx();
    if p.total <= p.limit {
        return html! {};
    }
    let pages = p.total.div_ceil(p.limit);
    let page = p.offset / p.limit + 1;
    let last = (p.offset + p.limit).min(p.total);
    let prev = {
        let cb = p.on_page.clone();
        let to = p.offset.saturating_sub(p.limit);
        Callback::from(move |_| cb.emit(to))
    };
    let next = {
        let cb = p.on_page.clone();
        let to = p.offset + p.limit;
        Callback::from(move |_| cb.emit(to))
    };
    html! {
        <nav class="pager" aria-label={p.label.clone()}>
            <button type="button" class="button quiet" onclick={prev} disabled={page <= 1}>{ ctx.t(K::Prev) }</button>
            <span class="pager-where" aria-live="polite">{ i18n::page_of(ctx.lang, page, pages, p.offset + 1, last, p.total) }</span>
            <button type="button" class="button quiet" onclick={next} disabled={page >= pages}>{ ctx.t(K::NextPage) }</button>
        </nav>
    }
}

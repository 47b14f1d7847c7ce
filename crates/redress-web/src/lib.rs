//! The Redress web app: an investor pastes their trade history and gets an exact,
//! explained estimate, computed entirely in the browser.
//!
//! State lives in one reducer ([`state`]); components render it; the core does the
//! arithmetic.

pub mod engine;
pub mod i18n;
pub mod protocol;
pub mod state;

use yew::prelude::*;

use state::{Action, State};

/// The whole page.
#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(State::demo);
    let oninput = {
        let state = state.clone();
        Callback::from(move |e: InputEvent| {
            let area: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
            state.dispatch(Action::Paste(area.value()));
        })
    };
    html! {
        <main class="page">
            <header class="masthead">
                <h1>{ "Redress 虚假陈述损失计算" }</h1>
                <p class="lede">{ "粘贴交割单，在您自己的浏览器里计算可获赔偿金额。交易数据不会离开您的设备。" }</p>
            </header>
            <section class="paste">
                <label for="trades">{ "交易记录（CSV）" }</label>
                <textarea id="trades" rows="10" spellcheck="false" value={state.text.clone()} {oninput} />
            </section>
            <section class="result" aria-live="polite">
                { match &state.outcome {
                    Ok(c) => html! {
                        <p>{ "预计赔偿金额 " }<strong id="compensation" class="amount">{ c.clone() }</strong>{ " 元" }</p>
                    },
                    Err(e) => html! { <p class="error" role="alert">{ e.clone() }</p> },
                } }
            </section>
        </main>
    }
}

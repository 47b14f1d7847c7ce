//! Small browser services: the address (share links), downloads, the clipboard, printing,
//! the clock for the report, focus and scrolling.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

/// The fragment of the address, without `#`.
pub fn hash() -> String {
    window()
        .and_then(|w| w.location().hash().ok())
        .map(|h| h.trim_start_matches('#').to_owned())
        .unwrap_or_default()
}

/// The address of the page without its fragment.
pub fn page_url() -> String {
    window()
        .and_then(|w| w.location().href().ok())
        .map(|h| h.split('#').next().unwrap_or_default().to_owned())
        .unwrap_or_default()
}

/// Saves `text` as a file named `name` (a same-page blob, never a request).
pub fn download(name: &str, mime: &str, text: &str) {
    let Some(document) = window().and_then(|w| w.document()) else { return };
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(&format!("{mime};charset=utf-8"));
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    if let Ok(a) = document.create_element("a") {
        let a: web_sys::HtmlAnchorElement = a.unchecked_into();
        a.set_href(&url);
        a.set_download(name);
        a.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// Copies text to the clipboard; `false` when the browser refused.
pub async fn copy(text: &str) -> bool {
    let Some(w) = window() else { return false };
    let promise = w.navigator().clipboard().write_text(text);
    JsFuture::from(promise).await.is_ok()
}

/// Opens the browser's print dialog.
pub fn print() {
    if let Some(w) = window() {
        let _ = w.print();
    }
}

/// The local date and time, `YYYY-MM-DD HH:MM`, for the printed report.
pub fn now() -> String {
    let d = js_sys::Date::new_0();
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes()
    )
}

/// Moves the keyboard focus to the element with this id (and scrolls it into view).
pub fn focus(id: &str) {
    let Some(el) = window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(id)) else {
        return;
    };
    if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
        let _ = el.focus();
    }
}

/// Moves the keyboard focus to the first element matching the CSS `selector`; whether
/// there was one.
pub fn focus_first(selector: &str) -> bool {
    let Some(el) =
        window().and_then(|w| w.document()).and_then(|d| d.query_selector(selector).ok().flatten())
    else {
        return false;
    };
    if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
        let _ = el.focus();
    }
    true
}

/// Sets the language of the document (`<html lang>`), for screen readers and fonts.
pub fn set_document_lang(code: &str) {
    if let Some(root) = window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = root.set_attribute("lang", code);
    }
}

/// The address of the worker's loader script: beside the app's own script (the boot
/// script's `data-js`), else beside the page.
pub fn worker_url() -> String {
    worker_url_of("redress-worker_loader.js")
}

/// This page's mark, `?tab=<random>`, which it gives the workers it starts (in their
/// address) so that a worker's crash report ([`super::CRASH_CHANNEL`]) reaches this page
/// and not another tab of the same site.
fn tab() -> String {
    // Eight random bytes as a whole number: the page does no float arithmetic, and
    // formatting a random fraction linked part of the float formatter (0.4 KB gzip of the
    // first load) for this one line. (`getRandomValues` works in any context, `randomUUID`
    // only in a secure one.)
    thread_local! {
        static TAB: String = {
            let mut bytes = [0u8; 8];
            if let Some(crypto) = window().and_then(|w| w.crypto().ok()) {
                let _ = crypto.get_random_values_with_u8_array(&mut bytes);
            }
            format!("?tab={}", u64::from_le_bytes(bytes))
        };
    }
    TAB.with(Clone::clone)
}

/// What a worker this page started reported on [`super::CRASH_CHANNEL`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WorkerReport {
    /// It panicked (see [`super::report_panics`]): nothing more will come from it.
    Crashed,
    /// Its code could not be fetched (its loader, `www/redress-<name>_loader.js`, says
    /// so): the calculator (`true`) or the workbook reader (`false`).
    Unavailable {
        /// Whether it is the calculator (else the workbook reader).
        calculator: bool,
    },
}

/// Calls `f` with what a worker this page started reports: a panic (see
/// [`super::report_panics`]), or its loader's failure to fetch its code. Reports of
/// workers of another tab of the same site are not this page's.
pub fn on_worker_report(f: impl Fn(WorkerReport) + 'static) {
    let Ok(channel) = web_sys::BroadcastChannel::new(super::CRASH_CHANNEL) else { return };
    let mine = tab();
    let callback = wasm_bindgen::closure::Closure::<dyn Fn(web_sys::MessageEvent)>::new(
        move |e: web_sys::MessageEvent| {
            let Some(data) = e.data().as_string() else { return };
            let Some((what, tab)) = data.split_once('?') else { return };
            if Some(tab) != mine.strip_prefix('?') {
                return;
            }
            let report = match what {
                "" => WorkerReport::Crashed,
                "unavailable:worker" => WorkerReport::Unavailable { calculator: true },
                "unavailable:workbook" => WorkerReport::Unavailable { calculator: false },
                _ => return,
            };
            f(report);
        },
    );
    channel.set_onmessage(Some(callback.as_ref().unchecked_ref()));
    // The channel and its listener live as long as the page.
    callback.forget();
    std::mem::forget(channel);
}

/// Whether the browser believes it is online (`navigator.onLine`; `true` when unknown).
pub fn online() -> bool {
    window().is_none_or(|w| w.navigator().on_line())
}

/// Calls `f` whenever the browser goes offline (the `offline` event).
pub fn on_offline(f: impl Fn() + 'static) {
    let Some(w) = window() else { return };
    let callback = wasm_bindgen::closure::Closure::<dyn Fn()>::new(f);
    let _ = w.add_event_listener_with_callback("offline", callback.as_ref().unchecked_ref());
    // The listener lives as long as the page.
    callback.forget();
}

/// What the loader (`www/boot.js`) says of the app's offline copy, on `html[data-offline]`
/// (README "Install / offline"). Nothing to say (`off`: an embedding, a browser without
/// service workers, a site without one) is `None`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Offline {
    /// The service worker is saving the site's files.
    Saving,
    /// They are saved: the page opens and computes without a network.
    Ready,
    /// Ready, and a newer build is saved too: it is used once this page reloads.
    Update,
    /// They could not be saved (tried again the next time the page opens).
    Failed,
}

impl Offline {
    /// The state an attribute value names.
    pub fn parse(value: &str) -> Option<Offline> {
        match value {
            "saving" => Some(Offline::Saving),
            "ready" => Some(Offline::Ready),
            "update" => Some(Offline::Update),
            "failed" => Some(Offline::Failed),
            _ => None,
        }
    }
}

/// The offline state the loader has set so far.
pub fn offline_state() -> Option<Offline> {
    let root = window()?.document()?.document_element()?;
    Offline::parse(&root.get_attribute("data-offline")?)
}

/// Calls `f` with the new state whenever the loader changes it (its `redress-offline`
/// event).
pub fn on_offline_state(f: impl Fn(Option<Offline>) + 'static) {
    let Some(w) = window() else { return };
    let callback = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || f(offline_state()));
    let _ =
        w.add_event_listener_with_callback("redress-offline", callback.as_ref().unchecked_ref());
    // The listener lives as long as the page.
    callback.forget();
}

/// Reloads the page (the browser asks first while there is input this device does not
/// keep: [`confirm_leaving_while`]).
pub fn reload() {
    if let Some(w) = window() {
        let _ = w.location().reload();
    }
}

/// Asks the browser to confirm leaving or reloading the page while `unsaved` says there
/// is input this device does not keep (the `beforeunload` prompt; the browser words it).
pub fn confirm_leaving_while(unsaved: std::rc::Rc<std::cell::Cell<bool>>) {
    let Some(w) = window() else { return };
    let callback =
        wasm_bindgen::closure::Closure::<dyn Fn(web_sys::Event)>::new(move |e: web_sys::Event| {
            if unsaved.get() {
                e.prevent_default();
                // (Older browsers ask only when `returnValue` is set.)
                let _ = js_sys::Reflect::set(&e, &"returnValue".into(), &"unsaved".into());
            }
        });
    let _ = w.add_event_listener_with_callback("beforeunload", callback.as_ref().unchecked_ref());
    // The listener lives as long as the page.
    callback.forget();
}

/// Calls `f` once, after `ms` milliseconds.
pub fn after(ms: i32, f: impl FnOnce() + 'static) {
    let Some(w) = window() else { return };
    let callback = wasm_bindgen::closure::Closure::once_into_js(f);
    let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(callback.unchecked_ref(), ms);
}

/// The address of a worker's loader script (see [`worker_url`]), with this page's
/// `?tab=…` (see [`on_worker_report`]).
pub fn worker_url_of(loader: &str) -> String {
    let doc = window().and_then(|w| w.document());
    let base = doc
        .as_ref()
        .and_then(|d| d.query_selector("script[data-js]").ok().flatten())
        .and_then(|s| s.get_attribute("data-js"))
        .and_then(|js| {
            let page = page_url();
            web_sys::Url::new_with_base(&js, &page).ok().map(|u| u.href())
        })
        .unwrap_or_else(page_url);
    let url = web_sys::Url::new_with_base(loader, &base)
        .map(|u| u.href())
        .unwrap_or_else(|_| loader.to_owned());
    format!("{url}{}", tab())
}

/// The query of the address, with its `?` (empty when none).
pub fn search() -> String {
    window().and_then(|w| w.location().search().ok()).unwrap_or_default()
}

/// The address of the page without its query and fragment (the base of a share link).
pub fn page_base() -> String {
    let Some(location) = window().map(|w| w.location()) else { return String::new() };
    format!("{}{}", location.origin().unwrap_or_default(), location.pathname().unwrap_or_default())
}

/// Shows the app, hidden until it has drawn its first screen (style.css: no half-drawn
/// page shifting as it fills), and removes the first screen prerendered into `index.html`
/// (scripts/prerender.mjs), in the same frame.
pub fn first_screen_drawn() {
    let Some(document) = window().and_then(|w| w.document()) else { return };
    if let Some(el) = document.query_selector(".prerendered").ok().flatten() {
        el.remove();
    }
    if let Some(root) = document.document_element() {
        let _ = root.class_list().add_1("app-drawn");
    }
}

/// Adds a class to the root element (`<html>`).
pub fn set_root_class(class: &str) {
    if let Some(root) = window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = root.class_list().add_1(class);
    }
}

/// Sets a CSS custom property on the root element through the CSSOM (allowed by the
/// page's `style-src 'self'`, unlike a `style` attribute in markup).
pub fn set_css_variable(name: &str, value: &str) {
    if let Some(root) = window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = root.style().set_property(name, value);
    }
}

/// Posts `{type: kind, height}` to the parent frame now and whenever the page's height
/// changes (a `ResizeObserver` on the body), once it has one. Nothing else is ever
/// posted.
pub fn post_height_on_resize(kind: &'static str) {
    let Some(w) = window() else { return };
    let Some(body) = w.document().and_then(|d| d.body()) else { return };
    let post = {
        let body = body.clone();
        move || {
            let Some(w) = window() else { return };
            let Ok(Some(parent)) = w.parent() else { return };
            // Nothing is shown before the page has drawn its first screen (style.css): no
            // height to give yet, and the observer posts it once there is.
            let height = body.offset_height();
            if height == 0 {
                return;
            }
            let message = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&message, &"type".into(), &kind.into());
            let _ = js_sys::Reflect::set(&message, &"height".into(), &height.into());
            let _ = parent.post_message(&message, "*");
        }
    };
    post();
    let callback = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(post);
    if let Ok(observer) = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()) {
        observer.observe(&body);
    }
    callback.forget();
}

/// The events that show the user means to do something (the worker starts on the first).
pub const INTENT_EVENTS: [&str; 6] =
    ["pointerdown", "keydown", "focusin", "paste", "dragenter", "drop"];

/// Calls `f` on each of the user's first intents on the document ([`INTENT_EVENTS`],
/// capture phase, before the page's own handlers); `f` itself decides what to do once.
///
/// An event on a control that only leaves the page (marked `data-leaves`, as the offline
/// line's "reload" button) is no intent: the calculator it would start would be cut off as
/// the page goes, and a service worker answering its files would be held, so that a new
/// build could not take over before the reload.
pub fn on_intent(f: impl Fn() + 'static) {
    let Some(document) = window().and_then(|w| w.document()) else { return };
    let callback = wasm_bindgen::closure::Closure::<dyn Fn(web_sys::Event)>::new(
        move |event: web_sys::Event| {
            let leaves = event
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|e| e.closest("[data-leaves]").ok().flatten())
                .is_some();
            if !leaves {
                f();
            }
        },
    );
    for event in INTENT_EVENTS {
        let _ = document.add_event_listener_with_callback_and_bool(
            event,
            callback.as_ref().unchecked_ref(),
            true,
        );
    }
    // The listeners live as long as the page.
    callback.forget();
}

/// Records `step` (a step's stable name) as the page's history entry: a new entry when
/// `push`, else the current one. The address does not change (share links and reloads
/// never see it); only the browser's Back and Forward do.
pub fn record_step(step: &str, push: bool) {
    let Some(history) = window().and_then(|w| w.history().ok()) else { return };
    let state = wasm_bindgen::JsValue::from_str(step);
    let _ = if push { history.push_state(&state, "") } else { history.replace_state(&state, "") };
}

/// Calls `f` with the step name of the history entry the browser's Back or Forward went to
/// (entries this page recorded with [`record_step`]).
pub fn on_step_popped(f: impl Fn(String) + 'static) {
    let Some(w) = window() else { return };
    let callback = wasm_bindgen::closure::Closure::<dyn Fn(web_sys::PopStateEvent)>::new(
        move |e: web_sys::PopStateEvent| {
            if let Some(step) = e.state().as_string() {
                f(step);
            }
        },
    );
    let _ = w.add_event_listener_with_callback("popstate", callback.as_ref().unchecked_ref());
    // The listener lives as long as the page.
    callback.forget();
}

#[cfg(test)]
mod tests {
    use super::Offline;

    /// The loader's `html[data-offline]` values (www/boot.js): each state it sets, and
    /// nothing to say for `off` (an embedding, no service workers) or anything else.
    #[test]
    fn the_loader_s_offline_states_are_read_and_off_says_nothing() {
        assert_eq!(Offline::parse("saving"), Some(Offline::Saving));
        assert_eq!(Offline::parse("ready"), Some(Offline::Ready));
        assert_eq!(Offline::parse("update"), Some(Offline::Update));
        assert_eq!(Offline::parse("failed"), Some(Offline::Failed));
        for nothing in ["off", "", "Ready", "ready "] {
            assert_eq!(Offline::parse(nothing), None, "{nothing:?}");
        }
        // Every state boot.js sets is one of these (or off).
        let boot = include_str!("../../../../www/boot.js");
        for state in ["'saving'", "'ready'", "'update'", "'failed'", "'off'"] {
            assert!(boot.contains(state), "boot.js no longer sets {state}");
        }
    }

    /// The tab's icon written into the page (a `data:` address, so that the browser never
    /// fetches it: www/index.html says why) is www/icon.svg, the drawing the embed page
    /// and the installed app's icons come from.
    #[test]
    fn the_pages_icon_is_icon_svg() {
        let page = include_str!("../../../../www/index.html");
        let prefix = r#"<link rel="icon" href="data:image/svg+xml,"#;
        let start = page.find(prefix).expect("www/index.html has a data: icon") + prefix.len();
        let written = &page[start..start + page[start..].find('"').unwrap()];
        let svg = include_str!("../../../../www/icon.svg");
        assert_eq!(crate::share::percent_decode(written), svg.trim());
    }
}

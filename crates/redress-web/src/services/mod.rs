//! Browser I/O, and only here: the worker bridge, files, local storage, downloads, the
//! clipboard, the address and printing. Components and the reducer never touch a browser
//! API directly, so that they render and reduce natively in tests.

pub mod browser;
pub mod engine;
pub mod files;
pub mod storage;
pub mod workbook;

/// The channel on which a worker that panicked tells its page (a same-origin channel inside
/// the browser, not a request).
pub const CRASH_CHANNEL: &str = "redress-crash";

/// Writes the message of any panic to the console before the module traps, so that a bug
/// report can quote it instead of "unreachable". In a worker (`in_worker`) it also tells
/// the page, which would otherwise wait for its reply for ever: it posts the query of its
/// own address, which names the page that started it ([`browser::worker_url_of`]), on
/// [`CRASH_CHANNEL`].
pub fn report_panics(in_worker: bool) {
    std::panic::set_hook(Box::new(move |info| {
        web_sys::console::error_1(&format!("redress: {info}").into());
        if in_worker {
            use wasm_bindgen::JsCast;
            let scope: web_sys::WorkerGlobalScope = js_sys::global().unchecked_into();
            let tab = scope.location().search();
            if let Ok(channel) = web_sys::BroadcastChannel::new(CRASH_CHANNEL) {
                let _ = channel.post_message(&tab.into());
                channel.close();
            }
        }
    }));
}

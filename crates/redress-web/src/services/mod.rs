//! Browser I/O, and only here: the worker bridge, files, local storage, downloads, the
//! clipboard, the address and printing. Components and the reducer never touch a browser
//! API directly, so that they render and reduce natively in tests.

pub mod browser;
pub mod engine;
pub mod files;
pub mod storage;
pub mod workbook;

/// Writes the message of any panic to the console (of the page or of a worker) before the
/// module traps, so that a bug report can quote it instead of "unreachable".
pub fn report_panics() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&format!("redress: {info}").into());
    }));
}

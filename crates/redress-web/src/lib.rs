//! The Redress web app: an investor pastes their trade history and gets an exact,
//! explained estimate, computed entirely in the browser.
//!
//! State lives in one reducer ([`state`]); components ([`components`]) render it; a Web
//! Worker ([`worker`], running [`engine`]) reads the files and runs the core, so that the
//! page never freezes. Browser I/O lives in [`services`] only.

pub mod components;
pub mod demo;
pub mod embed;
pub mod engine;
pub mod i18n;
pub mod protocol;
pub mod services;
pub mod share;
pub mod state;
pub mod workbook;
pub mod worker;

pub use components::app::App;

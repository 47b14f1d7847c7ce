//! Browser I/O, and only here: the worker bridge, files, local storage, downloads, the
//! clipboard, the address and printing. Components and the reducer never touch a browser
//! API directly, so that they render and reduce natively in tests.

pub mod browser;
pub mod engine;
pub mod files;
pub mod storage;
pub mod workbook;

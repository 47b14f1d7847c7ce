//! The bridge to the workbook worker, spawned the first time a workbook is dropped (its
//! wasm is not part of the first load).

use std::cell::RefCell;

use gloo_worker::{Spawnable, WorkerBridge};

use super::browser;
use crate::workbook::{Book, BookRead, WorkbookWorker};

thread_local! {
    static BRIDGE: RefCell<Option<WorkerBridge<WorkbookWorker>>> = const { RefCell::new(None) };
}

/// Reads a workbook in the workbook worker; `done` gets the rows.
pub fn read(book: Book, done: impl Fn(BookRead) + 'static) {
    BRIDGE.with(|cell| {
        let mut slot = cell.borrow_mut();
        // One bridge per reply callback: spawn a fresh bridge from the loaded worker for
        // every file (the worker's wasm is fetched once and cached by the browser).
        let bridge = WorkbookWorker::spawner()
            .callback(done)
            .spawn_with_loader(&browser::worker_url_of("redress-workbook_loader.js"));
        bridge.send(book);
        *slot = Some(bridge);
    });
}

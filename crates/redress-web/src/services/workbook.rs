//! The bridge to the workbook worker, spawned the first time a workbook is dropped (its
//! wasm is not part of the first load) and kept for the next ones.

use std::cell::RefCell;
use std::collections::HashMap;

use gloo_worker::{Spawnable, WorkerBridge};

use super::browser;
use crate::workbook::{Book, BookRead, WorkbookWorker};

/// What to do with each workbook's rows, by the page's id of the input.
type Pending = HashMap<u32, Box<dyn Fn(BookRead)>>;

thread_local! {
    static BRIDGE: RefCell<Option<WorkerBridge<WorkbookWorker>>> = const { RefCell::new(None) };
    static PENDING: RefCell<Pending> = RefCell::new(HashMap::new());
}

/// Reads a workbook in the workbook worker; `done` gets the rows.
///
/// One worker reads every workbook, in turn: a bridge per file, each replacing the one
/// before, would terminate the worker still reading the earlier file when several are
/// dropped together.
pub fn read(book: Book, done: impl Fn(BookRead) + 'static) {
    PENDING.with(|p| p.borrow_mut().insert(book.id, Box::new(done)));
    BRIDGE.with(|cell| {
        let mut slot = cell.borrow_mut();
        let bridge = slot.get_or_insert_with(|| {
            WorkbookWorker::spawner()
                .callback(|r: BookRead| {
                    let done = PENDING.with(|p| p.borrow_mut().remove(&r.id));
                    if let Some(done) = done {
                        done(r);
                    }
                })
                .spawn_with_loader(&browser::worker_url_of("redress-workbook_loader.js"))
        });
        bridge.send(book);
    });
}

//! The workbook reader: a separate Web Worker program (`redress-workbook`) built with the
//! core's `workbook` feature (calamine), loaded only when the user drops a real `.xls` or
//! `.xlsx` file, so that the first load stays small. It runs the core's importer on the
//! bytes and answers with the per-row report ([`PreRead`]), which the page hands to the
//! main worker like any other input.

use gloo_worker::{HandlerId, Worker, WorkerScope};
use serde::{Deserialize, Serialize};

use crate::engine::read;
use crate::protocol::PreRead;

/// A workbook to read.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Book {
    /// The page's id of the input.
    pub id: u32,
    /// The file name.
    pub name: String,
    /// The bytes.
    pub bytes: Vec<u8>,
}

/// What was read.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct BookRead {
    /// The page's id of the input.
    pub id: u32,
    /// The file name.
    pub name: String,
    /// The rows.
    pub read: PreRead,
}

/// The worker (no state between files).
pub struct WorkbookWorker;

impl Worker for WorkbookWorker {
    type Message = ();
    type Input = Book;
    type Output = BookRead;

    fn create(_scope: &WorkerScope<Self>) -> Self {
        WorkbookWorker
    }

    fn update(&mut self, _scope: &WorkerScope<Self>, _msg: ()) {}

    fn received(&mut self, scope: &WorkerScope<Self>, book: Book, id: HandlerId) {
        let read = read::pre_read(&book.name, redress::import::Content::Bytes(&book.bytes));
        scope.respond(id, BookRead { id: book.id, name: book.name, read });
    }
}

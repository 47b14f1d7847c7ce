//! The workbook reader: a separate Web Worker program (`redress-workbook`) built with the
//! core's `workbook` feature (calamine), loaded only when the user drops a real `.xls` or
//! `.xlsx` file, so that the first load stays small. It reads the workbook's first sheet
//! into a grid of cells ([`redress::import::read_workbook`]), which the page hands to the
//! main worker: that one imports it together with every other input.

use gloo_worker::{HandlerId, Worker, WorkerScope};
use serde::{Deserialize, Serialize};

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
    /// The sheet, or why it could not be read (the reader's description; `None`: too
    /// large).
    pub sheet: Result<redress::import::Sheet, Option<String>>,
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
        scope.respond(id, BookRead { id: book.id, name: book.name.clone(), sheet: read(&book) });
    }
}

/// Reads a workbook's first sheet (with the core's `workbook` feature: the workbook
/// worker's build).
#[cfg(feature = "workbook")]
pub fn read(book: &Book) -> Result<redress::import::Sheet, Option<String>> {
    redress::import::read_workbook(&book.bytes, &book.name).map_err(|e| match e.kind {
        redress::ErrorKind::Table { detail } => Some(detail),
        _ => None,
    })
}

/// Without the core's `workbook` feature there is no workbook reader.
#[cfg(not(feature = "workbook"))]
pub fn read(_book: &Book) -> Result<redress::import::Sheet, Option<String>> {
    Err(Some("this build has no workbook reader".to_owned()))
}

//! Entry point of the workbook worker (`redress-workbook`), loaded lazily by the page the
//! first time a workbook is dropped (see `redress_web::workbook`).

use gloo_worker::Registrable;

fn main() {
    redress_web::services::report_panics(true);
    redress_web::workbook::WorkbookWorker::registrar().register();
}

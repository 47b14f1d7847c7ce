//! Entry point of the worker (`redress-worker`): registers the engine with gloo-worker.
//! Trunk builds it as a separate WebAssembly module with a same-origin loader script
//! (`redress-worker_loader.js`), which the page's CSP allows.

use gloo_worker::Registrable;

fn main() {
    redress_web::services::report_panics(true);
    redress_web::worker::EngineWorker::registrar().register();
}

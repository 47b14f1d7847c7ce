//! Entry point of the worker (`redress-worker`): registers the engine with gloo-worker.
//! Trunk builds it as a separate WebAssembly module; its same-origin loader script
//! (`www/redress-worker_loader.js`, which the page's CSP allows) reports a failure to fetch it.

use gloo_worker::Registrable;

fn main() {
    redress_web::services::report_panics(true);
    redress_web::worker::EngineWorker::registrar().register();
}

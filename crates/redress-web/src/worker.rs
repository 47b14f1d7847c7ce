//! The Web Worker that runs the engine: requests from the page in, replies out, and one
//! computation for however many requests arrive while the previous one runs.
//!
//! Requests that change the inputs only mark the engine dirty; a zero-delay timer (a new
//! task, so that every message already queued is applied first) then runs
//! [`Engine::flush`], which posts progress and the result.

use gloo_worker::{HandlerId, Worker, WorkerScope};
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

use crate::engine::Engine;
use crate::protocol::{Reply, Request};

/// The worker: the engine and the page connected to it.
pub struct EngineWorker {
    engine: Engine,
    page: Option<HandlerId>,
    scheduled: bool,
}

/// Messages the worker sends itself.
pub enum Tick {
    /// Compute now.
    Flush,
}

/// GB18030 by the browser's own decoder (the page does not ship encoding tables).
fn gb18030(bytes: &[u8]) -> (String, usize) {
    let decoded = web_sys::TextDecoder::new_with_label("gb18030")
        .and_then(|d| d.decode_with_u8_array(bytes))
        .unwrap_or_else(|_| String::from_utf8_lossy(bytes).into_owned());
    let malformed = decoded.matches('\u{FFFD}').count();
    (decoded, malformed)
}

impl EngineWorker {
    fn send(&self, scope: &WorkerScope<Self>, reply: Reply) {
        if let Some(id) = self.page {
            scope.respond(id, reply);
        }
    }
}

impl Worker for EngineWorker {
    type Message = Tick;
    type Input = Request;
    type Output = Reply;

    fn create(_scope: &WorkerScope<Self>) -> Self {
        EngineWorker { engine: Engine::new(Box::new(gb18030)), page: None, scheduled: false }
    }

    fn update(&mut self, scope: &WorkerScope<Self>, msg: Tick) {
        match msg {
            Tick::Flush => {
                self.scheduled = false;
                let mut out = Vec::new();
                self.engine.flush(&mut |r| {
                    // Progress goes out at once; the page draws it while we compute.
                    if matches!(r.body, crate::protocol::Body::Progress(_)) {
                        if let Some(id) = self.page {
                            scope.respond(id, r);
                        }
                    } else {
                        out.push(r);
                    }
                });
                for r in out {
                    self.send(scope, r);
                }
            }
        }
    }

    fn received(&mut self, scope: &WorkerScope<Self>, msg: Request, id: HandlerId) {
        self.page = Some(id);
        let mut out = Vec::new();
        self.engine.handle(msg, &mut |r| out.push(r));
        for r in out {
            self.send(scope, r);
        }
        if self.engine.dirty() && !self.scheduled {
            self.scheduled = true;
            let scope = scope.clone();
            let tick = Closure::once_into_js(move || scope.send_message(Tick::Flush));
            let global: web_sys::WorkerGlobalScope = js_sys::global().unchecked_into();
            if global
                .set_timeout_with_callback_and_timeout_and_arguments_0(tick.unchecked_ref(), 0)
                .is_err()
            {
                self.scheduled = false;
            }
        }
    }
}

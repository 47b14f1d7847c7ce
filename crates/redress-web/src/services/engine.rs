//! The bridge to the worker: spawns it from its same-origin loader script and numbers
//! every request.

use std::cell::Cell;
use std::rc::Rc;

use gloo_worker::{Spawnable, WorkerBridge};

use crate::protocol::{Job, Reply, Request};
use crate::worker::EngineWorker;

/// A connection to the worker.
#[derive(Clone)]
pub struct EngineLink {
    bridge: Rc<WorkerBridge<EngineWorker>>,
    seq: Rc<Cell<u64>>,
}

impl PartialEq for EngineLink {
    fn eq(&self, other: &EngineLink) -> bool {
        Rc::ptr_eq(&self.bridge, &other.bridge)
    }
}

impl EngineLink {
    /// Starts the worker from `loader_url`; every reply goes to `on_reply`.
    pub fn spawn(loader_url: &str, on_reply: impl Fn(Reply) + 'static) -> EngineLink {
        let bridge = EngineWorker::spawner().callback(on_reply).spawn_with_loader(loader_url);
        EngineLink { bridge: Rc::new(bridge), seq: Rc::new(Cell::new(0)) }
    }

    /// Sends a job; returns its number.
    pub fn send(&self, job: Job) -> u64 {
        let seq = self.seq.get() + 1;
        self.seq.set(seq);
        self.bridge.send(Request { seq, job });
        seq
    }
}

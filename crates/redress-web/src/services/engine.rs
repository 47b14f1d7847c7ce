//! The bridge to the worker: spawns it from its same-origin loader script on first need
//! (not at load: the first page shows the pre-computed demo, see [`crate::demo`]) and
//! numbers every request. Requests made before it starts wait in a queue and go out, in
//! order, when it does. Until the worker first answers, every request is also kept, so
//! that a worker whose code could not be fetched can be started again ([`EngineLink::retry`])
//! and sent everything it missed.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo_worker::{Spawnable, WorkerBridge};

use crate::protocol::{Job, Reply, Request};
use crate::worker::EngineWorker;

/// A connection to the worker, started by [`EngineLink::start`].
#[derive(Clone)]
pub struct EngineLink {
    inner: Rc<Inner>,
}

struct Inner {
    loader_url: String,
    on_reply: Rc<dyn Fn(Reply)>,
    bridge: RefCell<Option<WorkerBridge<EngineWorker>>>,
    queue: RefCell<Vec<Request>>,
    /// What was sent to a worker that has not answered yet (for [`EngineLink::retry`]).
    unanswered: RefCell<Vec<Request>>,
    /// Whether the worker has answered once (it has loaded).
    answered: Cell<bool>,
    seq: Cell<u64>,
}

impl PartialEq for EngineLink {
    fn eq(&self, other: &EngineLink) -> bool {
        Rc::ptr_eq(&self.inner, &other.inner)
    }
}

impl EngineLink {
    /// A link to the worker at `loader_url`, not started yet; every reply goes to
    /// `on_reply`.
    pub fn new(loader_url: String, on_reply: impl Fn(Reply) + 'static) -> EngineLink {
        EngineLink {
            inner: Rc::new(Inner {
                loader_url,
                on_reply: Rc::new(on_reply),
                bridge: RefCell::new(None),
                queue: RefCell::new(Vec::new()),
                unanswered: RefCell::new(Vec::new()),
                answered: Cell::new(false),
                seq: Cell::new(0),
            }),
        }
    }

    /// Whether the worker was started.
    pub fn started(&self) -> bool {
        self.inner.bridge.borrow().is_some()
    }

    /// Starts the worker (once) and sends it what was queued; returns whether this call
    /// started it.
    pub fn start(&self) -> bool {
        if self.started() {
            return false;
        }
        let queued: Vec<Request> = self.inner.queue.borrow_mut().drain(..).collect();
        self.spawn(queued);
        true
    }

    /// Whether the worker has answered (its code loaded).
    pub fn answered(&self) -> bool {
        self.inner.answered.get()
    }

    /// Starts a new worker in place of one that never answered (its code could not be
    /// fetched) and sends it every request the first one missed, in order.
    pub fn retry(&self) {
        if self.answered() {
            return;
        }
        let missed = std::mem::take(&mut *self.inner.unanswered.borrow_mut());
        // Dropping the old bridge ends that worker.
        self.inner.bridge.borrow_mut().take();
        let queued: Vec<Request> = self.inner.queue.borrow_mut().drain(..).collect();
        self.spawn(missed.into_iter().chain(queued).collect());
    }

    fn spawn(&self, requests: Vec<Request>) {
        let on_reply = self.inner.on_reply.clone();
        let inner = Rc::downgrade(&self.inner);
        let bridge = EngineWorker::spawner()
            .callback(move |r| {
                if let Some(inner) = inner.upgrade()
                    && !inner.answered.replace(true)
                {
                    inner.unanswered.borrow_mut().clear();
                }
                on_reply(r);
            })
            .spawn_with_loader(&self.inner.loader_url);
        // gloo-worker itself holds messages until the worker has loaded.
        for req in requests {
            self.inner.unanswered.borrow_mut().push(req.clone());
            bridge.send(req);
        }
        *self.inner.bridge.borrow_mut() = Some(bridge);
    }

    /// The number of the last request sent or queued.
    pub fn last_seq(&self) -> u64 {
        self.inner.seq.get()
    }

    /// Sends a job, or queues it until the worker starts; returns its number.
    pub fn send(&self, job: Job) -> u64 {
        let seq = self.inner.seq.get() + 1;
        self.inner.seq.set(seq);
        let req = Request { seq, job };
        match &*self.inner.bridge.borrow() {
            Some(bridge) => {
                if !self.inner.answered.get() {
                    self.inner.unanswered.borrow_mut().push(req.clone());
                }
                bridge.send(req);
            }
            None => self.inner.queue.borrow_mut().push(req),
        }
        seq
    }
}

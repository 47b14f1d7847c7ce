//! The Web Worker that runs the engine: requests from the page in, replies out, and one
//! computation for however many requests arrive while the previous one runs.
//!
//! Requests that change the inputs only mark the engine dirty; a zero-delay timer (a new
//! task, so that every message already queued is applied first) then runs
//! [`Engine::flush`], which posts progress and the result. A built-in case's public market
//! data (`cases/<id>/`, this site's own files) are fetched the first time the case is
//! computed, before the flush.

use gloo_worker::{HandlerId, Worker, WorkerScope};
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

use crate::engine::Engine;
use crate::protocol::{Reply, Request, Stage};

/// The worker: the engine and the page connected to it.
pub struct EngineWorker {
    engine: Engine,
    page: Option<HandlerId>,
    scheduled: bool,
    /// The case whose market data are being fetched.
    fetching: Option<String>,
}

/// Messages the worker sends itself.
pub enum Tick {
    /// Compute now.
    Flush,
    /// A case's market data arrived (or could not be fetched).
    CaseData(String, Result<Vec<(String, String)>, String>),
    /// Try a case whose data could not be fetched again.
    Retry,
}

/// Seconds between attempts to fetch a case's data after a failure.
const RETRY_SECONDS: i32 = 5;

/// Runs `tick` after `ms` milliseconds.
fn later(scope: &WorkerScope<EngineWorker>, tick: Tick, ms: i32) -> bool {
    let scope = scope.clone();
    let f = Closure::once_into_js(move || scope.send_message(tick));
    let global: web_sys::WorkerGlobalScope = js_sys::global().unchecked_into();
    global.set_timeout_with_callback_and_timeout_and_arguments_0(f.unchecked_ref(), ms).is_ok()
}

/// Fetches `cases/<id>/<file>` for each file, relative to the worker's own address (the
/// site's own origin and folder).
async fn fetch_case_data(id: &str, files: &[String]) -> Result<Vec<(String, String)>, String> {
    use wasm_bindgen_futures::JsFuture;
    let global: web_sys::WorkerGlobalScope = js_sys::global().unchecked_into();
    let mut out = Vec::with_capacity(files.len());
    for f in files {
        let url = format!("cases/{id}/{f}");
        let response =
            JsFuture::from(global.fetch_with_str(&url)).await.map_err(|_| url.clone())?;
        let response: web_sys::Response = response.unchecked_into();
        if !response.ok() {
            return Err(format!("{url}, HTTP {}", response.status()));
        }
        let text = response.text().map_err(|_| url.clone())?;
        let text = JsFuture::from(text).await.map_err(|_| url.clone())?;
        out.push((f.clone(), text.as_string().unwrap_or_default()));
    }
    Ok(out)
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
        EngineWorker {
            engine: Engine::new(Box::new(gb18030)),
            page: None,
            scheduled: false,
            fetching: None,
        }
    }

    fn update(&mut self, scope: &WorkerScope<Self>, msg: Tick) {
        match msg {
            Tick::CaseData(id, files) => {
                self.fetching = None;
                let failed = files.is_err();
                self.engine.case_data_loaded(id, files);
                self.update(scope, Tick::Flush);
                if failed {
                    // The page says so and keeps the input; the data are fetched again
                    // until they arrive (the network may come back).
                    later(scope, Tick::Retry, RETRY_SECONDS * 1000);
                }
            }
            Tick::Retry => {
                if self.engine.retry_case_data() {
                    self.update(scope, Tick::Flush);
                }
            }
            Tick::Flush => {
                self.scheduled = false;
                // Deadlines count from this device's today (the page's clock, in China time).
                let now = js_sys::Date::new_0();
                let utc = redress::Date::from_ymd(
                    i32::try_from(now.get_utc_full_year()).unwrap_or(1970),
                    now.get_utc_month() + 1,
                    now.get_utc_date(),
                );
                if let Some(utc) = utc {
                    // 16:00 UTC is midnight in China (UTC+8).
                    self.engine.set_today(if now.get_utc_hours() >= 16 { utc.succ() } else { utc });
                }
                if let Some((id, files)) = self.engine.wanted_case_data() {
                    // Compute once the case's data are here (a later request that arrives
                    // meanwhile is computed with them too).
                    if self.fetching.as_ref() != Some(&id) {
                        self.fetching = Some(id.clone());
                        self.send(scope, self.engine.progress(Stage::CaseData));
                        let scope = scope.clone();
                        wasm_bindgen_futures::spawn_local(async move {
                            let result = fetch_case_data(&id, &files).await;
                            scope.send_message(Tick::CaseData(id, result));
                        });
                    }
                    return;
                }
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
            self.scheduled = later(scope, Tick::Flush, 0);
        }
    }
}

// Loads the web app. Kept outside index.html so that the page needs no inline script
// (CSP: script-src 'self' 'wasm-unsafe-eval'). Trunk writes the hashed file names into
// the data attributes of this script's tag.
//
// The first screen is already in the HTML (scripts/prerender.mjs): it is painted first,
// and only then are the app's script and wasm fetched (together), so that on a slow link
// they never compete with the HTML and the stylesheet. The wasm is compiled, then
// instantiated in a later task (and the app mounts in a later one still, main.rs), so that
// a slow phone's main thread is never held long at once (README "Speed").
const tag = document.querySelector('script[data-js][data-wasm]');
const nextTask = () => new Promise((resolve) => { setTimeout(resolve, 0); });

// Offline (README "Install / offline", www/sw.js): the service worker, on the full page
// only (never in an embedding) and where the browser has them (https, localhost). Its
// state, html[data-offline] (off, saving, ready, update, failed) and a `redress-offline`
// event, is said by the app's footer.
const root = document.documentElement;
const workers = new URLSearchParams(location.search).get('embed') !== '1' && window.isSecureContext
  ? navigator.serviceWorker : undefined;
const offline = (state) => {
  if (root.dataset.offline !== state) {
    root.dataset.offline = state;
    dispatchEvent(new Event('redress-offline'));
  }
};
// A newer build's worker waits while pages of this build are open. When this page, its
// app not started, is the only one, that worker takes over and the page reloads (true);
// else the page runs its own build, whose cache stays whole meanwhile (false).
//
// The worker answers whether it takes over; only a worker that does not answer at all
// (10 s: a loaded phone starts a service worker slowly) lets the page go on as its own
// build. Once it has said yes, the page waits for it to be in control before it reloads,
// so that the reload is answered by the new build, never by the old one whose cache the
// new one is deleting.
async function newerBuild() {
  const waiting = workers?.controller && (await workers.getRegistration())?.waiting;
  if (!waiting) return false;
  const controlled = new Promise((resolve) => {
    workers.addEventListener('controllerchange', resolve, { once: true });
  });
  const taking = await new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = (e) => resolve(e.data === true);
    waiting.postMessage({ type: 'take-over' }, [channel.port2]);
    setTimeout(resolve, 10000, false);
  });
  if (!taking) return false;
  // From here on this page only reloads.
  await Promise.race([controlled, new Promise((resolve) => { setTimeout(resolve, 10000); })]);
  location.reload();
  return true;
}
const updating = newerBuild().catch(() => false);
const prerendered = document.querySelector('.prerendered');
if (prerendered && document.documentElement.classList.contains('no-prerender')) {
  // Hidden by first-paint.js (the app starts elsewhere): of no use, gone at once.
  prerendered.remove();
} else if (prerendered && document.visibilityState === 'visible') {
  // Once the browser reports the first contentful paint (else after two frames; at the
  // latest after 3 s).
  await new Promise((resolve) => {
    let done = false;
    const painted = () => { if (!done) { done = true; setTimeout(resolve, 0); } };
    try {
      new PerformanceObserver((list, observer) => {
        if (list.getEntriesByName('first-contentful-paint').length) { observer.disconnect(); painted(); }
      }).observe({ type: 'paint', buffered: true });
    } catch {
      requestAnimationFrame(() => requestAnimationFrame(painted));
    }
    setTimeout(painted, 3000);
  });
}
if (await updating) await new Promise(() => {}); // reloading
const response = fetch(tag.dataset.wasm);
const { default: init } = await import(tag.dataset.js);
let module;
try {
  module = await WebAssembly.compileStreaming(response);
} catch {
  // A server that sends the wasm with another MIME type than application/wasm.
  module = await WebAssembly.compile(await (await fetch(tag.dataset.wasm)).arrayBuffer());
}
await nextTask();
await init({ module_or_path: module });

async function register() {
  let reg;
  try {
    reg = await workers.register(new URL('sw.js', import.meta.url).href);
  } catch { /* no sw.js, or refused */ }
  if (!reg) { offline('off'); return; }
  const show = () => offline(reg.waiting && reg.active ? 'update'
    : reg.active?.state === 'activated' ? 'ready'
      : reg.installing || reg.waiting || reg.active ? 'saving' : 'failed');
  // A page from the network comes under the worker if it is the worker's build.
  const claim = () => {
    if (!workers.controller && reg.active?.state === 'activated') reg.active.postMessage({ type: 'claim', script: tag.dataset.js });
  };
  const watch = (worker) => worker?.addEventListener('statechange', () => { claim(); show(); });
  [reg.installing, reg.waiting, reg.active].forEach(watch);
  reg.addEventListener('updatefound', () => { watch(reg.installing); show(); });
  workers.addEventListener('controllerchange', show);
  claim();
  show();
}
if (workers) {
  // Once the page has loaded and the browser is idle: never competing with the first load.
  if (document.readyState !== 'complete') await new Promise((resolve) => { addEventListener('load', resolve, { once: true }); });
  await new Promise((resolve) => {
    if (window.requestIdleCallback) requestIdleCallback(resolve, { timeout: 5000 }); else setTimeout(resolve, 1000);
  });
  await register();
} else {
  offline('off');
}

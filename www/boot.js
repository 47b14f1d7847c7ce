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

// Loads the web app. Kept outside index.html so that the page needs no inline script
// (CSP: script-src 'self' 'wasm-unsafe-eval'). Trunk writes the hashed file names into
// the data attributes of this script's tag.
const tag = document.querySelector('script[data-js][data-wasm]');
const { default: init } = await import(tag.dataset.js);
await init({ module_or_path: tag.dataset.wasm });

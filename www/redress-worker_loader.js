// Starts the worker program (redress-worker.js and its wasm, this site's own files, fetched on
// first need). It replaces Trunk's generated shim, which failed silently: when the code
// cannot be fetched (the network dropped after the page loaded), this tells the page that
// started it (named by the ?tab=… of this script's address) on the page's own
// same-origin channel, so that the page says so instead of waiting for ever.
function unavailable() {
  const channel = new BroadcastChannel('redress-crash');
  channel.postMessage('unavailable:worker' + self.location.search);
  channel.close();
}
try {
  importScripts('./redress-worker.js');
  wasm_bindgen({ module_or_path: './redress-worker_bg.wasm' }).catch(unavailable);
} catch (e) {
  unavailable();
}

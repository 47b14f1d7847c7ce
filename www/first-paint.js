// Runs before the first paint (a classic script in <head>, external for the CSP): decides
// whether the first screen prerendered into index.html may be shown while the app loads.
// That screen is the demo's result as the app first draws it (scripts/prerender.mjs), so
// it is hidden when the app will start elsewhere: an address with parameters (a share
// link, a case, an embedding, a language) or a remembered session (the app's storage key
// and its earlier one, of which the app says it cannot read it;
// crates/redress-web/src/services/storage.rs). The app removes it once it has drawn.
(function () {
  var root = document.documentElement;
  try {
    if (location.search.length > 1 || location.hash.length > 1
        || localStorage.getItem('redress.v2') !== null || localStorage.getItem('redress.v1') !== null) {
      root.classList.add('no-prerender');
    }
  } catch (e) {
    root.classList.add('no-prerender');
  }
}());

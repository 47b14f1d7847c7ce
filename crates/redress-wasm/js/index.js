// Redress, the JS package: `import { estimate } from 'redress'` works as is in browsers
// (<script type="module">), bundlers and Node 20+. The WebAssembly is instantiated once,
// here, with top-level await; nothing is fetched from anywhere but this package.
import init, { initSync } from './redress.js';

const wasm = new URL('./redress_bg.wasm', import.meta.url);
if (typeof process !== 'undefined' && process.versions?.node) {
  // A specifier in a variable: bundlers for the browser leave this Node-only branch alone
  // instead of failing to resolve a Node built-in.
  const fs = 'node:fs/promises';
  const { readFile } = await import(/* webpackIgnore: true */ /* @vite-ignore */ fs);
  initSync({ module: await readFile(wasm) });
} else {
  await init({ module_or_path: wasm });
}

export { version, estimate, compare, importTrades, cases, caseById, reconcile, whatIf } from './redress.js';

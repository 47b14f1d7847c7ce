// Redress, the JS package: `import { estimate } from 'redress'` works as is in browsers
// (<script type="module">), bundlers and Node 20+. The WebAssembly is instantiated once,
// here, with top-level await; nothing is fetched from anywhere but this package.
import init, { initSync } from './redress.js';

const wasm = new URL('./redress_bg.wasm', import.meta.url);
if (typeof process !== 'undefined' && process.versions?.node) {
  const { readFile } = await import('node:fs/promises');
  initSync({ module: await readFile(wasm) });
} else {
  await init({ module_or_path: wasm });
}

export { version, estimate, compare, importTrades, cases, caseById } from './redress.js';

// Puts the app's first screen into the built index.html, so that a phone paints it as soon
// as the HTML and the stylesheet have arrived, before the wasm is fetched and compiled
// (README "Speed"). The screen is not written by hand: it is this very build's own first
// render (the demo's result, from the pre-computed replies), captured in Debian's
// Chromium, so it cannot drift from the app.
//
//   node scripts/prerender.mjs [DIR]       (default dist/; run by ./x build after Trunk)
//
// In index.html the capture becomes `<div class="prerendered" inert>…</div>` before
// `<div id="app">`: shown while the app loads (style.css hides the app until it has drawn
// its own first screen), inert (nothing in it can be clicked or focused before the app can
// answer), without ids (the tests and the app's own code find only the live page), and
// removed by the app once it has drawn its own screen. www/first-paint.js hides it when
// the app will start on anything other than the demo. Running it again replaces the
// earlier capture.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const dir = process.argv[2] ?? 'dist';
const index = join(dir, 'index.html');
const START = '<div class="prerendered" inert>';
const END = '</div><!-- /prerendered -->';

async function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

// A page built earlier may hold a capture already: start from the page without it.
const html = readFileSync(index, 'utf8');
const bare = html.includes(START) ? html.slice(0, html.indexOf(START)) + html.slice(html.indexOf(END) + END.length).replace(/^\n/, '') : html;
writeFileSync(index, bare);

const port = await freePort();
const server = spawn('python3', ['scripts/serve.py', String(port), dir], { stdio: 'ignore' });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
let shell;
try {
  const base = `http://127.0.0.1:${port}/`;
  for (let i = 0; i < 50; i += 1) {
    try { await fetch(base); break; } catch { await new Promise((r) => setTimeout(r, 100)); }
  }
  // No service worker: the capture is the page as a first visit draws it, before the
  // loader says anything of its offline copy (and a sw.js left in DIR is never installed).
  const page = await browser.newPage({ viewport: { width: 412, height: 823 }, serviceWorkers: 'block' });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const workers = [];
  page.on('request', (r) => { if (/redress-(worker|workbook)/.test(r.url())) workers.push(r.url()); });
  await page.goto(base);
  // The app's own first screen: the demo's result drawn, nothing pending.
  await page.waitForFunction(() => document.documentElement.classList.contains('app-drawn')
    && document.querySelector('#compensation') && !document.querySelector('.progress.active'), null, { timeout: 30000 });
  shell = await page.evaluate(() => {
    const copy = document.getElementById('app').cloneNode(true);
    for (const el of copy.querySelectorAll('[id]')) el.removeAttribute('id');
    for (const attr of ['for', 'aria-labelledby', 'aria-describedby', 'aria-controls', 'autofocus']) {
      for (const el of copy.querySelectorAll(`[${attr}]`)) el.removeAttribute(attr);
    }
    return copy.innerHTML;
  });
  if (errors.length) throw new Error(`the page failed while prerendering: ${errors.join('; ')}`);
  if (workers.length) throw new Error(`the first screen started a worker (${workers[0]}): it would not be the page's first render`);
  if (!shell.includes('class="page')) throw new Error('no page captured');
} finally {
  await browser.close();
  server.kill();
}

// Trunk's release build minifies the page (Trunk.toml): the attribute may be unquoted.
const at = ['<div id="app">', '<div id=app>'].map((tag) => bare.indexOf(tag)).find((i) => i >= 0) ?? -1;
if (at < 0) throw new Error(`${index}: no <div id="app">`);
writeFileSync(index, `${bare.slice(0, at)}${START}${shell}${END}\n    ${bare.slice(at)}`);
console.log(`prerendered the first screen into ${index}: ${(shell.length / 1024).toFixed(1)} KB of HTML`);

// The widget (www/embed.js) and its documentation page (www/embed.html).
//
// A small server of this test stands in for a host site: it serves the host pages of
// e2e/fixtures/embed/ with a strict CSP header and passes every other path through to the
// built site (APP_URL, scripts/serve.py), so host and widget share one origin, as
// `frame-src 'self'` requires.
//
// What the app does in embed mode (hides its chrome, applies case/lang/accent, posts its
// height) is the app's own contract; here the message handling of embed.js is proved
// against a stub app that keeps that contract (stub-app.html), and the real app is checked
// to compute the right number inside the widget.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BASE, launch, shot } from './lib.mjs';

const FIX = 'e2e/fixtures/embed';
const HOST_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; frame-src 'self'";
const PAGES = {
  '/__host/hostile.html': ['hostile.html', 'text/html; charset=utf-8'],
  '/__host/hostile.css': ['hostile.css', 'text/css'],
  '/__stub/host.html': ['stub-host.html', 'text/html; charset=utf-8'],
  '/__stub/head.html': ['stub-head.html', 'text/html; charset=utf-8'],
  '/__stub/index.html': ['stub-app.html', 'text/html; charset=utf-8'],
  '/__stub/stub.css': ['stub.css', 'text/css'],
  '/__stub/stub.js': ['stub.js', 'text/javascript'],
};
// The same embed.js as the site's, from the stub's folder (so that it frames the stub).
const ALIASES = { '/__stub/embed.js': '/embed.js' };

let browser;
let server;
let HOST;

before(async () => {
  browser = await launch();
  server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url, 'http://host.invalid');
      const page = PAGES[url.pathname];
      if (page) {
        res.writeHead(200, { 'content-type': page[1], 'content-security-policy': HOST_CSP, 'cache-control': 'no-store' });
        res.end(readFileSync(join(FIX, page[0])));
        return;
      }
      const upstream = await fetch(new URL((ALIASES[url.pathname] ?? url.pathname) + url.search, BASE));
      const headers = {};
      for (const [k, v] of upstream.headers) {
        if (!['content-encoding', 'content-length', 'transfer-encoding', 'connection', 'keep-alive'].includes(k)) headers[k] = v;
      }
      res.writeHead(upstream.status, headers);
      res.end(Buffer.from(await upstream.arrayBuffer()));
    } catch (e) {
      res.writeHead(500);
      res.end(String(e));
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  HOST = `http://127.0.0.1:${server.address().port}`;
});
after(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve) ?? resolve());
});

/** A page that records every request and every console error or page error. */
async function page(viewport = { width: 1280, height: 900 }) {
  const p = await browser.newPage({ viewport });
  const requests = [];
  const errors = [];
  p.on('request', (r) => requests.push(r.url()));
  p.on('response', (r) => { if (r.status() >= 400) errors.push(`HTTP ${r.status()} ${r.url()}`); });
  p.on('pageerror', (e) => errors.push(String(e)));
  p.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  return { p, requests, errors };
}

/** The demo case's compensation as the native command line computes it, as the app shows it. */
function nativeDemo() {
  const out = JSON.parse(execFileSync('cargo', ['run', '-q', '-p', 'redress-cli', '--', 'estimate', '--json',
    '--case', 'cases/demo.toml', 'cases/demo-trades.csv'], { encoding: 'utf8' }));
  const [int, frac] = out.compensation.split('.');
  return `${int.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${frac ? `.${frac}` : ''}`;
}

/** The demo case's result in a widget, reached as an investor would. The app on `main`
 * shows it on load; with the app's embed mode (branch `web`) an embedded case opens on the
 * trades step, so the sample trades are loaded and the result step opened. Either way the
 * number shown must be the native one. */
async function demoResult(app, want) {
  // In embed mode with a case, the app opens on the trades step: load the sample and go
  // to the result, as an investor would.
  await app.locator('#load-sample').click({ timeout: 20000 });
  await app.locator('.stepper .step-button').nth(3).click();
  const result = app.locator('#compensation');
  await result.filter({ hasText: want }).waitFor({ timeout: 20000 });
  return result.textContent();
}

const height = (p, sel) => p.$eval(sel, (f) => f.getBoundingClientRect().height);

test('embed.js mounts frames with the right address and attributes, and sizes them only from their own frame', async () => {
  const { p, errors } = await page();
  await p.goto(`${HOST}/__stub/host.html`);
  const a = '#a > iframe';
  const b = '#b > iframe';
  await p.locator(a).waitFor();
  await p.locator(b).waitFor();
  assert.equal(await p.locator('iframe').count(), 2, 'one frame per target, none after the script tag');

  const attrs = (sel) => p.$eval(sel, (f) => ({
    src: f.src, title: f.title, sandbox: f.getAttribute('sandbox'), referrer: f.getAttribute('referrerpolicy'),
    loading: f.getAttribute('loading'), inlineStyleAttr: f.getAttribute('style'),
  }));
  const fa = await attrs(a);
  const fb = await attrs(b);
  const ua = new URL(fa.src);
  assert.equal(ua.origin + ua.pathname, `${HOST}/__stub/index.html`, 'the app beside embed.js');
  assert.deepEqual(Object.fromEntries(ua.searchParams), { embed: '1', case: 'wanfu-2013', lang: 'en', accent: 'abcdef' });
  assert.deepEqual(Object.fromEntries(new URL(fb.src).searchParams), { embed: '1', case: 'demo', lang: 'zh' },
    'a target without attributes takes the script tag\'s');
  assert.match(fa.title, /Redress/);
  assert.match(fb.title, /赔偿计算器/);
  for (const f of [fa, fb]) {
    assert.equal(f.sandbox, 'allow-scripts allow-same-origin allow-downloads allow-modals allow-popups allow-popups-to-escape-sandbox');
    assert.equal(f.referrer, 'no-referrer');
    assert.equal(f.loading, 'lazy');
  }

  // The stub app reports its height (777px of content) on load, as the real app does.
  await p.waitForFunction((sel) => document.querySelector(sel).getBoundingClientRect().height === 777, a);
  await p.waitForFunction((sel) => document.querySelector(sel).getBoundingClientRect().height === 777, b);

  const frameA = p.frames().find((f) => f.url().includes('case=wanfu-2013'));
  const frameB = p.frames().find((f) => f.url().includes('case=demo'));
  const post = (frame, data) => frame.evaluate((d) => parent.postMessage(d, '*'), data);
  // Every change of each frame's style from now on is recorded.
  await p.evaluate(() => {
    window.changes = { a: [], b: [] };
    for (const id of ['a', 'b']) {
      const f = document.querySelector(`#${id} > iframe`);
      new MutationObserver((records) => { for (const _ of records) window.changes[id].push(f.style.height); })
        .observe(f, { attributes: true, attributeFilter: ['style'] });
    }
  });
  // Bad shapes and sizes from a frame of ours are ignored; a later good one is applied
  // (messages are delivered in order, so once it is, the earlier ones were handled).
  for (const bad of [
    { type: 'redress:height', height: '900' },
    { type: 'redress:height', height: Number.NaN },
    { type: 'redress:height', height: Number.POSITIVE_INFINITY },
    { type: 'redress:height', height: 1e7 },
    { type: 'redress:height', height: 20 },
    { type: 'redress:height', height: -500 },
    { type: 'other', height: 900 },
    { height: 900 },
    'redress:height 900',
    null,
  ]) await post(frameA, bad);
  await post(frameA, { type: 'redress:height', height: 812.4 });
  await p.waitForFunction((sel) => document.querySelector(sel).getBoundingClientRect().height === 813, a);
  assert.deepEqual(await p.evaluate(() => window.changes), { a: ['813px'], b: [] },
    'only the good message resized a frame, and only its own');

  // A message from the host window itself, not from a frame, is ignored.
  await p.evaluate(() => window.postMessage({ type: 'redress:height', height: 1500 }, '*'));
  await post(frameB, { type: 'redress:height', height: 300 });
  await p.waitForFunction((sel) => document.querySelector(sel).getBoundingClientRect().height === 300, b);
  assert.deepEqual(await p.evaluate(() => window.changes), { a: ['813px'], b: ['300px'] });
  assert.equal(await height(p, a), 813);
  assert.deepEqual(errors, []);
  await p.close();
});

test('a script tag in <head> mounts at the end of <body>, in the page\'s language, without a bad accent', async () => {
  const { p, errors } = await page();
  await p.goto(`${HOST}/__stub/head.html`);
  const frame = p.locator('body > p#first + iframe');
  await frame.waitFor({ state: 'attached' });
  assert.equal(await p.locator('iframe').count(), 1);
  assert.deepEqual(Object.fromEntries(new URL(await frame.getAttribute('src')).searchParams),
    { embed: '1', case: 'kangmei-2021', lang: 'en' });
  await p.waitForFunction(() => document.querySelector('iframe').getBoundingClientRect().height === 777);
  assert.match(await frame.getAttribute('title'), /^Redress: compensation calculator/);
  assert.deepEqual(errors, []);
  await p.close();
});

test('under hostile CSS and a strict CSP, one script tag shows the calculator with the right compensation, and nothing leaves the origin', async () => {
  const want = nativeDemo();
  const { p, requests, errors } = await page();
  await p.goto(`${HOST}/__host/hostile.html`);
  const frame = p.locator('script[src="/embed.js"] + iframe');
  await frame.waitFor({ state: 'attached' });
  const src = new URL(await frame.getAttribute('src'));
  assert.equal(src.origin + src.pathname, `${HOST}/index.html`);
  assert.deepEqual(Object.fromEntries(src.searchParams), { embed: '1', case: 'demo', lang: 'zh', accent: '0b6e4f' });
  await frame.scrollIntoViewIfNeeded();

  // The host's rules lose against the widget's own: visible, full width, not shrunk.
  const box = await frame.boundingBox();
  const bodyWidth = await p.evaluate(() => document.body.getBoundingClientRect().width);
  assert.ok(box && box.width >= bodyWidth - 1 && box.width > 600, JSON.stringify({ box, bodyWidth }));
  assert.ok(box.height >= 120, JSON.stringify(box));
  const style = await frame.evaluate((f) => {
    const s = getComputedStyle(f);
    return { display: s.display, visibility: s.visibility, opacity: s.opacity, position: s.position, transform: s.transform, border: s.borderTopWidth };
  });
  assert.deepEqual(style, { display: 'block', visibility: 'visible', opacity: '1', position: 'static', transform: 'none', border: '0px' });

  // The app inside computes the demo case, to the cent of the native command line.
  const app = p.frameLocator('script[src="/embed.js"] + iframe');
  assert.equal(await demoResult(app, want), want);
  // The app's own styles are intact in the frame (the host's 40px never reaches it).
  const inner = await app.locator('#compensation').evaluate((e) => getComputedStyle(e).fontSize);
  assert.notEqual(inner, '40px');
  // Embed mode: no site header, the host's accent, and a frame as tall as the app's page.
  assert.equal(await app.locator('.masthead .title').isHidden(), true, 'the site title is hidden');
  const accent = await app.locator('body').evaluate((e) =>
    getComputedStyle(document.documentElement).getPropertyValue('--accent').trim());
  assert.equal(accent.toLowerCase(), '#0b6e4f');
  const inside = await app.locator('body').evaluate((e) => e.offsetHeight);
  await p.waitForFunction((h) => Math.abs(document.querySelector('script[src="/embed.js"] + iframe').getBoundingClientRect().height - h) <= 1, inside);
  // And the widget left the host page alone: its own text keeps the host's style, and
  // embed.js added no style sheet.
  assert.equal(await p.$eval('#host-after', (e) => getComputedStyle(e).fontSize), '40px');
  assert.equal(await p.evaluate(() => document.styleSheets.length), 1);
  await p.screenshot({ path: shot('embed-hostile.png'), fullPage: true });
  // The widget never installs a service worker: not in its frame (its loader has decided,
  // after the page loaded and the browser was idle) and not in the host's scope.
  await app.locator('html[data-offline="off"]').waitFor({ state: 'attached', timeout: 20000 });
  const widget = p.frames().find((f) => f !== p.mainFrame() && f.url().startsWith(`${HOST}/index.html?`));
  assert.equal(await widget.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length), 0);
  assert.equal(await p.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length), 0);
  assert.deepEqual(p.context().serviceWorkers(), []);

  assert.ok(requests.length > 3, requests.join('\n'));
  assert.deepEqual(requests.filter((u) => !u.startsWith(`${HOST}/`)), [], 'every request stays on the origin');
  assert.deepEqual(errors, [], 'no CSP violation or error, in the host or in the frame');
  await p.close();
});

test('the embed documentation page runs under the site CSP, lists the built-in cases, shows the live widget and passes axe', async () => {
  const { cases } = await import(join(process.cwd(), process.env.PKG_DIR ?? 'dist/pkg', 'index.js'));
  const { p, requests, errors } = await page();
  const violations = [];
  await p.exposeFunction('__cspViolation', (v) => violations.push(v));
  await p.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => window.__cspViolation(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await p.goto(new URL('embed.html', BASE).href);
  assert.equal(await p.title(), '嵌入 Redress · Embed Redress');
  const ids = cases().map((c) => c.id);
  await p.waitForFunction((n) => document.querySelectorAll('#case-list tbody tr').length === n, ids.length);
  assert.deepEqual(await p.$$eval('#case-list tbody tr td:first-child code', (cs) => cs.map((c) => c.textContent)), ids);
  for (const id of ['snippet-script', 'snippet-div', 'snippet-module', 'snippet-node']) {
    assert.match(await p.locator(`#${id}`).textContent(), /embed\.js|index\.js/);
  }

  // The live example is the widget itself.
  const live = p.locator('#live > iframe');
  await live.scrollIntoViewIfNeeded();
  const want = nativeDemo();
  assert.equal(await demoResult(p.frameLocator('#live > iframe'), want), want);

  // axe-core on the page itself (the app in the frame is the app's own tests' business).
  await p.evaluate(readFileSync('node_modules/axe-core/axe.min.js', 'utf8'));
  const result = await p.evaluate(() => window.axe.run(document, { iframes: false }));
  const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`), []);
  await p.screenshot({ path: shot('embed-docs.png'), fullPage: true });

  const origin = new URL(BASE).origin;
  assert.deepEqual(requests.filter((u) => !u.startsWith(origin)), []);
  assert.deepEqual(violations, []);
  assert.deepEqual(errors, []);
  await p.close();
});

// The installable, offline web app (issue 19; README "Install / offline", www/sw.js,
// scripts/offline.mjs). Loaded once, the page saves every file of the app and says so;
// offline, it opens again and computes a real case from a dropped file with every request
// answered by its service worker; a new build installs beside the old one, takes over
// without ever mixing the two, and leaves only its own cache.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BASE, axe, launch, shot, step, settled } from './lib.mjs';
import { manifest, writeServiceWorker } from '../scripts/offline.mjs';

const DIST = process.env.DIST_DIR ?? 'dist';
/** The saving takes a few seconds here; on a loaded machine, more. */
const SAVED = 60000;

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** A real case's golden folder: its trades and the amount computed by hand. */
function golden(id) {
  const dir = `tests/golden/real-${id}`;
  const amount = readFileSync(join(dir, 'expect.toml'), 'utf8').match(/^"compensation" = "([^"]+)"/m)[1];
  return {
    trades: readFileSync(join(dir, 'trades.csv')),
    amount: Number(amount).toLocaleString('en-US', { minimumFractionDigits: 2 }),
  };
}

/** Drops a file on the trades step's drop zone, as a user drags one from the desktop. */
async function drop(page, bytes, name, type) {
  await page.evaluate(([b64, name, type]) => {
    const dt = new DataTransfer();
    dt.items.add(new File([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], name, { type }));
    const zone = document.querySelector('#dropzone');
    zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, [bytes.toString('base64'), name, type]);
}

/** A fresh context (its own service workers and caches) that records every failed request
 * of its pages and of its service worker, and every page error. */
async function fresh(viewport = { width: 1280, height: 900 }) {
  const context = await browser.newContext({ viewport });
  const failed = [];
  const errors = [];
  context.on('requestfailed', (r) => failed.push(`${r.url()}: ${r.failure()?.errorText}`));
  context.on('page', (p) => p.on('pageerror', (e) => errors.push(String(e))));
  context.on('response', (r) => { if (r.status() >= 400) failed.push(`${r.url()}: HTTP ${r.status()}`); });
  return { context, page: await context.newPage(), failed, errors };
}

/** The page's state of its offline copy, once it is `state`. */
const offline = (page, state) => page.locator(`html[data-offline="${state}"]`).waitFor({ state: 'attached', timeout: SAVED });
const cacheNames = (page) => page.evaluate(() => caches.keys());
/** Every address in a cache, as paths. */
const cached = (page, name) => page.evaluate(async (n) => (await (await caches.open(n)).keys()).map((r) => new URL(r.url).pathname).sort(), name);
/** The paths a build's worker lists. */
const paths = (files) => files.map((f) => `/${f.address === './' ? '' : f.address}`).sort();

test('the manifest makes the app installable, Chinese first, with its icons and colours', async () => {
  const { context, page, failed } = await fresh();
  await page.goto(BASE);
  await page.locator('#compensation').waitFor({ timeout: 20000 });
  const cdp = await context.newCDPSession(page);
  const { url, errors, data } = await cdp.send('Page.getAppManifest');
  assert.equal(url, new URL('manifest.webmanifest', BASE).href);
  assert.deepEqual(errors, [], 'the browser reads the manifest without a problem');
  const m = JSON.parse(data);
  assert.equal(m.lang, 'zh-CN');
  assert.match(m.name, /^虚假陈述损失计算/, 'the Chinese name first');
  assert.equal(new URL(m.start_url, url).href, BASE);
  assert.equal(new URL(m.scope, url).href, BASE);
  assert.equal(m.display, 'standalone');
  // The colours are the stylesheet's: the accent and the paper.
  const css = await page.evaluate(() => {
    const s = getComputedStyle(document.documentElement);
    return [s.getPropertyValue('--accent').trim(), s.getPropertyValue('--paper').trim()];
  });
  assert.deepEqual([m.theme_color, m.background_color], css);
  // Every icon is served as the size it claims, one of them maskable.
  for (const icon of m.icons.filter((i) => i.type === 'image/png')) {
    const res = await page.request.get(new URL(icon.src, url).href);
    assert.equal(res.headers()['content-type'], 'image/png', icon.src);
    const png = await res.body();
    assert.equal(`${png.readUInt32BE(16)}x${png.readUInt32BE(20)}`, icon.sizes, icon.src);
  }
  assert.ok(m.icons.some((i) => i.purpose === 'maskable' && i.sizes === '512x512'));
  // Chromium's own verdict (a Playwright context is off the record, which alone stops an
  // install there).
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  assert.deepEqual(installabilityErrors.map((e) => e.errorId).filter((id) => id !== 'in-incognito'), []);
  await offline(page, 'ready');
  assert.deepEqual(failed, []);
  await context.close();
});

test('loaded once, the page saves the app and says so; offline, it opens again and computes a real case from a dropped file', async () => {
  const { version, files } = manifest(DIST);
  const kangmei = golden('kangmei-2021');
  const { context, page, failed, errors } = await fresh();
  const sw = [];
  context.on('request', (r) => { if (r.serviceWorker()) sw.push(new URL(r.url()).pathname); });
  await page.goto(BASE);
  await page.locator('#compensation').waitFor({ timeout: 20000 });
  // It says so, quietly, last in the footer.
  await offline(page, 'ready');
  const status = page.locator('#offline-status');
  assert.equal(await status.textContent(), '已可离线使用：断网时也能打开本页并计算。');
  await status.scrollIntoViewIfNeeded();
  await page.locator('.footer').screenshot({ path: shot('offline-ready-1280.png') });
  // Every file of the build, in one cache named by its version, fetched once each by the
  // service worker (never anything of another origin).
  assert.deepEqual(await cacheNames(page), [`redress-${version}`]);
  assert.deepEqual(await cached(page, `redress-${version}`), paths(files));
  assert.ok(files.some((f) => f.address === 'cases/kangmei-2021/600518.csv'), 'the cases\' market data are listed');
  assert.ok(files.some((f) => /^redress-workbook_bg\.wasm$/.test(f.address)), 'the workbook reader is listed');
  assert.ok(!files.some((f) => /^(pkg\/|embed)/.test(f.address)), 'not the JS package or the widget');
  assert.deepEqual([...new Set(sw)].sort(), ['/sw.js', ...paths(files)].sort());
  // This page, too, is served by it from now on (it came from the network).
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);

  // Offline: the page again, then a real case, its trades dropped as a file.
  await context.setOffline(true);
  const answered = [];
  page.on('response', (r) => answered.push([r.url(), r.fromServiceWorker()]));
  await page.reload();
  await page.locator('#compensation').waitFor({ timeout: 20000 });
  await offline(page, 'ready');
  // The first tap does what it says: the calculator starts from the saved copy, with no
  // "cannot be loaded" notice flashing in to move the page under the finger (it did).
  await step(page, 1);
  await page.locator('#case-demo').waitFor({ timeout: 5000 });
  assert.equal(await page.locator('#worker-unavailable').count(), 0);
  await page.click('#case-kangmei-2021');
  await step(page, 2);
  await page.locator('#trades-heading').waitFor({ timeout: 20000 });
  await page.locator('#dropzone').waitFor();
  await drop(page, kangmei.trades, '康美药业交割单.csv', 'text/csv');
  await page.locator('.source-list .source-name').filter({ hasText: '康美药业交割单.csv' }).waitFor();
  await step(page, 4);
  await settled(page);
  assert.equal(await page.locator('#result-error').count(), 0);
  assert.equal(await page.locator('#compensation').textContent(), kangmei.amount, 'the golden amount, offline');
  // The workbook reader comes from the cache too.
  await step(page, 2);
  await page.setInputFiles('#files', 'tests/import/e-citic.xlsx');
  await page.locator('.source-list .source').filter({ hasText: 'e-citic.xlsx' }).getByText(/Excel 工作簿（.xlsx）/).waitFor({ timeout: 20000 });
  await page.screenshot({ path: shot('offline-computed-1280.png') });
  const paths_ = answered.map(([u]) => new URL(u).pathname);
  for (const p of ['/', '/redress-worker_bg.wasm', '/cases/kangmei-2021/600518.csv', '/cases/kangmei-2021/index-801150.csv', '/redress-workbook_bg.wasm']) {
    assert.ok(paths_.includes(p), `${p} was asked for offline`);
  }
  assert.deepEqual(answered.filter(([, sw]) => !sw).map(([u]) => u), [], 'every answer offline came from the service worker');
  assert.deepEqual(failed, [], 'no request failed');
  assert.deepEqual(errors, []);
  await context.close();
});

test('at a phone\'s width, in English, the status is one quiet line of the footer', async () => {
  const { context, page, failed } = await fresh({ width: 375, height: 800 });
  await page.goto(new URL('?lang=en', BASE).href);
  await page.locator('html[lang="en"]').waitFor({ state: 'attached', timeout: 20000 });
  await offline(page, 'ready');
  const status = page.locator('#offline-status');
  assert.equal(await status.textContent(), 'Ready to work offline: this page opens and computes without a network.');
  await status.scrollIntoViewIfNeeded();
  await page.screenshot({ path: shot('offline-ready-375.png') });
  // Within the page's width, and the page's last line: nothing moved when it appeared.
  const [box, footer] = [await status.boundingBox(), await page.locator('.footer').boundingBox()];
  assert.ok(box.x >= footer.x && box.x + box.width <= footer.x + footer.width + 0.5, JSON.stringify({ box, footer }));
  assert.deepEqual(await page.evaluate(() => [document.querySelector('#app .page').lastElementChild.className,
    document.querySelector('.footer').lastElementChild.id]), ['footer', 'offline-status']);
  assert.deepEqual(failed, []);
  await context.close();
});

/** A free port on localhost. */
function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

test('a new build installs beside the old one, waits while a page of the old one is open, then replaces it: its cache only, its files only', async () => {
  // Build A is a copy of the built site; build B the same with a changed page and a changed
  // worker loader (an unhashed file: the one a stale mix would serve), its sw.js written
  // again, as `./x build` would (no second compile needed).
  const dir = mkdtempSync(join(tmpdir(), 'redress-offline-'));
  cpSync(DIST, dir, { recursive: true, preserveTimestamps: true });
  const python = execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim();
  const port = await freePort();
  const server = spawn(python, ['scripts/serve.py', String(port), dir], { stdio: 'ignore' });
  const base = `http://127.0.0.1:${port}/`;
  try {
    for (let i = 0; i < 100; i += 1) {
      try { await fetch(base); break; } catch { await new Promise((r) => { setTimeout(r, 100); }); }
    }
    const A = manifest(dir).version;
    assert.match(readFileSync(join(dir, 'sw.js'), 'utf8'), new RegExp(`const VERSION = "${A}"`), 'dist/sw.js is this build\'s');
    const { context, page, failed, errors } = await fresh();
    await page.goto(base);
    await page.locator('#compensation').waitFor({ timeout: 20000 });
    await offline(page, 'ready');
    assert.deepEqual(await cacheNames(page), [`redress-${A}`]);

    // Build B.
    const index = join(dir, 'index.html');
    // (Before the title: the built page is minified, without a <head> tag of its own.)
    writeFileSync(index, readFileSync(index, 'utf8').replace('<title>', '<meta name="redress-build" content="B"><title>'));
    const loader = join(dir, 'redress-worker_loader.js');
    writeFileSync(loader, `${readFileSync(loader, 'utf8')}// build B\n`);
    const { version: B, files: filesB } = writeServiceWorker(dir);
    assert.notEqual(B, A);

    // The page is opened again: it is still A (its cache, whole), and the browser finds B,
    // which saves itself beside A and waits; the page says a new version is ready.
    await page.reload();
    await offline(page, 'update');
    assert.equal(await page.locator('meta[name="redress-build"]').count(), 0, 'the open page is still A');
    assert.deepEqual((await cacheNames(page)).sort(), [`redress-${A}`, `redress-${B}`].sort(), 'A kept whole while its page is open');
    assert.deepEqual(await cached(page, `redress-${B}`), paths(filesB));
    const status = page.locator('#offline-status');
    assert.match(await status.textContent(), /新版本已下载，重新载入本页即可使用/);
    await status.scrollIntoViewIfNeeded();
    await page.locator('.footer').screenshot({ path: shot('offline-update-1280.png') });
    assert.deepEqual(await axe(page), [], 'the line and its button pass axe-core');

    // A second page opened meanwhile is A too: B never takes over while another page of A
    // is open (that page would then fetch B's worker).
    const other = await context.newPage();
    await other.goto(base);
    await other.locator('#compensation').waitFor({ timeout: 20000 });
    await offline(other, 'update');
    assert.equal(await other.locator('meta[name="redress-build"]').count(), 0, 'the second page is A');
    assert.equal((await cacheNames(page)).length, 2);
    await other.close();

    // Alone now, the page reloads on the button: B takes over before A's app starts, and
    // the page loads again as B.
    const worker = [];
    page.on('response', async (r) => {
      // (Its body is read as it comes; awaited below.)
      if (new URL(r.url()).pathname === '/redress-worker_loader.js') worker.push(r.text());
    });
    await page.click('#offline-reload');
    // The takeover (B activates, deletes A's cache, the page loads again) is service-worker
    // work: on a loaded machine it takes as long as the saving.
    await page.locator('meta[name="redress-build"][content="B"]').waitFor({ state: 'attached', timeout: SAVED });
    await offline(page, 'ready');
    assert.deepEqual(await cacheNames(page), [`redress-${B}`], 'A\'s cache deleted');
    assert.deepEqual(await cached(page, `redress-${B}`), paths(filesB));
    // Its worker is B's: the calculator starts from B's loader.
    await page.selectOption('#method', 'actual-cost');
    await settled(page, '15,019.50');
    const loaders = await Promise.all(worker);
    assert.ok(loaders.length >= 1 && loaders.every((text) => text.endsWith('// build B\n')), 'B\'s worker loader');
    // Nothing failed. The button only reloads: it starts no calculator of A's to be cut off
    // as the page goes (whose files, answered by A's worker, held B from taking over).
    assert.deepEqual(failed, []);
    assert.deepEqual(errors, []);
    await context.close();
  } finally {
    server.kill();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an embedded calculator never registers a service worker, in its frame or its host\'s scope', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const url = new URL('?embed=1&case=demo&lang=zh', BASE).href;
  await page.goto(new URL('embed.html', BASE).href);
  await page.evaluate((src) => {
    const frame = document.createElement('iframe');
    Object.assign(frame, { id: 'f', src, width: 800, height: 700 });
    document.body.append(frame);
  }, url);
  const frame = page.frameLocator('#f');
  await frame.locator('#trades-heading').waitFor({ timeout: 20000 });
  // The loader has decided (after the page loaded and the browser was idle): nothing.
  await frame.locator('html[data-offline="off"]').waitFor({ state: 'attached', timeout: 20000 });
  const inner = page.frames().find((f) => f.url() === url);
  assert.deepEqual(await inner.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length), 0);
  assert.deepEqual(await page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length), 0);
  assert.deepEqual(context.serviceWorkers(), []);
  assert.equal(await inner.evaluate(() => navigator.serviceWorker.controller), null);
  await context.close();
});

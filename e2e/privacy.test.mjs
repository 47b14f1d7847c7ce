// Privacy and security: no request after load, the CSP is sent and obeyed, nothing is
// remembered unless asked, share links carry no trades, and embedding follows README.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { BASE, launch, open, paste, settled, step } from './lib.mjs';
import { manifest } from '../scripts/offline.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const CANONICAL = readFileSync('cases/demo-trades.csv', 'utf8');

/** The calculator's worker: the page's own code from its own origin, fetched on the user's
 * first intent (not at load), carrying no data — the only request allowed after load, as
 * the workbook reader is when a workbook is dropped. */
const WORKER = /^\/redress-worker(_loader\.js|\.js|_bg\.wasm)$/;
/** A real case's public market data: this site's own static files, fetched by the worker
 * when the case is first computed (never anything of the user's). */
const CASE_DATA = /^\/cases\/[a-z0-9-]+\/((index-)?\d{6}\.csv|data\.toml)$/;
const allowed = (path) => WORKER.test(path) || CASE_DATA.test(path);

test('no request leaves the page after it has loaded, through the whole flow', async () => {
  const { page, requests, saving } = await open(browser);
  const loaded = requests.length;
  assert.deepEqual(requests.filter((r) => WORKER.test(new URL(r.url).pathname)).map((r) => r.url), [],
    'the first page shows the pre-computed demo without the worker');
  await paste(page, CANONICAL);
  await step(page, 1);
  await page.click('#case-wanfu-2013');
  await page.click('#case-demo');
  await step(page, 3);
  await page.locator('#review-table').waitFor();
  await step(page, 4);
  await settled(page, '15,520.15');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-json')]);
  await download.path(); // the download has completed
  const origin = new URL(page.url()).origin;
  const after = requests.slice(loaded).map((r) => r.url);
  assert.ok(after.some((u) => WORKER.test(new URL(u).pathname)), 'the worker started on first intent');
  assert.deepEqual(after.filter((u) => !(u.startsWith(origin) && allowed(new URL(u).pathname))), []);
  // Only GETs of the chosen cases' data files, never a request carrying a query.
  assert.deepEqual(after.filter((u) => CASE_DATA.test(new URL(u).pathname) && new URL(u).search), []);
  assert.deepEqual(requests.filter((r) => !r.url.startsWith(origin)).map((r) => r.url), []);
  // The service worker saves this site's own files for offline use, after the page has
  // loaded: exactly the files its build lists (sw.js, scripts/offline.mjs), each a GET
  // without a query, and nothing else, of this origin or any other.
  await page.locator('html[data-offline="ready"]').waitFor({ state: 'attached', timeout: 60000 });
  const listed = manifest(process.env.DIST_DIR ?? 'dist').files.map((f) => new URL(f.address, `${origin}/`).href);
  const fetched = saving.filter((r) => new URL(r.url).pathname !== '/sw.js');
  assert.deepEqual(fetched.filter((r) => r.method !== 'GET' || !listed.includes(r.url)).map((r) => r.url), []);
  assert.deepEqual(fetched.map((r) => r.url).sort(), listed.sort(), 'each listed file once');
  const load = await page.evaluate(() => performance.timeOrigin + performance.getEntriesByType('navigation')[0].loadEventEnd);
  assert.ok(fetched.every((r) => r.at >= load), 'none during the first load');
  await page.close();
});

test('the page is served with its CSP and nothing violates it', async () => {
  const page = await browser.newPage();
  const violations = [];
  page.on('console', (m) => { if (/Content.Security.Policy|CSP/i.test(m.text())) violations.push(m.text()); });
  const response = await page.goto(BASE);
  assert.equal(response.headers()['content-security-policy'],
    "default-src 'self'; img-src 'self' data:; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'");
  await page.locator('#compensation').waitFor({ timeout: 20000 });
  assert.equal(await page.locator('[style]').count(), 0, 'no style attribute in markup');
  assert.deepEqual(violations, []);
  await page.close();
});

test('untrusted file content is shown as text, never as HTML', async () => {
  const { page } = await open(browser);
  await paste(page, 'date,time,account,kind,quantity,price\n2021-03-02,,<img src=x onerror=alert(1)>,buy,1000,10\n2021-03-03,,A,<b>bold</b>,1,1\n');
  await step(page, 3);
  await page.locator('#review-table').getByText('<img src=x onerror=alert(1)>').waitFor();
  assert.equal(await page.locator('#review-table img, #review-table b').count(), 0);
  await page.close();
});

test('nothing is remembered unless asked; when asked, a reload restores the trades', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(BASE);
  await page.locator('#compensation').waitFor({ timeout: 20000 });
  assert.equal(await page.isChecked('#remember'), false);
  await paste(page, 'date,kind,quantity,price\n2021-03-02,buy,1000,10\n');
  await step(page, 4);
  await settled(page, '2,002.60');
  assert.equal(await page.evaluate(() => localStorage.length), 0);
  await page.check('#remember');
  await page.waitForFunction(() => localStorage.length === 1);
  await page.reload();
  await page.waitForFunction(() => document.querySelector('#compensation')?.textContent === '2,002.60', null, { timeout: 20000 });
  await page.uncheck('#remember');
  await page.waitForFunction(() => localStorage.length === 0);
  await context.close();
});

test('remembered text in any script comes back exactly as it was typed', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(BASE);
  await page.locator('#compensation').waitFor({ timeout: 20000 });
  await page.check('#remember');
  const text = 'date,time,account,kind,quantity,price\n2021-03-02,,华泰证券·信用 «1»,buy,1000,10\n';
  await paste(page, text);
  await step(page, 4);
  await settled(page, '2,002.60');
  await page.waitForFunction(() => (localStorage.getItem(localStorage.key(0)) ?? '').includes('2021-03-02'));
  await page.reload();
  await page.waitForFunction(() => document.querySelector('#compensation')?.textContent === '2,002.60', null, { timeout: 20000 });
  await step(page, 2);
  assert.equal(await page.locator('.paste-area').first().inputValue(), text);
  await page.uncheck('#remember');
  await page.waitForFunction(() => localStorage.length === 0);
  await context.close();
});

test('what an earlier version remembered is not silently dropped: the page says so, and deletes it', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(BASE);
  await page.locator('#compensation').waitFor({ timeout: 20000 });
  // Version 1 kept JSON under its own key.
  await page.evaluate(() => localStorage.setItem('redress.v1', JSON.stringify({
    v: 1, lang: 'zh', step: 'result', case: 'demo',
    sources: [{ name: '粘贴的文本 1', file: false, text: 'date,kind,quantity,price\n2021-03-02,buy,1000,10\n' }],
  })));
  await page.reload();
  await page.locator('.notice', { hasText: '旧版本' }).waitFor({ timeout: 20000 });
  assert.match(await page.locator('.notice').innerText(), /无法读取，已将其删除/);
  await page.waitForFunction(() => localStorage.length === 0);
  assert.equal(await page.isChecked('#remember'), false);
  // Said once: the next visit starts as any first visit.
  await page.reload();
  await page.locator('#compensation').waitFor({ timeout: 20000 });
  assert.equal(await page.locator('.notice').count(), 0);
  await context.close();
});

test('a fix by hand is remembered, made after ticking, on an input that is not the first the page made', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(BASE);
  await page.locator('#compensation').waitFor({ timeout: 20000 });
  await page.check('#remember');
  // After "clear all" the paste is the page's second input (the sample was the first);
  // a reload numbers the remembered inputs from one.
  await paste(page, 'date,kind,quantity,price\n2021-03-02,buy,1000,10\n2021-13-01,buy,1,1\n');
  await step(page, 3);
  await page.selectOption('#row-filter', 'rejected');
  await page.locator('#review-table .status-row.rejected').first().getByRole('button').first().click();
  await page.locator('.editor input').first().fill('2021-03-03');
  await page.click('#edit-save');
  await step(page, 4);
  await settled(page, '1,995.59');
  await page.waitForFunction(() => (localStorage.getItem(localStorage.key(0)) ?? '').includes('2021-03-03'));
  await page.reload();
  await page.waitForFunction(() => document.querySelector('#compensation')?.textContent === '1,995.59', null, { timeout: 20000 });
  await page.uncheck('#remember');
  await context.close();
});

test('remembered files, a text export and a workbook, come back after a reload, as they were read', async () => {
  // Guards against the first remembered file coming back as the sample trades (the first
  // render, the demo, sending the worker the sample under that file's id).
  const context = await browser.newContext();
  const page = await context.newPage();
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(BASE);
  await page.locator('#compensation').waitFor({ timeout: 20000 });
  await page.click('#start-own');
  await step(page, 2);
  await page.setInputFiles('#files', ['tests/import/e-citic.xlsx', 'e2e/fixtures/gbk-trades.csv']);
  const source = (name, format) => page.locator('.source-list .source').filter({ hasText: name }).getByText(format);
  // (Remembered as its decoded text, the GBK file then reads as plain CSV: counts compared.)
  const gbk = source('gbk-trades.csv', /CSV · 采用 [1-9]/);
  const book = source('e-citic.xlsx', /Excel 工作簿（.xlsx） · .*忽略 [1-9]/);
  await gbk.waitFor({ timeout: 20000 });
  await book.waitFor({ timeout: 20000 });
  const counts = async () => [(await gbk.textContent()).replace(/^.*CSV · /, ''), await book.textContent()];
  const before = await counts();
  await step(page, 4);
  await settled(page);
  const result = await page.locator('#compensation').textContent();
  await page.check('#remember');
  await page.waitForFunction(() => (localStorage.getItem(localStorage.key(0)) ?? '').includes('e-citic.xlsx'));
  requests.length = 0;
  await page.reload();
  await settled(page, result);
  await step(page, 2);
  await gbk.waitFor({ timeout: 20000 });
  await book.waitFor({ timeout: 20000 });
  assert.deepEqual(await counts(), before);
  assert.deepEqual(requests.filter((u) => u.includes('redress-workbook')), [], 'the workbook is not read again');
  await page.uncheck('#remember');
  await page.waitForFunction(() => localStorage.length === 0);
  await context.close();
});

test('a share link applies its case and rules over what this device remembers', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(BASE);
  await page.locator('#compensation').waitFor({ timeout: 20000 });
  await paste(page, CANONICAL);
  await step(page, 4);
  await settled(page, '15,520.15');
  await page.check('#remember');
  await page.waitForFunction(() => localStorage.length === 1);
  await page.goto(new URL('?case=demo&method=actual-cost', BASE).href);
  await page.locator('.notice').waitFor({ timeout: 20000 });
  await step(page, 4);
  await settled(page, '15,019.50');
  assert.equal(await page.inputValue('#method'), 'actual-cost');
  await page.uncheck('#remember');
  await context.close();
});

test('a share link carries the case, rules and language but never a trade, and opens coherently', async () => {
  const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  await page.goto(BASE);
  await page.locator('#compensation').waitFor({ timeout: 20000 });
  await page.selectOption('#method', 'actual-cost');
  await settled(page, '15,019.50');
  await page.click('#share');
  await page.locator('.notice').waitFor();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(link, /\?lang=zh&case=demo&method=actual-cost$/);
  assert.doesNotMatch(link, /2021-0|15\.00|buy/);
  const other = await context.newPage();
  await other.goto(link.replace('case=demo', 'case=wanfu-2013').replace('lang=zh', 'lang=en'));
  await other.locator('#trades-heading').waitFor({ timeout: 20000 });
  await other.waitForFunction(() => document.documentElement.lang === 'en');
  await other.click('.stepper .step-button >> nth=0');
  assert.equal(await other.getAttribute('#case-wanfu-2013', 'aria-pressed'), 'true');
  await context.close();
});

test('embedded: the case and language are preselected, the accent applied, the chrome hidden, and only the height is posted', async () => {
  const page = await browser.newPage();
  const url = new URL('?embed=1&case=wanfu-2013&lang=en&accent=aa3300', BASE).href;
  // The host page listens before the frame loads (it is about:blank, under no CSP).
  await page.setContent(`<!doctype html><body><script>
    globalThis.messages = []; addEventListener('message', (e) => globalThis.messages.push(e.data));
  </script><iframe id="f" src="${url}" width="600" height="400"></iframe></body>`);
  const frame = page.frameLocator('#f');
  await frame.locator('#trades-heading').waitFor({ timeout: 20000 });
  await page.waitForFunction(() => globalThis.messages.length > 0);
  const messages = await page.evaluate(() => globalThis.messages);
  for (const m of messages) {
    assert.deepEqual(Object.keys(m).sort(), ['height', 'type']);
    assert.equal(m.type, 'redress:height');
    assert.equal(typeof m.height, 'number');
    assert.ok(m.height > 100);
  }
  const inner = page.frames().find((f) => f.url().startsWith(url.split('?')[0]) && f !== page.mainFrame());
  assert.equal(await inner.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--accent').trim()), '#aa3300');
  assert.equal(await inner.evaluate(() => document.documentElement.lang), 'en');
  assert.equal(await inner.locator('.masthead .title').isVisible(), false);
  assert.equal(await inner.locator('.lang-toggle').isVisible(), true);
  assert.equal(await inner.locator('.footer').count(), 0);
  await inner.click('.stepper .step-button >> nth=0');
  assert.equal(await inner.getAttribute('#case-wanfu-2013', 'aria-pressed'), 'true');
  // Changing the case is still possible, and the height follows the content.
  await inner.click('#case-demo');
  assert.equal(await inner.getAttribute('#case-demo', 'aria-pressed'), 'true');
  // An invalid accent is ignored.
  const bad = await browser.newPage();
  await bad.goto(new URL('?embed=1&accent=red;x', BASE).href);
  await bad.locator('.stepper').waitFor({ timeout: 20000 });
  assert.equal(await bad.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--accent').trim()), '#1f5f8b');
  await bad.close();
  await page.close();
});

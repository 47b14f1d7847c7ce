// The first screen on a phone: painted from the HTML alone before the wasm arrives (the
// build's own first render, prerendered into index.html by scripts/prerender.mjs), never
// where the app starts elsewhere, gone once the app has drawn; and every control named,
// every text contrasted, in both languages at a phone's width (what Lighthouse audits).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { BASE, launch, open, step } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const PHONE = { width: 412, height: 823 };

/** A page whose app never loads (its wasm is refused): what the HTML alone paints. */
async function withoutWasm(path = '', init = undefined, arg = undefined) {
  const context = await browser.newContext({ viewport: PHONE });
  if (init) await context.addInitScript(init, arg);
  const page = await context.newPage();
  await page.route(/\.wasm$/, (r) => r.abort());
  await page.goto(new URL(path, BASE).href);
  await page.waitForLoadState('load');
  return { context, page };
}

test('before the wasm, the HTML alone paints the demo result, inert and without ids', async () => {
  const { context, page } = await withoutWasm();
  const shell = page.locator('.prerendered');
  assert.ok(await shell.isVisible());
  assert.equal(await shell.getAttribute('inert'), '');
  assert.ok(await shell.locator('.masthead h1').isVisible());
  assert.match(await shell.textContent(), /15,520\.15/);
  assert.equal(await shell.locator('[id]').count(), 0, 'no id: tests and the app find only the live page');
  assert.equal(await page.locator('#app').isVisible(), false);
  await context.close();
});

test('the prerendered screen is never shown where the app starts elsewhere', async () => {
  for (const path of ['?embed=1&case=demo', '?case=zijing-2023', '?lang=en', '#case=demo']) {
    const { context, page } = await withoutWasm(path);
    assert.equal(await page.locator('.prerendered').isVisible(), false, path);
    await context.close();
  }
  // The app's key, and an earlier version's (the app says it cannot read it).
  for (const key of ['redress.v2', 'redress.v1']) {
    const { context, page } = await withoutWasm('', (k) => localStorage.setItem(k, '{}'), key);
    assert.equal(await page.locator('.prerendered').isVisible(), false, `a remembered session (${key})`);
    await context.close();
  }
});

test('once the app has drawn, the prerendered screen is gone and the live page looks the same', async () => {
  const { context, page: before } = await withoutWasm();
  const shellBox = await before.locator('.prerendered .page').boundingBox();
  await context.close();
  // Without the service worker: the line that says the page works offline comes seconds
  // later, last on the page, where it moves nothing (e2e/offline.test.mjs); it is not part
  // of the first screen.
  const live = await browser.newContext({ viewport: PHONE, serviceWorkers: 'block' });
  const page = await live.newPage();
  await page.goto(BASE);
  await page.locator('#compensation').waitFor({ timeout: 20000 });
  assert.equal(await page.locator('.prerendered').count(), 0);
  const box = await page.locator('#app .page').boundingBox();
  assert.deepEqual(box, shellBox, 'the same layout: no shift when the app takes over');
  await live.close();
});

const AXE = new URL('../node_modules/axe-core/axe.min.js', import.meta.url);

/** Every axe-core violation of the WCAG 2.1 A/AA rules, whatever its impact. */
async function violations(page) {
  await page.evaluate(await readFile(AXE, 'utf8'));
  const result = await page.evaluate(() => globalThis.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
  }));
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
}

test('on a phone, in both languages, every control has a name and every text its contrast (axe-core)', async () => {
  for (const lang of ['zh', 'en']) {
    const { page } = await open(browser, { ...PHONE, path: lang === 'en' ? '?lang=en' : '' });
    if (lang === 'en') await page.locator('html[lang="en"]').waitFor();
    assert.deepEqual(await violations(page), [], `${lang}: result`);
    for (const n of [1, 2, 3]) {
      await step(page, n);
      await page.waitForFunction(() => !document.querySelector('.progress.active'));
      assert.deepEqual(await violations(page), [], `${lang}: step ${n}`);
    }
    await page.close();
  }
});

/** The layout shifts recorded since the page started (none: an empty list): the buffered
 * entries, which an observer's takeRecords() hands over at once. */
async function shifts(page) {
  return page.evaluate(() => {
    const observer = new PerformanceObserver(() => {});
    observer.observe({ type: 'layout-shift', buffered: true });
    const list = observer.takeRecords();
    observer.disconnect();
    return list.map((e) => `${e.value.toFixed(3)}: ${e.sources.map((s) => s.node?.className).join(', ')}`);
  });
}

test('the first screen never shifts as it loads, prerendered (the demo) or drawn by the app (a link)', async () => {
  for (const path of ['', '?lang=en']) {
    const { page } = await open(browser, { ...PHONE, path });
    assert.deepEqual(await shifts(page), [], path || '/');
    await page.close();
  }
});

// The walking skeleton: the built site computes rules.md §12 in Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch, open, shot } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const CANONICAL = readFileSync('cases/demo-trades.csv', 'utf8');

test('the first page shows the demo result, and a pasted canonical CSV gives 15,520.15', async () => {
  const { page, errors } = await open(browser);
  assert.equal(await page.locator('#compensation').textContent(), '15,520.15');
  // Break it, then paste the canonical CSV of rules.md §12.
  await page.fill('#trades', 'date,kind,quantity,price\n2021-13-01,buy,1,1\n');
  await page.locator('.error').waitFor();
  assert.match(await page.locator('.error').textContent(), /第 2 行/);
  await page.fill('#trades', CANONICAL);
  await page.waitForFunction(() => document.querySelector('#compensation')?.textContent === '15,520.15');
  await page.screenshot({ path: shot('skeleton.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});

test('no request leaves the page after it has loaded', async () => {
  const { page, requests } = await open(browser);
  const loaded = requests.length;
  await page.fill('#trades', CANONICAL);
  await page.waitForFunction(() => document.querySelector('#compensation')?.textContent === '15,520.15');
  await page.waitForTimeout(300);
  assert.deepEqual(requests.slice(loaded).map((r) => r.url), []);
  const origin = new URL(page.url()).origin;
  assert.deepEqual(requests.filter((r) => !r.url.startsWith(origin)).map((r) => r.url), []);
  await page.close();
});

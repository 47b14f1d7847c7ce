// Real cases out of the box: every built-in real case computes from a trade file alone,
// with the public market data shipped beside it (fetched by the worker from this site,
// once, when the case is chosen), and gives the amount its golden folder computes
// independently (tests/golden/real-<id>/expect.toml). A failing network says so.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { BASE, launch, paste, settled, shot, step } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const GOLDEN = 'tests/golden';

/** The value of a parameter path in a case file (the few shapes a golden supplies). */
function valueOf(toml, path) {
  const key = (section, name) => {
    const at = toml.indexOf(section);
    if (at < 0) return undefined;
    const body = toml.slice(at + section.length).split(/\n\[/)[0];
    return body.match(new RegExp(`^${name}\\s*=\\s*(.+)$`, 'm'))?.[1];
  };
  const clean = (v) => v?.trim().replace(/^\[|\]$/g, '').replace(/"/g, '').replace(/\s*,\s*/g, ',');
  const seg = path.match(/^segments\.([^.]+)\.(.+)$/);
  if (seg) {
    const block = toml.split('[[segments]]').find((b) => new RegExp(`^id\\s*=\\s*"${seg[1]}"`, 'm').test(b));
    return clean(block?.split(/\n\[/)[0].match(new RegExp(`^${seg[2]}\\s*=\\s*(.+)$`, 'm'))?.[1]);
  }
  if (path.startsWith('rules.systemic.')) return clean(key('[rules.systemic]', path.slice(15)));
  if (path.startsWith('rules.')) return clean(key('[rules]', path.slice(6)));
  return undefined;
}

/** Each real-case golden: its case, the values it supplies, its trades and amount. */
const REAL = existsSync(GOLDEN) ? readdirSync(GOLDEN).filter((d) => d.startsWith('real-')).sort().map((name) => {
  const dir = join(GOLDEN, name);
  const toml = readFileSync(join(dir, 'case.toml'), 'utf8');
  const supplied = [...toml.matchAll(/^\[provenance\."([^"]+)"\]\nstatus = "user"/gm)].map((m) => m[1]);
  const options = existsSync(join(dir, 'options.toml')) ? readFileSync(join(dir, 'options.toml'), 'utf8') : '';
  const expect = readFileSync(join(dir, 'expect.toml'), 'utf8');
  return {
    name,
    id: toml.match(/^id\s*=\s*"([^"]+)"/m)[1],
    params: supplied.map((p) => [p, valueOf(toml, p)]),
    trades: readdirSync(dir).filter((f) => /^trades.*\.csv$/.test(f)).sort().map((f) => readFileSync(join(dir, f), 'utf8')),
    without: /^without_deductions\s*=\s*true/m.test(options),
    method: options.match(/^method\s*=\s*"([^"]+)"/m)?.[1],
    amount: Number(expect.match(/^"?compensation"?\s*=\s*"([^"]+)"/m)[1]).toLocaleString('en-US', { minimumFractionDigits: 2 }),
  };
}) : [];

const CASE_DATA = /^\/cases\/([a-z0-9-]+)\/((index-)?\d{6}\.csv|data\.toml)$/;

test('every real case computes from a trade file alone, to its golden amount', async () => {
  assert.ok(REAL.length >= 10, `${REAL.length} real-case golden folders`);
  const outcomes = [];
  for (const c of REAL) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const requests = [];
    const errors = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('pageerror', (e) => errors.push(String(e)));
    const link = new URLSearchParams({ case: c.id });
    for (const [path, value] of c.params) link.set(`p.${path}`, value);
    if (c.method) link.set('method', c.method);
    await page.goto(new URL(`?${link}`, BASE).href);
    await page.locator('#trades-heading').waitFor({ timeout: 20000 });
    assert.equal(c.trades.length, 1, `${c.name}: one trade file`);
    await paste(page, c.trades[0]);
    await step(page, 4);
    await settled(page);
    const problem = page.locator('#result-error');
    assert.equal(await problem.count(), 0, `${c.name}: ${await problem.count() && await problem.textContent()}`);
    let got;
    if (c.without) {
      // Computed without deductions: the comparison's column for the method shown.
      const row = page.locator('#compare-table tr.current td.num');
      got = (await row.nth(2).textContent()).replace(/\s*元$/, '').replace(/^¥/, '');
    } else {
      got = await page.locator('#compensation').textContent();
    }
    assert.equal(got, c.amount, `${c.name}: the page gives the golden amount`);
    // The data came from this site: only the chosen case's own files.
    const fetched = requests.map((u) => new URL(u)).filter((u) => CASE_DATA.test(u.pathname));
    assert.ok(fetched.length > 0, `${c.name}: the case's data were fetched`);
    for (const u of fetched) {
      assert.equal(u.origin, new URL(BASE).origin);
      assert.equal(u.pathname.match(CASE_DATA)[1], c.id, `${c.name}: only its own data`);
    }
    // The deadlines, counted from this device's today (every real case has at least the
    // limitation period's rule).
    assert.ok(await page.locator('#deadlines .deadline').count() >= 1, `${c.name}: deadlines`);
    // A court case (its opt-out deadline), a scheme (its claim window) and a scheme that
    // has published no window (the limitation period alone, nothing invented).
    const deadlines = await page.locator('#deadlines .deadline').allTextContents();
    if (c.id === 'meishang-2023') {
      await page.locator('#deadlines').screenshot({ path: shot('case-deadlines-1280.png') });
      assert.match(await page.locator('#deadlines').textContent(), /2025-02-19/);
      assert.ok(deadlines.some((t) => /特别代表人诉讼.*声明退出.*2025-02-19/.test(t)), deadlines.join('\n'));
    }
    if (c.id === 'zijing-2023') {
      await page.locator('#deadlines').screenshot({ path: shot('case-deadlines-scheme-1280.png') });
      assert.ok(deadlines.some((t) => /先行赔付申报自 2023-05-31 开始/.test(t)), deadlines.join('\n'));
      assert.ok(deadlines.some((t) => /先行赔付的?申报.*2023-06-30 截止/.test(t)), deadlines.join('\n'));
    }
    if (c.id === 'guangdao-2025') {
      assert.equal(deadlines.length, 2, deadlines.join('\n'));
      assert.ok(deadlines.every((t) => /诉讼时效/.test(t) && !/申报|登记|退出/.test(t)), deadlines.join('\n'));
    }
    // Where the data came from is on the page, file by file.
    assert.ok(await page.locator('#market-data-sources .data-title').count() >= 1, `${c.name}: data sources`);
    await page.screenshot({ path: shot(`case-${c.id}-result-1280.png`), fullPage: false });
    if (c.id === 'kangmei-2021') {
      // Its base date is computed: the day-by-day turnover table shows how.
      await page.locator('#market-data-sources').screenshot({ path: shot('case-data-sources-1280.png') });
      await page.locator('details.turnover summary').first().click();
      assert.equal(await page.locator('details.turnover tbody tr').count(), 36, 'day 36 reached 100%');
      await page.locator('details.turnover').first().screenshot({ path: shot('case-turnover-1280.png') });
    }
    assert.deepEqual(errors, []);
    outcomes.push(`${c.id} ${got}`);
    await page.close();
  }
  console.log(outcomes.join('\n'));
});

test('a case whose data cannot be loaded says so, keeps the input, and recovers by itself', async () => {
  const page = await browser.newPage({ viewport: { width: 375, height: 800 } });
  let fail = true;
  // On the context, so that the service worker's own requests fail too (it saves every
  // case's data after the page has loaded): the network is down for the whole browser.
  await page.context().route('**/cases/**', (route) => (fail ? route.abort() : route.continue()));
  await page.goto(new URL('?case=zijing-2023', BASE).href);
  await page.locator('#trades-heading').waitFor({ timeout: 20000 });
  await paste(page, 'date,kind,quantity,price\n2021-06-01,buy,1000,40.00\n');
  await step(page, 4);
  await settled(page);
  const problem = page.locator('#result-error');
  await problem.waitFor();
  assert.match(await problem.textContent(), /公开行情数据未能载入/);
  assert.equal(await page.locator('#compensation').count(), 0, 'no figure without the data');
  await page.screenshot({ path: shot('case-data-failed-375.png'), fullPage: true });
  await step(page, 2);
  assert.equal(await page.locator('.paste-area').first().inputValue(), 'date,kind,quantity,price\n2021-06-01,buy,1000,40.00\n');
  // The network is back: the worker fetches the data again by itself and computes.
  fail = false;
  await step(page, 4);
  await page.locator('#compensation').waitFor({ timeout: 20000 });
  assert.equal(await problem.count(), 0);
  await page.close();
});

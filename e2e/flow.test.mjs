// The whole flow in Chromium: the demo, every built-in case, files (GBK, bad rows), the
// review, the method comparison, languages, printing, privacy and accessibility.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { BASE, launch, open, openLink, shot, step, paste, settled, axe } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const CANONICAL = readFileSync('cases/demo-trades.csv', 'utf8');

test('the first page is the demo result; my own pasted trades give 15,520.15; no serious axe violation on any step', async () => {
  const { page, errors } = await open(browser);
  assert.equal(await page.locator('#compensation').textContent(), '15,520.15');
  assert.deepEqual(await axe(page), [], 'result step');
  // The first result was pre-computed; the worker, started by this first interaction,
  // computes the same number.
  await page.selectOption('#method', 'actual-cost');
  await settled(page, '15,019.50');
  await page.selectOption('#method', 'moving-average');
  await settled(page, '15,520.15');
  await page.click('#start-own');
  await page.locator('#case-heading').waitFor();
  assert.equal(await page.getAttribute('#case-demo', 'aria-pressed'), 'true');
  await step(page, 2);
  if (!(await page.locator('.paste-area').count())) await page.click('#add-paste');
  await page.locator('.paste-area').first().fill(CANONICAL);
  await step(page, 3);
  await page.locator('#review-table').waitFor();
  assert.match(await page.locator('#review-counts').textContent(), /5/);
  assert.deepEqual(await axe(page), [], 'review step');
  await step(page, 4);
  await settled(page, '15,520.15');
  await step(page, 1);
  await page.locator('#case-search').waitFor();
  assert.deepEqual(await axe(page), [], 'case step');
  await step(page, 2);
  assert.deepEqual(await axe(page), [], 'trades step');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the whole flow works by keyboard alone', async () => {
  const { page, errors } = await open(browser);
  /** Presses Tab until the element matching `selector` has the focus. */
  const tabTo = async (selector) => {
    for (let i = 0; i < 80; i += 1) {
      await page.keyboard.press('Tab');
      if (await page.evaluate((s) => document.activeElement?.matches(s), selector)) return;
    }
    throw new Error(`Tab never reached ${selector}`);
  };
  await tabTo('#start-own');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.id === 'case-heading');
  await tabTo('#case-wanfu-2013');
  await page.keyboard.press('Enter');
  assert.equal(await page.getAttribute('#case-wanfu-2013', 'aria-pressed'), 'true');
  await tabTo('#case-demo');
  await page.keyboard.press('Space');
  assert.equal(await page.getAttribute('#case-demo', 'aria-pressed'), 'true');
  await tabTo('.step-nav .primary');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.id === 'trades-heading');
  await tabTo('#add-paste');
  await page.keyboard.press('Enter');
  await tabTo('.paste-area');
  await page.keyboard.insertText(CANONICAL);
  await tabTo('.step-nav .primary');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.id === 'review-heading');
  await tabTo('.step-nav .primary');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.id === 'result-heading');
  await settled(page, '15,520.15');
  await tabTo('#method');
  assert.deepEqual(errors, []);
  await page.close();
});

test('screenshots of every step at 375 and 1280 px; the page never scrolls sideways, in either language', async () => {
  const noSideways = async (page, what) => {
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no horizontal scroll: ${what} (${overflow} px)`);
  };
  for (const width of [375, 1280]) {
    const { page, errors } = await open(browser, { width });
    await page.screenshot({ path: shot(`result-${width}.png`), fullPage: true });
    await noSideways(page, `result at ${width} px`);
    for (const [n, name] of [[1, 'case'], [2, 'trades'], [3, 'review']]) {
      await step(page, n);
      await page.screenshot({ path: shot(`${name}-${width}.png`), fullPage: true });
      await noSideways(page, `${name} at ${width} px`);
    }
    // English labels are longer (a visually hidden table header can push the page wider).
    await page.getByRole('button', { name: /English|英文/ }).click();
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    for (const n of [4, 3, 2, 1]) {
      await step(page, n);
      await noSideways(page, `step ${n} in English at ${width} px`);
    }
    assert.deepEqual(errors, []);
    await page.close();
  }
});

// The same on a real case, whose result shows what the demo's does not: parameters
// computed from the case's market data (a long badge), a parts table with a scaled
// deduction, a chart with closes and an index. Guards against the English badge
// "computed from public market data" that scrolled a phone's page sideways by 31 px
// (the test above opens the demo case only), the chart's ",500 股" and "B … 元" under a
// buy marker at 375 px, and a parts table whose figures did not multiply (QA pass,
// items 3, 4 and 1).
const XINTAI = readFileSync('tests/golden/real-xintai-2017/trades.csv', 'utf8');

/** Labels of the chart shown that are cut by its edges or lie on a trade's mark. */
function chartFaults(page) {
  return page.evaluate(() => {
    const svg = [...document.querySelectorAll('figure.chart svg')].find((s) => s.getBoundingClientRect().width > 0);
    if (!svg) return ['no chart shown'];
    const width = svg.viewBox.baseVal.width;
    const faults = [];
    const marks = [...svg.querySelectorAll('circle.mark')].map((c) => c.getBBox());
    for (const t of svg.querySelectorAll('text')) {
      const b = t.getBBox();
      if (b.x < -0.5 || b.x + b.width > width + 0.5) faults.push(`${svg.id}: "${t.textContent}" cut (${Math.round(b.x)}..${Math.round(b.x + b.width)} of ${width})`);
      if (!t.closest('.level') && !t.classList.contains('holdings-max')) continue;
      for (const m of marks) {
        const apart = b.x + b.width <= m.x || m.x + m.width <= b.x || b.y + b.height <= m.y || m.y + m.height <= b.y;
        if (!apart) faults.push(`${svg.id}: "${t.textContent}" lies on a mark at ${Math.round(m.x)},${Math.round(m.y)}`);
      }
    }
    // No date label on another, nor on an axis title (QA pass 2, item 1: 欣泰电气's six
    // stacked dates, "Tb·first" on "指数 399006（右轴）").
    const labels = [...svg.querySelectorAll('.marker text, .axis-title')].map((t) => ({ text: t.textContent, b: t.getBBox() }));
    for (let i = 0; i < labels.length; i += 1) {
      for (let j = i + 1; j < labels.length; j += 1) {
        const [a, c] = [labels[i].b, labels[j].b];
        if (a.x < c.x + c.width - 0.5 && c.x < a.x + a.width - 0.5 && a.y < c.y + c.height - 0.5 && c.y < a.y + a.height - 0.5) {
          faults.push(`${svg.id}: "${labels[i].text}" overlaps "${labels[j].text}"`);
        }
      }
    }
    return faults;
  });
}

test('a real case: no sideways scroll in either language, chart labels whole, off the marks and apart, the parts show the scale', async () => {
  for (const width of [375, 1280]) {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(new URL('?case=xintai-2017', BASE).href);
    await page.locator('#trades-heading').waitFor({ timeout: 20000 });
    await paste(page, XINTAI);
    await step(page, 4);
    await settled(page, '7,600.79');
    for (const lang of ['zh', 'en']) {
      if (lang === 'en') {
        await page.getByRole('button', { name: /English|英文/ }).click();
        await page.waitForFunction(() => document.documentElement.lang === 'en');
        await settled(page, '7,600.79');
      }
      await page.screenshot({ path: shot(`real-result-${lang}-${width}.png`), fullPage: true });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `no horizontal scroll: xintai-2017 in ${lang} at ${width} px (${overflow} px)`);
      assert.deepEqual(await chartFaults(page), [], `the chart in ${lang} at ${width} px`);
      const sold = await page.locator('table.parts tbody tr').first().textContent();
      assert.match(sold, /4,732\.00[\s\S]*68\.41% × 50%[\s\S]*1,618\.66/, `${lang}: ${sold}`);
      for (const n of [1, 2, 3]) {
        await step(page, n);
        const o = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(o <= 0, `no horizontal scroll: xintai-2017 step ${n} in ${lang} at ${width} px (${o} px)`);
      }
      await step(page, 4);
    }
    assert.deepEqual(errors, []);
    await page.close();
  }
});

// One purchase in each case's window and a sale after its disclosure. A case that does
// not publish everything shows what it needs; the values are typed in (a base date and
// price instead of market data, no systemic-risk deduction) and the case gives an estimate.
const CASES = readdirSync('cases').filter((f) => f.endsWith('.toml')).map((f) => {
  const text = readFileSync(`cases/${f}`, 'utf8');
  return {
    id: text.match(/^id\s*=\s*"([^"]+)"/m)[1],
    t0: text.match(/^implementation_date\s*=\s*"([^"]+)"/m)[1],
    t1: text.match(/^disclosure_date\s*=\s*"([^"]+)"/m)[1],
    indices: (text.match(/^indices\s*=\s*\[([^\]]*)\]/m)?.[1] ?? '').match(/\d{6}/g) ?? [],
    lastT1: [...text.matchAll(/^disclosure_date\s*=\s*"([^"]+)"/gm)].map((m) => m[1]).sort().at(-1),
  };
});

/** Flat daily closes of the case's reference indices around its dates. */
function indexCloses(c) {
  const lines = ['date,code,close'];
  for (const code of c.indices.length ? c.indices : ['000001']) {
    for (let d = later(c.t0, -30); d <= later(c.lastT1, 120); d = later(d, 1)) lines.push(`${d},${code},1000`);
  }
  return lines.join('\n');
}

function later(date, days) {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

test('the full flow for each built-in case', async () => {
  assert.ok(CASES.length >= 10);
  const { page, errors } = await open(browser);
  const outcomes = [];
  for (const c of CASES) {
    await step(page, 1);
    await page.fill('#case-search', '');
    await page.click(`#case-${c.id}`);
    assert.equal(await page.getAttribute(`#case-${c.id}`, 'aria-pressed'), 'true');
    await settled(page);
    // What the case needs, typed in; a value the estimate asks for later joins the form.
    const values = {
      implementation_date: c.t0, disclosure_date: c.t1, base_date: later(c.lastT1, 60),
      base_price: '8.00', stamp_duty_rate: '0.001',
    };
    const supplied = [];
    const supply = async () => {
      const inputs = page.locator('.needs input[id^="need-"]');
      for (let i = 0; i < await inputs.count(); i += 1) {
        const id = await inputs.nth(i).getAttribute('id');
        const key = Object.keys(values).find((k) => id.endsWith(k));
        if (key && !(await inputs.nth(i).inputValue())) {
          await inputs.nth(i).fill(values[key]);
          supplied.push(key);
        }
      }
      const method = page.locator('select#need-rules-systemic-method');
      if (await method.count() && !(await method.inputValue())) {
        await method.selectOption('none');
        supplied.push('method');
      }
    };
    await supply();
    if (await page.locator('#need-indices').count()) {
      await page.fill('#need-indices', indexCloses(c));
      supplied.push('index closes');
    }
    const csv = `date,kind,quantity,price\n${later(c.t0, 1)},buy,1000,10.00\n${later(c.t1, 3)},sell,400,8.00\n`;
    await paste(page, csv);
    await step(page, 3);
    await page.locator('#review-table').waitFor();
    // A real case's data may still be arriving: read the counts once the worker is done.
    await settled(page);
    assert.match(await page.locator('#review-counts').textContent(), /采用 2 行/, c.id);
    const amount = page.locator('#compensation');
    const problem = page.locator('#result-error');
    for (let round = 0; ; round += 1) {
      await step(page, 4);
      await settled(page);
      await amount.or(problem).first().waitFor();
      if (!(await problem.count()) || round === 6) break;
      const why = await problem.textContent();
      await step(page, 1);
      await page.locator('#needs-problem').waitFor({ timeout: 5000 }).catch(() => {
        throw new Error(`${c.id}: ${why}`);
      });
      const before = supplied.length;
      await supply();
      if (supplied.length === before) { await step(page, 4); break; }
    }
    await settled(page);
    assert.equal(await problem.count(), 0, `${c.id}: ${await problem.count() && await problem.textContent()}`);
    assert.match(await amount.textContent(), /^\d[\d,]*\.\d\d$/, c.id);
    await page.locator('#compare-table').waitFor();
    outcomes.push(`${c.id} ${await amount.textContent()} (${supplied.join(', ') || 'as published'})`);
  }
  console.log(outcomes.join('\n'));
  assert.deepEqual(errors, []);
  await page.close();
});

test('the case search finds a case by pinyin initials', async () => {
  const { page } = await open(browser);
  await step(page, 1);
  await page.fill('#case-search', 'wfsk');
  await page.waitForFunction(() => document.querySelectorAll('.case-list [id^="case-"]:not(#case-custom)').length === 1);
  assert.equal(await page.locator('.case-list [id^="case-"]:not(#case-custom)').getAttribute('id'), 'case-wanfu-2013');
  await page.close();
});

async function drop(page, path, name) {
  const b64 = readFileSync(path).toString('base64');
  await page.evaluate(([b64, name]) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const dt = new DataTransfer();
    dt.items.add(new File([bytes], name, { type: 'text/csv' }));
    const zone = document.querySelector('#dropzone');
    zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, [b64, name]);
}

test('a GBK file dropped is decoded and computed', async () => {
  const { page, errors } = await open(browser);
  await page.click('#start-own');
  await step(page, 2);
  await page.locator('#dropzone').waitFor();
  await drop(page, 'e2e/fixtures/gbk-trades.csv', '交割单.csv');
  await page.locator('.source-list .source-name').filter({ hasText: '交割单.csv' }).waitFor();
  await page.locator('.source-list').getByText(/GB18030|GBK/).waitFor();
  await step(page, 3);
  await page.locator('#review-table').getByText('账户甲').first().waitFor();
  await step(page, 4);
  await settled(page, '15,520.15');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a real workbook is read by the workbook reader, fetched only when one is dropped', async () => {
  const { page, requests, errors } = await open(browser);
  assert.equal(requests.filter((r) => r.url.includes('redress-workbook')).length, 0, 'not in the first load');
  await page.click('#start-own');
  await step(page, 2);
  await page.setInputFiles('#files', ['tests/import/e-citic.xlsx', 'tests/import/a-ths-jiaoge.xls']);
  await page.locator('.source-list .source').nth(1).waitFor();
  // The demo case's security is not in these exports: their trades are listed, ignored.
  await page.locator('.source-list .source').filter({ hasText: 'e-citic.xlsx' }).getByText(/Excel 工作簿（.xlsx） · .*忽略 [1-9]/).waitFor({ timeout: 20000 });
  // A GBK text export named .xls is read as text by the main worker.
  await page.locator('.source-list .source').filter({ hasText: 'a-ths-jiaoge.xls' }).getByText(/GB18030.*忽略 [1-9]/).waitFor();
  assert.ok(requests.some((r) => r.url.includes('redress-workbook')), 'fetched on demand');
  await step(page, 3);
  await page.locator('#review-table').waitFor();
  // Trades of other securities than the case's are listed as ignored, with their code.
  await page.selectOption('#row-filter', 'ignored');
  await page.locator('#review-table').getByText(/其他证券/).first().waitFor();
  await page.screenshot({ path: shot('workbook-review.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});

test('a link to a case that is not built in shows the case list and says why', async () => {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(new URL('?case=nonexistent', BASE).href);
  await page.locator('.notice').getByText(/没有编号为“nonexistent”的案件/).waitFor({ timeout: 20000 });
  await page.locator('#case-heading').waitFor();
  assert.deepEqual(errors, []);
  await page.close();
});

test('what a real case still needs is said in the words of its form: no case-file path, no missing trades', async () => {
  const { page, errors } = await openLink(browser, '?case=xiangyi-2021');
  await step(page, 1);
  await page.locator('#needs-problem').getByText('系统风险扣除比例：未公布：请选择，或不扣除系统风险计算').waitFor();
  // A case whose parameters are all there (its market data ship with it): nothing is asked,
  // and the lack of trades is not the case step's business.
  await page.goto(new URL('?case=kangmei-2021&lang=en', BASE).href);
  await page.locator('#trades-heading').waitFor({ timeout: 20000 });
  await step(page, 1);
  await page.locator('#case-kangmei-2021[aria-pressed="true"]').waitFor();
  await settled(page);
  assert.equal(await page.locator('#needs-heading').count(), 0);
  assert.equal(await page.locator('#needs-problem').count(), 0);
  await step(page, 4);
  await page.getByText('there are no trades').waitFor();
  assert.deepEqual(errors, []);
  await page.close();
});

// (The same trades in two inputs: e2e/never-misleading.test.mjs, #15.2.)

test('the browser Back and Forward move between steps and keep what was entered', async () => {
  const { page, errors } = await open(browser);
  await paste(page, 'date,kind,quantity,price\n2021-03-02,buy,1000,10\n');
  await step(page, 3);
  await page.locator('#review-heading').waitFor();
  await step(page, 4);
  await settled(page, '2,002.60');
  const url = page.url();
  await page.goBack();
  await page.locator('#review-heading').waitFor();
  await page.goBack();
  await page.locator('#trades-heading').waitFor();
  assert.match(await page.locator('.paste-area').inputValue(), /2021-03-02,buy,1000,10/);
  await page.goForward();
  await page.locator('#review-heading').waitFor();
  assert.equal(page.url(), url, 'the address never changes');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a share link adds no history entry of its own: Back leaves, never to a step not seen', async () => {
  const page = await browser.newPage();
  await page.goto(new URL('?case=demo&method=actual-cost', BASE).href);
  await page.locator('#trades-heading').waitFor({ timeout: 20000 });
  await page.waitForLoadState('networkidle');
  // about:blank, then the page: one entry, not a first one for a result step never shown.
  assert.equal(await page.evaluate(() => history.length), 2);
  await page.close();
});

test('two workbooks dropped together are both read', async () => {
  // Guards against a reader per workbook, each dropping the one before, which never
  // answered.
  const { page, errors } = await open(browser);
  await page.click('#start-own');
  await step(page, 2);
  await page.setInputFiles('#files', ['tests/import/e-citic.xlsx', 'tests/import/f-gtja-credit.xls']);
  for (const name of ['e-citic.xlsx', 'f-gtja-credit.xls']) {
    await page.locator('.source-list .source').filter({ hasText: name }).getByText(/Xlsx?|Xls|Cfb|忽略 [0-9]/).first().waitFor({ timeout: 20000 });
  }
  assert.deepEqual(errors, []);
  await page.close();
});

test('a 100,000-row paste is taken from the clipboard event and kept out of the text box', async () => {
  const { page, errors } = await open(browser);
  await step(page, 2);
  await page.click('#clear-all');
  await page.click('#add-paste');
  await page.evaluate(() => {
    const lines = ['date,kind,quantity,price'];
    for (let i = 0; i < 100000; i += 1) lines.push(`2021-03-02,${i % 2 ? 'sell' : 'buy'},${i % 2 ? 100 : 200},10`);
    const data = new DataTransfer();
    data.setData('text/plain', lines.join('\n'));
    document.querySelector('.paste-area').dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  });
  await page.locator('.paste-large').getByText(/100,001 行/).waitFor();
  assert.equal(await page.locator('.paste-area').count(), 0);
  await page.locator('.paste').getByText(/采用 100,000 行|采用 100000 行/).waitFor({ timeout: 20000 });
  await step(page, 4);
  // 50,000 × 200 bought and 50,000 × 100 sold, all at 10 in the window: 5,000,000 shares
  // held at T1, B = 10, Pb = 8: L = 10,000,000.00; fees 3,000.00 + 10,000.00.
  await settled(page, '10,013,000.00');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a paste straight after a reload, then the result: the worker never crashes', async () => {
  // The worker starts on the first intent; the review page the result step asks for can
  // reach it between the demo input's removal and the paste's computation, which must not
  // crash it (the page would wait at "整理结果…" for ever). A race, so several reloads.
  const { page, errors } = await open(browser);
  const lines = ['date,time,account,kind,quantity,price'];
  for (let i = 0; i < 10000; i += 1) lines.push(`2021-0${3 + (i % 3)}-${String(1 + (i % 28)).padStart(2, '0')},,A,${i % 2 ? 'sell' : 'buy'},100,${10 + (i % 7)}.00`);
  for (let run = 0; run < 4; run += 1) {
    if (run > 0) {
      await page.reload();
      await page.locator('#compensation').waitFor();
    }
    await step(page, 2);
    if (await page.locator('#clear-all').count()) await page.click('#clear-all');
    await page.click('#add-paste');
    await page.evaluate((text) => {
      const data = new DataTransfer();
      data.setData('text/plain', text);
      document.querySelector('.paste-area').dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
      document.querySelectorAll('.stepper .step-button')[3].click();
    }, lines.join('\n'));
    await page.locator('.paste-large, .headline').first().waitFor();
    await settled(page);
    assert.equal(await page.locator('.headline').count(), 1, `run ${run}`);
  }
  assert.deepEqual(errors, []);
  await page.close();
});

test('a worker that stops on a fault is reported, to the page that started it only', async () => {
  const { page, requests, errors } = await open(browser);
  await paste(page, 'date,kind,quantity,price\n2021-03-02,buy,1000,10\n');
  await step(page, 4);
  await settled(page, '2,002.60');
  // A worker's panic hook posts the query of its own address on this channel.
  const loader = requests.map((r) => new URL(r.url)).find((u) => u.pathname.endsWith('/redress-worker_loader.js'));
  assert.match(loader.search, /^\?tab=\d+$/);
  const crash = (tab) => page.evaluate((tab) => {
    const channel = new BroadcastChannel('redress-crash');
    channel.postMessage(tab);
    channel.close();
  }, tab);
  // Another tab's crash: once it has been delivered (a listener of our own has it) and
  // the page has drawn twice, no notice.
  await page.evaluate(() => new Promise((resolve) => {
    const seen = new BroadcastChannel('redress-crash');
    seen.onmessage = () => {
      seen.close();
      requestAnimationFrame(() => requestAnimationFrame(resolve));
    };
    const other = new BroadcastChannel('redress-crash');
    other.postMessage('?tab=1');
    other.close();
  }));
  assert.equal(await page.locator('.notice').count(), 0, "another tab's worker");
  await crash(loader.search);
  await page.locator('.notice').getByText(/计算程序意外停止了/).waitFor();
  assert.equal(await page.locator('.progress.active').count(), 0);
  assert.equal(await page.locator('#compensation').textContent(), '2,002.60', 'the last result stays');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a bad file shows each rejected row and why', async () => {
  const { page, errors } = await open(browser);
  await page.click('#start-own');
  await step(page, 2);
  await page.setInputFiles('#files', 'e2e/fixtures/bad-trades.csv');
  await page.locator('.source-list').getByText(/拒绝 [1-9]/).waitFor();
  await step(page, 3);
  await page.selectOption('#row-filter', 'rejected');
  await page.locator('#review-table .status-row.rejected').first().waitFor();
  const text = await page.locator('#review-table').textContent();
  assert.match(text, /2021-02-30/);
  assert.match(text, /swap/);
  await page.screenshot({ path: shot('bad-file-review.png'), fullPage: true });
  await step(page, 4);
  await page.locator('.banner.warn').waitFor();
  assert.deepEqual(errors, []);
  await page.close();
});

test('a rejected row can be fixed by hand, and a row can be added', async () => {
  const { page } = await open(browser);
  await paste(page, 'date,kind,quantity,price\n2021-03-02,buy,1000,10\n2021-13-01,buy,1,1\n');
  await step(page, 3);
  await page.selectOption('#row-filter', 'rejected');
  const row = page.locator('#review-table .status-row.rejected').first();
  await row.waitFor();
  await row.getByRole('button').first().click();
  await page.locator('#editor-title').waitFor();
  await page.locator('.editor input').first().fill('2021-03-03');
  await page.click('#edit-save');
  await page.selectOption('#row-filter', 'all');
  await page.waitForFunction(() => document.querySelector('#review-counts')?.textContent.includes('拒绝 0 行'));
  await step(page, 4);
  // B = 10,001 / 1,001; L = 10,001 − 8 × 1,001 = 1,993.00; fees 0.60 + 1.99.
  await settled(page, '1,995.59');
  await step(page, 3);
  await page.click('#add-row');
  await page.locator('#editor-title').waitFor();
  await page.fill('#edit-date', '2021-03-04');
  await page.selectOption('#edit-kind', 'buy');
  await page.fill('#edit-quantity', '1');
  await page.fill('#edit-price', '1');
  await page.click('#edit-save');
  await page.waitForFunction(() => document.querySelector('#review-counts')?.textContent.includes('采用 3 行'));
  await step(page, 4);
  // L = 10,002 − 8 × 1,002 = 1,986.00; fees 0.60 + 1.99.
  await settled(page, '1,988.59');
  await page.close();
});

test('the method comparison lists four methods and switching method changes the result', async () => {
  const { page } = await open(browser);
  const rows = page.locator('#compare-table tbody tr');
  assert.equal(await rows.count(), 4);
  assert.match(await page.locator('#compare-range').textContent(), /15,019\.50.*15,687\.04/);
  await rows.filter({ hasText: '实际成本法' }).getByRole('button').click();
  await settled(page, '15,019.50');
  assert.equal(await page.inputValue('#method'), 'actual-cost');
  await page.selectOption('#method', 'weighted-average');
  await settled(page, '15,687.04');
  await page.close();
});

test('a custom case from a link: the comparison shows each method with and without its deduction', async () => {
  const link = '?lang=zh&custom=1&name=X&security=300000&t0=2021-03-01&t1=2021-06-01&tb=2021-06-30&pb=8&non_systemic_ratio=0.1';
  const { page, errors } = await openLink(browser, link);
  await paste(page, CANONICAL);
  await step(page, 4);
  // C = 15,500.00 × (1 − 10%) = 13,950.00; fees 4.19 + 13.95.
  await settled(page, '13,968.14');
  const rows = page.locator('#compare-table tbody tr');
  assert.equal(await rows.count(), 4);
  const actual = await rows.filter({ hasText: '实际成本法' }).locator('td').allTextContents();
  assert.deepEqual(actual.slice(0, 3), ['15,000.00 元', '13,517.55 元', '15,019.50 元']);
  assert.match(await page.locator('#compare-range').textContent(), /13,517\.55 元 – 15,687\.04 元/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('"Next" on a custom case with a flagged field goes to that field, not on', async () => {
  // (2021/03/01 is a date as people write it, which the form takes; February has no 30th.)
  const link = '?lang=zh&custom=1&security=300000&t0=2021-02-30&t1=2021-06-01&tb=2021-06-30&pb=8';
  const { page, errors } = await openLink(browser, link);
  await step(page, 1);
  await page.locator('#f-t0-error').getByText(/不是日期/).waitFor();
  await page.click('.step-nav .button.primary');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'f-t0');
  assert.equal(await page.locator('#case-heading').count(), 1, 'still on the case step');
  await page.fill('#f-t0', '2021-03-01');
  await page.click('.step-nav .button.primary');
  await page.locator('#trades-heading').waitFor();
  assert.deepEqual(errors, []);
  await page.close();
});

test('"did you hold shares before?" is asked when the history starts late, and the answer counts once', async () => {
  const { page } = await open(browser);
  await paste(page, 'date,kind,quantity,price\n2021-03-02,buy,1000,15\n2021-04-06,sell,1500,16\n2021-05-06,buy,1000,14\n');
  await step(page, 3);
  await page.locator('#opening').getByText(/500 股/).waitFor();
  // The history sells more than it buys: "none before" cannot be, and is not offered.
  assert.equal(await page.locator('#opening-no').count(), 0);
  await step(page, 4);
  // Inferred: 500 shares held before; the sale takes them and 1,000 of the window's.
  // E = 1,000 bought at 14; L = 6 × 1,000; fees 1.80 + 6.00.
  await settled(page, '6,007.80');
  await step(page, 3);
  await page.check('#opening-yes');
  await page.fill('#opening-shares', '2000');
  await step(page, 4);
  // 2,000 held before: the sale takes 1,500 of them; E = 2,000, B = 14.5.
  await settled(page, '13,016.90');
  // Told exactly the 500 the history lacks: the same as inferred, not 500 more on top.
  await step(page, 3);
  await page.fill('#opening-shares', '500');
  await step(page, 4);
  await settled(page, '6,007.80');
  // Not a share count: said under the box, and the inferred position is used meanwhile.
  await step(page, 3);
  await page.fill('#opening-shares', 'abc');
  await page.locator('#opening-error').getByText('请填写整数股数').waitFor();
  assert.equal(await page.locator('#opening-shares').getAttribute('aria-invalid'), 'true');
  await page.close();
});

test('the language switch changes every label and keeps the result', async () => {
  const { page } = await open(browser);
  await page.getByRole('button', { name: /English|英文/ }).click();
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  await page.locator('#result-heading').filter({ hasText: /[A-Za-z]/ }).waitFor();
  assert.equal(await page.locator('#compensation').textContent(), '15,520.15');
  assert.doesNotMatch(await page.locator('#breakdown-heading').textContent(), /[\u4e00-\u9fff]/);
  // The sample's name follows the language, in the page and in the worker's tables.
  await page.locator('#trade-table').getByText(/Sample trades/).first().waitFor();
  await page.screenshot({ path: shot('result-en-1280.png') });
  await page.getByRole('button', { name: /中文/ }).click();
  await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
  await page.close();
});

test('a case whose deduction is unknown takes the method chosen and what it needs (海联讯, fixed 0.3)', async () => {
  const { page, errors } = await open(browser);
  await step(page, 1);
  await page.click('#case-hailianxun-2014');
  await settled(page);
  const method = page.locator('select#need-rules-systemic-method');
  assert.equal(await method.inputValue(), '');
  // The base dates and prices come from the case's shipped public data: not asked for.
  assert.equal(await page.locator('#need-segments-w1-base_date').count(), 0);
  await method.selectOption('fixed');
  await page.fill('#need-rules-systemic-ratio', '0.3');
  await paste(page, 'date,kind,quantity,price\n2012-01-04,buy,1000,10.00\n');
  await step(page, 4);
  await settled(page);
  await page.locator('#compensation').waitFor();
  // Segment w1 only (the shares are held before w2's and w3's windows). Shipped bars:
  // Tb 2013-05-03 (day 26), Pb = 211.70/26 = 8.142307…; L = (10 − Pb) × 1,000 = 1,857.69,
  // less 30 %: C = 1,300.38; commission 0.39, stamp duty 1.30; interest on C + fees from
  // 2012-01-04 to 2013-05-03 at 0.50 % (156 days), 0.40 % (28), 0.35 % (301) over 360:
  // 7.04. Total 1,309.11.
  assert.equal(await page.locator('#compensation').textContent(), '1,309.11');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the print view is an A4 report with the parameters and the explanation', async () => {
  const { page } = await open(browser);
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.stepper').isVisible(), false);
  assert.equal(await page.locator('#export-json').isVisible(), false);
  assert.equal(await page.locator('.report-head').isVisible(), true);
  assert.equal(await page.locator('#params-heading').isVisible(), true);
  assert.equal(await page.locator('#explain-heading').isVisible(), true);
  await page.screenshot({ path: shot('print-view.png'), fullPage: true });
  const pdf = await page.pdf({ path: shot('report.pdf'), preferCSSPageSize: true });
  assert.ok(pdf.length > 10000);
  await page.close();
});

test('the browser\'s own Print prints the trades too: the page on screen, then every row once the Print button fetched them', async () => {
  const { page, errors } = await open(browser);
  await page.locator('#compensation').waitFor();
  await page.emulateMedia({ media: 'print' });
  // Ctrl+P prints "Trade by trade" with its rows, not the heading alone.
  assert.equal(await page.locator('#trade-table').isVisible(), true);
  assert.ok(await page.locator('#trade-table tbody tr').count() > 0);
  await page.emulateMedia({ media: 'screen' });
  await page.click('#print');
  await page.locator('#print-trades-0').waitFor({ state: 'attached' });
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('#print-trades-0').isVisible(), true);
  assert.equal(await page.locator('#trade-table').isVisible(), false);
  assert.deepEqual(errors, []);
  await page.close();
});

test('exports: the result JSON and the normalised trades CSV are saved from the page', async () => {
  const { page } = await open(browser);
  const [json] = await Promise.all([page.waitForEvent('download'), page.click('#export-json')]);
  const body = JSON.parse(readFileSync(await json.path(), 'utf8'));
  assert.equal(body.compensation ?? body.total ?? body.result?.compensation, '15520.15');
  const [csv] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
  const lines = readFileSync(await csv.path(), 'utf8').trim().split(/\r?\n/);
  assert.match(lines[0], /^date,/);
  assert.equal(lines.length, 6);
  await page.close();
});

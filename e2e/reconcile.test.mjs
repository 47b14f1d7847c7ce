// "Why is my number different?" (issue 18): on the result page, what each contested choice
// is worth, and the check of an amount offered. Amounts come from the golden folders.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch, open, shot, axe } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** The compensation of a golden folder, as the page writes it. */
function golden(name) {
  const text = readFileSync(`tests/golden/${name}/expect.toml`, 'utf8');
  const amount = text.match(/^"compensation"\s*=\s*"([^"]+)"/m)[1];
  return { amount, shown: Number(amount).toLocaleString('en-US', { minimumFractionDigits: 2 }) };
}

for (const width of [1280, 375]) {
  test(`an amount offered is traced to the choices that give it, at ${width} px`, async () => {
    const { page, errors } = await open(browser, { width });
    // What-if: the demo's own result lists the other methods with their amounts.
    const whatIf = page.locator('#what-if');
    await whatIf.waitFor();
    const actual = golden('rules-12-actual-cost');
    assert.match(await whatIf.textContent(), new RegExp(`实际成本法：${actual.shown.replace('.', '\\.')}`));
    // The offer the actual-cost method gives: found, with that method named.
    // Typed with a Chinese input method: full-width digits and point (QA 3).
    const wide = actual.amount.replace(/[0-9.]/g, (c) => (c === '.' ? '．' : String.fromCharCode(c.charCodeAt(0) + 0xfee0)));
    await page.fill('#offered', wide);
    await page.click('#reconcile-button');
    const answer = page.locator('#reconcile-answer .candidates');
    await answer.waitFor({ timeout: 30000 });
    const first = page.locator('#reconcile-answer .candidate').first();
    assert.match(await first.textContent(), /买入均价方法：移动加权平均法 → 实际成本法/);
    assert.match(await first.textContent(), new RegExp(actual.shown.replace('.', '\\.')));
    // The combinations that add only choices that change nothing are folded (QA 4).
    const same = first.locator('details.same');
    assert.equal(await same.count(), 1);
    assert.match(await same.locator('summary').textContent(), /另有 \d+ 种组合得出同一金额/);
    await same.locator('summary').click();
    // The folded combinations read as one calm indented list: no bullet before a
    // combination nor before its changes (QA pass 2, item 2: "◦" then "▪" at 375 px).
    const bullets = await same.evaluate((d) => [...d.querySelectorAll('li')]
      .map((li) => getComputedStyle(li).listStyleType).filter((t) => t !== 'none'));
    assert.deepEqual(bullets, [], `bullets in the folded list at ${width} px`);
    const indent = await same.evaluate((d) => {
      const list = d.querySelector('ul.plain');
      return list.getBoundingClientRect().left - d.getBoundingClientRect().left;
    });
    assert.ok(indent > 0 && indent <= 24, `the folded list is indented a little (${indent} px) at ${width} px`);
    await page.locator('#reconcile').screenshot({ path: shot(`reconcile-${width}.png`) });
    assert.deepEqual(await axe(page), []);
    // An amount no combination gives: the nearest, and the deduction ratio that would.
    await page.fill('#offered', '9000');
    await page.click('#reconcile-button');
    await page.locator('#reconcile-ratio').waitFor({ timeout: 30000 });
    assert.match(await page.locator('#reconcile-answer').textContent(), /所试的组合都得不出该金额/);
    await page.locator('#reconcile').screenshot({ path: shot(`reconcile-nearest-${width}.png`) });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no horizontal scroll (${overflow} px)`);
    assert.deepEqual(errors, []);
    await page.close();
  });
}

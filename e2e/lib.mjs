// Shared helpers for the end-to-end tests: Playwright (playwright-core) driving Debian's
// Chromium, never a downloaded browser.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export const BASE = process.env.APP_URL ?? 'http://127.0.0.1:8080/';
export const SHOT_DIR = process.env.SHOT_DIR ?? 'target/e2e';
mkdirSync(SHOT_DIR, { recursive: true });

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--disable-quic',
    ],
  });
}

export function shot(name) {
  return join(SHOT_DIR, name);
}

/** Opens the page and records every request and console error from then on: the page's
 * own (`requests`) and its service worker's (`saving`: it saves the site's files once the
 * page has loaded, README "Install / offline"). */
export async function open(browser, { width = 1280, height = 900, path = '' } = {}) {
  const page = await browser.newPage({ viewport: { width, height } });
  const requests = [];
  const saving = [];
  const errors = [];
  page.on('request', (r) => requests.push({ url: r.url(), at: Date.now() }));
  page.context().on('request', (r) => {
    if (r.serviceWorker()) saving.push({ url: r.url(), method: r.method(), at: Date.now() });
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(new URL(path, BASE).href);
  await page.locator('#compensation').waitFor({ timeout: 20000 });
  return { page, requests, saving, errors };
}

/** Opens a link that leads to the trades step (a case or custom case in its query) and
 * records every page error from then on. */
export async function openLink(browser, query) {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(new URL(query, BASE).href);
  await page.locator('#trades-heading').waitFor({ timeout: 20000 });
  return { page, errors };
}

/** Goes to a step by its number in the step list (1 = case … 4 = result). */
export async function step(page, n) {
  const button = page.locator('.stepper .step-button').nth(n - 1);
  await button.click();
  // The step is current once the page has drawn it.
  await page.locator('.stepper .step-button[aria-current="step"]').nth(0).and(button).waitFor();
}

/** Replaces every input by one paste box holding `text`, on the trades step. */
export async function paste(page, text) {
  await step(page, 2);
  if (await page.locator('#clear-all').count()) await page.click('#clear-all');
  await page.click('#add-paste');
  await page.locator('.paste-area').first().fill(text);
}

/** The compensation once the worker has answered and nothing is pending. */
export async function settled(page, expected) {
  try {
    await page.waitForFunction(
      (want) => !document.querySelector('.progress.active')
        && (want === undefined ? true : document.querySelector('#compensation')?.textContent === want),
      expected, { timeout: 20000 },
    );
  } catch (e) {
    // What the page showed instead, so that a failure says more than "timeout".
    const shown = await page.evaluate(() => ({
      compensation: document.querySelector('#compensation')?.textContent,
      step: document.querySelector('.stepper [aria-current="step"]')?.textContent,
      progress: [...document.querySelectorAll('.progress')].map((p) => `${p.className}: ${p.textContent.slice(0, 100)}`),
      notices: [...document.querySelectorAll('.notice, [role="alert"]')].map((n) => n.textContent.slice(0, 200)),
      inputs: [...document.querySelectorAll('.source-list .source')].map((n) => n.textContent.slice(0, 100)),
      controlled: Boolean(navigator.serviceWorker?.controller),
      offline: document.documentElement.dataset.offline,
    })).catch((err) => `(the page could not be read: ${err})`);
    e.message += `\nexpected ${JSON.stringify(expected)}; the page showed ${JSON.stringify(shown, null, 1)}`;
    throw e;
  }
}

const AXE = new URL('../node_modules/axe-core/axe.min.js', import.meta.url);

/** Runs axe-core in the page (evaluated over the DevTools protocol, which the page's CSP
 * does not govern) and returns the serious and critical violations. */
export async function axe(page) {
  const { readFile } = await import('node:fs/promises');
  const source = await readFile(AXE, 'utf8');
  await page.evaluate(source);
  const result = await page.evaluate(() => globalThis.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
  }));
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
}

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

/** Opens the page and records every request and console error from then on. */
export async function open(browser, { width = 1280, height = 900, path = '' } = {}) {
  const page = await browser.newPage({ viewport: { width, height } });
  const requests = [];
  const errors = [];
  page.on('request', (r) => requests.push({ url: r.url(), at: Date.now() }));
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(new URL(path, BASE).href);
  await page.locator('#compensation').waitFor({ timeout: 20000 });
  return { page, requests, errors };
}

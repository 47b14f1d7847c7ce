// Renders the app's PNG icons (www/icons/, named in www/manifest.webmanifest) from
// www/icon.svg in Debian's Chromium: `icon-192.png` and `icon-512.png` as drawn (rounded
// corners, for any use), and `maskable-192.png`, `maskable-512.png` with the square filled
// to its edges (a phone cuts its own shape out of them; the mark already lies inside the
// central circle of 80% that every shape keeps). The PNGs are committed: run this after
// changing icon.svg.
//
//   node scripts/icons.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

const svg = readFileSync(new URL('../www/icon.svg', import.meta.url), 'utf8');
const maskable = svg.replace(/ rx="[^"]*"/, '');
if (maskable === svg) throw new Error('www/icon.svg: no rounded corner to fill');

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'],
});
try {
  for (const [name, source] of [['icon', svg], ['maskable', maskable]]) {
    for (const size of [192, 512]) {
      const page = await browser.newPage({ viewport: { width: size, height: size } });
      const sized = source.replace('<svg ', `<svg width="${size}" height="${size}" `);
      await page.setContent(`<!doctype html><html><body style="margin:0;background:transparent">${sized}</body></html>`);
      const png = await page.locator('svg').screenshot({ omitBackground: true });
      const out = new URL(`../www/icons/${name}-${size}.png`, import.meta.url);
      writeFileSync(out, png);
      console.log(`${out.pathname}: ${png.length} bytes`);
      await page.close();
    }
  }
} finally {
  await browser.close();
}

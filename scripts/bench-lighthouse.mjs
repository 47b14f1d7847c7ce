// Lighthouse (npm `lighthouse`, mobile: simulated slow 4G and a 4× slower CPU, its
// default) against the site as `./x serve` serves it, in Debian's Chromium. Run by hand,
// never by ./x test (scores depend on the machine's load):
//
//   ./x build && node scripts/bench-lighthouse.mjs            (serves dist/ on a free port)
//   RUNS=3 node scripts/bench-lighthouse.mjs
//   APP_URL=http://127.0.0.1:8080/ node scripts/bench-lighthouse.mjs
//
// Prints, for each run: the four category scores, the paint times (first contentful
// paint, largest contentful paint, speed index), total blocking time, layout shift, the
// largest contentful paint's element, the bytes transferred, and every audit that keeps a
// category below 1. The full reports go to target/lighthouse/run-N.json.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';

const RUNS = Number(process.env.RUNS ?? 2);
const CHROME = process.env.CHROME_PATH ?? process.env.CHROMIUM ?? '/usr/bin/chromium';

async function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

let server;
let url = process.env.APP_URL;
if (!url) {
  const port = await freePort();
  server = spawn('python3', ['scripts/serve.py', String(port), 'dist'], { stdio: 'ignore' });
  url = `http://127.0.0.1:${port}/`;
  for (let i = 0; i < 50; i += 1) {
    try { await fetch(url); break; } catch { await new Promise((r) => setTimeout(r, 100)); }
  }
}

const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
const ms = (a) => (a?.numericValue === undefined ? '—' : `${Math.round(a.numericValue)} ms`);
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;

mkdirSync('target/lighthouse', { recursive: true });
const rows = [];
try {
  for (let run = 1; run <= RUNS; run += 1) {
    const chrome = await chromeLauncher.launch({
      chromePath: CHROME,
      chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
        '--no-first-run', '--disable-background-networking', '--disable-component-update'],
    });
    let lhr;
    try {
      ({ lhr } = await lighthouse(url, {
        port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: CATEGORIES,
      }));
    } finally {
      await chrome.kill();
    }
    writeFileSync(`target/lighthouse/run-${run}.json`, JSON.stringify(lhr, null, 1));
    const a = lhr.audits;
    const score = (c) => lhr.categories[c].score?.toFixed(2) ?? '—';
    const items = a['network-requests']?.details?.items ?? [];
    const sent = items.reduce((s, i) => s + (i.transferSize ?? 0), 0);
    const lcpElement = a['largest-contentful-paint-element']?.details?.items?.[0]?.items?.[0]?.node?.selector ?? '—';
    const row = {
      run,
      performance: score('performance'),
      accessibility: score('accessibility'),
      'best-practices': score('best-practices'),
      seo: score('seo'),
      FCP: ms(a['first-contentful-paint']),
      LCP: ms(a['largest-contentful-paint']),
      'speed index': ms(a['speed-index']),
      TBT: ms(a['total-blocking-time']),
      CLS: a['cumulative-layout-shift']?.numericValue?.toFixed(3) ?? '—',
      sent: `${kib(sent)} in ${items.length} requests`,
    };
    rows.push(row);
    console.log(`\nrun ${run}: ${lhr.finalDisplayedUrl} (Lighthouse ${lhr.lighthouseVersion}, ${lhr.configSettings.formFactor}, ${lhr.configSettings.throttlingMethod} throttling)`);
    for (const [k, v] of Object.entries(row)) if (k !== 'run') console.log(`  ${k.padEnd(15)} ${v}`);
    console.log(`  ${'LCP element'.padEnd(15)} ${lcpElement}`);
    // What this machine showed, unthrottled (the simulation starts from these).
    const m = a.metrics?.details?.items?.[0] ?? {};
    console.log(`  ${'observed'.padEnd(15)} first paint ${m.observedFirstContentfulPaint} ms, largest ${m.observedLargestContentfulPaint} ms, load ${m.observedLoad} ms (unthrottled, on this machine)`);
    for (const c of CATEGORIES) {
      const cat = lhr.categories[c];
      const failing = cat.auditRefs
        .filter((r) => r.weight > 0 && a[r.id].score !== null && a[r.id].score < 1)
        .map((r) => `${r.id} (${a[r.id].score})`);
      if (failing.length) console.log(`  below 1 in ${c}: ${failing.join(', ')}`);
    }
  }
} finally {
  server?.kill();
}

console.log('\n| run | performance | accessibility | best practices | SEO | FCP | LCP | speed index | TBT | CLS | sent |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(`| ${r.run} | ${r.performance} | ${r.accessibility} | ${r['best-practices']} | ${r.seo} | ${r.FCP} | ${r.LCP} | ${r['speed index']} | ${r.TBT} | ${r.CLS} | ${r.sent} |`);
}

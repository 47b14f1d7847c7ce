// Checks that a server sends the built site the way docs/deploy.md says: every file of
// DIST, requested from URL, with the right MIME type, its precompressed copy under
// `Content-Encoding` when the request accepts it (and the same bytes once decoded), the
// caching (hashed files immutable for a year, everything else revalidated, with a
// validator that answers 304; the service worker `sw.js` and the manifest are revalidated
// like the page), and the page's CSP and `nosniff`.
//
//   node scripts/deploy-check.mjs URL [DIST]           (DIST defaults to dist/)
//   node scripts/deploy-check.mjs --plain URL [DIST]   a plain static host: headers it
//                                                      cannot set are warnings
//
// Prints one line per problem and a summary; exits 1 when a check fails. ./x test runs it
// against scripts/serve.py (e2e/deploy.test.mjs); run it against nginx or Apache after
// deploying.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { extname, join, relative, sep } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { COMPRESSED } from './compress.mjs';

export const CSP = "default-src 'self'; img-src 'self' data:; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";
/** The MIME type each extension must be sent with (parameters such as charset may follow). */
export const TYPES = {
  '.html': ['text/html'],
  '.js': ['text/javascript', 'application/javascript'],
  '.mjs': ['text/javascript', 'application/javascript'],
  '.css': ['text/css'],
  '.wasm': ['application/wasm'],
  '.svg': ['image/svg+xml'],
  '.json': ['application/json'],
  '.csv': ['text/csv', 'text/plain'],
  '.toml': ['text/plain', 'application/toml', 'text/x-toml', 'application/octet-stream'],
  '.md': ['text/markdown', 'text/plain', 'application/octet-stream'],
  '.ts': ['text/plain', 'video/mp2t', 'application/typescript', 'application/octet-stream'],
  '.webmanifest': ['application/manifest+json', 'application/json'],
  '.png': ['image/png'],
};
/** Trunk's hashed outputs: `name-<16 hex>.ext`, `…_bg.wasm`, `…_loader.js` (as in
 * scripts/serve.py). */
export const HASHED = /-[0-9a-f]{16}(?:_bg|_loader)?\.[a-z0-9]+$/;
const YEAR = 31536000;

function* walk(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* walk(p);
    else if (e.isFile()) yield p;
  }
}

/** One GET (or HEAD): status, headers and the raw body, nothing decoded. */
function get(url, headers = {}, agent = undefined) {
  const mod = url.startsWith('https:') ? https : http;
  return new Promise((resolve, reject) => {
    const req = mod.get(url, { headers, agent }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.setTimeout(20000, () => req.destroy(new Error(`timeout: ${url}`)));
    req.on('error', reject);
  });
}

function decode(res) {
  const enc = (res.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (enc === 'br') return brotliDecompressSync(res.body);
  if (enc === 'gzip' || enc === 'x-gzip') return gunzipSync(res.body);
  if (enc === 'identity') return res.body;
  throw new Error(`unknown Content-Encoding ${enc}`);
}

const sha = (b) => createHash('sha256').update(b).digest('hex');
const directives = (cc) => new Map((cc ?? '').split(',').map((d) => d.trim().toLowerCase()).filter(Boolean)
  .map((d) => { const [k, v] = d.split('='); return [k.trim(), v?.trim()]; }));

/**
 * Checks `base` (the site's address, ending in `/`) against the built files in `dist`.
 * Returns `{ checked, failures, warnings }`: the number of files checked and one line
 * per problem. With `plain`, what only a configurable server can do (the CSP header,
 * caching, precompressed Brotli) gives warnings, not failures.
 */
export async function check(base, dist = 'dist', { plain = false } = {}) {
  const failures = [];
  const warnings = [];
  const agent = base.startsWith('https:') ? new https.Agent({ keepAlive: true, maxSockets: 4 })
    : new http.Agent({ keepAlive: true, maxSockets: 4 });
  const fail = (path, what) => failures.push(`${path}: ${what}`);
  const soft = (path, what) => (plain ? warnings : failures).push(`${path}: ${what}`);
  const files = [...walk(dist)].filter((p) => !/\.(br|gz)$/.test(p));
  let checked = 0;
  for (const file of files) {
    const rel = relative(dist, file).split(sep).join('/');
    const path = rel === 'index.html' ? '' : rel;
    const url = new URL(path.split('/').map(encodeURIComponent).join('/'), base).href;
    const ext = extname(file).toLowerCase();
    const bytes = readFileSync(file);
    const shown = `/${path}`;
    checked += 1;

    // Uncompressed, when the request accepts nothing else.
    const plainRes = await get(url, { 'accept-encoding': 'identity' }, agent);
    if (plainRes.status !== 200) { fail(shown, `status ${plainRes.status}`); continue; }
    const h = plainRes.headers;
    if (h['content-encoding'] && h['content-encoding'] !== 'identity') {
      fail(shown, `Content-Encoding ${h['content-encoding']} sent to a request that accepts only identity`);
    } else if (sha(plainRes.body) !== sha(bytes)) {
      fail(shown, 'the body differs from the built file');
    }
    const type = (h['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    const want = TYPES[ext];
    if (want && !want.includes(type)) fail(shown, `Content-Type ${type || '(none)'}, want ${want[0]}`);
    if ((h['x-content-type-options'] ?? '').toLowerCase() !== 'nosniff') soft(shown, 'no X-Content-Type-Options: nosniff');
    if (ext === '.html' && h['content-security-policy'] !== CSP) {
      soft(shown, `Content-Security-Policy ${h['content-security-policy'] ? `"${h['content-security-policy']}"` : 'missing'}, want "${CSP}"`);
    }

    // Caching.
    const cc = directives(h['cache-control']);
    if (HASHED.test(rel)) {
      if (!(Number(cc.get('max-age')) >= YEAR && cc.has('immutable'))) {
        soft(shown, `a hashed file with Cache-Control "${h['cache-control'] ?? ''}", want "public, max-age=${YEAR}, immutable"`);
      }
    } else {
      const revalidates = cc.has('no-cache') || (cc.get('max-age') === '0' && cc.has('must-revalidate'));
      if (!revalidates || cc.has('immutable')) soft(shown, `Cache-Control "${h['cache-control'] ?? ''}", want "no-cache" (revalidated every time)`);
      const validator = h.etag ? { 'if-none-match': h.etag } : h['last-modified'] ? { 'if-modified-since': h['last-modified'] } : null;
      if (!validator) {
        soft(shown, 'no ETag or Last-Modified: a revalidation downloads the whole file again');
      } else if (ext === '.html' || rel === 'boot.js' || rel === 'sw.js') {
        const again = await get(url, { 'accept-encoding': 'identity', ...validator }, agent);
        if (again.status !== 304) soft(shown, `a conditional request got ${again.status}, want 304`);
      }
    }

    // Compression: Brotli and gzip when accepted, the same bytes once decoded.
    if (COMPRESSED.has(ext)) {
      const vary = (h.vary ?? '').toLowerCase();
      for (const [accept, enc] of [['br', 'br'], ['gzip', 'gzip'], ['gzip, deflate, br', 'br']]) {
        const res = await get(url, { 'accept-encoding': accept }, agent);
        const got = (res.headers['content-encoding'] ?? 'identity').toLowerCase();
        if (res.status !== 200) { fail(shown, `status ${res.status} with Accept-Encoding: ${accept}`); continue; }
        if (got !== enc) {
          const what = `Accept-Encoding: ${accept} got ${got}, want ${enc}`;
          // A plain host may compress with gzip only; sending nothing compressed fails.
          if (plain && got !== 'identity') warnings.push(`${shown}: ${what}`); else fail(shown, what);
        }
        try {
          if (sha(decode(res)) !== sha(bytes)) fail(shown, `the ${got} body decodes to other bytes than the built file`);
        } catch (e) { fail(shown, `the ${got} body does not decode: ${e.message}`); }
        if (!(res.headers.vary ?? vary).toLowerCase().includes('accept-encoding')) {
          soft(shown, `no Vary: Accept-Encoding (with Accept-Encoding: ${accept})`);
        }
      }
    }
  }
  agent.destroy();
  return { checked, failures, warnings };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const plain = args.includes('--plain');
  const [base, dist = 'dist'] = args.filter((a) => a !== '--plain');
  if (!base) {
    console.error('usage: node scripts/deploy-check.mjs [--plain] URL [DIST]');
    process.exit(2);
  }
  const { checked, failures, warnings } = await check(base.endsWith('/') ? base : `${base}/`, dist, { plain });
  for (const w of warnings) console.log(`warning: ${w}`);
  for (const f of failures) console.log(`FAIL: ${f}`);
  console.log(`${checked} files checked against ${base}: ${failures.length} failures, ${warnings.length} warnings`);
  process.exit(failures.length ? 1 : 0);
}

// Precompresses the built site: beside every text and wasm file of DIR (default dist/),
// a Brotli copy `FILE.br` (quality 11, the largest window) and a gzip copy `FILE.gz`
// (level 9), so that a server sends them as they are (`Content-Encoding`) instead of
// compressing on every request, or of sending them uncompressed (docs/deploy.md).
// Node's own zlib does both: nothing to install. Run by `./x build` after Trunk.
//
//   node scripts/compress.mjs [DIR]
//
// Prints the bytes before and after, per kind of file.
import { readdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** The extensions compressed (every text format the site ships, and wasm);
 * scripts/deploy-check.mjs expects a compressed response for exactly these. */
export const COMPRESSED = new Set([
  '.html', '.js', '.mjs', '.css', '.svg', '.json', '.wasm', '.csv', '.toml', '.txt', '.md', '.ts',
  '.map', '.xml', '.webmanifest',
]);

function* files(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* files(p);
    else if (e.isFile()) yield p;
  }
}

export function compressDir(dir) {
  const totals = new Map();
  for (const path of [...files(dir)]) {
    // Copies left by an earlier run are made again (and dropped when their file is gone).
    if (path.endsWith('.br') || path.endsWith('.gz')) {
      try { statSync(path.slice(0, -3)); } catch { unlinkSync(path); }
      continue;
    }
    const ext = extname(path).toLowerCase();
    if (!COMPRESSED.has(ext)) continue;
    const body = readFileSync(path);
    const br = brotliCompressSync(body, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_LGWIN]: constants.BROTLI_MAX_WINDOW_BITS,
        [constants.BROTLI_PARAM_MODE]: ext === '.wasm' ? constants.BROTLI_MODE_GENERIC : constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
      },
    });
    const gz = gzipSync(body, { level: 9, memLevel: 9 });
    writeFileSync(`${path}.br`, br);
    writeFileSync(`${path}.gz`, gz);
    // Written after their file, so newer: a server ignores a copy older than its file.
    const t = totals.get(ext) ?? { n: 0, raw: 0, gz: 0, br: 0 };
    t.n += 1; t.raw += body.length; t.gz += gz.length; t.br += br.length;
    totals.set(ext, t);
  }
  return totals;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2] ?? 'dist';
  const t0 = Date.now();
  const totals = compressDir(dir);
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  let all = { n: 0, raw: 0, gz: 0, br: 0 };
  for (const [ext, t] of [...totals].sort()) {
    console.log(`${ext.padEnd(6)} ${String(t.n).padStart(4)} files  ${kb(t.raw).padStart(10)} → gzip ${kb(t.gz).padStart(9)}, br ${kb(t.br).padStart(9)}`);
    all = { n: all.n + t.n, raw: all.raw + t.raw, gz: all.gz + t.gz, br: all.br + t.br };
  }
  console.log(`all    ${String(all.n).padStart(4)} files  ${kb(all.raw).padStart(10)} → gzip ${kb(all.gz).padStart(9)}, br ${kb(all.br).padStart(9)}  (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
}

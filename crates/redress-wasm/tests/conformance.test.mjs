// Conformance of the JS package with the command line: every broker-export fixture of
// tests/import/, every real case's golden folder and a few combinations of files, given to
// `estimate({ inputs })` as the investor dropped them, give the very result of
// `redress estimate --json` (trades, rows and files of every effect, warnings, the
// compensation to the fen; a duplicate-trades warning names each front end's own option). The command line and the web worker are held to each other
// by `cargo test` (crates/redress-cli/tests/conformance.rs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync, mkdtempSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, basename } from 'node:path';

const PKG = process.env.PKG_DIR ?? 'dist/pkg';
const { estimate, importTrades, reconcile } = await import(join(process.cwd(), PKG, 'index.js'));
const FIXTURES = 'tests/import';
const TMP = mkdtempSync(join(tmpdir(), 'redress-conformance-'));

/** `redress ARGS…`: its JSON, or its error message (exit status 1). */
function native(...args) {
  try {
    const out = execFileSync('cargo', ['run', '-q', '-p', 'redress-cli', '--', ...args], {
      encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { ok: true, value: JSON.parse(out) };
  } catch (e) {
    if (e.status !== 1) throw e;
    return { ok: false, message: e.stderr.trim().split('\n').pop() };
  }
}

const isWorkbook = (b) => (b[0] === 0xd0 && b[1] === 0xcf) || (b[0] === 0x50 && b[1] === 0x4b);

/** A custom case for broker files: their most traded security, implementation date on its
 * first trade, disclosure the day after its last buy, base date a month after its last
 * trade, at 1 yuan (the Rust conformance test builds the same). */
function customCase(files) {
  const out = importTrades(files.map((p) => ({ name: basename(p), bytes: new Uint8Array(readFileSync(p)) })));
  let code = '600000';
  let dates = { first: '2024-01-02', t1: '2024-03-01', tb: '2024-04-01' };
  if (out.ok && out.value.trades.length > 0) {
    const count = new Map();
    for (const t of out.value.trades) if ((t.code ?? '').length === 6) count.set(t.code, (count.get(t.code) ?? 0) + 1);
    const best = [...count.entries()].sort((a, b) => b[1] - a[1])[0];
    if (best) {
      code = best[0];
      const own = out.value.trades.filter((t) => t.code === code);
      const day = (d, n) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86400000).toISOString().slice(0, 10);
      const sorted = own.map((t) => t.date).sort();
      const buys = own.filter((t) => t.kind === 'buy').map((t) => t.date).sort();
      const t1 = day(buys.length ? buys[buys.length - 1] : sorted[0], 1);
      const last = sorted[sorted.length - 1] > t1 ? sorted[sorted.length - 1] : t1;
      dates = { first: sorted[0], t1, tb: day(last, 30) };
    }
  }
  return `id = "custom"\nname = "c"\nsecurity = "${code}"\nregime = "spc2022"\ncombine = "sum"\n` +
    `[rules]\nbuy_average = "moving-average"\nnetting = "net"\ncommission_rate = "0.0003"\nfees_on = "compensable"\n` +
    `[rules.systemic]\nmethod = "none"\n[[segments]]\nid = "main"\ndirection = "long"\n` +
    `implementation_date = "${dates.first}"\ndisclosure_date = "${dates.t1}"\nbase_date = "${dates.tb}"\nbase_price = "1.00"\n`;
}

/** One scenario through both: the package's estimate equals the command line's. */
function conforms(name, files, caseToml) {
  const casePath = join(TMP, `${name.replace(/[^\w.-]/g, '_')}.toml`);
  writeFileSync(casePath, caseToml);
  const want = native('estimate', '--json', '--lang', 'en', '--case', casePath, ...files);
  const inputs = files.map((p) => ({ name: basename(p), bytes: new Uint8Array(readFileSync(p)) }));
  const got = estimate({ inputs, case_file: casePath }, caseToml, { lang: 'en' });
  if (!want.ok) {
    assert.equal(got.ok, false, `${name}: the command line said ${want.message}`);
    assert.ok(want.message.endsWith(got.error.message_en), `${name}: ${want.message} vs ${got.error.message_en}`);
    return;
  }
  assert.equal(got.ok, true, `${name}: ${JSON.stringify(got.error)}`);
  delete want.value.deadlines;
  // Trades found in two inputs: each front end names its own option in the message.
  const where = (w) => w.code === 'duplicate-trades' ? { ...w, message: '' } : w;
  got.value.warnings = got.value.warnings.map(where);
  want.value.warnings = want.value.warnings.map(where);
  assert.deepEqual(got.value, want.value, name);
}

const fixtures = readdirSync(FIXTURES).filter((f) => /\.(xls|xlsx|csv|txt)$/.test(f)).sort();

for (const f of fixtures) {
  const path = join(FIXTURES, f);
  test(`estimate({ inputs: [${f}] }) gives what redress estimate gives`, () => {
    if (isWorkbook(readFileSync(path))) {
      // The published package reads no Excel workbooks (DESIGN.md "Embedding"): it says so.
      const out = estimate({ inputs: [{ name: f, bytes: new Uint8Array(readFileSync(path)) }] }, 'demo');
      assert.equal(out.ok, false);
      assert.equal(out.error.code, 'workbook-not-supported');
      return;
    }
    conforms(f, [path], customCase([path]));
  });
}

for (const dir of readdirSync('tests/golden').filter((d) => d.startsWith('real-')).sort()) {
  test(`golden ${dir}: its files as dropped give what redress estimate gives`, () => {
    const base = join('tests/golden', dir);
    const files = readdirSync(base).filter((f) => f.startsWith('trades') && f.endsWith('.csv')).sort().map((f) => join(base, f));
    conforms(dir, files, readFileSync(join(base, 'case.toml'), 'utf8'));
  });
}

test('the same account exported twice, two accounts, a text export given twice', () => {
  const demoCase = readFileSync('cases/demo.toml', 'utf8');
  const again = join(TMP, 'demo-again.csv');
  copyFileSync('cases/demo-trades.csv', again);
  conforms('twice', ['cases/demo-trades.csv', again], demoCase);
  const [header, ...rows] = readFileSync('cases/demo-trades.csv', 'utf8').trim().split('\n');
  const a = join(TMP, 'first.csv');
  const b = join(TMP, 'second.csv');
  writeFileSync(a, [header, ...rows.filter((_, i) => i % 2 === 0).map((r) => r.replace(',A,', ',,'))].join('\n') + '\n');
  writeFileSync(b, [header, ...rows.filter((_, i) => i % 2 === 1).map((r) => r.replace(',A,', ',,'))].join('\n') + '\n');
  conforms('two-accounts', [a, b], demoCase);
  const tdx = join(TMP, 'again-i-tdx-history.txt');
  copyFileSync(join(FIXTURES, 'i-tdx-history.txt'), tdx);
  const pair = [join(FIXTURES, 'i-tdx-history.txt'), tdx];
  conforms('tdx-twice', pair, customCase(pair));
});

test('reconcile() gives what redress reconcile --json gives, on a real case as dropped', () => {
  const base = 'tests/golden/real-kangmei-2021';
  const files = [join(base, 'trades.csv')];
  const inputs = files.map((p) => ({ name: basename(p), bytes: new Uint8Array(readFileSync(p)) }));
  for (const amount of ['8929.35', '7000']) {
    const want = native('reconcile', '--json', '--case', 'kangmei-2021', '--offered', amount, ...files);
    assert.equal(want.ok, true, want.message);
    const got = reconcile({ inputs }, 'kangmei-2021', { amount });
    assert.equal(got.ok, true, JSON.stringify(got.error));
    assert.deepEqual(got.value, want.value, amount);
  }
});

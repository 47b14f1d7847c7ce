// importTrades, cases and caseById through the JS package, checked against the native
// command line (`redress import --json`, `redress cases --json`, `redress estimate
// --json`): the package must give the very same report, trades, cards and numbers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PKG = process.env.PKG_DIR ?? 'dist/pkg';
const { importTrades, cases, caseById, estimate } = await import(join(process.cwd(), PKG, 'index.js'));
const FIXTURES = 'tests/import';

/** The native command line's JSON (built by `cargo test` before this suite runs). Exit
 * status 1 with JSON on standard output is a result with rejected rows. */
function native(...args) {
  let out;
  try {
    out = execFileSync('cargo', ['run', '-q', '-p', 'redress-cli', '--', ...args], {
      encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (e) {
    if (e.status !== 1 || !e.stdout) throw e;
    out = e.stdout;
  }
  return JSON.parse(out);
}

const bytes = (name) => new Uint8Array(readFileSync(join(FIXTURES, name)));

// GBK/GB18030 text (decoded by the host's TextDecoder here, by encoding_rs natively):
// a tab-separated 交割单 named .xls, a comma-separated 交割单 (newest first) and a
// fixed-width 通达信 history.
for (const name of ['a-ths-jiaoge.xls', 'g-jgd.csv', 'i-tdx-history.txt']) {
  test(`importTrades(${name}) gives what redress import --json gives`, () => {
    const out = importTrades([{ name, bytes: bytes(name) }], { select: ['002415'] });
    assert.equal(out.ok, true, JSON.stringify(out.error));
    const want = native('import', '--json', '--security', '002415', join(FIXTURES, name));
    assert.equal(out.value.report.files[0].encoding, 'gb18030');
    assert.ok(out.value.trades.length > 0);
    assert.deepEqual(out.value, want);
  });
}

test('several files are several accounts, as natively', () => {
  const names = ['g-jgd.csv', 'j-csdc-paste.txt'];
  const out = importTrades(names.map((name) => ({ name, bytes: bytes(name) })));
  assert.equal(out.ok, true, JSON.stringify(out.error));
  assert.deepEqual(out.value, native('import', '--json', ...names.map((n) => join(FIXTURES, n))));
  assert.equal(out.value.report.files.length, 2);
  assert.ok(out.value.report.counts.rejected > 0);
});

test('text given as text reads like the same text given as bytes', () => {
  const text = readFileSync(join(FIXTURES, 'paste-tabs.txt'), 'utf8');
  const a = importTrades([{ name: 'pasted', text }], { lang: 'en' });
  const b = importTrades([{ name: 'pasted', bytes: new TextEncoder().encode(text) }], { lang: 'en' });
  assert.equal(a.ok, true, JSON.stringify(a.error));
  assert.deepEqual(a.value.trades, b.value.trades);
  assert.deepEqual(a.value.report.rows, b.value.report.rows);
  assert.equal(a.value.report.lang, 'en');
});

test('every row is accounted for: used, ignored or rejected with a reason', () => {
  const out = importTrades([{ name: 'l1.xls', text: '日期\t业务\t代码\t数量\t价格\n2024-01-02\t证券买入\t600000\t100\t8.1\n2024-13-40\t证券买入\t600000\t100\t8.1\n2024-01-03\t银证转账\t\t0\t0\n' }]);
  assert.equal(out.ok, true, JSON.stringify(out.error));
  const rows = out.value.report.rows;
  assert.deepEqual(rows.map((r) => r.status), ['ignored', 'used', 'rejected', 'ignored']);
  assert.equal(rows[2].row, 3);
  assert.equal(rows[2].column, '日期');
  assert.ok(rows[2].reason && rows[2].message);
  assert.deepEqual(out.value.report.counts, { used: 1, ignored: 2, rejected: 1 });
});

test('imported trades go straight into estimate, with the number of redress estimate', () => {
  const caseToml = `id = "t"
name = "t"
security = "002415"
[[segments]]
id = "main"
implementation_date = "2024-06-01"
disclosure_date = "2024-06-20"
base_date = "2024-07-05"
base_price = "15.00"
`;
  const name = 'g-jgd.csv';
  const imported = importTrades([{ name, bytes: bytes(name) }], { select: '002415' });
  assert.equal(imported.ok, true);
  const { report, trades } = imported.value;
  const out = estimate({
    trades: trades.filter((t) => t.code === '002415'),
    files: report.files.map((f) => f.name),
    opening_position: report.opening_position,
  }, caseToml);
  assert.equal(out.ok, true, JSON.stringify(out.error));
  const dir = mkdtempSync(join(tmpdir(), 'redress-'));
  writeFileSync(join(dir, 'case.toml'), caseToml);
  const want = native('estimate', '--json', '--case', join(dir, 'case.toml'), join(FIXTURES, name));
  assert.equal(out.value.compensation, want.compensation);
  assert.notEqual(Number(out.value.compensation), 0);
  // The per-trade effects point at the broker file's own lines.
  assert.deepEqual(out.value.segments[0].trades.map((t) => [t.file, t.row]),
    want.segments[0].trades.map((t) => [t.file, t.row]));
});

test('a workbook is refused as data, with a stable code, when the package reads text only', () => {
  const out = importTrades([{ name: 'e-citic.xlsx', bytes: bytes('e-citic.xlsx') }]);
  assert.equal(out.ok, false);
  assert.equal(out.error.code, 'workbook-not-supported');
  assert.equal(out.error.file, 'e-citic.xlsx');
  assert.match(out.error.message, /Excel 工作簿/);
  assert.match(out.error.message_en, /Excel workbook/);
});

test('a file that is no table is a problem naming the file', () => {
  const out = importTrades([{ name: 'x.pdf', bytes: new TextEncoder().encode('%PDF-1.4 ...') }]);
  assert.equal(out.ok, false);
  assert.equal(out.error.file, 'x.pdf');
  assert.equal(typeof out.error.code, 'string');
});

test('importTrades throws only for programmer mistakes', () => {
  assert.throws(() => importTrades('g-jgd.csv'), /files/);
  assert.throws(() => importTrades([{ name: 1, text: '' }]), /name/);
  assert.throws(() => importTrades([{ name: 'a' }]), /bytes/);
  assert.throws(() => importTrades([{ name: 'a', text: 'x' }], { lang: 'fr' }), /lang/);
  assert.throws(() => importTrades([{ name: 'a', text: 'x' }], { selct: 'x' }), /options/);
});

test('cases() lists the built-in cases as redress cases --json does', () => {
  const all = cases();
  assert.deepEqual(all, native('cases', '--json'));
  assert.equal(all[0].id, 'demo');
  for (const c of all) {
    assert.ok(c.name && c.name_en && c.security && Array.isArray(c.needs) && Array.isArray(c.parameters), c.id);
  }
  assert.deepEqual(cases('欣泰'), native('cases', '--json', '欣泰'));
  assert.equal(cases('欣泰')[0].id, 'xintai-2017');
  assert.deepEqual(cases('no such case anywhere'), []);
});

test('caseById gives one card, or null', () => {
  const card = caseById('xintai-2017');
  assert.deepEqual(card, cases().find((c) => c.id === 'xintai-2017'));
  assert.equal(caseById('nope'), null);
});

test('estimate takes a built-in case by id, like its TOML text', () => {
  const trades = readFileSync('cases/demo-trades.csv', 'utf8');
  const byId = estimate({ trades }, 'demo');
  const byText = estimate({ trades }, readFileSync('cases/demo.toml', 'utf8'));
  assert.equal(byId.ok, true, JSON.stringify(byId.error));
  assert.deepEqual(byId.value, byText.value);
  assert.equal(byId.value.compensation, '15520.15');
  const unknown = estimate({ trades }, 'xintai-2099');
  assert.equal(unknown.ok, false);
  assert.equal(unknown.error.code, 'unknown-case');
  assert.match(unknown.error.message_en, /xintai-2017/);
});

test('a built-in case that needs a value nobody published says so as data', () => {
  // 广道数字's purchase window is not published (its market data ship in the package).
  const out = estimate({ trades: readFileSync('cases/demo-trades.csv', 'utf8') }, 'guangdao-2025', { without_deductions: true });
  assert.equal(out.ok, false);
  assert.equal(out.error.code, 'case-value');
  assert.equal(out.error.field, 'segments.main.implementation_date');
  assert.ok(out.error.message.length > 0);
});

// One reading of every case parameter in every front end (issue 17). The JS API's `set`
// is the command line's `--set`: a percent is a percent, values are checked together,
// an unknown choice names the allowed values.
test('set supplies case parameters as --set does, a percent as a percent', () => {
  const trades = readFileSync('cases/demo-trades.csv', 'utf8');
  const set = { 'rules.commission_rate': '0.03%', 'rules.systemic.ratio': '20%', 'rules.systemic.method': 'fixed' };
  const out = estimate({ trades, files: ['demo-trades.csv'] }, 'demo', { set });
  assert.equal(out.ok, true, JSON.stringify(out.error));
  assert.equal(out.value.rules.commission_rate, '0.0003');
  // The native result with the same values written otherwise (its deadlines count from
  // the machine's today; the package has no clock and gives none).
  const { deadlines, ...want } = native('estimate', '--case', 'demo', 'cases/demo-trades.csv', '--json',
    '--set', 'rules.systemic.method=fixed', '--set', 'rules.systemic.ratio=20%', '--set', 'rules.commission_rate=万分之三');
  assert.ok(deadlines.length > 0);
  assert.deepEqual(out.value, want);
  // The same in a case object: a rate written as a percent.
  const toml = readFileSync('cases/demo.toml', 'utf8').replace('commission_rate = "0.0003"', 'commission_rate = "0.03%"');
  assert.deepEqual(estimate({ trades }, toml).value, estimate({ trades }, 'demo').value);
  const tooHigh = estimate({ trades }, 'demo', { set: { 'rules.commission_rate': '0.03' }, lang: 'en' });
  assert.equal(tooHigh.ok, false);
  assert.equal(tooHigh.error.code, 'case-value');
  assert.equal(tooHigh.error.column, 'rules.commission_rate');
  assert.match(tooHigh.error.message_en, /above the brokers' cap of 0\.3%/);
  const unknown = estimate({ trades }, 'demo', { set: { 'rules.netting': 'both' } });
  assert.equal(unknown.ok, false);
  assert.match(unknown.error.message_en, /is not one of the allowed values: net, per-part/);
});

test('index.d.ts declares every function the package exports, and no other', async () => {
  const mod = await import(join(process.cwd(), PKG, 'index.js'));
  const declared = [...readFileSync(join(PKG, 'index.d.ts'), 'utf8').matchAll(/^export function (\w+)/gm)].map((m) => m[1]);
  assert.deepEqual(declared.sort(), Object.keys(mod).sort());
});

test('package.json exports the module, its types and the wasm file', () => {
  const pkg = JSON.parse(readFileSync(join(PKG, 'package.json'), 'utf8'));
  assert.equal(pkg.type, 'module');
  for (const f of pkg.files) readFileSync(join(PKG, f));
  assert.equal(pkg.exports['.'].types, './index.d.ts');
  assert.equal(pkg.exports['.'].default, './index.js');
});

// Replays every golden case folder of the core (tests/golden/) through the JS package and
// expects the very same result as the native snapshot, to the cent and to the word.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const PKG = process.env.PKG_DIR ?? 'dist/pkg';
const { estimate, compare, version } = await import(join(process.cwd(), PKG, 'index.js'));
const GOLDEN = 'tests/golden';

function options(dir) {
  const file = join(dir, 'options.toml');
  const out = {};
  if (!existsSync(file)) return out;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = line.match(/^\s*(\w+)\s*=\s*"?([^"]*)"?\s*$/);
    if (m) out[m[1]] = m[2];
  }
  return out;
}

for (const name of readdirSync(GOLDEN).sort()) {
  const dir = join(GOLDEN, name);
  test(`golden ${name}`, () => {
    const files = readdirSync(dir).filter((f) => f.startsWith('trades') && f.endsWith('.csv')).sort();
    const opts = options(dir);
    const input = {
      trades: files.map((f) => readFileSync(join(dir, f), 'utf8')),
      files,
      case_file: 'case.toml',
      opening_position: opts.opening ? Number(opts.opening) : 0,
    };
    if (existsSync(join(dir, 'market.csv'))) input.market = readFileSync(join(dir, 'market.csv'), 'utf8');
    if (existsSync(join(dir, 'indices.csv'))) input.indices = readFileSync(join(dir, 'indices.csv'), 'utf8');
    const out = estimate(input, readFileSync(join(dir, 'case.toml'), 'utf8'), {
      method: opts.method, lang: opts.lang, without_deductions: opts.without_deductions === 'true',
    });
    if (existsSync(join(dir, 'error.txt'))) {
      assert.equal(out.ok, false);
      const want = readFileSync(join(dir, 'error.txt'), 'utf8').trim();
      assert.equal(out.error.message, want);
      return;
    }
    assert.equal(out.ok, true, JSON.stringify(out.error));
    const snapshot = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8'));
    assert.deepEqual(out.value, snapshot);
  });
}

test('rows as objects give the same result as the CSV', () => {
  const csv = readFileSync('cases/demo-trades.csv', 'utf8');
  const [header, ...lines] = csv.trim().split('\n');
  const keys = header.split(',');
  const rows = lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [keys[i], v]).filter(([, v]) => v !== '')));
  const caseToml = readFileSync('cases/demo.toml', 'utf8');
  const a = estimate({ trades: rows }, caseToml);
  const b = estimate({ trades: csv }, caseToml);
  assert.equal(a.value.compensation, '15520.15');
  assert.equal(a.value.compensation, b.value.compensation);
});

test('a problem with the data is returned with its code and place', () => {
  const out = estimate({ trades: [{ date: '2021-13-01', kind: 'buy', quantity: 100, price: '10' }] }, readFileSync('cases/demo.toml', 'utf8'), { lang: 'en' });
  assert.equal(out.ok, false);
  assert.equal(out.error.code, 'bad-date');
  assert.equal(out.error.row, 1);
  assert.equal(out.error.column, 'date');
});

test('a programmer mistake throws', () => {
  assert.throws(() => estimate({ trades: 'x' }, 42));
  assert.throws(() => estimate({ trades: 'x' }, 'id = "x"', { method: 'median' }));
});

test('compare gives the four methods with and without deductions', () => {
  const out = compare({ trades: readFileSync('cases/demo-trades.csv', 'utf8') }, readFileSync('cases/demo.toml', 'utf8'));
  assert.equal(out.ok, true);
  assert.equal(out.value.length, 8);
  const weighted = out.value.find((c) => c.method === 'weighted-average' && c.with_deductions);
  assert.equal(weighted.compensation, '15687.04');
  assert.match(version(), /^\d+\.\d+\.\d+$/);
});

test('a built-in real case by its id needs nothing but trades: its public market data ship in the package', () => {
  const dir = join(GOLDEN, 'real-zijing-2023');
  const trades = readFileSync(join(dir, 'trades.csv'), 'utf8');
  const out = estimate({ trades }, 'zijing-2023');
  assert.equal(out.ok, true, JSON.stringify(out.error));
  const want = readFileSync(join(dir, 'expect.toml'), 'utf8').match(/^"compensation" = "([^"]+)"/m)[1];
  assert.equal(out.value.compensation, want);
  assert.equal(out.value.segments[0].base_price, '14.7241');
  assert.equal(out.value.segments[0].base_price_source, 'computed');
  // The caller's own bars replace the shipped ones.
  const flat = ['date,close,volume,float'];
  for (let d = new Date('2022-02-14T00:00:00Z'); d <= new Date('2022-04-30T00:00:00Z'); d.setUTCDate(d.getUTCDate() + 1)) {
    if (d.getUTCDay() % 6) flat.push(`${d.toISOString().slice(0, 10)},10.00,50000000,100000000`);
  }
  const own = estimate({ trades, market: flat.join('\n') }, 'zijing-2023');
  assert.equal(own.ok, true, JSON.stringify(own.error));
  assert.equal(own.value.segments[0].base_price, '10.0000');
});

// Units (docs/language-reference.md, Units): exact conversions to base units (seconds, bytes,
// fractions, per-second rates) for every family, through the schema helpers
// and end to end through properties.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from '../helpers/property';
import { analyze } from '../../src/analyze';
import { interpretQuantity, interpretRate, MAGNITUDES, RATE_PER, scale, suffixFamily, UNITS, unitsOf } from '../../src/schema/units';
import { expectClean } from '../helpers/inline';

function quantity(number: number, suffix: string, family: Parameters<typeof interpretQuantity>[2]): number {
  const r = interpretQuantity(number, suffix, family);
  assert.ok(r.ok, `${number}${suffix} as ${family}: ${r.ok ? '' : r.message}`);
  return r.value;
}

function rate(number: number, suffix: string, per: string, of: 'count' | 'size' = 'count'): number {
  const r = interpretRate(number, suffix, per, of);
  assert.ok(r.ok, `${number}${suffix}/${per}: ${r.ok ? '' : r.message}`);
  return r.value;
}

test('time units: us ms s m h d w y, m is a minute and y is 365 days', () => {
  assert.equal(quantity(1, 'us', 'time'), 1e-6);
  assert.equal(quantity(250, 'us', 'time'), 0.00025);
  assert.equal(quantity(10, 'us', 'time'), 0.00001);
  assert.equal(quantity(1, 'ms', 'time'), 0.001);
  assert.equal(quantity(10, 'ms', 'time'), 0.01);
  assert.equal(quantity(1.5, 'ms', 'time'), 0.0015);
  assert.equal(quantity(30, 's', 'time'), 30);
  assert.equal(quantity(1, 'm', 'time'), 60);
  assert.equal(quantity(1.1, 'm', 'time'), 66);
  assert.equal(quantity(10, 'm', 'time'), 600);
  assert.equal(quantity(1, 'h', 'time'), 3600);
  assert.equal(quantity(24, 'h', 'time'), 86_400);
  assert.equal(quantity(1, 'd', 'time'), 86_400);
  assert.equal(quantity(7, 'd', 'time'), 604_800);
  assert.equal(quantity(1, 'w', 'time'), 604_800);
  assert.equal(quantity(1, 'y', 'time'), 365 * 86_400);
  assert.equal(quantity(5, 'y', 'time'), 157_680_000);
  assert.equal(quantity(0.5, 'y', 'time'), 15_768_000);
});

test('size units: B KB MB GB TB PB are powers of 10; KiB MiB GiB TiB powers of 2', () => {
  assert.equal(quantity(500, 'B', 'size'), 500);
  assert.equal(quantity(1, 'KB', 'size'), 1000);
  assert.equal(quantity(1, 'KiB', 'size'), 1024);
  assert.equal(quantity(2, 'MB', 'size'), 2_000_000);
  assert.equal(quantity(2, 'MiB', 'size'), 2_097_152);
  assert.equal(quantity(1.5, 'GB', 'size'), 1_500_000_000);
  assert.equal(quantity(1, 'GiB', 'size'), 1_073_741_824);
  assert.equal(quantity(1, 'TB', 'size'), 1e12);
  assert.equal(quantity(1, 'TiB', 'size'), 1_099_511_627_776);
  assert.equal(quantity(1, 'PB', 'size'), 1e15);
  assert.equal(quantity(1.1, 'PB', 'size'), 1.1e15);
  assert.equal(quantity(0.5, 'KiB', 'size'), 512);
  assert.notEqual(quantity(1, 'KiB', 'size'), quantity(1, 'KB', 'size'));
});

test('percent and multiplier', () => {
  assert.equal(quantity(70, '%', 'percent'), 0.7);
  assert.equal(quantity(35, '%', 'percent'), 0.35);
  assert.equal(quantity(99.9, '%', 'percent'), 0.999);
  assert.equal(quantity(99.999999999, '%', 'percent'), 0.99999999999);
  assert.equal(quantity(100, '%', 'percent'), 1);
  assert.equal(quantity(0.1, '%', 'percent'), 0.001);
  assert.equal(quantity(3, 'x', 'multiplier'), 3);
  assert.equal(quantity(1.5, 'x', 'multiplier'), 1.5);
  assert.equal(quantity(2, '', 'multiplier'), 2);
});

test('counts: bare numbers and magnitudes k M B; B is a billion where a count is expected', () => {
  assert.equal(quantity(4, '', 'count'), 4);
  assert.equal(quantity(20, 'k', 'count'), 20_000);
  assert.equal(quantity(2.5, 'k', 'count'), 2500);
  assert.equal(quantity(100, 'M', 'count'), 100_000_000);
  assert.equal(quantity(1.2, 'M', 'count'), 1_200_000);
  assert.equal(quantity(1, 'B', 'count'), 1_000_000_000);
  assert.equal(quantity(500, 'B', 'size'), 500);
  assert.equal(suffixFamily('k'), 'count');
  assert.equal(suffixFamily('B'), 'size');
  assert.equal(suffixFamily('ms'), 'time');
  assert.equal(suffixFamily('parsecs'), undefined);
});

test('rates: per s, min, h, day to per second', () => {
  assert.deepEqual(Object.keys(RATE_PER), ['s', 'min', 'h', 'day']);
  assert.equal(rate(100, '', 's'), 100);
  assert.equal(rate(20, 'k', 's'), 20_000);
  assert.equal(rate(600, '', 'min'), 10);
  assert.equal(rate(7200, '', 'h'), 2);
  assert.equal(rate(10, '', 'day'), 10 / 86_400);
  assert.equal(rate(1000, '', 'day'), 1000 / 86_400);
  assert.equal(rate(86_400, '', 'day'), 1);
  assert.equal(rate(1.5, 'k', 'day'), 1500 / 86_400);
  assert.equal(rate(2, 'MB', 's', 'size'), 2_000_000);
  assert.equal(rate(1, 'GiB', 'h', 'size'), 1_073_741_824 / 3600);
});

test('wrong family and unknown units are explained', () => {
  const wrong = interpretQuantity(2, 'MB', 'time');
  assert.ok(!wrong.ok && wrong.message === "Expected a time (10ms, 30s, 5m, 7d), but '2MB' is a size.");
  const unknown = interpretQuantity(10, 'parsecs', 'time');
  assert.ok(!unknown.ok && unknown.message.includes("Unknown unit 'parsecs'") && unknown.message.includes('us ms s m h d w y'));
  const bare = interpretQuantity(5, '', 'time');
  assert.ok(!bare.ok && bare.message.includes("'5' is a number"));
  const per = interpretRate(10, '', 'sec', 'count');
  assert.ok(!per.ok && per.message === "Unknown rate unit '/sec': use /s, /min, /h or /day.");
  // A size where a count rate is expected.
  const sizeRate = interpretRate(2, 'MB', 's', 'count');
  assert.ok(!sizeRate.ok);
});

test('every unit in the table converts n×factor exactly for decimal inputs (property)', () => {
  const decimals = fc.tuple(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 3 }))
    .map(([int, places]) => Number((int / 10 ** places).toFixed(places)));
  fc.assert(fc.property(decimals, fc.constantFrom(...UNITS), (n, unit) => {
    const got = quantity(n, unit.unit, unit.family);
    const exponent = Math.log10(unit.factor);
    // Reference: the decimal the user wrote, scaled symbolically and rounded once.
    const expected = Number.isInteger(exponent) ? Number(`${n}e${exponent}`) : exactProduct(n, unit.factor);
    assert.equal(got, expected, `${n}${unit.unit}`);
  }), { numRuns: 2000, seed: 7 });
});

/** n × an integer factor, through BigInt on the decimal digits. */
function exactProduct(n: number, factor: number): number {
  const [int, frac = ''] = String(n).split('.');
  const product = BigInt(int + frac) * BigInt(factor);
  return Number(`${product}e-${frac.length}`);
}

test('scale() falls back to plain multiplication for exponent notation', () => {
  assert.equal(scale(1e21, 1e3), 1e24);
  assert.equal(scale(5, 1), 5);
});

test('every family lists its units, every magnitude is a power of ten', () => {
  assert.deepEqual(unitsOf('time').map((u) => u.unit), ['us', 'ms', 's', 'm', 'h', 'd', 'w', 'y']);
  assert.deepEqual(unitsOf('size').map((u) => u.unit), ['B', 'KB', 'MB', 'GB', 'TB', 'PB', 'KiB', 'MiB', 'GiB', 'TiB']);
  assert.deepEqual({ ...MAGNITUDES }, { k: 1e3, M: 1e6, B: 1e9 });
});

test('end to end: property values reach the model in exact base units', () => {
  const a = analyze([
    'system s {',
    '  workload {',
    '    dau: 1B',
    '    writes_per_user: 10/day',
    '    reads_per_user: 1000/day',
    '    record_size: 500B',
    '    media_fraction: 10%',
    '    media_size: 2MB',
    '    peak_factor: 3',
    '    retention: 5y',
    '  }',
    '  cache c { ttl: 10m  memory: 1KiB  hit_ratio: 70%  service_time: 250us }',
    '  cache d { memory: 1KB }',
    '  stream st { retention: 7d }',
    '  client x { rate: 20k/s }',
    '  gateway g { rate_limit: 600/min  instances: 2 }',
    '  scenario sc { duration: 1h  load: 1.5x  warmup: 1.1m }',
    '}',
  ].join('\n'));
  expectClean(a);
  const s = a.systems[0];
  const w = s.workload!.props;
  assert.equal(w.num('dau'), 1_000_000_000);
  assert.equal(w.num('writes_per_user'), 10 / 86_400);
  assert.equal(w.num('reads_per_user'), 1000 / 86_400);
  assert.equal(w.num('record_size'), 500);
  assert.equal(w.num('media_fraction'), 0.1);
  assert.equal(w.num('media_size'), 2_000_000);
  assert.equal(w.num('peak_factor'), 3);
  assert.equal(w.num('retention'), 5 * 365 * 86_400);
  const c = s.components.get('c')!.props;
  assert.equal(c.num('ttl'), 600);
  assert.equal(c.num('memory'), 1024);
  assert.equal(c.num('hit_ratio'), 0.7);
  assert.deepEqual(c.value('service_time'), { kind: 'exp', mean: 0.00025 });
  assert.equal(s.components.get('d')!.props.num('memory'), 1000);
  assert.equal(s.components.get('st')!.props.num('retention'), 604_800);
  assert.equal(s.components.get('x')!.props.num('rate'), 20_000);
  assert.equal(s.components.get('g')!.props.num('rate_limit'), 10);
  const sc = s.scenarios[0].props;
  assert.deepEqual([sc.num('duration'), sc.num('load'), sc.num('warmup')], [3600, 1.5, 66]);
});

test('end to end: B is bytes for a size and a billion for a count; K is not a magnitude', () => {
  const a = analyze('system s {\n  workload { dau: 2B  record_size: 2B }\n}\n');
  expectClean(a);
  assert.equal(a.systems[0].workload!.props.num('dau'), 2e9);
  assert.equal(a.systems[0].workload!.props.num('record_size'), 2);
  const b = analyze('system s {\n  workload { dau: 2K }\n}\n');
  assert.equal(b.diagnostics.filter((d) => d.rule === 'invalid-value').length, 1);
});

test("a suffix named like an Object.prototype key is an unknown unit, not a value", () => {
  for (const word of ['constructor', 'toString', '__proto__']) {
    assert.equal(interpretQuantity(5, word, 'count').ok, false, word);
    const rate = interpretRate(5, '', word, 'count');
    assert.equal(rate.ok, false, word);
    assert.match(rate.ok ? '' : rate.message, /Unknown rate unit/);
  }
});

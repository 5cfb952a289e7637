// Units as the estimate sees them (docs/language-reference.md, Units): every unit of UNITS
// converts exactly to base units (seconds, bytes, fractions, factors), both
// through interpretQuantity / interpretRate and end to end through a design
// and the estimate. The expected factors are written out here, not read from
// UNITS, so a wrong factor in the table fails.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../src/analyze';
import { estimateSystem } from '../../src/estimate/propagate';
import { semanticsOf } from '../../src/model/semantic';
import { workloadFigures } from '../../src/estimate/workload';
import { interpretQuantity, interpretRate, UNITS } from '../../src/schema/units';
import { expectClean } from '../helpers/inline';

const EXPECTED: Record<string, { family: string; factor: number }> = {
  us: { family: 'time', factor: 0.000001 },
  ms: { family: 'time', factor: 0.001 },
  s: { family: 'time', factor: 1 },
  m: { family: 'time', factor: 60 },
  h: { family: 'time', factor: 3600 },
  d: { family: 'time', factor: 86400 },
  w: { family: 'time', factor: 604800 },
  y: { family: 'time', factor: 31536000 },
  B: { family: 'size', factor: 1 },
  KB: { family: 'size', factor: 1000 },
  MB: { family: 'size', factor: 1000000 },
  GB: { family: 'size', factor: 1000000000 },
  TB: { family: 'size', factor: 1000000000000 },
  PB: { family: 'size', factor: 1000000000000000 },
  KiB: { family: 'size', factor: 1024 },
  MiB: { family: 'size', factor: 1048576 },
  GiB: { family: 'size', factor: 1073741824 },
  TiB: { family: 'size', factor: 1099511627776 },
  '%': { family: 'percent', factor: 0.01 },
  x: { family: 'multiplier', factor: 1 },
};

/** n × factor as the exact decimal: 3 × 0.001 is 0.003, not 0.0030000000000000001. */
const expectedValue = (n: number, factor: number) => Number(`${n * (factor >= 1 ? factor : 1)}e${factor >= 1 ? 0 : Math.round(Math.log10(factor))}`);

function quantity(number: number, suffix: string, family: Parameters<typeof interpretQuantity>[2]): number {
  const r = interpretQuantity(number, suffix, family);
  assert.ok(r.ok, `${number}${suffix}: ${r.ok ? '' : r.message}`);
  return r.value;
}

function rate(number: number, suffix: string, per: string, of: 'count' | 'size' = 'count'): number {
  const r = interpretRate(number, suffix, per, of);
  assert.ok(r.ok, `${number}${suffix}/${per}: ${r.ok ? '' : r.message}`);
  return r.value;
}

function clean(source: string) {
  const a = analyze(source);
  expectClean(a);
  return a.systems[0];
}

describe('every unit of UNITS', () => {
  test('is the table of docs/language-reference.md, Units, nothing more or less', () => {
    assert.deepEqual(UNITS.map((u) => u.unit).sort(), Object.keys(EXPECTED).sort());
    for (const u of UNITS) assert.equal(u.family, EXPECTED[u.unit].family, u.unit);
  });

  test('converts 1, 3 and 1.5 of itself exactly through interpretQuantity', () => {
    for (const u of UNITS) {
      const { family, factor } = EXPECTED[u.unit];
      const f = family as Parameters<typeof interpretQuantity>[2];
      assert.equal(quantity(1, u.unit, f), factor, `1${u.unit}`);
      assert.equal(quantity(3, u.unit, f), expectedValue(3, factor), `3${u.unit}`);
      assert.equal(quantity(1.5, u.unit, f), expectedValue(1.5, factor), `1.5${u.unit}`);
    }
  });

  test('decimal and binary sizes differ: 1KB = 1000, 1KiB = 1024', () => {
    assert.equal(quantity(1, 'KB', 'size'), 1000);
    assert.equal(quantity(1, 'KiB', 'size'), 1024);
    assert.equal(quantity(2, 'MB', 'size'), 2_000_000);
    assert.equal(quantity(2, 'MiB', 'size'), 2_097_152);
  });

  test('m is a minute and y is 365 days', () => {
    assert.equal(quantity(1, 'm', 'time'), 60);
    assert.equal(quantity(1, 'y', 'time'), 365 * 86_400);
    assert.equal(quantity(5, 'y', 'time'), 5 * 365 * 86_400);
  });

  test('a unit of the wrong family is refused', () => {
    assert.equal(interpretQuantity(2, 'MB', 'time').ok, false);
    assert.equal(interpretQuantity(10, 'ms', 'size').ok, false);
    assert.equal(interpretQuantity(5, 'furlongs', 'time').ok, false);
  });
});

describe('rates', () => {
  test('per second, minute, hour and day', () => {
    assert.equal(rate(20, 'k', 's'), 20_000);
    assert.equal(rate(10, '', 'day'), 10 / 86_400);
    assert.equal(rate(600, '', 'min'), 10);
    assert.equal(rate(7200, '', 'h'), 2);
    assert.equal(rate(1, 'B', 'day'), 1e9 / 86_400);
  });

  test('a size per second: 2MB/s = 2e6 bytes per second', () => {
    assert.equal(rate(2, 'MB', 's', 'size'), 2e6);
    assert.equal(rate(1, 'KiB', 's', 'size'), 1024);
    assert.equal(rate(86_400, 'KB', 'day', 'size'), 1000);
  });

  test('an unknown per-unit is refused', () => {
    assert.equal(interpretRate(1, '', 'fortnight', 'count').ok, false);
  });
});

describe('through a design and the estimate', () => {
  test('every time unit as a service time', () => {
    for (const u of UNITS.filter((x) => x.family === 'time')) {
      const system = clean(`system s { service api { service_time: 3${u.unit} } }`);
      const api = system.components.get('api')!;
      assert.equal(semanticsOf(api).serviceTime?.mean, expectedValue(3, EXPECTED[u.unit].factor), u.unit);
    }
  });

  test('every size unit as a record size: storage per day of one write a day', () => {
    for (const u of UNITS.filter((x) => x.family === 'size')) {
      const f = workloadFigures(clean(`system s { workload { dau: 1  writes_per_user: 1/day  record_size: 3${u.unit} } }`));
      assert.ok(f);
      assert.equal(f.storagePerDayBytes, expectedValue(3, EXPECTED[u.unit].factor), u.unit);
    }
  });

  test('percent and multiplier in the workload', () => {
    // 1000 writes/day × 35 % media × 1 MB = 350 MB; peak 3x.
    const f = workloadFigures(clean('system s { workload { dau: 1k  writes_per_user: 1/day  media_fraction: 35%  media_size: 1MB  peak_factor: 3x } }'));
    assert.ok(f);
    assert.equal(f.storagePerDayBytes, 350e6);
    assert.equal(f.peakFactor, 3);
  });

  test('retention in every time unit multiplies storage by whole days', () => {
    // 1 write/day of 1 GB kept 2w = 14 days: 14 GB; 1y = 365 days: 365 GB.
    const f = (retention: string) => workloadFigures(clean(`system s { workload { dau: 1  writes_per_user: 1/day  record_size: 1GB  retention: ${retention} } }`))!;
    assert.equal(f('2w').storageTotalBytes, 14e9);
    assert.equal(f('1y').storageTotalBytes, 365e9);
    assert.equal(f('48h').storageTotalBytes, 2e9);
    assert.equal(f('2880m').storageTotalBytes, 2e9);
  });

  test('client rates in every per-unit, and count magnitudes', () => {
    const rates: [string, number][] = [
      ['20k/s', 20_000],
      ['10/day', 10 / 86_400],
      ['600/min', 10],
      ['7200/h', 2],
      ['1.5M/s', 1_500_000],
      ['1B/day', 1e9 / 86_400],
    ];
    for (const [text, expected] of rates) {
      const e = estimateSystem(clean(`system s { client web { rate: ${text} } }`));
      assert.equal(e.clients[0].rateRps, expected, text);
    }
  });

  test('10/day per user × 100M users is exactly 1 billion a day', () => {
    const f = workloadFigures(clean('system s { workload { dau: 100M  writes_per_user: 10/day } }'));
    assert.ok(f);
    assert.equal(f.dau, 1e8);
    assert.equal(f.writesPerDay, 1e9);
    assert.equal(f.writesPerSecond, 1e9 / 86_400);
  });

  test('B is a billion where a count is expected and bytes where a size is', () => {
    const f = workloadFigures(clean('system s { workload { dau: 1B  writes_per_user: 1/day  record_size: 1B } }'));
    assert.ok(f);
    assert.equal(f.dau, 1e9);
    // 1e9 writes × 1 byte.
    assert.equal(f.storagePerDayBytes, 1e9);
  });
});

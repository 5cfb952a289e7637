// Back-of-the-envelope workload figures (estimate/workload.ts): the classic interview example exactly, the defaults, and
// the arithmetic steps a hover shows.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../src/analyze';
import { estimateSystem } from '../../src/estimate/propagate';
import { workloadFigures, WorkloadFigures } from '../../src/estimate/workload';
import { expectClean } from '../helpers/inline';
import { SPEC_EXAMPLE } from '../helpers/designs';

function figures(workload: string, rest = ''): WorkloadFigures {
  const a = analyze(`system s {\n  workload { ${workload} }\n  ${rest}\n}\n`);
  expectClean(a);
  const f = workloadFigures(a.systems[0]);
  assert.ok(f, 'expected workload figures');
  return f;
}

const CLASSIC = 'dau: 100M  writes_per_user: 10/day  reads_per_user: 1000/day  record_size: 500B  media_fraction: 10%  media_size: 2MB  peak_factor: 3';

describe('the classic interview example, exactly', () => {
  const f = figures(CLASSIC);

  test('100M DAU × 10 writes/day = 1,000,000,000 writes/day ≈ 11,574 writes/s', () => {
    assert.equal(f.dau, 100_000_000);
    assert.equal(f.writesPerDay, 1_000_000_000);
    // 1e9 / 86,400 = 11,574.074074…
    assert.equal(f.writesPerSecond, 1e9 / 86_400);
    assert.equal(Math.round(f.writesPerSecond), 11_574);
    assert.equal(f.writesPerSecond.toFixed(6), '11574.074074');
  });

  test('100M × 1000 reads/day = 100 billion/day ≈ 1,157,407 reads/s', () => {
    assert.equal(f.readsPerDay, 100_000_000_000);
    assert.equal(f.readsPerSecond, 1e11 / 86_400);
    assert.equal(Math.round(f.readsPerSecond), 1_157_407);
  });

  test('peak = average × peak_factor', () => {
    assert.equal(f.peakFactor, 3);
    assert.equal(f.peakWritesPerSecond, (1e9 / 86_400) * 3);
    assert.equal(f.peakReadsPerSecond, (1e11 / 86_400) * 3);
  });

  test('storage: 500 B × 1 billion + 2 MB × 100 million = 200.5 TB a day, exactly', () => {
    // 0.5 TB of records + 200 TB of photos (10 % of writes carry 2 MB).
    assert.equal(f.storagePerDayBytes, 200.5e12);
    assert.equal(f.storagePerDayBytes, 500 * 1e9 + 2e6 * 1e8);
    // Default retention 5 years of 365 days = 1825 days.
    assert.equal(f.retentionSeconds, 5 * 365 * 86_400);
    assert.equal(f.storageTotalBytes, 200.5e12 * 1825);
  });

  test('read share: 1000 reads to 10 writes', () => {
    assert.equal(f.readRatio, 1000 / 1010);
  });

  test('the steps spell out the arithmetic, in whiteboard order', () => {
    assert.deepEqual(f.steps, [
      'writes/day = 100M DAU × 10 = 1,000,000,000 (1B)',
      'reads/day = 100M DAU × 1,000 = 100,000,000,000 (100B)',
      'writes/s = 1,000,000,000 / 86,400 s ≈ 11,574.07',
      'reads/s = 100,000,000,000 / 86,400 s ≈ 1,157,407.41',
      'peak writes/s = 11,574.07 × 3 ≈ 34,722.22',
      'peak reads/s = 1,157,407.41 × 3 ≈ 3,472,222.22',
      // "× 1B writes", not "× 1B": 1B next to 500 B would read as a byte.
      'storage/day = 500 B × 1B writes = 500 GB + 2 MB × 100M writes (10% of writes) = 200 TB = 200.5 TB',
      'storage total = 200.5 TB × 1,825 days = 365.9 PB',
    ]);
  });

  test('the complete example design gives the same figures', () => {
    const a = analyze(SPEC_EXAMPLE);
    const spec = workloadFigures(a.systems[0]);
    assert.ok(spec);
    assert.equal(spec.writesPerDay, f.writesPerDay);
    assert.equal(spec.readsPerDay, f.readsPerDay);
    assert.equal(spec.storagePerDayBytes, 200.5e12);
    assert.equal(estimateSystem(a.systems[0]).peakFactor, 3);
  });
});

describe('defaults and edge cases', () => {
  test('peak_factor defaults to 2 and retention to 5 years', () => {
    const f = figures('dau: 1k  writes_per_user: 2/day  reads_per_user: 8/day');
    assert.equal(f.peakFactor, 2);
    assert.equal(f.retentionSeconds, 157_680_000);
    // 1000 × 2 = 2000 writes/day; 1000 × 8 = 8000 reads/day; 8/10 reads.
    assert.equal(f.writesPerDay, 2000);
    assert.equal(f.readsPerDay, 8000);
    assert.equal(f.readRatio, 0.8);
    assert.equal(f.peakWritesPerSecond, (2000 / 86_400) * 2);
  });

  test('a multiplier peak factor (3x) and a retention in days', () => {
    // 10k × 5 writes = 50k writes/day × 1 KB = 50 MB/day; × 30 days = 1.5 GB.
    const f = figures('dau: 10k  writes_per_user: 5/day  record_size: 1KB  peak_factor: 3x  retention: 30d');
    assert.equal(f.peakFactor, 3);
    assert.equal(f.storagePerDayBytes, 50e6);
    assert.equal(f.storageTotalBytes, 1.5e9);
    assert.equal(f.readsPerDay, 0);
    assert.equal(f.readRatio, 0);
    assert.ok(f.steps.some((s) => s === 'storage total = 50 MB × 30 days = 1.5 GB'), f.steps.join('\n'));
  });

  test('per-hour and per-second user rates are turned into per-day counts', () => {
    // 1/h = 24/day; 1000 users → 24,000 writes/day exactly.
    const f = figures('dau: 1k  writes_per_user: 1/h');
    assert.equal(f.writesPerDay, 24_000);
  });

  test('binary sizes stay binary: 1 KiB records', () => {
    // 1000 users × 1 write = 1000 writes × 1024 B = 1,024,000 B/day.
    const f = figures('dau: 1k  writes_per_user: 1/day  record_size: 1KiB');
    assert.equal(f.storagePerDayBytes, 1_024_000);
  });

  test('no storage steps without sizes; no media without media_size', () => {
    const f = figures('dau: 1k  writes_per_user: 1/day');
    assert.equal(f.steps.length, 6);
    assert.equal(f.storagePerDayBytes, 0);
    const g = figures('dau: 1k  writes_per_user: 1/day  record_size: 100B  media_fraction: 50%');
    assert.equal(g.storagePerDayBytes, 100_000);
    assert.ok(!g.steps.some((s) => s.includes('% of writes')));
  });

  test('no workload, or no dau: no figures', () => {
    const none = analyze('system s { service a }');
    assert.equal(workloadFigures(none.systems[0]), undefined);
    // dau is required: reported, and the figures are not made up.
    const noDau = analyze('system s { workload { writes_per_user: 1/day } }');
    assert.ok(noDau.diagnostics.some((d) => d.rule === 'missing-property'));
    assert.equal(workloadFigures(noDau.systems[0]), undefined);
  });

  test('dau of zero gives zeros and no read share', () => {
    const f = figures('dau: 0  writes_per_user: 10/day');
    assert.equal(f.writesPerDay, 0);
    assert.equal(f.writesPerSecond, 0);
    assert.equal(f.readRatio, undefined);
  });
});

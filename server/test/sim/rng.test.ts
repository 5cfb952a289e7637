import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Rng } from '../../src/sim/rng';

/**
 * Chi-square statistic of `draws` uniform values in `bins` equal bins.
 * Thresholds used below are the 0.999 quantiles: df 9 → 27.88, df 2 → 13.82,
 * df 7 → 24.32. A correct generator exceeds them with probability 0.001 per
 * test; the seeds are pinned, so a pass is deterministic and a failure
 * means the stream changed.
 */
function chiSquare(counts: ArrayLike<number>, expected: number): number {
  let x2 = 0;
  for (let i = 0; i < counts.length; i++) x2 += (counts[i] - expected) ** 2 / expected;
  return x2;
}
const CHI2_999_DF9 = 27.88;
const CHI2_999_DF2 = 13.82;
const CHI2_999_DF7 = 24.32;

// Pinned outputs: if these change, every saved scenario's numbers change.
const GOLDEN_SEED_42 = [906724010, 919322530, 1380673251];
const GOLDEN_FORK = [1662413410];

function uniformBins(draw: () => number, n: number, bins = 10): Float64Array {
  const counts = new Float64Array(bins);
  for (let i = 0; i < n; i++) counts[Math.floor(draw() * bins)]++;
  return counts;
}

function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0, mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i];
    mb += b[i];
  }
  ma /= n;
  mb /= n;
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < n; i++) {
    const x = a[i] - ma, y = b[i] - mb;
    sab += x * y;
    saa += x * x;
    sbb += y * y;
  }
  return sab / Math.sqrt(saa * sbb);
}

function draws(r: Rng, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = r.next();
  return out;
}

describe('Rng', () => {
  it('matches the xoshiro128** reference implementation (known-answer test)', () => {
    // Output of the authors' C code (xoshiro128starstar.c) from state {1, 2, 3, 4}.
    const r = Rng.fromState(1, 2, 3, 4);
    const expected = [11520, 0, 5927040, 70819200, 2031721883, 1637235492, 1287239034, 3734860849, 3729100597, 4258142804];
    assert.deepEqual(Array.from({ length: 10 }, () => r.nextU32()), expected);

    // Same C code from {0x9e3779b9, 0x243f6a88, 0xb7e15162, 0xdeadbeef}: outputs 1001..1005.
    const r2 = Rng.fromState(0x9e3779b9, 0x243f6a88, 0xb7e15162, 0xdeadbeef);
    for (let i = 0; i < 1000; i++) r2.nextU32();
    assert.deepEqual(
      Array.from({ length: 5 }, () => r2.nextU32()),
      [2541037969, 1849389561, 1502624387, 2643130287, 1638949829],
    );
  });

  it('gives the same numbers for the same seed, pinned across machines and versions', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const xs = draws(a, 1000);
    assert.deepEqual(draws(b, 1000), xs);
    const g = new Rng(42);
    assert.deepEqual([g.nextU32(), g.nextU32(), g.nextU32()], GOLDEN_SEED_42);
    assert.deepEqual([new Rng(42).fork('client:web').nextU32()], GOLDEN_FORK);
  });

  it('accepts any safe integer seed and distinguishes nearby seeds', () => {
    const seeds = [0, 1, -1, 2, 2 ** 32, 2 ** 32 + 1, -(2 ** 32), Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER];
    const firsts = new Set(seeds.map((s) => new Rng(s).nextU32()));
    assert.equal(firsts.size, seeds.length);
    for (const bad of [0.5, NaN, Infinity, 2 ** 53]) assert.throws(() => new Rng(bad), RangeError);
  });

  it('next() is in [0, 1) with 53-bit resolution', () => {
    const r = new Rng(7);
    let fineBits = 0;
    for (let i = 0; i < 100_000; i++) {
      const x = r.next();
      assert.ok(x >= 0 && x < 1);
      const k = x * 2 ** 53;
      assert.equal(k, Math.floor(k)); // a multiple of 2^-53
      if (k % 2 ** 21 !== 0) fineBits++; // uses bits below the 32nd
    }
    assert.ok(fineBits > 99_000);
  });

  it('is uniform: chi-square on 10 bins below the 0.999 quantile (27.88, df 9) for 1e6 draws', () => {
    for (const seed of [1, 2, 3, 12345, -7]) {
      const r = new Rng(seed);
      const x2 = chiSquare(uniformBins(() => r.next(), 1_000_000), 100_000);
      assert.ok(x2 < CHI2_999_DF9, `seed ${seed}: chi-square ${x2.toFixed(2)}`);
    }
  });

  it('seeds and fork labels are well mixed: first draws of 100k neighbouring streams are uniform', () => {
    // Sequential seeds (and labels) are the common case; their first outputs must not be related.
    const seeds = uniformBins((() => { let s = 0; return () => new Rng(s++).next(); })(), 100_000);
    assert.ok(chiSquare(seeds, 10_000) < CHI2_999_DF9, 'sequential seeds');
    const root = new Rng(99);
    const labels = uniformBins((() => { let s = 0; return () => root.fork(s++).next(); })(), 100_000);
    assert.ok(chiSquare(labels, 10_000) < CHI2_999_DF9, 'sequential numeric labels');
    const names = uniformBins((() => { let s = 0; return () => root.fork(`station-${s++}`).next(); })(), 100_000);
    assert.ok(chiSquare(names, 10_000) < CHI2_999_DF9, 'sequential string labels');
    // …and the first draws of neighbouring seeds are uncorrelated with each other.
    const a = new Float64Array(100_000), b = new Float64Array(100_000);
    for (let i = 0; i < a.length; i++) {
      a[i] = new Rng(2 * i).next();
      b[i] = new Rng(2 * i + 1).next();
    }
    assert.ok(Math.abs(correlation(a, b)) < 4 / Math.sqrt(a.length));
  });

  it('nextInt(n) is in range and unbiased', () => {
    const r = new Rng(11);
    const c3 = new Float64Array(3);
    for (let i = 0; i < 300_000; i++) c3[r.nextInt(3)]++;
    assert.ok(chiSquare(c3, 100_000) < CHI2_999_DF2, `n=3: ${chiSquare(c3, 100_000)}`);
    const c8 = new Float64Array(8);
    for (let i = 0; i < 400_000; i++) c8[r.nextInt(8)]++;
    assert.ok(chiSquare(c8, 50_000) < CHI2_999_DF7, `n=8: ${chiSquare(c8, 50_000)}`);
    const c10 = uniformBins(() => r.nextInt(10) / 10, 1_000_000);
    assert.ok(chiSquare(c10, 100_000) < CHI2_999_DF9, `n=10: ${chiSquare(c10, 100_000)}`);
    // A range just over 2^31 would be biased by a naive modulo by ~33 %; check the halves.
    const n = 3 * 2 ** 30;
    let low = 0;
    for (let i = 0; i < 200_000; i++) {
      const k = r.nextInt(n);
      assert.ok(Number.isInteger(k) && k >= 0 && k < n);
      if (k < n / 2) low++;
    }
    assert.ok(Math.abs(low / 200_000 - 0.5) < 4 * Math.sqrt(0.25 / 200_000));
    for (const big of [2 ** 32, 2 ** 40 + 3, 2 ** 53]) {
      for (let i = 0; i < 1000; i++) {
        const k = r.nextInt(big);
        assert.ok(Number.isInteger(k) && k >= 0 && k < big);
      }
    }
    assert.equal(r.nextInt(1), 0);
    for (const bad of [0, -1, 1.5, NaN, 2 ** 53 + 2]) assert.throws(() => r.nextInt(bad), RangeError);
  });

  it('fork(label) is deterministic and does not depend on how far the parent has advanced', () => {
    const a = new Rng(5);
    const b = new Rng(5);
    for (let i = 0; i < 1234; i++) b.next();
    assert.deepEqual(draws(a.fork('db.primary'), 100), draws(b.fork('db.primary'), 100));
    assert.deepEqual(draws(a.fork(3), 100), draws(b.fork(3), 100));
    assert.deepEqual(draws(a.fork('x').fork('y'), 100), draws(b.fork('x').fork('y'), 100));
    // Forking does not advance the parent.
    const c = new Rng(5);
    c.fork('anything');
    assert.deepEqual(draws(c, 10), draws(new Rng(5), 10));
  });

  it('distinct labels, parents and paths give distinct streams', () => {
    const root = new Rng(5);
    const firsts = [
      root.fork('a'),
      root.fork('b'),
      root.fork('ab'),
      root.fork('a').fork('b'),
      root.fork('b').fork('a'),
      root.fork(1),
      root.fork('1'),
      root.fork(''),
      root.fork('\u0000'),
      root.fork(-1),
      new Rng(6).fork('a'),
      root,
    ].map((r) => r.nextU32());
    assert.equal(new Set(firsts).size, firsts.length);
    assert.throws(() => root.fork(0.5), RangeError);
  });

  it('forked streams are uncorrelated with each other and with the parent (|r| < 4/sqrt(n))', () => {
    const n = 200_000;
    const bound = 4 / Math.sqrt(n);
    const root = new Rng(2024);
    const p = draws(root.clone(), n);
    const x = draws(root.fork('client:web'), n);
    const y = draws(root.fork('client:mobile'), n);
    const z = draws(root.fork('client:web').fork(0), n);
    for (const [name, u, v] of [['parent/x', p, x], ['x/y', x, y], ['x/z', x, z], ['parent/z', p, z]] as const) {
      const c = correlation(u, v);
      assert.ok(Math.abs(c) < bound, `${name}: r = ${c}`);
    }
    // Lag-1 correlation inside one stream.
    assert.ok(Math.abs(correlation(x.subarray(0, n - 1), x.subarray(1))) < bound);
    // Each fork is itself uniform.
    let i = 0;
    assert.ok(chiSquare(uniformBins(() => y[i++], n), n / 10) < CHI2_999_DF9);
  });

  it('clone() continues from the same position; restart() rewinds', () => {
    const r = new Rng(77);
    r.next();
    const c = r.clone();
    assert.deepEqual(draws(c, 50), draws(r, 50));
    const fresh = draws(new Rng(77), 20);
    r.restart();
    assert.deepEqual(draws(r, 20), fresh);
    assert.deepEqual(draws(c.fork('k'), 5), draws(new Rng(77).fork('k'), 5));
  });

  it('rejects the all-zero state', () => {
    assert.throws(() => Rng.fromState(0, 0, 0, 0), RangeError);
  });
});

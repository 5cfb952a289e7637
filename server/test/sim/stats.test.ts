import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from '../helpers/property';
import { makeSampler } from '../../src/sim/distributions';
import { Rng } from '../../src/sim/rng';
import { LatencyHistogram, SeriesSampler, Tally, TimeWeighted } from '../../src/sim/stats';

const close = (a: number, b: number, rel = 1e-12): boolean => Math.abs(a - b) <= rel * Math.max(1, Math.abs(a), Math.abs(b));

describe('Tally', () => {
  it('is exact on a hand-computed case', () => {
    // 2 4 4 4 5 5 7 9: sum 40, mean 5, squared deviations sum to 32.
    const t = new Tally();
    for (const x of [2, 4, 4, 4, 5, 5, 7, 9]) t.add(x);
    assert.equal(t.count, 8);
    assert.equal(t.mean, 5);
    assert.equal(t.sum, 40);
    assert.equal(t.populationVariance, 4);
    assert.ok(close(t.variance, 32 / 7));
    assert.ok(close(t.sd, Math.sqrt(32 / 7)));
    assert.equal(t.min, 2);
    assert.equal(t.max, 9);
  });

  it('reports NaN for undefined figures', () => {
    const t = new Tally();
    assert.ok(Number.isNaN(t.mean) && Number.isNaN(t.min) && Number.isNaN(t.max) && Number.isNaN(t.variance));
    assert.equal(t.count, 0);
    t.add(3);
    assert.equal(t.mean, 3);
    assert.equal(t.populationVariance, 0);
    assert.ok(Number.isNaN(t.variance));
    t.reset();
    assert.equal(t.count, 0);
  });

  it('is numerically stable with a large offset (Welford)', () => {
    const t = new Tally();
    for (const x of [4, 7, 13, 16]) t.add(1e9 + x);
    assert.equal(t.mean, 1e9 + 10);
    assert.ok(close(t.variance, 30, 1e-9)); // naive sum-of-squares loses this entirely
  });

  it('merge() equals adding all observations to one tally', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true })),
        fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true })),
        (xs, ys) => {
          const a = new Tally(), b = new Tally(), all = new Tally();
          xs.forEach((x) => (a.add(x), all.add(x)));
          ys.forEach((y) => (b.add(y), all.add(y)));
          a.merge(b);
          assert.equal(a.count, all.count);
          if (all.count === 0) return;
          assert.ok(close(a.mean, all.mean, 1e-9), `${a.mean} ${all.mean}`);
          assert.ok(Math.abs(a.populationVariance - all.populationVariance) <= 1e-7 * Math.max(1, all.populationVariance));
          assert.equal(a.min, all.min);
          assert.equal(a.max, all.max);
        },
      ),
    );
  });
});

describe('TimeWeighted', () => {
  it('is exact on a hand-computed case', () => {
    // Value 0 on [0,1), 2 on [1,3), 1 on [3,4), 0 on [4,5]: area 0 + 4 + 1 + 0 = 5 over 5 s.
    const q = new TimeWeighted(0, 0);
    q.update(1, 2);
    q.update(3, 1);
    q.update(4, 0);
    assert.equal(q.integral(5), 5);
    assert.equal(q.mean(5), 1);
    assert.equal(q.mean(4), 5 / 4);
    assert.equal(q.max, 2);
    assert.equal(q.min, 0);
    assert.equal(q.value, 0);
  });

  it('add() moves by a delta; busy servers of an M/M/2 by hand', () => {
    // Arrivals at 0, 1, 2; departures at 3, 4, 6: busy = 1,2,2(3rd waits),2,1,0 → area 1+2+2·2+1·2 = … computed step by step.
    const b = new TimeWeighted(0, 0);
    b.add(0, 1); // [0,1): 1
    b.add(1, 1); // [1,3): 2   (third arrival at 2 waits, busy stays 2)
    b.add(3, 0); // departure at 3, waiting one starts: still 2 on [3,4)
    b.add(4, -1); // [4,6): 1
    b.add(6, -1); // 0
    assert.equal(b.integral(6), 1 + 2 * 3 + 1 * 2);
    assert.equal(b.mean(8), 9 / 8);
    assert.equal(b.max, 2);
  });

  it('starts at a given time and value; reset() opens a new window (warm-up)', () => {
    const q = new TimeWeighted(10, 3);
    assert.equal(q.mean(10), 3); // empty window: the current value
    q.update(12, 5);
    assert.equal(q.mean(14), (3 * 2 + 5 * 2) / 4);
    q.reset(14);
    assert.equal(q.start, 14);
    assert.equal(q.max, 5);
    q.update(15, 1);
    assert.equal(q.mean(16), (5 + 1) / 2);
    assert.equal(q.max, 5);
    assert.equal(q.min, 1);
  });

  it('rejects time going backwards', () => {
    const q = new TimeWeighted();
    q.update(2, 1);
    assert.throws(() => q.update(1, 0), RangeError);
    assert.throws(() => q.integral(1), RangeError);
    assert.throws(() => q.reset(1), RangeError);
  });
});

/** The exact p-th percentile of sorted data, nearest rank. */
function exactPercentile(sorted: Float64Array, p: number): number {
  const k = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[k - 1];
}

describe('LatencyHistogram', () => {
  it('percentiles of 200k lognormal response times are within 1 % of the exact ones', () => {
    const s = makeSampler({ kind: 'lognormal', mean: 0.05, sd: 0.1 }, new Rng(8));
    const n = 200_000;
    const xs = new Float64Array(n);
    const h = new LatencyHistogram();
    let sum = 0;
    for (let i = 0; i < n; i++) {
      xs[i] = s.sample();
      sum += xs[i];
      h.record(xs[i]);
    }
    const sorted = xs.slice().sort();
    for (const p of [1, 10, 50, 90, 95, 99, 99.9]) {
      const exact = exactPercentile(sorted, p);
      const got = h.percentile(p);
      assert.ok(Math.abs(got - exact) <= 0.01 * exact, `p${p}: ${got} vs ${exact} (${(((got - exact) / exact) * 100).toFixed(3)} %)`);
    }
    assert.equal(h.count, n);
    assert.ok(close(h.mean, sum / n, 1e-12));
    assert.equal(h.min, sorted[0]);
    assert.equal(h.max, sorted[n - 1]);
    assert.equal(h.percentile(0), sorted[0]);
    assert.equal(h.percentile(100), sorted[n - 1]);
    assert.deepEqual(h.percentiles([50, 99]), [h.percentile(50), h.percentile(99)]);
  });

  it('has under 0.8 % relative bucket width over 1 µs to 1 h in a fixed number of buckets', () => {
    const h = new LatencyHistogram();
    // 32 octaves from 2^-20 (< 1 µs) to 2^12 (> 1 h), 128 buckets each.
    assert.ok(h.bucketCount <= 33 * 128, `${h.bucketCount}`);
    const rng = new Rng(3);
    for (let i = 0; i < 2000; i++) {
      // Two values in the same bucket cannot be told apart: p50 of {x, y} lies between them.
      const x = 1e-6 * Math.pow(3.6e9, rng.next());
      const g = new LatencyHistogram();
      g.record(x);
      g.record(x * 1.008);
      const p = g.percentile(50);
      assert.ok(p >= x && p <= x * 1.008);
    }
  });

  it('is exact for constant data and clamps to [min, max] outside its range', () => {
    const h = new LatencyHistogram();
    for (let i = 0; i < 100; i++) h.record(0.0123);
    for (const p of [0, 1, 50, 99, 100]) assert.equal(h.percentile(p), 0.0123);
    const tiny = new LatencyHistogram();
    for (const x of [0, 1e-9, 2e-9, -1]) tiny.record(x); // -1 counts as 0
    assert.equal(tiny.min, 0);
    assert.ok(tiny.percentile(99) <= 2e-9 && tiny.percentile(50) >= 0);
    const huge = new LatencyHistogram();
    huge.record(5000);
    huge.record(7200);
    assert.ok(huge.percentile(50) >= 5000 && huge.percentile(50) <= 7200);
    assert.equal(huge.percentile(100), 7200);
    huge.record(NaN);
    assert.equal(huge.count, 2);
  });

  it('merge() of two halves equals the whole', () => {
    const s = makeSampler({ kind: 'exp', mean: 0.2 }, new Rng(4));
    const a = new LatencyHistogram(), b = new LatencyHistogram(), all = new LatencyHistogram();
    for (let i = 0; i < 20_000; i++) {
      const x = s.sample();
      (i % 3 === 0 ? a : b).record(x);
      all.record(x);
    }
    a.merge(b);
    assert.equal(a.count, all.count);
    assert.equal(a.min, all.min);
    assert.equal(a.max, all.max);
    assert.ok(close(a.mean, all.mean, 1e-12));
    for (const p of [5, 50, 95, 99]) assert.equal(a.percentile(p), all.percentile(p));
    assert.throws(() => a.merge(new LatencyHistogram({ highest: 60 })), RangeError);
  });

  it('empty: NaN; recordN weights; reset; bad options and percentiles throw', () => {
    const h = new LatencyHistogram({ lowest: 1e-3, highest: 10 });
    assert.ok(Number.isNaN(h.percentile(50)) && Number.isNaN(h.mean) && Number.isNaN(h.min));
    h.recordN(0.1, 99);
    h.recordN(1, 1);
    assert.equal(h.count, 100);
    assert.ok(h.percentile(50) >= 0.1 && h.percentile(50) < 0.1 * 1.008);
    assert.ok(h.percentile(99.5) > 0.99 && h.percentile(99.5) <= 1);
    assert.throws(() => h.percentile(101), RangeError);
    h.reset();
    assert.equal(h.count, 0);
    assert.throws(() => new LatencyHistogram({ lowest: 0 }), RangeError);
    assert.throws(() => new LatencyHistogram({ lowest: 2, highest: 1 }), RangeError);
  });
});

describe('SeriesSampler', () => {
  it('chooses a {1, 2, 5}·10^k step with at most 601 points', () => {
    assert.equal(SeriesSampler.chooseStep(600), 1);
    assert.equal(SeriesSampler.chooseStep(60), 0.1);
    assert.equal(SeriesSampler.chooseStep(3600), 10);
    assert.equal(SeriesSampler.chooseStep(601), 2);
    assert.equal(SeriesSampler.chooseStep(1), 0.002);
    fc.assert(
      fc.property(fc.double({ min: 1e-3, max: 1e7, noNaN: true }), fc.integer({ min: 2, max: 2000 }), (d, maxPoints) => {
        const s = new SeriesSampler(d, { maxPoints });
        const mant = s.step / 10 ** Math.floor(Math.log10(s.step) + 1e-12);
        assert.ok([1, 2, 5].some((m) => Math.abs(mant - m) < 1e-9), `step ${s.step}`);
        s.finish();
        const r = s.result();
        assert.ok(r.times.length <= maxPoints, `${r.times.length} > ${maxPoints}`);
        assert.ok(r.times.length >= 1);
        assert.ok(r.times[r.times.length - 1] <= d);
        // The step is minimal: the next smaller nice step would give too many points.
        const smaller = Math.abs(mant - 5) < 1e-9 ? (s.step * 2) / 5 : s.step / 2;
        assert.ok(Math.floor(d / smaller + 1e-9) + 1 > maxPoints, `step ${s.step} is not minimal`);
      }),
    );
  });

  it('records gauges and per-second rates at 0, step, 2·step, … as the engine advances', () => {
    // A toy run over 10 s with step 1 (maxPoints 11): a counter of completions
    // (one every 0.25 s) and a gauge of queue length (up at 2.5, down at 7).
    const s = new SeriesSampler(10, { maxPoints: 11 });
    assert.equal(s.step, 1);
    let completed = 0;
    let queue = 0;
    const busy = new TimeWeighted(0, 0);
    s.gauge('queue', () => queue);
    s.rate('throughput', () => completed);
    s.rate('busy', (t) => busy.integral(t));
    const events: Array<[number, () => void]> = [];
    for (let k = 1; k <= 40; k++) events.push([k * 0.25, () => completed++]);
    events.push([2.5, () => (queue = 3)], [7, () => (queue = 0)]);
    events.push([4, () => busy.update(4, 1)], [6, () => busy.update(6, 0)]);
    events.sort((a, b) => a[0] - b[0]);
    for (const [t, apply] of events) {
      s.advanceTo(t); // the engine's hook: before applying the events at t
      apply();
    }
    s.finish();
    const r = s.result();
    assert.deepEqual(r.times, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const byName = Object.fromEntries(r.series.map((x) => [x.name, x]));
    // Points hold the state just before the events at that instant: the queue is still 3 at t = 7.
    assert.deepEqual(byName.queue.values, [0, 0, 0, 3, 3, 3, 3, 3, 0, 0, 0]);
    assert.equal(byName.queue.kind, 'gauge');
    // Completions in [k−1, k): the one at exactly k is applied after point k is taken.
    assert.deepEqual(byName.throughput.values, [0, 3, 4, 4, 4, 4, 4, 4, 4, 4, 4]);
    assert.deepEqual(byName.busy.values, [0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0]);
    assert.equal(s.nextTime, Infinity);
  });

  it('clamps the last point to the duration and never exceeds the cap', () => {
    const s = new SeriesSampler(60);
    assert.equal(s.step, 0.1);
    s.gauge('g', (t) => t);
    s.advanceTo(1e9);
    const r = s.result();
    assert.equal(r.times.length, 601);
    assert.equal(r.times[600], 60);
    assert.equal(r.series[0].values[600], 60);
    const explicit = new SeriesSampler(100, { step: 5 });
    assert.equal(explicit.step, 5);
    const tooFine = new SeriesSampler(100, { step: 0.001 });
    assert.equal(tooFine.step, 0.2);
  });

  it('a cancelled run reports the points it reached; series cannot be added late', () => {
    const s = new SeriesSampler(100);
    s.gauge('a', () => 1);
    s.advanceTo(10.5);
    assert.equal(s.step, 0.2);
    assert.equal(s.recorded, 53); // points 0, 0.2, …, 10.4
    assert.deepEqual(s.result().times.slice(-2), [10.2, 10.4]);
    assert.throws(() => s.gauge('b', () => 2));
    assert.throws(() => new SeriesSampler(-1), RangeError);
    assert.throws(() => new SeriesSampler(Infinity), RangeError);
    const dup = new SeriesSampler(10);
    dup.gauge('x', () => 0);
    assert.throws(() => dup.gauge('x', () => 0));
    const zero = new SeriesSampler(0);
    zero.gauge('z', () => 7);
    zero.finish();
    assert.deepEqual(zero.result().times, [0]);
  });
});

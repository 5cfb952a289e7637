/**
 * Speed of the simulation's primitives, on one core.
 *
 *   npx tsx server/bench/sim-core.bench.ts
 *
 * - mm1.*: the M/M/1 baseline loop (events/s), the yardstick for the engine.
 * - heap.hold.N: the classic "hold" model on the event heap with N pending
 *   events (pop the earliest, push it back later): events/s. Shows how the
 *   typed-array heap behaves when many events are pending.
 * - rng / samplers / histogram: draws or records per second.
 *
 * Each figure is the best of a few repetitions after a warm-up, so it
 * measures optimised code rather than the JIT's first tiers.
 */
import { makeSampler, type Distribution } from '../src/sim/distributions';
import { EventHeap } from '../src/sim/heap';
import { runMm1Baseline } from '../src/sim/mm1-baseline';
import { Rng } from '../src/sim/rng';
import { LatencyHistogram, Tally } from '../src/sim/stats';

const REPS = 3;

function best(run: () => number): number {
  let top = 0;
  for (let i = 0; i < REPS; i++) top = Math.max(top, run());
  return top;
}

function perSecond(ops: number, body: () => void): number {
  const t0 = performance.now();
  body();
  return ops / ((performance.now() - t0) / 1000);
}

function benchMm1(rho: number, events: number): number {
  runMm1Baseline(rho, 1, 200_000, 1); // warm-up
  return best(() => {
    const r = runMm1Baseline(rho, 1, events, 7);
    return r.events / r.seconds;
  });
}

function benchHold(pending: number, ops: number): number {
  const rng = new Rng(3);
  const inc = makeSampler({ kind: 'exp', mean: 1 }, rng);
  const heap = new EventHeap(pending);
  return best(() => {
    heap.clear();
    for (let i = 0; i < pending; i++) heap.push(inc.sample(), i);
    return perSecond(ops, () => {
      for (let i = 0; i < ops; i++) {
        const p = heap.pop();
        heap.push(heap.lastTime + inc.sample(), p);
      }
    });
  });
}

let sink = 0; // keeps results alive so the loops are not optimised away

function benchRng(n: number): number {
  const rng = new Rng(5);
  return best(() =>
    perSecond(n, () => {
      let acc = 0;
      for (let i = 0; i < n; i++) acc += rng.next();
      sink += acc;
    }),
  );
}

function benchSampler(d: Distribution, n: number): number {
  const s = makeSampler(d, new Rng(9));
  return best(() =>
    perSecond(n, () => {
      let acc = 0;
      for (let i = 0; i < n; i++) acc += s.sample();
      sink += acc;
    }),
  );
}

function benchHistogram(n: number): number {
  const s = makeSampler({ kind: 'lognormal', mean: 0.05, sd: 0.1 }, new Rng(11));
  const xs = new Float64Array(n);
  for (let i = 0; i < n; i++) xs[i] = s.sample();
  const h = new LatencyHistogram();
  const t = new Tally();
  return best(() =>
    perSecond(n, () => {
      for (let i = 0; i < n; i++) {
        h.record(xs[i]);
        t.add(xs[i]);
      }
    }),
  );
}

/** Runs every benchmark, prints a table and returns the figures (operations per second). */
export function benchSimCore(): Record<string, number> {
  const results: Record<string, number> = {};
  results['mm1.rho0.5.eventsPerSec'] = benchMm1(0.5, 10_000_000);
  results['mm1.rho0.9.eventsPerSec'] = benchMm1(0.9, 10_000_000);
  results['heap.hold.1k.eventsPerSec'] = benchHold(1_000, 5_000_000);
  results['heap.hold.100k.eventsPerSec'] = benchHold(100_000, 5_000_000);
  results['heap.hold.1M.eventsPerSec'] = benchHold(1_000_000, 5_000_000);
  results['rng.next.perSec'] = benchRng(20_000_000);
  results['sampler.exp.perSec'] = benchSampler({ kind: 'exp', mean: 1 }, 10_000_000);
  results['sampler.normal.perSec'] = benchSampler({ kind: 'normal', mean: 1, sd: 0.3 }, 10_000_000);
  results['sampler.lognormal.perSec'] = benchSampler({ kind: 'lognormal', mean: 1, sd: 2 }, 10_000_000);
  results['histogram+tally.record.perSec'] = benchHistogram(2_000_000);

  const width = Math.max(...Object.keys(results).map((k) => k.length));
  for (const [k, v] of Object.entries(results)) {
    console.log(`${k.padEnd(width)}  ${(v / 1e6).toFixed(2).padStart(8)} M/s`);
  }
  if (sink === 42) console.log(''); // practically never; defeats dead-code elimination
  return results;
}

if (require.main === module) benchSimCore();

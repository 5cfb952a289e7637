// Replications and their statistics: Student t half-widths (confidence.ts),
// the MSER-5 automatic warm-up (mser.ts), and the replicated run in worker
// threads (replications.ts) — the same numbers as the runs on this thread.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../src/analyze';
import { meanCi95, studentT975 } from '../../src/sim/confidence';
import { autoWarmup, mser5 } from '../../src/sim/mser';
import { replicationWorkerFile, runReplications, toReplicatedJson, withSeed } from '../../src/sim/replications';
import { buildSimModel, Simulation, toJson } from '../../src/sim';
import { Rng } from '../../src/sim/rng';

describe('confidence', () => {
  it('Student t quantiles match the tables, and the series beyond 30 degrees of freedom', () => {
    assert.equal(studentT975(1), 12.706);
    assert.equal(studentT975(9), 2.262);
    // t(0.975, 40) = 2.0211, t(0.975, 120) = 1.9799 (standard tables).
    assert.ok(Math.abs(studentT975(40) - 2.0211) < 2e-4, String(studentT975(40)));
    assert.ok(Math.abs(studentT975(120) - 1.9799) < 2e-4, String(studentT975(120)));
  });

  it('mean and half-width of a sample; no interval from one value', () => {
    const { mean, ci95 } = meanCi95([1, 2, 3, 4]);
    assert.equal(mean, 2.5);
    // sd = 1.29099, t(3) = 3.182: 3.182 × 1.29099 / 2
    assert.ok(Math.abs(ci95 - (3.182 * Math.sqrt(5 / 3)) / 2) < 1e-12);
    assert.ok(Number.isNaN(meanCi95([7]).ci95));
  });

  it('covers the true mean of normal samples about 95 % of the time', () => {
    const rng = new Rng(11);
    const normal = () => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
    let covered = 0;
    const trials = 2000;
    for (let k = 0; k < trials; k++) {
      const { mean, ci95 } = meanCi95(Array.from({ length: 5 }, normal));
      if (Math.abs(mean) <= ci95) covered++;
    }
    // Binomial(2000, 0.95): sd 0.49 %; ±2 %.
    assert.ok(Math.abs(covered / trials - 0.95) < 0.02, String(covered / trials));
  });
});

describe('MSER-5', () => {
  it('cuts an initial transient and keeps a stationary series whole', () => {
    const rng = new Rng(5);
    const noise = () => rng.next() - 0.5;
    const transient = Array.from({ length: 1000 }, (_, i) => (i < 200 ? 20 - i / 10 : 0) + noise());
    const d = mser5(transient);
    assert.ok(d >= 150 && d <= 250, String(d));
    assert.equal(d % 5, 0);
    const flat = Array.from({ length: 1000 }, noise);
    assert.ok(mser5(flat) <= 100, String(mser5(flat)));
    assert.equal(mser5([1, 2, 3]), 0, 'too short');
  });

  it('turns the truncation into a time, skipping steps without completions', () => {
    const times = Array.from({ length: 101 }, (_, i) => i);
    const values = times.map((t) => (t === 0 ? NaN : t <= 30 ? 100 - 3 * t : 10));
    const w = autoWarmup({ times, values });
    assert.ok(w >= 25 && w <= 35, String(w));
  });
});

describe('replications', () => {
  const system = analyze(`system r {
    client c { rate: 300/s }
    service api { cores: 2  service_time: 5ms }
    c -> api
  }`).systems[0];
  const model = buildSimModel(system, { duration: 5, seed: 1 });
  const seeds = [1, 2, 3].map((s) => withSeed(model, s));

  it('worker threads give the same results as runs on this thread', async () => {
    assert.ok(replicationWorkerFile(), 'replication-worker.js is compiled next to replications.js');
    const threaded = await runReplications(seeds, { threads: 2 });
    const here = seeds.map((m) => new Simulation(m).run());
    assert.deepEqual(threaded.map((r) => JSON.stringify(toJson(r))), here.map((r) => JSON.stringify(toJson(r))));
  });

  it('reports means with Student t half-widths beside the headline figures', async () => {
    const results = await runReplications(seeds, { workerFile: null });
    const json = toReplicatedJson(results, 'given');
    const xs = results.map((r) => r.latency.mean * 1000);
    const { mean, ci95 } = meanCi95(xs);
    assert.equal(json.replications, 3);
    assert.ok(Math.abs(json.latency_ms.mean! - mean) < 1e-4 * mean);
    assert.ok(Math.abs(json.latency_ms.mean_ci95! - ci95) < 1e-4 * ci95);
    assert.ok(json.components.api.utilization_ci95! > 0);
    // M/M/2 at ρ = 0.75: utilization 0.75, within the interval (allowing rounding).
    assert.ok(Math.abs(json.components.api.utilization! - 0.75) < json.components.api.utilization_ci95! + 0.01);
    assert.equal(toReplicatedJson(results.slice(0, 1), 'given').latency_ms.mean_ci95, null);
  });
});

/**
 * The estimate against the real simulator (docs/estimate.md, "How exact"):
 * for single-station designs, each run k times with seeds 1..k, the mean of
 * the k run means with a 95 % confidence interval from Student's t with k − 1
 * degrees of freedom (the runs are independent; within a run successive
 * responses are correlated, so the run mean is the sample). Where the
 * estimate says `exact: true` it must lie inside that interval, widened by
 * 0.5 % for the bias a finite warm-up leaves; where it says `exact: false` it
 * must lie within the stated tolerance of the simulated mean (the
 * approximation's documented error), and the test prints both.
 *
 * Runs are small (tens of thousands of requests each) so the file stays
 * well under a minute on a slow core; the seeds are pinned, so the outcome is
 * fixed.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyze } from '../../src/analyze';
import { estimateSystem, type SystemEstimate } from '../../src/estimate/propagate';
import type { SystemModel } from '../../src/model/types';
import { simulateSystem, type SimResult } from '../../src/sim';

/** Two-sided 95 % quantiles of Student's t, by degrees of freedom 1..10. */
const T95 = [NaN, 12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228];

function system(text: string): SystemModel {
  const a = analyze(text);
  const errors = a.diagnostics.filter((d) => d.severity === 'error' && d.rule !== 'overload');
  assert.deepEqual(errors.map((d) => d.message), [], 'test design has errors');
  return a.systems[0];
}

interface Interval { mean: number; halfWidth: number; runs: number[] }

function interval(xs: number[]): Interval {
  const k = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / k;
  const sd = Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (k - 1));
  return { mean, halfWidth: (T95[k - 1] * sd) / Math.sqrt(k), runs: xs };
}

function runs(sys: SystemModel, k: number, duration: number, measure: (r: SimResult) => number): Interval {
  const xs: number[] = [];
  for (let seed = 1; seed <= k; seed++) xs.push(measure(simulateSystem(sys, { seed, duration, warmup: 5 })));
  return interval(xs);
}

/**
 * `exact`: the estimate must be inside the 95 % interval (+0.5 % warm-up bias);
 * otherwise within `tolerance` (relative) of the simulated mean.
 */
function agrees(what: string, estimate: number, exact: boolean, sim: Interval, tolerance: number): void {
  const err = (estimate - sim.mean) / sim.mean;
  const msg = `${what}: estimate ${estimate.toPrecision(5)} (${exact ? 'exact' : 'approximate'}) vs simulated ${sim.mean.toPrecision(5)} ± ${sim.halfWidth.toPrecision(3)} ` +
    `(${sim.runs.length} runs; ${(err * 100).toFixed(1)} %)`;
  if (exact) assert.ok(Math.abs(estimate - sim.mean) <= sim.halfWidth + 0.005 * Math.abs(estimate), msg);
  else assert.ok(Math.abs(err) <= tolerance, msg);
  // Visible in the test output: how close each one is.
  console.log(msg);
}

function client(e: SystemEstimate, name = 'c') {
  return e.clients.find((c) => c.name === name)!;
}

const latencyMs = (r: SimResult) => r.latency.mean * 1000;

describe('estimate vs simulation, one station', () => {
  test('M/D/1 at ρ = 0.8: Pollaczek–Khinchine, exact (3 ms, not M/M/1\'s 5 ms)', () => {
    const sys = system(`system s {
      client c { rate: 800/s  read_ratio: 100% }
      service api { service_time: const(1ms) }
      c -> api
    }`);
    const e = client(estimateSystem(sys));
    assert.equal(e.exact, true);
    agrees('M/D/1 mean response (ms)', e.meanResponse * 1000, e.exact, runs(sys, 6, 60, latencyMs), 0);
  });

  test('lognormal service, cs² = 4, at ρ = 0.6: Pollaczek–Khinchine, exact', () => {
    const sys = system(`system s {
      client c { rate: 600/s  read_ratio: 100% }
      service api { service_time: lognormal(1ms, 2ms) }
      c -> api
    }`);
    const e = client(estimateSystem(sys));
    assert.equal(e.exact, true);
    agrees('M/G/1 lognormal mean response (ms)', e.meanResponse * 1000, e.exact, runs(sys, 8, 60, latencyMs), 0);
  });

  test('M/M/2/6 offered 120 %: a stable lossy station, blocking and response exact', () => {
    const sys = system(`system s {
      client c { rate: 2400/s  read_ratio: 100% }
      service api { cores: 2  service_time: 1ms  max_queue: 4 }
      c -> api
    }`);
    const est = estimateSystem(sys);
    const api = est.byName.get('api')!;
    assert.equal(api.exact, true);
    assert.ok(api.blocking > 0 && api.blocking < 1);
    const blocking = runs(sys, 6, 20, (r) => {
      const c = r.components.find((x) => x.name === 'api')!;
      return c.dropped / c.arrivals;
    });
    agrees('M/M/2/6 blocking', api.blocking, true, blocking, 0);
    agrees('M/M/2/6 mean response of admitted requests (ms)', client(est).meanResponse * 1000, client(est).exact, runs(sys, 6, 20, latencyMs), 0);
  });

  test('least connections over 4 single-core instances at ρ = 0.8: pooled-queue approximation within 15 %', () => {
    const sys = system(`system s {
      client c { rate: 3200/s  read_ratio: 100% }
      loadbalancer lb { algorithm: least_connections  cores: 64  service_time: const(1us) }
      service api { instances: 4  service_time: 1ms }
      c -> lb -> api
    }`);
    const e = client(estimateSystem(sys));
    assert.equal(e.exact, false);
    agrees('least connections mean response (ms)', e.meanResponse * 1000, e.exact, runs(sys, 4, 20, latencyMs), 0.15);
  });

  test('power of two choices over 8 instances at ρ = 0.8: mean-field approximation within 12 %', () => {
    const sys = system(`system s {
      client c { rate: 6400/s  read_ratio: 100% }
      loadbalancer lb { algorithm: power_of_two  cores: 64  service_time: const(1us) }
      service api { instances: 8  service_time: 1ms }
      c -> lb -> api
    }`);
    const e = client(estimateSystem(sys));
    agrees('power of two mean response (ms)', e.meanResponse * 1000, e.exact, runs(sys, 4, 15, latencyMs), 0.12);
  });

  test('round robin over 4 instances at ρ = 0.8: Erlang-4 arrivals, Allen–Cunneen within 10 %', () => {
    const sys = system(`system s {
      client c { rate: 3200/s  read_ratio: 100% }
      loadbalancer lb { algorithm: round_robin  cores: 64  service_time: const(1us) }
      service api { instances: 4  service_time: 1ms }
      c -> lb -> api
    }`);
    const e = client(estimateSystem(sys));
    agrees('round robin mean response (ms)', e.meanResponse * 1000, e.exact, runs(sys, 4, 20, latencyMs), 0.10);
  });
});

describe('estimate vs simulation, replication', () => {
  const db = (replication: string, extra = '') => `system s {
    client c { rate: 500/s  read_ratio: 0% }
    database db { cores: 1  service_time: 1ms  ${extra}
      replication { ${replication} }
    }
    c -> db
  }`;

  test('sync to two replicas: primary + Flatto–Hahn maximum, exact', () => {
    const sys = system(db('mode: primary_replica  replicas: 2  sync: sync  read_from: primary'));
    const e = client(estimateSystem(sys));
    assert.equal(e.exact, true);
    // Primary M/M/1 at ρ = 0.5: 2 ms; the slower of two replicas: (12 − 0.5)/8 × 2 ms = 2.875 ms.
    assert.ok(Math.abs(e.meanResponse - 0.004875) < 1e-12, String(e.meanResponse));
    agrees('sync replication write (ms)', e.meanResponse * 1000, e.exact, runs(sys, 6, 40, latencyMs), 0);
  });

  test('semi-sync to two replicas: primary + the first replica, within 10 %', () => {
    const sys = system(db('mode: primary_replica  replicas: 2  sync: semi_sync  read_from: primary'));
    const e = client(estimateSystem(sys));
    assert.equal(e.exact, false);
    agrees('semi-sync replication write (ms)', e.meanResponse * 1000, e.exact, runs(sys, 4, 40, latencyMs), 0.10);
  });

  test('leaderless W = 2 of N = 3: the second of three, within 10 %', () => {
    const sys = system(`system s {
      client c { rate: 400/s  read_ratio: 0% }
      database db { cores: 1  service_time: 1ms  consistency: eventual
        replication { mode: leaderless  replicas: 3 }
        quorum { w: 2  r: 1 }
      }
      c -> db
    }`);
    const e = client(estimateSystem(sys));
    assert.equal(e.exact, false);
    agrees('quorum write (ms)', e.meanResponse * 1000, e.exact, runs(sys, 4, 40, latencyMs), 0.10);
  });
});

describe('estimate vs simulation, one meaning', () => {
  test('a gateway conserves traffic: a fixed 100/s route, the other 900/s', () => {
    const sys = system(`system s {
      client c { rate: 1k/s  read_ratio: 100% }
      gateway gw { cores: 8 }
      service a { instances: 2 }
      service b { instances: 4 }
      c -> gw
      gw -> a (rate: 100/s)
      gw -> b
    }`);
    const est = estimateSystem(sys);
    assert.equal(est.byName.get('a')!.rateRps, 100);
    assert.equal(est.byName.get('b')!.rateRps, 900);
    for (const name of ['a', 'b']) {
      const rate = runs(sys, 4, 20, (r) => r.components.find((x) => x.name === name)!.arrivalRate);
      agrees(`arrivals at ${name} (/s)`, est.byName.get(name)!.rateRps, true, rate, 0);
    }
  });

  test('an autoscaled service runs at its steady state in both: utilization within 15 %', () => {
    // 300/s × 10 ms = 3 cores at 50 % target: 6 instances at 50 %. The simulated autoscaler may add
    // one when a busy interval crosses the target (43 % on 7), hence the tolerance.
    const sys = system(`system s {
      client c { rate: 300/s  read_ratio: 100% }
      loadbalancer lb { cores: 8 }
      service api { service_time: 10ms  autoscale { min: 1  max: 20  target_cpu: 50% } }
      c -> lb -> api
    }`);
    const api = estimateSystem(sys).byName.get('api')!;
    assert.equal(api.instancesSteady, 6);
    const util = runs(sys, 4, 60, (r) => r.components.find((x) => x.name === 'api')!.meanUtilization);
    agrees('autoscaled utilization', api.utilization!, false, util, 0.15);
  });
});

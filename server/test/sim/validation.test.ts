/**
 * The engine against queueing theory (docs/simulation.md, "Validation") and against the analytic estimate on the samples.
 *
 * How the tolerances are set. A mean from one simulation run is noisy, and
 * successive response times are correlated, so sd/√n understates its error.
 * Each closed-form check therefore runs k independent replications (seeds
 * 1..k, each with its own warm-up) and treats the k estimates as independent
 * samples: the confidence interval is mean ± 4·s/√k (s: their sample sd; 4
 * standard errors: a correct engine fails with probability ≈ 10^-4 per check,
 * and the seeds are pinned so the outcome is fixed), widened by 0.5 % of the
 * exact value for the bias a finite warm-up leaves. On top, every check has a
 * fixed relative ceiling (stated per test) computed from the run length with
 * the asymptotic variance of the M/M/1 mean response, 2(1 + ρ)/((1 − ρ)² n)
 * for n customers, so that an interval made wide by noisy replications still
 * cannot hide a modelling error. Each assertion message prints the estimate,
 * the exact value and the interval.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { analyze } from '../../src/analyze';
import { CORE_RULES } from '../helpers/inline';
import { repoRoot } from '../helpers/repo';
import { estimateSystem } from '../../src/estimate/propagate';
import { mm1, mmc } from '../../src/estimate/queueing';
import type { SystemModel } from '../../src/model/types';
import { simulateSystem, type SimOptions, type SimResult } from '../../src/sim';

function system(text: string): SystemModel {
  const a = analyze(text);
  // Language errors only: some designs here are overloaded on purpose, which the capacity rules report.
  const errors = a.diagnostics.filter((d) => d.severity === 'error' && CORE_RULES.includes(d.rule));
  assert.deepEqual(errors.map((d) => d.message), [], 'test design has errors');
  return a.systems[0];
}

function run(text: string, options: SimOptions): SimResult {
  return simulateSystem(system(text), options);
}

/** Mean, sample sd and standard error of independent estimates. */
function stats(xs: number[]): { mean: number; sd: number; se: number } {
  const k = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / k;
  const sd = Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (k - 1));
  return { mean, sd, se: sd / Math.sqrt(k) };
}

/**
 * Asserts that independent replications estimate `exact`: within 4 standard
 * errors (+0.5 % warm-up bias), and within `ceiling` relative error.
 */
function assertEstimates(what: string, xs: number[], exact: number, ceiling: number): void {
  const { mean, se } = stats(xs);
  const halfWidth = 4 * se + 0.005 * Math.abs(exact);
  const err = mean - exact;
  const msg = `${what}: ${mean.toPrecision(5)} vs exact ${exact.toPrecision(5)} (${((err / exact) * 100).toFixed(2)} %), ` +
    `interval ±${halfWidth.toPrecision(3)} (${k(xs)} runs, se ${se.toPrecision(3)}), ceiling ±${(ceiling * 100).toFixed(1)} %`;
  assert.ok(Math.abs(err) <= halfWidth, msg);
  assert.ok(Math.abs(err) <= ceiling * Math.abs(exact), msg);
}

const k = (xs: unknown[]) => xs.length;

/** Relative sd of an M/M/1 mean response over n customers: √(2(1 + ρ)/((1 − ρ)² n)). */
function mm1RelSd(rho: number, n: number): number {
  return Math.sqrt((2 * (1 + rho)) / ((1 - rho) ** 2 * n));
}

const REPS = 6;
const seeds = Array.from({ length: REPS }, (_, i) => i + 1);

describe('simulation vs closed forms', () => {
  it('M/M/1: mean response 1/(μ − λ), utilization ρ', () => {
    // λ = 700/s, μ = 1000/s (ρ = 0.7): W = 1/300 s. 210 s per run: ~147k customers, relative sd of one
    // run's mean √(2·1.7/(0.09·147k)) ≈ 1.6 %, of the 6-run mean ≈ 0.65 %: ceiling 4 % (≈ 6 sd).
    const design = `system mm1 {
      client c { rate: 700/s  read_ratio: 100% }
      service s { service_time: 1ms }
      c -> s
    }`;
    const results = seeds.map((seed) => run(design, { duration: 215, warmup: 5, seed }));
    const exact = mm1(700, 1000);
    assert.ok(mm1RelSd(0.7, 147_000) / Math.sqrt(REPS) < 0.04 / 5);
    assertEstimates('W (client latency)', results.map((r) => r.latency.mean), exact.meanResponse, 0.04);
    assertEstimates('W (station)', results.map((r) => r.stations[0].meanResponse), exact.meanResponse, 0.04);
    // Utilization: the busy fraction over 210 s has relative sd ≈ √(2/(λT)) ≈ 0.4 %: ceiling 2 %.
    assertEstimates('ρ', results.map((r) => r.components.find((c) => c.name === 's')!.utilization), 0.7, 0.02);
    for (const r of results) {
      assert.equal(r.requests.failed + r.requests.dropped, 0);
      assert.equal(r.stopped, 'duration');
    }
  });

  it('M/M/c: mean wait from Erlang C', () => {
    // c = 4 cores, μ = 100/s each, λ = 320/s (ρ = 0.8): Wq = C(4, 3.2)/(cμ − λ) ≈ 7.5 ms, W ≈ 17.5 ms.
    // 300 s per run (96k customers). The wait is the noisy part: its relative sd per run is about that of an
    // M/M/1 at the same ρ over the same customers scaled by 1/C, √(2·1.8/(0.04·96k))/0.6 ≈ 5 %, so ≈ 2 % over
    // 6 runs: ceiling 10 % on Wq, 5 % on W.
    const design = `system mmc {
      client c { rate: 320/s  read_ratio: 100% }
      service s { cores: 4  service_time: 10ms }
      c -> s
    }`;
    const results = seeds.map((seed) => run(design, { duration: 305, warmup: 5, seed }));
    const exact = mmc(320, 100, 4);
    assertEstimates('Wq', results.map((r) => r.stations[0].meanWait), exact.meanWait, 0.1);
    assertEstimates('W', results.map((r) => r.latency.mean), exact.meanResponse, 0.05);
    assertEstimates('ρ', results.map((r) => r.stations[0].utilization), exact.utilization, 0.02);
  });

  it('Jackson tandem: the response is the sum of the stations\' M/M/1 responses', () => {
    // λ = 500/s through μ = 1000, 800, 1250/s: W = 1/500 + 1/300 + 1/750 ≈ 6.67 ms. 160 s per run (80k
    // customers); the worst station (ρ = 0.625) has a relative sd per run of √(2·1.625/(0.14·80k)) ≈ 1.7 %:
    // ceiling 4 % per station and on the sum.
    const design = `system tandem {
      client c { rate: 500/s  read_ratio: 100% }
      service a { service_time: 1ms }
      service b { service_time: 1.25ms }
      service d { service_time: 0.8ms }
      c -> a -> b -> d
    }`;
    const results = seeds.map((seed) => run(design, { duration: 165, warmup: 5, seed }));
    const mus = { a: 1000, b: 800, d: 1250 };
    let sum = 0;
    for (const [name, mu] of Object.entries(mus)) {
      const w = mm1(500, mu).meanResponse;
      sum += w;
      assertEstimates(`W(${name})`, results.map((r) => r.components.find((c) => c.name === name)!.serviceLatency), w, 0.04);
    }
    assertEstimates('W (end to end)', results.map((r) => r.latency.mean), sum, 0.04);
    // What a caller sees at `a` includes b and d (non-blocking servers, sequential calls).
    assertEstimates('latency at a', results.map((r) => r.components.find((c) => c.name === 'a')!.latency.mean), sum, 0.04);
  });

  it('random balancing over two instances: two M/M/1 queues at λ/2', () => {
    // λ = 1600/s split at random over 2 instances with μ = 1000/s: each an M/M/1 at 800/s (ρ = 0.8),
    // W = 5 ms. 120 s per run: 96k customers per instance, relative sd √(2·1.8/(0.04·96k)) ≈ 3.1 % per
    // instance and run, ≈ 0.9 % over 12 estimates: ceiling 5 %. Arrival split: each instance's share of
    // ~192k requests has sd √(192k·¼)/96k ≈ 0.23 %: ceiling 1.5 %.
    const design = `system lb {
      client c { rate: 1600/s  read_ratio: 100% }
      loadbalancer lb { algorithm: random }
      service s { instances: 2  service_time: 1ms }
      c -> lb -> s
    }`;
    const results = seeds.map((seed) => run(design, { duration: 125, warmup: 5, seed }));
    const stations = results.flatMap((r) => r.stations.filter((st) => st.component === 's'));
    assert.equal(stations.length, 2 * REPS);
    assertEstimates('W per instance', stations.map((st) => st.meanResponse), mm1(800, 1000).meanResponse, 0.05);
    assertEstimates('arrival rate per instance', stations.map((st) => st.arrivalRate), 800, 0.015);
  });

  it('a cache with hit ratio h gives its backend (1 − h)λ and reports h', () => {
    // 2000 reads/s for 60 s through a cache with h = 75 %: 120k reads; the miss fraction is binomial
    // with sd √(0.25·0.75/120k) ≈ 0.0013 (0.5 % of 0.25): ceiling 2.5 %. The backend's rate has the
    // Poisson noise of ~30k arrivals on top, √(1/30k) ≈ 0.6 %: ceiling 3 %.
    const design = `system cached {
      client c { rate: 2000/s  read_ratio: 100% }
      cache k { hit_ratio: 75%  service_time: 100us }
      service s { cores: 2  service_time: 1ms }
      c -> k -> s
    }`;
    const results = seeds.map((seed) => run(design, { duration: 60, seed }));
    const missShare = results.map((r) => {
      const cache = r.components.find((c) => c.name === 'k')!;
      const backend = r.components.find((c) => c.name === 's')!;
      return backend.arrivals / cache.arrivals;
    });
    assertEstimates('backend share (1 − h)', missShare, 0.25, 0.025);
    assertEstimates('backend rate', results.map((r) => r.components.find((c) => c.name === 's')!.arrivalRate), 500, 0.03);
    assertEstimates('observed hit ratio', results.map((r) => r.components.find((c) => c.name === 'k')!.hitRatio!), 0.75, 0.01);
  });

  it("Little's law L = λW on every station of a mixed design", () => {
    // L (time-average in station), λ (arrivals per second) and W (mean time in station) are measured
    // independently; on one sample path they differ only by the requests present at the window's ends,
    // a few out of tens of thousands: 2 % on every station with over 5,000 arrivals.
    const design = `system mixed {
      cap: CP
      client c { rate: 1500/s  read_ratio: 80% }
      loadbalancer lb { algorithm: least_connections  instances: 2 }
      service api { instances: 3  cores: 2  service_time: 2ms }
      cache k { hit_ratio: 60%  service_time: 200us }
      database db { cores: 4  service_time: 1ms  replication { mode: primary_replica  replicas: 2  sync: semi_sync  read_from: replicas } }
      service audit { cores: 4  service_time: 1ms }
      c -> lb -> api -> k -> db
      api -> db (on: write)
      api -> audit (async)
    }`;
    const r = run(design, { duration: 60, warmup: 5, seed: 9 });
    let checked = 0;
    for (const st of r.stations) {
      if (st.arrivalRate * r.measured < 5000) continue;
      const L = st.meanInSystem;
      const lw = st.arrivalRate * st.meanResponse;
      assert.ok(Math.abs(L - lw) <= 0.02 * L, `${st.label}: L = ${L.toPrecision(4)}, λW = ${lw.toPrecision(4)}`);
      checked++;
    }
    assert.ok(checked >= 8, `checked ${checked} stations`);
  });

  it('the M/M/1 blocking probability with max_queue (M/M/1/K)', () => {
    // ρ = 0.9, one core, max_queue 4: K = 5 in the station, P(block) = (1 − ρ)ρ^K/(1 − ρ^(K+1)) ≈ 12.6 %.
    // 100 s per run (~90k arrivals); blocking events are correlated in bursts, so the replication interval
    // decides; ceiling 6 % relative.
    const design = `system mm1k {
      client c { rate: 900/s  read_ratio: 100% }
      service s { service_time: 1ms  max_queue: 4 }
      c -> s
    }`;
    const rho = 0.9;
    const K = 5;
    const exact = ((1 - rho) * rho ** K) / (1 - rho ** (K + 1));
    const results = seeds.map((seed) => run(design, { duration: 100, seed }));
    assertEstimates('P(drop)', results.map((r) => r.requests.dropped / (r.requests.completed + r.requests.dropped)), exact, 0.06);
    for (const r of results) assert.ok(r.stations[0].maxQueue <= 4);
  });

  it('timeouts fail the requests whose sojourn exceeds the timeout: P = e^−(μ−λ)τ in M/M/1', () => {
    // λ = 500/s, μ = 1000/s: the sojourn is exponential with rate 500/s, so with τ = 4 ms a fraction
    // e^−2 ≈ 13.5 % fails. Timed-out work still runs (the server does not know), so the queue is the same
    // M/M/1. ~60k requests per run: binomial sd ≈ 0.14 % absolute, correlation inflates it a few times;
    // ceiling 6 % relative.
    const design = `system timeouts {
      client c { rate: 500/s  read_ratio: 100% }
      service s { service_time: 1ms  timeout: 4ms }
      c -> s
    }`;
    const results = seeds.map((seed) => run(design, { duration: 120, seed }));
    const exact = Math.exp(-2);
    assertEstimates('P(timeout)', results.map((r) => r.requests.failed / (r.requests.completed + r.requests.failed)), exact, 0.06);
    for (const r of results) assert.equal(r.components.find((c) => c.name === 's')!.timeouts, r.requests.failed);
  });
});

describe('simulation vs the analytic estimate on the samples', () => {
  /**
   * For every component the estimate gives capacity figures for: the arrival
   * rate and the mean busy cores (the estimate's `coresNeeded`, which includes
   * replication work) agree, and so does the utilization of components
   * without autoscaling (the estimate plans autoscaled ones at their max;
   * the simulation starts at `instances` and scales with the load).
   * Tolerance: the Poisson noise of the run, 4·√(r/T) on a rate r over T
   * seconds and 4·√(2/(rT)) relative on busy cores (count and exponential
   * service-time noise), plus 1.5 % relative for the thinning draws.
   */
  function compare(file: string, duration: number): void {
    const text = readFileSync(join(repoRoot, 'samples', file), 'utf8');
    const sys = analyze(text).systems[0];
    const est = estimateSystem(sys);
    const r = simulateSystem(sys, { duration, warmup: 2, seed: 5 });
    const T = r.measured;
    let compared = 0;
    for (const c of r.components) {
      const e = est.byName.get(c.name)!;
      if (!e.hasCapacity) continue;
      const rate = e.rateRps;
      const rateTol = 4 * Math.sqrt(rate / T) + 0.015 * rate;
      assert.ok(Math.abs(c.arrivalRate - rate) <= rateTol, `${file} ${c.name}: rate ${c.arrivalRate.toFixed(1)} vs ${rate.toFixed(1)} ±${rateTol.toFixed(1)}`);
      const cores = e.coresNeeded!;
      const rel = (x: number) => 4 * Math.sqrt(2 / Math.max(1, x * T)) + 0.015;
      const coresTol = rel(rate) * cores + 0.002;
      assert.ok(Math.abs(c.busyCores - cores) <= coresTol, `${file} ${c.name}: busy cores ${c.busyCores.toFixed(3)} vs ${cores.toFixed(3)} ±${coresTol.toFixed(3)}`);
      const autoscaled = sys.components.get(c.name)!.blocks.has('autoscale');
      if (!autoscaled) {
        const u = e.utilization!;
        const uTol = rel(rate) * u + 0.002;
        assert.ok(Math.abs(c.utilization - u) <= uTol, `${file} ${c.name}: utilization ${c.utilization.toFixed(4)} vs ${u.toFixed(4)} ±${uTol.toFixed(4)}`);
      }
      compared++;
    }
    assert.ok(compared >= 6, `${file}: compared ${compared} components`);
  }

  it('url-shortener: balancer, cache, leaderless sharded store, stream consumer, fixed-rate edges', () => {
    compare('url-shortener.sysdesign', 12);
  });

  it('online-shop: DNS, CDN, gateway, cache, replicated databases, a stream with three groups', () => {
    compare('online-shop.sysdesign', 40);
  });
});

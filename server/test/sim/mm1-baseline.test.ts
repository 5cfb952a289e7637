import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runMm1Baseline } from '../../src/sim/mm1-baseline';

/**
 * M/M/1 mean response time against W = 1 / (μ − λ).
 *
 * Tolerance rationale. Successive response times are strongly correlated,
 * so the error of the run's mean is much larger than sd/√n. For M/M/1 the
 * relative variance of the mean of n consecutive response times is about
 * 2(1 + ρ) / ((1 − ρ)² n) (measured with this code over 60 seeds each at
 * ρ = 0.3, 0.5, 0.8 and 0.9; it matched within the sampling error of the
 * spread). The empty start biases the mean down by O(1/((1 − ρ)² n)), under
 * 0.1 % here.
 *
 * - ρ = 0.5, 2M events (1M customers): relative sd ≈ √(12/1e6) ≈ 0.35 %;
 *   the required ±3 % is about 8.7 sd.
 * - ρ = 0.8, 4M events (2M customers): relative sd ≈ √(90/2e6) ≈ 0.67 %;
 *   the required ±5 % is about 7.4 sd.
 *
 * So a correct simulator essentially never fails, whatever the seed, while
 * a modelling slip (FIFO broken, wrong rate, a lost or double-counted
 * customer) moves the mean by far more. Each run is also checked against the
 * tighter 4.5-sd interval derived from its length (a statistical test
 * states its confidence interval); the seeds are pinned, so the outcome is
 * deterministic.
 */
function check(rho: number, events: number, tolerance: number, seeds: number[]): void {
  const mu = 1;
  const lambda = rho * mu;
  const exact = 1 / (mu - lambda);
  const customers = events / 2;
  const relSd = Math.sqrt((2 * (1 + rho)) / ((1 - rho) ** 2 * customers));
  for (const seed of seeds) {
    const r = runMm1Baseline(lambda, mu, events, seed);
    assert.equal(r.events, events);
    const err = r.meanResponse / exact - 1;
    const msg = `rho ${rho} seed ${seed}: W = ${r.meanResponse.toFixed(4)} vs ${exact.toFixed(4)} (${(err * 100).toFixed(2)} %, sd ${(relSd * 100).toFixed(2)} %)`;
    assert.ok(Math.abs(err) <= tolerance, msg);
    assert.ok(Math.abs(err) <= 4.5 * relSd, msg);
  }
}

describe('M/M/1 baseline', () => {
  it('mean response within ±3 % of 1/(μ − λ) at ρ = 0.5', () => {
    check(0.5, 2_000_000, 0.03, [1, 2, 3]);
  });

  it('mean response within ±5 % of 1/(μ − λ) at ρ = 0.8', () => {
    check(0.8, 4_000_000, 0.05, [1, 2, 3]);
  });

  it('is deterministic per seed and scales with the time unit', () => {
    const a = runMm1Baseline(0.7, 1, 100_000, 42);
    const b = runMm1Baseline(0.7, 1, 100_000, 42);
    assert.equal(a.meanResponse, b.meanResponse);
    assert.notEqual(runMm1Baseline(0.7, 1, 100_000, 43).meanResponse, a.meanResponse);
    // Rates ×1000 (per ms instead of per s): the same paths, 1000 × shorter.
    // Not bit-identical: the samplers multiply by 1/λ before the clock adds.
    const fast = runMm1Baseline(700, 1000, 100_000, 42);
    assert.ok(Math.abs(fast.meanResponse * 1000 - a.meanResponse) < 1e-9 * a.meanResponse);
    assert.ok(a.seconds >= 0);
  });

  it('stops at the event count, and rejects bad rates', () => {
    assert.equal(runMm1Baseline(0.5, 1, 1, 1).events, 1);
    assert.ok(Number.isNaN(runMm1Baseline(0.5, 1, 1, 1).meanResponse)); // one arrival, nobody left yet
    assert.equal(runMm1Baseline(0.5, 1, 0, 1).events, 0);
    assert.throws(() => runMm1Baseline(0, 1, 10, 1), RangeError);
    assert.throws(() => runMm1Baseline(1, -1, 10, 1), RangeError);
  });
});

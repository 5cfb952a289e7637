// The estimator's formulas against textbook closed forms (docs/estimate.md):
// Pollaczek–Khinchine, Allen–Cunneen, M/M/c/K, fork–join and order
// statistics, the supermarket model, and the autoscaler's steady state.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from '../helpers/property';
import { erlangB, mm1, mmc } from '../../src/estimate/queueing';
import { ggc, mg1 } from '../../src/estimate/general-service';
import { mmck } from '../../src/estimate/finite-queue';
import { exponentialOrderStatistic, forkJoinMax, forkJoinOrder, harmonic } from '../../src/estimate/fork-join';
import { balancedStation, balancingOf, supermarketWait } from '../../src/estimate/balancing';
import { steadyInstances, type Capacity } from '../../src/model/semantic';

function close(actual: number, expected: number, what: string, tolerance = 1e-9): void {
  assert.ok(Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected)), `${what}: expected ${expected}, got ${actual}`);
}

describe('one server, any service shape (Pollaczek–Khinchine)', () => {
  test('M/D/1 at ρ = 0.8: W = S + ρS/(2(1 − ρ)) = 3 S, not the M/M/1 5 S', () => {
    // λ = 800/s, S = 1 ms: Wq = 0.8 × 1 ms / 0.4 = 2 ms.
    const m = mg1(800, 1000, 0);
    close(m.meanResponse, 0.003, 'W');
    close(m.meanWait, 0.002, 'Wq');
    assert.equal(m.exact, true);
    close(mm1(800, 1000).meanResponse, 0.005, 'the M/M/1 figure the estimator used to give');
  });

  test('lognormal with cs² = 4 at ρ = 0.8: Wq = ρS(1 + 4)/(2(1 − ρ)) = 10 S', () => {
    const m = mg1(800, 1000, 4);
    close(m.meanResponse, 0.011, 'W');
    assert.equal(m.exact, true);
  });

  test('M/M/1 is the cs² = 1 case', () => {
    close(mg1(700, 1000, 1).meanResponse, mm1(700, 1000).meanResponse, 'W');
  });
});

describe('several servers (Allen–Cunneen)', () => {
  test('exponential service and Poisson arrivals give Erlang C exactly', () => {
    const m = ggc(1500, 200, 8, 1);
    close(m.meanResponse, mmc(1500, 200, 8).meanResponse, 'W');
    assert.equal(m.exact, true);
  });

  test('other shapes scale the Erlang C wait by (ca² + cs²)/2 and say they approximate', () => {
    const m = ggc(1500, 200, 8, 0);
    close(m.meanWait, mmc(1500, 200, 8).meanWait / 2, 'M/D/8 wait');
    assert.equal(m.exact, false);
    const rr = ggc(1500, 200, 8, 1, 0.25);
    close(rr.meanWait, mmc(1500, 200, 8).meanWait * 0.625, 'Erlang-4 arrivals');
    assert.equal(rr.exact, false);
  });

  test('an overloaded station is unstable with infinite times, whatever its shape', () => {
    const m = ggc(2000, 200, 8, 0.5);
    assert.equal(m.stable, false);
    assert.equal(m.meanResponse, Infinity);
  });
});

describe('Erlang B for large systems', () => {
  test('starting the recursion near the load gives the full recursion\'s value', () => {
    const full = (c: number, a: number) => {
      let b = 1;
      for (let k = 1; k <= c; k++) b = (a * b) / (k + a * b);
      return b;
    };
    for (const [c, a] of [[200_000, 190_000], [200_000, 199_500], [200_000, 200_000], [200_000, 205_000], [150_000, 149_000], [20_000, 15_000]]) {
      close(erlangB(c, a), full(c, a), `B(${c}, ${a})`, 1e-12);
    }
  });
});

describe('bounded queues (M/M/c/K)', () => {
  test('no waiting room: blocking is Erlang B', () => {
    for (const [c, a] of [[1, 0.5], [4, 3], [10, 12], [50, 45]]) {
      close(mmck(a * 100, 100, c, c).blocking, erlangB(c, a), `B(${c}, ${a})`, 1e-12);
    }
  });

  test('M/M/1/K: P(K) = (1 − ρ)ρ^K / (1 − ρ^(K+1)), also above capacity', () => {
    for (const rho of [0.5, 0.9, 1.5]) {
      const k = 5;
      const m = mmck(rho * 1000, 1000, 1, k);
      close(m.blocking, ((1 - rho) * rho ** k) / (1 - rho ** (k + 1)), `ρ = ${rho}`);
      close(m.lostRate, rho * 1000 * m.blocking, 'lost rate');
      assert.equal(m.stable, true, 'a lossy station always has a steady state');
      assert.ok(Number.isFinite(m.meanResponse));
    }
  });

  test('a large waiting room converges to M/M/c', () => {
    const m = mmck(1500, 200, 8, 8 + 2000);
    close(m.meanResponse, mmc(1500, 200, 8).meanResponse, 'W', 1e-9);
    assert.ok(m.blocking < 1e-12);
  });

  test('thousands of servers and a billion places neither overflow nor take long', () => {
    const many = mmck(5000, 1, 4000, 6000);
    assert.ok(many.blocking > 0 && many.blocking < 1 && Number.isFinite(many.meanResponse));
    // Far above capacity the queue is always nearly full: blocking → 1 − 1/ρ, wait → K/(cμ).
    const huge = mmck(2000, 1000, 1, 1 + 1e9);
    close(huge.blocking, 0.5, 'blocking at ρ = 2', 1e-9);
    close(huge.meanWait, 1e9 / 1000, 'a full queue of a billion', 1e-6);
    // Below capacity a huge room is M/M/c.
    close(mmck(800, 1000, 1, 1 + 1e9).meanResponse, mm1(800, 1000).meanResponse, 'ρ = 0.8', 1e-9);
  });

  test('the closed-form tail agrees with term-by-term sums on both sides of ρ = 1', () => {
    // 60,000 places: beyond the term-by-term limit, so the closed form answers; 40,000: the sums.
    for (const rho of [0.9999, 0.99999, 1, 1.00001, 1.0001]) {
      const closed = mmck(rho * 1000, 1000, 1, 60_001);
      const summed = mmck(rho * 1000, 1000, 1, 40_001);
      // M/M/1/K blocking in closed form for comparison, 1/(K + 1) at ρ = 1.
      const exact = (k: number) => (rho === 1 ? 1 / (k + 1) : ((1 - rho) * rho ** k) / (1 - rho ** (k + 1)));
      close(closed.blocking, exact(60_001), `closed form, ρ = ${rho}`, 1e-6);
      close(summed.blocking, exact(40_001), `sums, ρ = ${rho}`, 1e-6);
    }
  });

  test('utilization is the carried load, under 1 even when offered more', () => {
    const m = mmck(3000, 1000, 2, 6);
    assert.ok(m.utilization < 1);
    close(m.utilization, (3000 * (1 - m.blocking)) / 2000, 'carried / capacity');
  });
});

describe('fork–join and order statistics', () => {
  test('max of two exponentials at no load: 1.5/μ', () => {
    close(forkJoinMax(2, 1, 0), 1.5, 'Nelson–Tantawi at ρ = 0');
    close(exponentialOrderStatistic(2, 2, 1), 1.5, 'H₂');
  });

  test('two M/M/1 copies under load: (12 − ρ)/8 × 1/(μ − λ) (Flatto–Hahn)', () => {
    const m = mm1(500, 1000).meanResponse;
    close(forkJoinMax(2, m, 0.5), ((12 - 0.5) / 8) * m, 'T₂');
  });

  test('k copies at no load: H_k × m, the maximum of k exponentials', () => {
    for (const k of [1, 2, 3, 5, 10]) close(forkJoinMax(k, 2, 0), 2 * harmonic(k), `k = ${k}`);
  });

  test('a quorum waits for the W-th of N: m × Σ_{i<W} 1/(N − i)', () => {
    close(exponentialOrderStatistic(2, 3, 6), 6 * (1 / 3 + 1 / 2), 'W = 2 of 3');
    close(exponentialOrderStatistic(1, 3, 6), 2, 'the first of 3 (semi-sync)');
    close(forkJoinOrder(3, 3, 6, 0), 11, 'all 3');
  });

  test('order statistics grow with j', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 20 }), fc.double({ min: 1e-4, max: 10, noNaN: true }), (k, m) => {
      let last = 0;
      for (let j = 1; j <= k; j++) {
        const x = exponentialOrderStatistic(j, k, m);
        assert.ok(x > last);
        last = x;
      }
    }));
  });
});

describe('balancing', () => {
  test('supermarket model with one choice is M/M/1', () => {
    close(supermarketWait(0.8, 1.0000001, 1000), mm1(800, 1000).meanWait, 'd → 1', 1e-4);
  });

  test('SQ(2) waits far less than random at ρ = 0.9 (Mitzenmacher: Σ ρ^(2^i − 2))', () => {
    const rho = 0.9;
    let expected = 0;
    for (let i = 1; i < 40; i++) expected += rho ** (2 ** i - 2);
    close(supermarketWait(rho, 2, 1) + 1, expected, 'mean response in service times');
    assert.ok(balancedStation('power_of_two', 8, 7200, 1000, 1, 1).meanResponse < balancedStation('random', 8, 7200, 1000, 1, 1).meanResponse / 3);
  });

  test('ordering at the same load: least connections ≤ SQ(2) ≤ round robin ≤ random', () => {
    const at = (p: 'random' | 'round_robin' | 'power_of_two' | 'least_connections') => balancedStation(p, 4, 3200, 1000, 1, 1).meanResponse;
    assert.ok(at('least_connections') <= at('power_of_two'));
    assert.ok(at('power_of_two') <= at('round_robin'));
    assert.ok(at('round_robin') <= at('random'));
    assert.equal(balancedStation('random', 4, 3200, 1000, 1, 1).exact, true);
    assert.equal(balancedStation('least_connections', 4, 3200, 1000, 1, 1).exact, false);
  });

  test('one instance: every algorithm is the same station', () => {
    for (const p of ['random', 'round_robin', 'power_of_two', 'least_connections'] as const) {
      close(balancedStation(p, 1, 800, 1000, 1, 0).meanResponse, 0.003, p);
    }
  });

  test('the algorithm names map to families, round robin by default', () => {
    assert.equal(balancingOf(undefined), 'round_robin');
    assert.equal(balancingOf('weighted_round_robin'), 'round_robin');
    assert.equal(balancingOf('consistent_hash'), 'random');
    assert.equal(balancingOf('least_connections'), 'least_connections');
  });
});

describe('autoscaled steady state', () => {
  const capacity = (min: number, max: number, cores: number, target: number): Capacity => ({
    fixed: 1, cores, autoscale: { min, max, targetCpu: target, warmup: 30, interval: 10 },
  });

  test('work that exactly fills the instances at a 100 % target gets one more: ρ = 1 has no steady state', () => {
    assert.equal(steadyInstances(capacity(1, 10, 1, 1), 500, 0.01), 6);
    assert.equal(steadyInstances(capacity(1, 10, 1, 1), 450, 0.01), 5);
    assert.equal(steadyInstances(capacity(1, 10, 1, 0.5), 250, 0.01), 5, 'below 100 % the formula as written');
  });

  test('average utilization never exceeds peak utilization', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 20 }), fc.integer({ min: 0, max: 50 }), fc.integer({ min: 1, max: 16 }),
      fc.double({ min: 0.1, max: 1, noNaN: true }), fc.double({ min: 0.01, max: 1e5, noNaN: true }), fc.double({ min: 1, max: 10, noNaN: true }),
      (min, extra, cores, target, rate, peakFactor) => {
        const c = capacity(min, min + extra, cores, target);
        const st = 0.01;
        const peak = steadyInstances(c, rate, st)!;
        const avg = steadyInstances(c, rate / peakFactor, st)!;
        const uPeak = (rate * st) / (peak * cores);
        const uAvg = ((rate / peakFactor) * st) / (avg * cores);
        assert.ok(uAvg <= uPeak * (1 + 1e-12), `avg ${uAvg} > peak ${uPeak}`);
      },
    ));
  });
});

/**
 * A station with a bounded queue (`max_queue`): M/M/c/K with K = c + queue
 * places (docs/estimate.md, "Bounded queues"). An arrival that finds K
 * requests present is turned away, so the station is stable at any load:
 * it loses λ·P(K) per second instead of growing a backlog.
 *
 * Exact for exponential service; for other service shapes the delay of the
 * admitted requests is scaled like Allen–Cunneen's, (1 + cs²)/2, and the
 * blocking probability is the exponential one (an approximation).
 */
import type { StationMetrics } from './general-service';

export interface FiniteStationMetrics extends StationMetrics {
  /** Probability that an arrival finds the station full (PASTA: the time-share of state K). */
  blocking: number;
  /** Requests per second turned away: λ · blocking. */
  lostRate: number;
}

/**
 * The stationary distribution of M/M/c/K: p(n) ∝ aⁿ/n! for n ≤ c and
 * p(c)·ρ^(n−c) above, with a = λ/μ and ρ = a/c. Computed in logarithms and
 * normalised against the largest term, so thousands of places neither
 * overflow nor underflow to nonsense.
 */
export function mmckDistribution(lambda: number, mu: number, c: number, k: number): number[] {
  if (!Number.isInteger(c) || c < 1) throw new RangeError(`number of servers must be a positive integer, got ${c}`);
  if (!Number.isInteger(k) || k < c) throw new RangeError(`system capacity K must be an integer ≥ c, got ${k}`);
  if (!(lambda >= 0) || !(mu > 0) || !Number.isFinite(lambda) || !Number.isFinite(mu)) throw new RangeError(`rates must be finite, λ ≥ 0 and μ > 0, got ${lambda}, ${mu}`);
  if (lambda === 0) return [1, ...new Array<number>(k).fill(0)];
  const logA = Math.log(lambda / mu);
  const logs: number[] = [0];
  for (let n = 1; n <= k; n++) logs.push(logs[n - 1] + logA - Math.log(Math.min(n, c)));
  const top = Math.max(...logs);
  const weights = logs.map((l) => Math.exp(l - top));
  const sum = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => w / sum);
}

/** M/M/c/K figures; `scv` other than 1 scales the admitted requests' wait (approximation). */
export function mmck(lambda: number, mu: number, c: number, k: number, scv = 1): FiniteStationMetrics {
  const p = mmckDistribution(lambda, mu, c, k);
  const blocking = p[k];
  const admitted = lambda * (1 - blocking);
  let inQueue = 0;
  let busy = 0;
  let waits = 0;
  for (let n = 0; n <= k; n++) {
    if (n >= c && n < k) waits += p[n];
    inQueue += Math.max(0, n - c) * p[n];
    busy += Math.min(n, c) * p[n];
  }
  const shape = (1 + scv) / 2;
  // Little's law on the admitted stream.
  const meanWait = admitted > 0 ? (inQueue / admitted) * shape : 0;
  const meanResponse = meanWait + 1 / mu;
  return {
    utilization: busy / c,
    // Among admitted arrivals, the share that finds every server busy.
    probWait: blocking < 1 ? waits / (1 - blocking) : 1,
    meanWait,
    meanResponse,
    meanInSystem: admitted * meanResponse,
    meanInQueue: admitted * meanWait,
    stable: true,
    exact: scv === 1,
    blocking,
    lostRate: lambda * blocking,
  };
}

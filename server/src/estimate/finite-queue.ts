/**
 * A station with a bounded queue (`max_queue`): M/M/c/K with K = c + queue
 * places (docs/estimate.md, "One station"). An arrival that finds K
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

/** Tail sums up to this many queue places are added term by term; beyond, in closed form. */
const DIRECT_TAIL = 50_000;

/**
 * Σ_{j=1..q} ρ^j and Σ_{j=1..q} j·ρ^j, both divided by e^scale (scale =
 * max(0, q·ln ρ), so nothing overflows when ρ > 1 and q is large).
 */
function geometricTail(q: number, logRho: number): { scale: number; s0: number; s1: number } {
  const scale = Math.max(0, q * logRho);
  if (q === 0) return { scale, s0: 0, s1: 0 };
  if (q <= DIRECT_TAIL) {
    let s0 = 0;
    let s1 = 0;
    for (let j = 1; j <= q; j++) {
      const t = Math.exp(j * logRho - scale);
      s0 += t;
      s1 += j * t;
    }
    return { scale, s0, s1 };
  }
  if (Math.abs(logRho) * q < 1e-9) return { scale, s0: q, s1: (q * (q + 1)) / 2 };
  if (logRho < 0) {
    // ρ < 1: the classic sums; 1 − ρ as −expm1(ln ρ) keeps its digits near 1.
    const rho = Math.exp(logRho);
    const oneMinus = -Math.expm1(logRho);
    const rhoQ = Math.exp(q * logRho);
    return { scale, s0: (rho * -Math.expm1(q * logRho)) / oneMinus, s1: (rho * (1 - (q + 1) * rhoQ + q * rhoQ * rho)) / (oneMinus * oneMinus) };
  }
  // ρ > 1: reversed, j = q − i, in powers of σ = 1/ρ < 1, relative to ρ^q.
  const sigma = Math.exp(-logRho);
  const oneMinus = -Math.expm1(-logRho);
  const sigmaQ = Math.exp(-q * logRho);
  const s0 = -Math.expm1(-q * logRho) / oneMinus; // Σ_{i=0..q−1} σ^i
  const iSum = (sigma * (1 - q * sigmaQ / sigma + (q - 1) * sigmaQ)) / (oneMinus * oneMinus); // Σ i·σ^i
  return { scale, s0, s1: q * s0 - iSum };
}

/** M/M/c/K figures; `scv` other than 1 scales the admitted requests' wait (approximation). */
export function mmck(lambda: number, mu: number, c: number, k: number, scv = 1): FiniteStationMetrics {
  if (!Number.isInteger(c) || c < 1) throw new RangeError(`number of servers must be a positive integer, got ${c}`);
  if (!Number.isInteger(k) || k < c) throw new RangeError(`system capacity K must be an integer ≥ c, got ${k}`);
  if (!(lambda >= 0) || !(mu > 0) || !Number.isFinite(lambda) || !Number.isFinite(mu)) throw new RangeError(`rates must be finite, λ ≥ 0 and μ > 0, got ${lambda}, ${mu}`);
  const exact = scv === 1;
  if (lambda === 0) {
    return { utilization: 0, probWait: 0, meanWait: 0, meanResponse: 1 / mu, meanInSystem: 0, meanInQueue: 0, stable: true, exact, blocking: 0, lostRate: 0 };
  }
  // Unnormalised p(n) = aⁿ/n! for n ≤ c in logarithms; above c, p(c)·ρ^(n−c).
  const logA = Math.log(lambda / mu);
  const logs: number[] = [0];
  for (let n = 1; n <= c; n++) logs.push(logs[n - 1] + logA - Math.log(n));
  const logRho = logA - Math.log(c);
  const q = k - c;
  const tail = geometricTail(q, logRho);
  const top = Math.max(...logs, logs[c] + tail.scale);
  let head = 0;
  let headBusy = 0;
  for (let n = 0; n < c; n++) {
    const w = Math.exp(logs[n] - top);
    head += w;
    headBusy += n * w;
  }
  const atC = Math.exp(logs[c] - top);
  const tailScale = Math.exp(logs[c] + tail.scale - top);
  const total = head + atC + tailScale * tail.s0;
  const blocking = Math.exp(logs[c] + q * logRho - top) / total;
  const belowC = head / total;
  const inQueue = (tailScale * tail.s1) / total;
  const busy = headBusy / total + c * (1 - belowC);
  const admitted = lambda * (1 - blocking);
  const shape = (1 + scv) / 2;
  // Little's law on the admitted stream.
  const meanWait = admitted > 0 ? (inQueue / admitted) * shape : 0;
  const meanResponse = meanWait + 1 / mu;
  return {
    utilization: busy / c,
    // Among admitted arrivals, the share that finds every server busy.
    probWait: blocking < 1 ? Math.max(0, 1 - belowC - blocking) / (1 - blocking) : 1,
    meanWait,
    meanResponse,
    meanInSystem: admitted * meanResponse,
    meanInQueue: admitted * meanWait,
    stable: true,
    exact,
    blocking,
    lostRate: lambda * blocking,
  };
}

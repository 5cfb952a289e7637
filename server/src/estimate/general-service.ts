/**
 * Stations whose service time is not exponential (docs/estimate.md, "One
 * station"). Pollaczek–Khinchine for one server and Allen–Cunneen for c
 * servers scale the M/M/c queueing delay by (ca² + cs²)/2, where cs² is the
 * service time's squared coefficient of variation (1 exponential, 0
 * constant) and ca² the arrivals' (1 for Poisson).
 *
 * Exactness: with Poisson arrivals (ca² = 1) and one server the formula is
 * Pollaczek–Khinchine, exact for any service distribution (M/G/1); with
 * cs² = ca² = 1 it is Erlang C, exact (M/M/c). Anything else is the
 * Allen–Cunneen approximation (Allen 1990, §6; Whitt 1993 reports errors of
 * a few per cent at moderate to high load).
 */
import { mmc, type QueueMetrics } from './queueing';

export interface Approximate {
  /** True when the figure is a closed form for the model the simulator runs. */
  exact: boolean;
}

export type StationMetrics = QueueMetrics & Approximate;

/**
 * GI/G/c mean figures: Wq = Wq(M/M/c) · (ca² + cs²)/2, W = Wq + 1/μ.
 * `scv` is cs², `arrivalScv` is ca² (default Poisson).
 */
export function ggc(lambda: number, mu: number, c: number, scv: number, arrivalScv = 1): StationMetrics {
  if (!(scv >= 0) || !(arrivalScv >= 0)) throw new RangeError(`squared coefficients of variation must be non-negative, got ${scv}, ${arrivalScv}`);
  const m = mmc(lambda, mu, c);
  const exact = arrivalScv === 1 && (c === 1 || scv === 1);
  if (!m.stable) return { ...m, exact };
  const meanWait = m.meanWait * ((arrivalScv + scv) / 2);
  const meanResponse = meanWait + 1 / mu;
  return { ...m, meanWait, meanResponse, meanInQueue: lambda * meanWait, meanInSystem: lambda * meanResponse, exact };
}

/** M/G/1 by Pollaczek–Khinchine: Wq = ρ(1 + cs²)/(2(μ − λ)). Exact. */
export function mg1(lambda: number, mu: number, scv: number): StationMetrics {
  return ggc(lambda, mu, 1, scv, 1);
}

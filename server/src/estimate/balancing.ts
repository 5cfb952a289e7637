/**
 * How the algorithm that picks an instance changes the wait there
 * (docs/estimate.md, "Balancing"). `n` instances of `cores` servers each,
 * λ the total arrival rate, μ one core's service rate, cs² the service
 * shape.
 *
 * - random, hash, consistent_hash, weighted random: each instance receives
 *   a Poisson share λ/n — an M/G/c station (exact where {@link ggc} is).
 * - round robin: each instance receives every n-th arrival, so its
 *   interarrival times are Erlang-n (ca² = 1/n): Allen–Cunneen GI/G/c with
 *   that ca² (approximation; exact for n = 1).
 * - power of two choices (SQ(2)): the mean-field limit of Vvedenskaya,
 *   Dobrushin & Karpelevich (1996) and Mitzenmacher (2001) for single-core
 *   instances, where the share of instances holding at least i requests is
 *   ρ^(2^i − 1) and the mean response Σ_{i≥1} ρ^(2^i − 2)/μ; its queueing part
 *   is scaled by (1 + cs²)/2, and for c cores the M/G/c wait is scaled by the
 *   single-core ratio SQ(2)/random at the same ρ (approximations).
 * - least connections (join the shortest queue): approximated by one shared
 *   queue in front of all n·c cores, M/G/(n·c) — a lower bound that JSQ
 *   approaches closely for exponential service (Gupta et al. 2007,
 *   "Analysis of join-the-shortest-queue routing for web server farms").
 */
import { ggc, type StationMetrics } from './general-service';

export type Balancing = 'random' | 'round_robin' | 'power_of_two' | 'least_connections';

/** The balancing family of a load balancer's `algorithm` (round robin by default, as the simulator does). */
export function balancingOf(algorithm: string | undefined): Balancing {
  switch (algorithm) {
    case 'random':
    case 'hash':
    case 'consistent_hash':
    case 'weighted_random':
      return 'random';
    case 'power_of_two':
    case 'least_connections':
      return algorithm;
    default:
      return 'round_robin';
  }
}

/** Mean figures of one instance when `n` instances share λ under `policy`. */
export function balancedStation(policy: Balancing, n: number, lambda: number, mu: number, cores: number, scv: number): StationMetrics {
  const share = lambda / n;
  const random = ggc(share, mu, cores, scv, 1);
  if (n <= 1 || !random.stable) return random;
  switch (policy) {
    case 'random':
      return random;
    case 'round_robin':
      return { ...ggc(share, mu, cores, scv, 1 / n), exact: false };
    case 'least_connections': {
      const pooled = ggc(lambda, mu, n * cores, scv, 1);
      return { ...random, meanWait: pooled.meanWait, meanResponse: pooled.meanResponse, meanInQueue: share * pooled.meanWait, meanInSystem: share * pooled.meanResponse, exact: false };
    }
    case 'power_of_two': {
      const rho = random.utilization;
      const single = supermarketWait(rho, 2, mu);
      const singleRandom = rho / (mu * (1 - rho));
      const wait = cores === 1 ? single * ((1 + scv) / 2) : random.meanWait * (singleRandom > 0 ? single / singleRandom : 0);
      const meanResponse = wait + 1 / mu;
      return { ...random, meanWait: wait, meanResponse, meanInQueue: share * wait, meanInSystem: share * meanResponse, exact: false };
    }
  }
}

/** Mean queueing delay in the supermarket model with d choices, single exponential servers at load ρ < 1. */
export function supermarketWait(rho: number, d: number, mu: number): number {
  if (rho <= 0) return 0;
  let response = 0;
  for (let i = 1; i < 64; i++) {
    const exponent = (d ** i - d) / (d - 1);
    const term = rho ** exponent;
    response += term;
    if (term < 1e-15) break;
  }
  return response / mu - 1 / mu;
}

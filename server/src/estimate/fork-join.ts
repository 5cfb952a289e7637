/**
 * Waiting for several copies at once (docs/estimate.md, "Fork–join"): a
 * synchronous write waits for every replica (the maximum of their response
 * times), a semi-synchronous one for the first (the minimum), a quorum for
 * the W-th of N, a scatter–gather query for every shard.
 *
 * Each copy's response time is taken as exponential with the copy's mean
 * response m (exact for an M/M/1 station, whose sojourn time is exponential
 * with rate μ − λ). For independent exponentials the j-th smallest of k has
 * mean m · Σ_{i=0}^{j−1} 1/(k − i) (Rényi's representation). The copies of a
 * fork are not independent — they receive the same requests at the same
 * instants — so for the maximum the Nelson–Tantawi formula is used: exact
 * for two M/M/1 copies, T₂ = (12 − ρ)/8 · m (Flatto & Hahn 1984; Nelson &
 * Tantawi 1988), and T_k ≈ [H_k/H₂ + (4/11)(1 − H_k/H₂)·ρ] · T₂ for k > 2,
 * which they report within 5 % for k ≤ 32.
 */

/** H_k = 1 + 1/2 + … + 1/k. */
export function harmonic(k: number): number {
  let h = 0;
  for (let i = 1; i <= k; i++) h += 1 / i;
  return h;
}

/** Mean of the j-th smallest of k independent exponentials of mean m (1 ≤ j ≤ k). */
export function exponentialOrderStatistic(j: number, k: number, m: number): number {
  if (!Number.isInteger(k) || k < 1 || !Number.isInteger(j) || j < 1 || j > k) throw new RangeError(`order statistic needs 1 ≤ j ≤ k, got j = ${j}, k = ${k}`);
  let sum = 0;
  for (let i = 0; i < j; i++) sum += 1 / (k - i);
  return m * sum;
}

/**
 * Mean time until the last of k copies fed the same Poisson stream answers,
 * each an M/M/1 station at utilization ρ with mean response m: Nelson and
 * Tantawi's formula (exact for k ≤ 2).
 */
export function forkJoinMax(k: number, m: number, rho: number): number {
  if (k <= 1) return m;
  const t2 = ((12 - Math.min(1, Math.max(0, rho))) / 8) * m;
  if (k === 2) return t2;
  const ratio = harmonic(k) / harmonic(2);
  return (ratio + (4 / 11) * (1 - ratio) * rho) * t2;
}

/** Mean time until the j-th of k forked copies answers: the maximum by {@link forkJoinMax}, others by exponential order statistics. */
export function forkJoinOrder(j: number, k: number, m: number, rho: number): number {
  if (j === k) return forkJoinMax(k, m, rho);
  return exponentialOrderStatistic(j, k, m);
}

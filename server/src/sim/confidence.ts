/**
 * 95 % confidence half-widths of a mean over independent replications
 * (Student t with n − 1 degrees of freedom): the `_ci95` figures of
 * `simulate --replications N` (docs/simulation.md, Statistics).
 */

/** t(0.975, df) for df = 1…30 (standard tables); above 30 the Cornish–Fisher series below. */
const T975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
  2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086,
  2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

/** The 0.975 quantile of Student's t with `df` degrees of freedom (df ≥ 1). */
export function studentT975(df: number): number {
  if (!(df >= 1)) return NaN;
  if (df <= 30) return T975[Math.floor(df) - 1];
  // Cornish–Fisher expansion around z = 1.959964: within 1e-4 of the exact quantile for df > 30.
  const z = 1.959963984540054;
  const z3 = z ** 3;
  const z5 = z ** 5;
  return z + (z3 + z) / (4 * df) + (5 * z5 + 16 * z3 + 3 * z) / (96 * df * df);
}

/** Mean and 95 % half-width of `xs` (NaN entries left out); the half-width is NaN with fewer than two values. */
export function meanCi95(xs: readonly number[]): { mean: number; ci95: number } {
  const v = xs.filter((x) => Number.isFinite(x));
  const n = v.length;
  if (n === 0) return { mean: NaN, ci95: NaN };
  const mean = v.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { mean, ci95: NaN };
  const variance = v.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
  return { mean, ci95: studentT975(n - 1) * Math.sqrt(variance / n) };
}

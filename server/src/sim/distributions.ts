/**
 * Service-time and delay distributions (all values in seconds).
 *
 * Use `makeSampler(d, rng)` in the engine: it returns an object of a class
 * specialised to the distribution's kind, so each draw is one monomorphic
 * method call with no branching on `kind`. `sample(d, rng)` is a convenience
 * for one-off draws.
 *
 * Normal: truncated at 0 by RESAMPLING: a draw ≤ 0 is thrown away and drawn
 * again, so the result has the distribution of X given X > 0 (never 0, never
 * negative, no spike of probability at a clamped value). Its mean and
 * variance are therefore those of the truncated normal, slightly above
 * `mean` and below `sd²` when sd is not small compared with mean; `mean(d)`
 * and `scv(d)` return the truncated values, so analytic estimates and the
 * simulation agree. `mean` must be > 0 so that at least half of the draws
 * are accepted. Normal draws use Marsaglia's polar method; the second value
 * of each pair is cached in the sampler.
 *
 * Lognormal: `mean` and `sd` are those of the variable itself; the
 * underlying normal has σ² = ln(1 + sd²/mean²) and μ = ln(mean) − σ²/2.
 *
 * Determinism: the uniforms come from `Rng` (bit-exact everywhere); the
 * transforms use Math.log/exp/sqrt, which V8 implements with its own port of
 * fdlibm (sqrt is exactly rounded), so the same Node version gives the same
 * numbers on every platform.
 */

import type { Rng } from './rng';

export type Distribution =
  | { readonly kind: 'exp'; readonly mean: number }
  | { readonly kind: 'const'; readonly value: number }
  | { readonly kind: 'normal'; readonly mean: number; readonly sd: number }
  | { readonly kind: 'lognormal'; readonly mean: number; readonly sd: number };

/** A source of draws from one distribution, bound to one random stream. */
export interface Sampler {
  readonly distribution: Distribution;
  sample(): number;
}

const isNonNegFinite = (x: number): boolean => Number.isFinite(x) && x >= 0;
const isPosFinite = (x: number): boolean => Number.isFinite(x) && x > 0;

/** Why `d` cannot be sampled, or undefined if it is valid. */
export function validateDistribution(d: Distribution): string | undefined {
  switch (d.kind) {
    case 'exp':
      return isNonNegFinite(d.mean) ? undefined : `exponential mean must be a finite number >= 0, got ${d.mean}`;
    case 'const':
      return isNonNegFinite(d.value) ? undefined : `constant must be a finite number >= 0, got ${d.value}`;
    case 'normal':
    case 'lognormal':
      if (!isPosFinite(d.mean)) return `${d.kind} mean must be a finite number > 0, got ${d.mean}`;
      if (!isNonNegFinite(d.sd)) return `${d.kind} sd must be a finite number >= 0, got ${d.sd}`;
      return undefined;
    default:
      return `unknown distribution kind ${(d as { kind: unknown }).kind}`;
  }
}

function check(d: Distribution): void {
  const err = validateDistribution(d);
  if (err !== undefined) throw new RangeError(err);
}

// ---------------------------------------------------------------------------
// Samplers

class ExpSampler implements Sampler {
  private declare readonly m: number;
  constructor(readonly distribution: Distribution & { kind: 'exp' }, private readonly rng: Rng) {
    this.m = distribution.mean;
  }
  sample(): number {
    // 1 - next() is in (0, 1], so the logarithm is finite.
    return -this.m * Math.log(1 - this.rng.next());
  }
}

class ConstSampler implements Sampler {
  private declare readonly v: number;
  constructor(readonly distribution: Distribution & { kind: 'const' }) {
    this.v = distribution.value;
  }
  sample(): number {
    return this.v;
  }
}

/** Standard normal draws by Marsaglia's polar method, caching the pair's second value. */
class StdNormal {
  private spare = 0;
  private hasSpare = false;
  constructor(private readonly rng: Rng) {}
  next(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    const rng = this.rng;
    let u: number, v: number, s: number;
    do {
      u = 2 * rng.next() - 1;
      v = 2 * rng.next() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * f;
    this.hasSpare = true;
    return u * f;
  }
}

class NormalSampler implements Sampler {
  private declare readonly m: number;
  private declare readonly s: number;
  private declare readonly z: StdNormal;
  constructor(readonly distribution: Distribution & { kind: 'normal' }, rng: Rng) {
    this.m = distribution.mean;
    this.s = distribution.sd;
    this.z = new StdNormal(rng);
  }
  sample(): number {
    // Truncated at 0 by resampling (see the module comment); mean > 0, so
    // each attempt is accepted with probability > 1/2.
    let x = this.m + this.s * this.z.next();
    while (x <= 0) x = this.m + this.s * this.z.next();
    return x;
  }
}

class LognormalSampler implements Sampler {
  private declare readonly mu: number;
  private declare readonly sigma: number;
  private declare readonly z: StdNormal;
  constructor(readonly distribution: Distribution & { kind: 'lognormal' }, rng: Rng) {
    const { mu, sigma } = lognormalParams(distribution.mean, distribution.sd);
    this.mu = mu;
    this.sigma = sigma;
    this.z = new StdNormal(rng);
  }
  sample(): number {
    return Math.exp(this.mu + this.sigma * this.z.next());
  }
}

/** μ and σ of the normal underlying a lognormal with this mean and sd. */
export function lognormalParams(mean: number, sd: number): { mu: number; sigma: number } {
  const cv = sd / mean;
  const sigma2 = Math.log1p(cv * cv);
  return { mu: Math.log(mean) - sigma2 / 2, sigma: Math.sqrt(sigma2) };
}

/**
 * A sampler for `d` drawing from `rng` (which it keeps; give each station or
 * client its own fork). Throws a RangeError if `d` is invalid.
 */
export function makeSampler(d: Distribution, rng: Rng): Sampler {
  check(d);
  switch (d.kind) {
    case 'exp':
      return new ExpSampler(d, rng);
    case 'const':
      return new ConstSampler(d);
    case 'normal':
      return new NormalSampler(d, rng);
    case 'lognormal':
      return new LognormalSampler(d, rng);
  }
}

/**
 * One draw from `d`. For normal and lognormal this generates a pair of
 * normals and discards the second: use `makeSampler` in loops.
 */
export function sample(d: Distribution, rng: Rng): number {
  switch (d.kind) {
    case 'exp':
      return -d.mean * Math.log(1 - rng.next());
    case 'const':
      return d.value;
    default:
      return makeSampler(d, rng).sample();
  }
}

// ---------------------------------------------------------------------------
// Moments (used by the analytic approximations)

const INV_SQRT_2PI = 0.3989422804014327;

/**
 * erfc(x), Numerical Recipes' Chebyshev fit (fractional error < 1.2e-7 everywhere).
 */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** Mean and variance of N(mean, sd²) conditioned on being > 0. */
function truncatedNormalMoments(m: number, sd: number): { mean: number; variance: number } {
  if (sd === 0) return { mean: m, variance: 0 };
  const alpha = -m / sd;
  const accept = 0.5 * erfc(alpha / Math.SQRT2); // P(X > 0) = 1 − Φ(α)
  const lambda = (INV_SQRT_2PI * Math.exp(-0.5 * alpha * alpha)) / accept;
  return {
    mean: m + sd * lambda,
    variance: sd * sd * Math.max(0, 1 + alpha * lambda - lambda * lambda),
  };
}

/** The mean of what `makeSampler(d, …)` draws, in seconds. */
export function mean(d: Distribution): number {
  switch (d.kind) {
    case 'exp':
      return d.mean;
    case 'const':
      return d.value;
    case 'normal':
      return truncatedNormalMoments(d.mean, d.sd).mean;
    case 'lognormal':
      return d.mean;
  }
}

/** The variance of what `makeSampler(d, …)` draws, in seconds². */
export function variance(d: Distribution): number {
  switch (d.kind) {
    case 'exp':
      return d.mean * d.mean;
    case 'const':
      return 0;
    case 'normal':
      return truncatedNormalMoments(d.mean, d.sd).variance;
    case 'lognormal':
      return d.sd * d.sd;
  }
}

/**
 * Squared coefficient of variation, variance / mean² (1 for exponential,
 * 0 for constant), as used by the Kingman / Allen–Cunneen approximations.
 * 0 when the mean is 0.
 */
export function scv(d: Distribution): number {
  switch (d.kind) {
    case 'exp':
      return d.mean > 0 ? 1 : 0;
    case 'const':
      return 0;
    case 'normal': {
      const t = truncatedNormalMoments(d.mean, d.sd);
      return t.mean > 0 ? t.variance / (t.mean * t.mean) : 0;
    }
    case 'lognormal': {
      const cv = d.sd / d.mean;
      return cv * cv;
    }
  }
}

/**
 * The automatic warm-up (docs/simulation.md, Statistics): MSER-5 (White,
 * 1997; White, Cobb and Spratt, 2000). The response times of completed
 * client requests, in order of completion, are averaged in batches of 5;
 * the truncation point d minimises the marginal standard error of what
 * remains, MSER(d) = Σ_{i>d} (x̄_i − mean_{>d})² / (n − d)², over the first
 * half of the batches (past that, the rule is known to pick noise). The
 * warm-up is the completion time of the last request of batch d.
 */

export const MSER_BATCH = 5;

/**
 * The MSER-5 truncation point of `values` (in completion order): the number
 * of observations to drop, a multiple of 5. 0 with fewer than 10 batches.
 */
export function mser5(values: ArrayLike<number>): number {
  const batches = Math.floor(values.length / MSER_BATCH);
  if (batches < 10) return 0;
  const means = new Float64Array(batches);
  for (let b = 0; b < batches; b++) {
    let s = 0;
    for (let k = 0; k < MSER_BATCH; k++) s += values[b * MSER_BATCH + k];
    means[b] = s / MSER_BATCH;
  }
  // Suffix sums give each candidate's mean and sum of squares in O(1).
  let sum = 0;
  let sumSq = 0;
  const best = { d: 0, value: Infinity };
  const suffix = new Float64Array(batches + 1);
  const suffixSq = new Float64Array(batches + 1);
  for (let b = batches - 1; b >= 0; b--) {
    sum += means[b];
    sumSq += means[b] * means[b];
    suffix[b] = sum;
    suffixSq[b] = sumSq;
  }
  for (let d = 0; d <= Math.floor(batches / 2); d++) {
    const m = batches - d;
    const mean = suffix[d] / m;
    const ss = suffixSq[d] - m * mean * mean;
    const value = ss / (m * m);
    if (value < best.value) {
      best.value = value;
      best.d = d;
    }
  }
  return best.d * MSER_BATCH;
}

/** A series as the engine reports it: sample times and values (NaN where a step had no observation). */
export interface StepSeries {
  times: readonly number[];
  values: readonly number[];
}

/**
 * The automatic warm-up of a run, in simulated seconds: MSER-5 over the mean
 * response time of the client requests completed in each series step
 * (`latency_mean_ms`; steps without a completion are left out). 0 when the
 * rule keeps everything or the run has too few steps.
 */
export function autoWarmup(steps: StepSeries): number {
  const times: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < steps.values.length; i++) {
    if (!Number.isFinite(steps.values[i])) continue;
    times.push(steps.times[i]);
    values.push(steps.values[i]);
  }
  const d = mser5(values);
  return d === 0 ? 0 : times[d - 1];
}

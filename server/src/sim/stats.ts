/**
 * Streaming statistics for the simulation. Every collector here uses a fixed
 * amount of memory however long the run: no collector keeps the samples.
 *
 * - `Tally`: count, mean, variance (Welford), min, max of observations.
 * - `LatencyHistogram`: log-bucketed (HDR-style) distribution of response
 *   times for percentiles; mergeable.
 * - `TimeWeighted`: time-average of a piecewise-constant quantity (queue
 *   length, busy servers, instances).
 * - `SeriesSampler`: values of named gauges and rates at a fixed
 *   simulated-time step, for charts; at most `maxPoints` (default 601) points.
 *
 * Empty collectors report NaN for undefined figures (mean of nothing, …),
 * which JSON serialises as null.
 */

// ---------------------------------------------------------------------------
// Tally

/** Count, mean, variance, min and max of a stream of numbers (Welford's algorithm). */
export class Tally {
  private n = 0;
  private m = 0;
  private m2 = 0;
  private lo = Infinity;
  private hi = -Infinity;

  add(x: number): void {
    const n = ++this.n;
    const d = x - this.m;
    this.m += d / n;
    this.m2 += d * (x - this.m);
    if (x < this.lo) this.lo = x;
    if (x > this.hi) this.hi = x;
  }

  get count(): number {
    return this.n;
  }
  /** Mean, NaN if empty. */
  get mean(): number {
    return this.n > 0 ? this.m : NaN;
  }
  /** Sum of the observations (count × mean). */
  get sum(): number {
    return this.n * this.m;
  }
  /** Sample variance (divides by n − 1); NaN with fewer than two observations. */
  get variance(): number {
    return this.n > 1 ? this.m2 / (this.n - 1) : NaN;
  }
  /** Population variance (divides by n); NaN if empty. */
  get populationVariance(): number {
    return this.n > 0 ? this.m2 / this.n : NaN;
  }
  /** Sample standard deviation; NaN with fewer than two observations. */
  get sd(): number {
    return Math.sqrt(this.variance);
  }
  get min(): number {
    return this.n > 0 ? this.lo : NaN;
  }
  get max(): number {
    return this.n > 0 ? this.hi : NaN;
  }

  /** Adds another tally's observations to this one (Chan et al.'s pairwise update). */
  merge(o: Tally): void {
    if (o.n === 0) return;
    if (this.n === 0) {
      this.n = o.n;
      this.m = o.m;
      this.m2 = o.m2;
      this.lo = o.lo;
      this.hi = o.hi;
      return;
    }
    const n = this.n + o.n;
    const d = o.m - this.m;
    this.m += (d * o.n) / n;
    this.m2 += o.m2 + (d * d * this.n * o.n) / n;
    this.n = n;
    if (o.lo < this.lo) this.lo = o.lo;
    if (o.hi > this.hi) this.hi = o.hi;
  }

  reset(): void {
    this.n = 0;
    this.m = 0;
    this.m2 = 0;
    this.lo = Infinity;
    this.hi = -Infinity;
  }
}

// ---------------------------------------------------------------------------
// LatencyHistogram

// Bucket index from the bits of an IEEE-754 double: for x > 0 the top 32
// bits are [sign 0 | exponent 11 | mantissa 20]; dropping the low 13 keeps
// the exponent and the top SUB_BITS = 7 mantissa bits. That key is monotone
// in x and splits every octave into 128 equal sub-buckets (HDR Histogram's
// log-linear layout), so a bucket is 1/256 to 1/128 of its value wide
// (0.39 %–0.78 %) and indexing costs a store and a shift, no logarithm.
const SUB_BITS = 7;
const KEY_SHIFT = 20 - SUB_BITS;
const scratchF64 = new Float64Array(1);
const scratchU32 = new Uint32Array(scratchF64.buffer);
/** Index of the high word of a double in `scratchU32` (1 on little-endian machines). */
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

function keyOf(x: number): number {
  scratchF64[0] = x;
  return scratchU32[HI] >>> KEY_SHIFT;
}

function lowerBoundOfKey(key: number): number {
  scratchU32[HI] = key << KEY_SHIFT;
  scratchU32[1 - HI] = 0;
  return scratchF64[0];
}

export interface LatencyHistogramOptions {
  /** Smallest value resolved, in seconds (default 1 µs); smaller values share the first bucket. */
  lowest?: number;
  /** Largest value resolved, in seconds (default 1 hour); larger values share the last bucket. */
  highest?: number;
}

/**
 * Distribution of non-negative values (response times in seconds) in
 * log-linear buckets with under 0.8 % relative width between `lowest` and
 * `highest` (4,096 buckets, 32 KiB, for the default 1 µs to 1 h). Count,
 * sum (so the mean), min and max are exact; percentiles interpolate within
 * a bucket and are clamped to [min, max].
 */
export class LatencyHistogram {
  declare readonly lowest: number;
  declare readonly highest: number;
  private declare readonly keyBase: number;
  private declare readonly counts: Float64Array;
  private declare readonly last: number;
  private n = 0;
  private total = 0;
  private lo = Infinity;
  private hi = -Infinity;

  constructor(options: LatencyHistogramOptions = {}) {
    const lowest = options.lowest ?? 1e-6;
    const highest = options.highest ?? 3600;
    if (!(lowest > 0 && highest > lowest && Number.isFinite(highest))) {
      throw new RangeError(`LatencyHistogram needs 0 < lowest < highest < Infinity, got ${lowest}, ${highest}`);
    }
    this.lowest = lowest;
    this.highest = highest;
    this.keyBase = keyOf(lowest);
    const buckets = keyOf(highest) - this.keyBase + 1;
    this.counts = new Float64Array(buckets);
    this.last = buckets - 1;
  }

  /** Number of buckets. */
  get bucketCount(): number {
    return this.counts.length;
  }

  /** Records one value (negative values count as 0; NaN is ignored). */
  record(x: number): void {
    this.recordN(x, 1);
  }

  /** Records `count` occurrences of the value `x`. */
  recordN(x: number, count: number): void {
    if (!(x >= 0)) {
      if (x !== x) return;
      x = 0;
    }
    let i = x >= this.lowest ? keyOf(x) - this.keyBase : 0;
    if (i > this.last) i = this.last;
    this.counts[i] += count;
    this.n += count;
    this.total += x * count;
    if (x < this.lo) this.lo = x;
    if (x > this.hi) this.hi = x;
  }

  get count(): number {
    return this.n;
  }
  /** Exact mean; NaN if empty. */
  get mean(): number {
    return this.n > 0 ? this.total / this.n : NaN;
  }
  get sum(): number {
    return this.total;
  }
  get min(): number {
    return this.n > 0 ? this.lo : NaN;
  }
  get max(): number {
    return this.n > 0 ? this.hi : NaN;
  }

  /**
   * The p-th percentile (0 ≤ p ≤ 100): the value below which p % of the
   * recorded values fall, interpolating linearly inside the bucket that
   * holds rank p/100 · count. NaN if empty.
   */
  percentile(p: number): number {
    if (this.n === 0) return NaN;
    if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be in [0, 100], got ${p}`);
    const rank = (p / 100) * this.n;
    if (rank <= 0) return this.lo;
    if (rank >= this.n) return this.hi;
    const counts = this.counts;
    let cum = 0;
    let i = 0;
    for (; i < this.last; i++) {
      const c = counts[i];
      if (cum + c >= rank) break;
      cum += c;
    }
    const c = counts[i];
    let a = i === 0 ? this.lo : lowerBoundOfKey(this.keyBase + i);
    let b = i === this.last ? this.hi : lowerBoundOfKey(this.keyBase + i + 1);
    if (a < this.lo) a = this.lo;
    if (b > this.hi) b = this.hi;
    const f = c > 0 ? (rank - cum) / c : 1;
    return a + f * (b - a);
  }

  /** Several percentiles at once. */
  percentiles(ps: readonly number[]): number[] {
    return ps.map((p) => this.percentile(p));
  }

  /** Adds another histogram's values (it must have the same lowest and highest). */
  merge(o: LatencyHistogram): void {
    if (o.lowest !== this.lowest || o.highest !== this.highest) {
      throw new RangeError('cannot merge latency histograms with different ranges');
    }
    const a = this.counts;
    const b = o.counts;
    for (let i = 0; i < a.length; i++) a[i] += b[i];
    this.n += o.n;
    this.total += o.total;
    if (o.lo < this.lo) this.lo = o.lo;
    if (o.hi > this.hi) this.hi = o.hi;
  }

  reset(): void {
    this.counts.fill(0);
    this.n = 0;
    this.total = 0;
    this.lo = Infinity;
    this.hi = -Infinity;
  }
}

// ---------------------------------------------------------------------------
// TimeWeighted

/**
 * Time-average of a piecewise-constant quantity: call `update(t, v)` when the
 * value becomes `v` at time `t` (times must not go backwards). The average
 * over [start, tEnd] is the integral of the value divided by the elapsed time.
 */
export class TimeWeighted {
  private declare t0: number;
  private declare tLast: number;
  private declare v: number;
  private area = 0;
  private declare hi: number;
  private declare lo: number;

  /** Starts observing at time `start` with value `initial`. */
  constructor(start = 0, initial = 0) {
    this.t0 = start;
    this.tLast = start;
    this.v = initial;
    this.hi = initial;
    this.lo = initial;
  }

  /** The value becomes `value` at time `t`. */
  update(t: number, value: number): void {
    const dt = t - this.tLast;
    if (dt < 0) throw new RangeError(`TimeWeighted.update at ${t} before ${this.tLast}`);
    this.area += this.v * dt;
    this.tLast = t;
    this.v = value;
    if (value > this.hi) this.hi = value;
    if (value < this.lo) this.lo = value;
  }

  /** The value changes by `delta` at time `t` (e.g. +1 on arrival, −1 on departure). */
  add(t: number, delta: number): void {
    this.update(t, this.v + delta);
  }

  /** The current value. */
  get value(): number {
    return this.v;
  }
  /** Largest value held since the start (or the last reset). */
  get max(): number {
    return this.hi;
  }
  /** Smallest value held since the start (or the last reset). */
  get min(): number {
    return this.lo;
  }
  /** Start of the averaging window. */
  get start(): number {
    return this.t0;
  }

  /** ∫ value dt from the start to `t` (t ≥ the last update). */
  integral(t: number): number {
    const dt = t - this.tLast;
    if (dt < 0) throw new RangeError(`TimeWeighted.integral at ${t} before ${this.tLast}`);
    return this.area + this.v * dt;
  }

  /** Time-average over [start, tEnd]; the current value if the window is empty. */
  mean(tEnd: number): number {
    const span = tEnd - this.t0;
    return span > 0 ? this.integral(tEnd) / span : this.v;
  }

  /** Restarts the window at `t` keeping the current value (e.g. after a warm-up). */
  reset(t: number): void {
    if (t < this.tLast) throw new RangeError(`TimeWeighted.reset at ${t} before ${this.tLast}`);
    this.t0 = t;
    this.tLast = t;
    this.area = 0;
    this.hi = this.v;
    this.lo = this.v;
  }
}

// ---------------------------------------------------------------------------
// SeriesSampler

/**
 * `gauge`: the value at the sample time (queue length, instances).
 * `rate`: the reader returns a cumulative total (completions, or the
 * integral of busy servers); the series holds its increase over the step
 * ending at the sample time, divided by the step: throughput per second, or
 * the mean busy servers over the step. The first point of a rate is 0.
 */
export type SeriesKind = 'gauge' | 'rate';

export interface Series {
  readonly name: string;
  readonly kind: SeriesKind;
  readonly values: number[];
}

export interface SeriesResult {
  /** Simulated seconds between points. */
  readonly step: number;
  /** Sample times: 0, step, 2·step, … */
  readonly times: number[];
  readonly series: Series[];
}

export interface SeriesSamplerOptions {
  /** At most this many points per series (default 601: 600 steps plus the end point; at least 2). */
  maxPoints?: number;
  /** Requested step; raised to the smallest "nice" step that keeps within maxPoints. */
  step?: number;
}

/** 600 steps plus the end point: 10 min at 1 s, 1 min at 0.1 s, 1 h at 10 s. */
const DEFAULT_MAX_POINTS = 601;

interface SeriesSlot {
  name: string;
  kind: SeriesKind;
  read: (t: number) => number;
  values: Float64Array;
  prev: number;
}

/**
 * Samples named gauges and rates at t = 0, step, 2·step, … up to the run's
 * duration, with at most `maxPoints` points. The engine calls
 * `advanceTo(t)` before it applies the events at time t (in its hot loop:
 * the check is one comparison against `nextTime`); each point therefore
 * holds the state just before the events at that instant.
 */
export class SeriesSampler {
  declare readonly duration: number;
  declare readonly step: number;
  declare readonly maxPoints: number;
  /** Time of the next point to record; Infinity when all are recorded. */
  nextTime = 0;
  private k = 0;
  private declare readonly points: number;
  private declare readonly stepNum: number;
  private declare readonly stepDen: number;
  private readonly slots: SeriesSlot[] = [];
  /** Names taken, for the duplicate check (a scan of `slots` made a 5,000-component design quadratic). */
  private readonly names = new Set<string>();

  /**
   * The smallest step of the form {1, 2, 5}·10^k seconds that gives at most
   * `maxPoints` points over [0, duration] (both ends included).
   */
  static chooseStep(duration: number, maxPoints = DEFAULT_MAX_POINTS): number {
    const { num, den } = SeriesSampler.niceStep(duration, maxPoints);
    return num / den;
  }

  /**
   * The nice step as num / den with integers 10^-k in den, so that point
   * times k·num/den round once (51 · 2 / 10 is 10.2; 51 · 0.2 is not).
   */
  private static niceStep(duration: number, maxPoints: number): { num: number; den: number } {
    if (!(duration > 0) || !Number.isFinite(duration)) return { num: 1, den: 1 };
    const raw = duration / Math.max(1, maxPoints - 1);
    const e = Math.floor(Math.log10(raw));
    for (let k = e - 1; k <= e + 1; k++) {
      for (const m of [1, 2, 5]) {
        const num = k >= 0 ? m * 10 ** k : m;
        const den = k >= 0 ? 1 : 10 ** -k;
        if (SeriesSampler.pointsFor(duration, num / den) <= maxPoints) return { num, den };
      }
    }
    return { num: raw, den: 1 }; // unreachable: 10^(e+1) ≥ raw always fits
  }

  private static pointsFor(duration: number, step: number): number {
    // Tolerate rounding so that e.g. 60 / 0.1 counts 601 points, not 600.
    return Math.floor(duration / step + 1e-9) + 1;
  }

  constructor(duration: number, options: SeriesSamplerOptions = {}) {
    if (!(duration >= 0) || !Number.isFinite(duration)) {
      throw new RangeError(`SeriesSampler duration must be finite and >= 0, got ${duration}`);
    }
    const maxPoints = Math.max(2, Math.floor(options.maxPoints ?? DEFAULT_MAX_POINTS));
    let { num, den } = SeriesSampler.niceStep(duration, maxPoints);
    if (options.step !== undefined && options.step > num / den && Number.isFinite(options.step)) {
      num = options.step;
      den = 1;
    }
    this.duration = duration;
    this.maxPoints = maxPoints;
    this.step = num / den;
    this.stepNum = num;
    this.stepDen = den;
    this.points = Math.min(maxPoints, SeriesSampler.pointsFor(duration, this.step));
  }

  /** Number of points recorded so far. */
  get recorded(): number {
    return this.k;
  }

  /** Adds a series of instantaneous values read by `read(t)`. */
  gauge(name: string, read: (t: number) => number): void {
    this.addSlot(name, 'gauge', read);
  }

  /** Adds a series of per-second increases of the cumulative total `readTotal(t)`. */
  rate(name: string, readTotal: (t: number) => number): void {
    this.addSlot(name, 'rate', readTotal);
  }

  private addSlot(name: string, kind: SeriesKind, read: (t: number) => number): void {
    if (this.k > 0) throw new Error(`series ${name} added after sampling started`);
    if (this.names.has(name)) throw new Error(`duplicate series ${name}`);
    this.names.add(name);
    this.slots.push({ name, kind, read, values: new Float64Array(this.points), prev: 0 });
  }

  /** Records every point at a time ≤ t not yet recorded, with the readers' current values. */
  advanceTo(t: number): void {
    while (this.nextTime <= t) this.recordPoint();
  }

  /** Records the remaining points up to `tEnd` (default: the duration); call at the end of a run. */
  finish(tEnd: number = this.duration): void {
    this.advanceTo(tEnd);
  }

  /** Time of point k: k·step, clamped so that rounding never pushes the last point past the duration. */
  private timeOf(k: number): number {
    const t = (k * this.stepNum) / this.stepDen;
    return t < this.duration ? t : this.duration;
  }

  private recordPoint(): void {
    const k = this.k;
    const t = this.nextTime;
    for (const s of this.slots) {
      const v = s.read(t);
      if (s.kind === 'gauge') {
        s.values[k] = v;
      } else {
        s.values[k] = k === 0 ? 0 : (v - s.prev) / this.step;
        s.prev = v;
      }
    }
    this.k = k + 1;
    this.nextTime = this.k < this.points ? this.timeOf(this.k) : Infinity;
  }

  /** The points recorded so far, as plain arrays. */
  result(): SeriesResult {
    const n = this.k;
    const times: number[] = new Array<number>(n);
    for (let i = 0; i < n; i++) times[i] = this.timeOf(i);
    return {
      step: this.step,
      times,
      series: this.slots.map((s) => ({ name: s.name, kind: s.kind, values: Array.from(s.values.subarray(0, n)) })),
    };
  }
}

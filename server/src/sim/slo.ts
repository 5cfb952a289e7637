// The simulation's verdict on each SLO (docs/slo.md): the measured value of
// every target of the design's `slo { … }` blocks, and whether it was met.
// System targets read the client-request figures of the whole run; a
// client's targets read that client's own requests.
import type { SloMetric } from '../model/semantic';

/** An SLO target as the simulation model carries it (plain data: it crosses to worker threads). */
export interface SimSloTarget {
  metric: SloMetric;
  /** Seconds for latency metrics, a fraction for availability. */
  target: number;
  /** Undefined for the system's targets, else the client's name. */
  client?: string;
}

export interface SloVerdict extends SimSloTarget {
  /** Seconds or a fraction; NaN when no request completed (latency) or none was sent (availability). */
  value: number;
  /**
   * The 95 % confidence half-width of `value` across replications (`value`
   * is then their mean); null for a single run, which gives no interval.
   */
  valueCi95: number | null;
  met: boolean;
}

/** Latency figures (seconds) and request counts of one population of requests: the whole system's, or one client's. */
export interface SloFigures {
  latency: { mean: number; p50: number; p95: number; p99: number };
  /** Requests that completed, and those that ended otherwise (failed, dropped) or were not served. */
  served: number;
  total: number;
}

/**
 * Each target against the figures of its population. A latency target is
 * met when the measured value is at most the target, availability when the
 * served share is at least it. A figure that could not be measured (no
 * request completed) misses its target: nothing shows that it holds.
 */
export function sloVerdicts(targets: readonly SimSloTarget[], figuresOf: (client: string | undefined) => SloFigures | undefined): SloVerdict[] {
  return targets.map((t) => {
    const figures = figuresOf(t.client);
    const value = figures === undefined ? NaN : t.metric === 'availability' ? (figures.total > 0 ? figures.served / figures.total : NaN) : figures.latency[t.metric];
    const met = Number.isFinite(value) && (t.metric === 'availability' ? value >= t.target : value <= t.target);
    return { ...t, value, valueCi95: null, met };
  });
}

/**
 * The verdicts of several replications of one model: each target's value is
 * the mean over the runs, with its 95 % half-width, and is met or missed by
 * that mean (docs/slo.md).
 */
export function replicatedSloVerdicts(runs: readonly (readonly SloVerdict[])[], meanCi95: (xs: readonly number[]) => { mean: number; ci95: number }): SloVerdict[] {
  if (runs.length === 1) return [...runs[0]];
  return runs[0].map((first, i) => {
    const { mean, ci95 } = meanCi95(runs.map((r) => r[i].value));
    const met = Number.isFinite(mean) && (first.metric === 'availability' ? mean >= first.target : mean <= first.target);
    const { value: _value, valueCi95: _ci, met: _met, ...target } = first;
    return { ...target, value: mean, valueCi95: Number.isFinite(ci95) ? ci95 : null, met };
  });
}

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
   * The 95 % confidence interval of `value` across replications; null for a
   * single run, which gives one value and no interval.
   */
  valueCi95: [number, number] | null;
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

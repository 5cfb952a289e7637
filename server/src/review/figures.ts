// The few figures of a system that a reviewer compares between two versions:
// capacity (the busiest component and its utilization at peak), latency (the
// mean response the clients see) and, when the estimate carries them, cost
// and SLO figures. All read from the one estimate of the system.
import type { Analysis } from '../analyze';
import { round6, type JsonNumber } from '../estimate/report';
import type { SystemEstimate } from '../estimate/propagate';
import type { SystemModel } from '../model/types';

export interface SystemFigures {
  /** Busiest station's utilization at peak (1 = 100 %); null when no component has CPU capacity. */
  max_utilization: JsonNumber;
  /** The component with that utilization. */
  bottleneck: string | null;
  /** Requests per second the clients send at peak. */
  peak_rps: JsonNumber;
  /** Mean response time the clients see at peak, weighted by their rates; null when unbounded or no client. */
  mean_response_ms: JsonNumber;
  /** Cost and SLO figures, present only when the estimate provides them. */
  cost?: unknown;
  slo?: unknown;
}

/** Optional parts an estimate may carry (cost and SLO figures), passed on as they are. */
type WithExtras = SystemEstimate & { cost?: unknown; slo?: unknown };

export function figuresOf(estimate: SystemEstimate): SystemFigures {
  let busiest: { name: string; utilization: number } | undefined;
  for (const c of estimate.components) {
    if (!c.hasCapacity || c.utilization === undefined || Number.isNaN(c.utilization)) continue;
    if (!busiest || c.utilization > busiest.utilization) busiest = { name: c.name, utilization: c.utilization };
  }
  let rate = 0;
  let weighted = 0;
  for (const client of estimate.clients) {
    rate += client.rateRps;
    weighted += client.rateRps * client.meanResponse;
  }
  const out: SystemFigures = {
    max_utilization: busiest ? round6(busiest.utilization) : null,
    bottleneck: busiest?.name ?? null,
    peak_rps: round6(rate),
    mean_response_ms: rate > 0 ? round6((weighted / rate) * 1000) : null,
  };
  const extras = estimate as WithExtras;
  if (extras.cost !== undefined) out.cost = extras.cost;
  if (extras.slo !== undefined) out.slo = extras.slo;
  return out;
}

/** The figures of one system of an analysis, or null when it cannot be estimated. */
export function systemFigures(analysis: Analysis, system: SystemModel): SystemFigures | null {
  try {
    return figuresOf(analysis.estimate(system));
  } catch {
    return null;
  }
}

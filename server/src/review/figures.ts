// The few figures of a system that a reviewer compares between two versions:
// capacity (the busiest component and its utilization at peak), latency (the
// mean response the clients see), the monthly cost, and what the estimate
// says about each SLO target. All read from the one estimate of the system.
import type { Analysis } from '../analyze';
import { costJson, round6, type CostJson, type JsonNumber } from '../estimate/report';
import type { SystemEstimate } from '../estimate/propagate';
import { estimateSlos } from '../estimate/slo';
import type { SystemModel } from '../model/types';

/** One SLO target as the estimate sees it (docs/slo.md: percentiles are approximate). */
export interface SloFigure {
  metric: string;
  /** Only for a client's own targets. */
  client?: string;
  /** Milliseconds for latency, a fraction for availability. */
  target: JsonNumber;
  /** The estimate's value in the same unit; null when unbounded (a station on the path is overloaded). */
  estimate: JsonNumber;
  /** The estimate meets the target. */
  holds: boolean;
}

export interface SystemFigures {
  /** Busiest station's utilization at peak (1 = 100 %); null when no component has CPU capacity. */
  max_utilization: JsonNumber;
  /** The component with that utilization. */
  bottleneck: string | null;
  /** Requests per second the clients send at peak. */
  peak_rps: JsonNumber;
  /** Mean response time the clients see at peak, weighted by their rates; null when unbounded or no client. */
  mean_response_ms: JsonNumber;
  /** US dollars a month, in total and per priced component (as `estimate --format json` gives them). */
  cost: CostJson;
  /** Each SLO target of the design; absent when it declares none. */
  slo?: SloFigure[];
}

export function figuresOf(estimate: SystemEstimate, system?: SystemModel): SystemFigures {
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
    cost: costJson(estimate.cost),
  };
  const slos = system ? estimateSlos(system, estimate) : [];
  if (slos.length) {
    out.slo = slos.map(({ target, value }) => {
      const latency = target.metric !== 'availability';
      const unit = (x: number) => (Number.isFinite(x) ? round6(latency ? x * 1000 : x) : null);
      return {
        metric: target.metric,
        ...(target.client === undefined ? {} : { client: target.client }),
        target: unit(target.target),
        estimate: unit(value),
        holds: latency ? value <= target.target : value >= target.target,
      };
    });
  }
  return out;
}

/** The figures of one system of an analysis, or null when it cannot be estimated. */
export function systemFigures(analysis: Analysis, system: SystemModel): SystemFigures | null {
  try {
    return figuresOf(analysis.estimate(system), system);
  } catch {
    return null;
  }
}

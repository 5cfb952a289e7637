// What the estimate says about each SLO (docs/slo.md), for the rule
// slo-at-risk. The estimate knows mean response times only, so percentiles
// are approximate: each client's response time is taken as exponential with
// its mean (exact for one M/M/1 station, on the pessimistic side for a chain
// of stations, whose sum varies less). A system target mixes its clients by
// rate. Availability counts only what capacity loses at peak: requests a
// gateway's rate limit rejects and the excess arriving at an overloaded
// station. The language has no failure rates, so outages are not in it.
import type { ComponentModel, SystemModel } from '../model/types';
import { isLatencyMetric, sloTargetsOf, type SloMetric, type SloTarget } from '../model/semantic';
import type { SystemEstimate } from './propagate';
import { maxOf } from '../arrays';

export interface SloEstimate {
  target: SloTarget;
  /** Seconds or a fraction; Infinity when a station on the path is overloaded (latency). */
  value: number;
  /** The components whose overload or rate limit the value accounts for (availability, unbounded latency). */
  causes: string[];
}

/** The quantile of each latency metric; `mean` is the mean itself. */
const QUANTILE: Record<Exclude<SloMetric, 'availability'>, number | undefined> = { p50: 0.5, p95: 0.95, p99: 0.99, mean: undefined };

/** Every SLO target of `system` with the estimate's value for it. */
export function estimateSlos(system: SystemModel, estimate: SystemEstimate): SloEstimate[] {
  return sloTargetsOf(system).map((target) => {
    const clients = estimate.clients.filter((c) => (target.client === undefined || c.name === target.client) && c.rateRps > 0);
    if (isLatencyMetric(target.metric)) {
      const metric = target.metric as Exclude<SloMetric, 'availability'>;
      const overloaded = clients.filter((c) => !Number.isFinite(c.meanResponse));
      if (overloaded.length) return { target, value: Infinity, causes: overloadedOnPath(system, estimate, overloaded.map((c) => c.name)) };
      return { target, value: latency(clients, QUANTILE[metric]), causes: [] };
    }
    return availability(system, estimate, target, clients);
  });
}

/** The rate-weighted mean, or the quantile of the rate-weighted mixture of exponentials. */
function latency(clients: { rateRps: number; meanResponse: number }[], quantile: number | undefined): number {
  const total = clients.reduce((s, c) => s + c.rateRps, 0);
  if (total === 0) return 0;
  if (quantile === undefined) return clients.reduce((s, c) => s + c.rateRps * c.meanResponse, 0) / total;
  // P(T > t) = Σ wᵢ·exp(−t/mᵢ) falls from 1 to 0: bisect for 1 − q.
  const tail = (t: number) => clients.reduce((s, c) => s + (c.rateRps / total) * (c.meanResponse > 0 ? Math.exp(-t / c.meanResponse) : 0), 0);
  let lo = 0;
  let hi = maxOf(clients.map((c) => c.meanResponse)) * Math.log(1 / (1 - quantile));
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (tail(mid) > 1 - quantile) lo = mid;
    else hi = mid;
  }
  return hi;
}

function availability(system: SystemModel, estimate: SystemEstimate, target: SloTarget, clients: { name: string; rateRps: number }[]): SloEstimate {
  const total = clients.reduce((s, c) => s + c.rateRps, 0);
  const causes = new Set<string>();
  let served = 0;
  for (const client of clients) {
    // A request is assumed to pass every component its client reaches synchronously: losses multiply (pessimistic for branching paths).
    let kept = 1;
    for (const c of syncReach(system, client.name)) {
      const loss = lossAt(estimate, c);
      if (loss > 0) causes.add(c.name);
      kept *= 1 - loss;
    }
    served += client.rateRps * kept;
  }
  return { target, value: total > 0 ? served / total : 1, causes: [...causes] };
}

/** The share of a component's peak arrivals that capacity loses: rate-limit rejections, or the excess over an overloaded station's capacity. */
function lossAt(estimate: SystemEstimate, c: ComponentModel): number {
  const e = estimate.byName.get(c.name);
  if (!e || !(e.rateRps > 0)) return 0;
  let kept = 1;
  if (e.rejectedRps) kept *= 1 - e.rejectedRps / e.rateRps;
  if (e.hasCapacity && e.utilization !== undefined && e.utilization > 1) kept *= 1 / e.utilization;
  return 1 - kept;
}

function overloadedOnPath(system: SystemModel, estimate: SystemEstimate, clients: string[]): string[] {
  const names = new Set<string>();
  for (const client of clients) {
    for (const c of syncReach(system, client)) {
      const e = estimate.byName.get(c.name);
      if (e?.hasCapacity && e.utilization !== undefined && e.utilization >= 1) names.add(c.name);
    }
  }
  return [...names];
}

/** Components a client reaches through synchronous calls (its requests wait for them). */
function syncReach(system: SystemModel, clientName: string): ComponentModel[] {
  const start = system.components.get(clientName);
  if (!start) return [];
  const seen = new Set<ComponentModel>();
  const stack = [start];
  while (stack.length) {
    const c = stack.pop()!;
    for (const edge of c.outgoing) {
      if (edge.async || edge.consumer || seen.has(edge.to)) continue;
      seen.add(edge.to);
      stack.push(edge.to);
    }
  }
  return [...seen];
}

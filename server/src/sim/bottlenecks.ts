/**
 * What went wrong in a run, component by component, in words: the
 * "Bottlenecks" section of `sysdesign simulate` and the editor's
 * `sysdesign-sim` diagnostics say the same thing. A pure function of the
 * result (no I/O, no editor).
 *
 * A component is listed when, during the run, it
 * - saturated: its queue passed SATURATION_QUEUE (100) requests, or it
 *   dropped a request because its queue was full (`saturatedAt`, the first
 *   simulated time either happened);
 * - dropped requests (a full `max_queue`; pub/sub messages for a consumer
 *   that is down);
 * - failed requests (stopped or unreachable, refused writes, rate limits,
 *   timeouts); the time is the start of the first series step with errors.
 * Clients, regions and groups are never listed (a client's failures are the
 * system's, reported at the components where they happened), nor are parts
 * the scenario stopped whose only trouble is the failures that follow (the
 * outage is the scenario's, not a bottleneck).
 */
import { formatCount, formatDuration, formatPercent } from '../estimate/human';
import { SATURATION_QUEUE } from './engine';
import type { ComponentResult, SimResult } from './results';

export interface Bottleneck {
  component: string;
  /** Simulated seconds: when it first saturated, dropped or failed; null when unknown. */
  at: number | null;
  saturated: boolean;
  /** Its queue passed SATURATION_QUEUE requests. */
  queueOver: boolean;
  dropped: number;
  failed: number;
  timeouts: number;
  /** Busiest station's utilization, or null for components without stations. */
  utilization: number | null;
  /** "queued more than 100 requests from t = 12.3 s (queue max 412, utilization 97%)", without the name. */
  summary: string;
}

/** "t = 12.3 s", "t = 5 min". */
export function formatSimTime(seconds: number): string {
  return `t = ${formatDuration(seconds)}`;
}

/** Start of the first series step in which `errors_rps.NAME` was above zero. */
function firstErrorTime(result: SimResult, name: string): number | null {
  const series = result.series.series.find((s) => s.name === `errors_rps.${name}`);
  if (!series) return null;
  const times = result.series.times;
  for (let i = 0; i < series.values.length; i++) {
    if (series.values[i] > 0) return i === 0 ? times[0] : times[i - 1];
  }
  return null;
}

function requests(n: number): string {
  return `${formatCount(n)} request${n === 1 ? '' : 's'}`;
}

function describe(c: ComponentResult, b: Omit<Bottleneck, 'summary'>, failedAt: number | null): string {
  const parts: string[] = [];
  const details: string[] = [];
  const at = c.saturatedAt;
  const from = at === null ? '' : ` from ${formatSimTime(at)}`;
  if (b.queueOver && b.dropped > 0) {
    parts.push(`saturated${from}: its queue passed ${SATURATION_QUEUE} requests and it dropped ${requests(b.dropped)}`);
    details.push(`queue max ${formatCount(c.maxQueue)}`);
  } else if (b.queueOver) {
    parts.push(`queued more than ${SATURATION_QUEUE} requests${from}`);
    details.push(`queue max ${formatCount(c.maxQueue)}`);
  } else if (b.dropped > 0) {
    parts.push(`dropped ${requests(b.dropped)}${c.role === 'pubsub' ? ' (consumers down)' : ' (queue full)'}${from}`);
  } else if (b.saturated) {
    parts.push(`saturated${from} (during the warm-up)`);
  }
  if (b.failed > 0) {
    const timeouts = b.timeouts > 0 ? ` (${formatCount(b.timeouts)} timed out)` : '';
    const when = failedAt !== null && !(b.saturated && failedAt === at) ? ` from about ${formatSimTime(failedAt)}` : '';
    parts.push(`failed ${requests(b.failed)}${timeouts}${when}`);
  }
  if (b.utilization !== null) details.push(`utilization ${formatPercent(b.utilization)}`);
  return `${parts.join('; ')}${details.length > 0 ? ` (${details.join(', ')})` : ''}`;
}

/** The components that saturated, dropped or failed requests, by the time it first happened, then declaration order. */
export function findBottlenecks(result: SimResult): Bottleneck[] {
  const withStations = new Set(result.stations.map((s) => s.component));
  const out: Bottleneck[] = [];
  for (const c of result.components) {
    if (c.role === 'client' || c.kind === 'region' || c.kind === 'group') continue;
    const saturated = c.saturatedAt !== null;
    if (!saturated && c.dropped === 0 && c.failed === 0) continue;
    if (!saturated && c.dropped === 0 && c.stoppedByScenario) continue;
    const failedAt = c.failed > 0 ? firstErrorTime(result, c.name) : null;
    const base = {
      component: c.name,
      at: saturated ? c.saturatedAt : failedAt,
      saturated,
      queueOver: c.maxQueue > SATURATION_QUEUE,
      dropped: c.dropped,
      failed: c.failed,
      timeouts: c.timeouts,
      utilization: withStations.has(c.name) ? c.utilization : null,
    };
    out.push({ ...base, summary: describe(c, base, failedAt) });
  }
  const order = new Map(result.components.map((c, i) => [c.name, i]));
  return out.sort((a, b) => (a.at ?? Infinity) - (b.at ?? Infinity) || order.get(a.component)! - order.get(b.component)!);
}

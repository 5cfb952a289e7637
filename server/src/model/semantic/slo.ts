// Service-level objectives (docs/slo.md): the `slo { … }` blocks of a system
// and of its clients, resolved into targets once per model, so the rule
// slo-at-risk, the simulation's verdicts and the preview read the same list.
import type { Span } from '../../syntax/ast';
import type { BlockModel, SystemModel } from '../types';
import type { PropertyName } from '../../schema/property-names';

/** Latency metrics are response-time statistics; availability is the share of requests that succeed. */
export type SloMetric = 'p50' | 'p95' | 'p99' | 'mean' | 'availability';

/** In the order targets are listed and reported. */
export const SLO_METRICS: readonly SloMetric[] = ['p50', 'p95', 'p99', 'mean', 'availability'];

export interface SloTarget {
  metric: SloMetric;
  /** Seconds for latency metrics, a fraction (0.999) for availability. */
  target: number;
  /** Undefined for the system's objectives (every client's requests together), else the client's name. */
  client: string | undefined;
  /** The `metric: value` as written, for diagnostics. */
  span: Span;
}

const objectives = new WeakMap<SystemModel, SloTarget[]>();

/** Every SLO target of the system: the system's block first, then each client's, in declaration order. */
export function sloTargetsOf(system: SystemModel): SloTarget[] {
  let list = objectives.get(system);
  if (!list) objectives.set(system, (list = resolve(system)));
  return list;
}

export function isLatencyMetric(metric: SloMetric): boolean {
  return metric !== 'availability';
}

function resolve(system: SystemModel): SloTarget[] {
  const out: SloTarget[] = [];
  if (system.slo) collect(system.slo, undefined, out);
  for (const c of system.components.values()) {
    const block = c.kind === 'client' ? c.blocks.get('slo') : undefined;
    if (block) collect(block, c.name, out);
  }
  return out;
}

function collect(block: BlockModel, client: string | undefined, out: SloTarget[]): void {
  for (const metric of SLO_METRICS) {
    const value = block.props.get(metric satisfies PropertyName);
    if (!value?.explicit || typeof value.value !== 'number') continue;
    out.push({ metric, target: value.value, client, span: value.span ?? block.span });
  }
}

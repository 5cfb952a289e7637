// Shared wording for the capacity rules: what a component needs at peak
// against what it has, and the instance count that would bring it under 80 %.
import type { ComponentModel } from '../model/types';
import type { ComponentEstimate } from '../estimate/propagate';
import { formatDuration, formatPercent, formatRate } from '../estimate/human';
import type { Span } from '../syntax/ast';
import type { FixBuilder } from './fixes';
import type { Fix } from './types';
import { describe, capitalised } from './helpers';

export const NEAR_CAPACITY = 0.8;

export function loadSentence(c: ComponentModel, e: ComponentEstimate): string {
  const busiest = e.stations.reduce((a, b) => (b.utilization > a.utilization ? b : a), e.stations[0]);
  const where = c.kind === 'database' && busiest ? ` (busiest: each ${busiest.label})` : '';
  return `${capitalised(describe(c))} receives ${formatRate(e.rateRps)} at peak × ${formatDuration(e.serviceTime ?? 0)} = ${+(e.coresNeeded ?? 0).toPrecision(3)} cores of work, against ${e.instances} × ${e.coresPerInstance} cores: it runs at ${formatPercent(e.utilization ?? 0)} of capacity${where}`;
}

/** Where the fix goes: the instance count (or autoscale max), else the name. */
export function capacitySpan(c: ComponentModel): Span {
  const autoscale = c.blocks.get('autoscale');
  if (autoscale) return autoscale.props.get('max')?.valueSpan ?? autoscale.span;
  return c.props.get(c.kind === 'job' ? 'workers' : 'instances')?.valueSpan ?? c.nameSpan;
}

/** Instances needed to stay under the near-capacity threshold. */
export function instancesFor(e: ComponentEstimate, target = NEAR_CAPACITY * 0.875): number {
  return Math.max(1, Math.ceil((e.coresNeeded ?? 0) / ((e.coresPerInstance ?? 1) * target) - 1e-9));
}

export function scaleFix(c: ComponentModel, e: ComponentEstimate, fix: FixBuilder): Fix[] | undefined {
  if (c.kind === 'database' || !e.coresPerInstance) return undefined;
  const n = instancesFor(e);
  if (c.kind === 'job') return [{ title: `Set workers: ${n}`, edits: [fix.setProperty(c.decl, c.props, 'workers', String(n))], preferred: true }];
  const autoscale = c.blocks.get('autoscale');
  if (autoscale) return [{ title: `Raise autoscale max to ${n}`, edits: [fix.setProperty(autoscale.decl, autoscale.props, 'max', String(n))] }];
  return [{ title: `Set instances: ${n} (about 70% busy at peak)`, edits: [fix.setProperty(c.decl, c.props, 'instances', String(n))], preferred: true }];
}

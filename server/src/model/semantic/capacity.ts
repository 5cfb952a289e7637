// How much a component can serve: the one place that turns `instances`,
// `workers`, `cores` and `autoscale { … }` into numbers. The rules, the
// estimate and the simulation all read these objects, so they agree on how
// many instances a component has (docs/semantic-model.md).
import type { ComponentModel } from '../types';

export interface Autoscale {
  min: number;
  max: number;
  /** Utilisation autoscaling aims for (a fraction). */
  targetCpu: number;
  /** Seconds from the decision to add an instance until it serves. */
  warmup: number;
  /** Seconds between checks. */
  interval: number;
}

export interface Capacity {
  /**
   * The instance count the design writes: `workers` for a batch job (its
   * parallelism), `instances` for everything else; at least 1.
   */
  fixed: number;
  /** Cores per instance (each serves one request at a time). */
  cores: number;
  autoscale?: Autoscale;
}

export function capacityOf(c: ComponentModel): Capacity {
  const fixed = wholeAtLeastOne(c.kind === 'job' ? c.props.num('workers') : c.props.num('instances'));
  const cores = wholeAtLeastOne(c.props.num('cores'));
  const block = c.blocks.get('autoscale');
  if (!block) return { fixed, cores };
  // The schema supplies target_cpu, warmup and interval when they are not written.
  const min = wholeAtLeastOne(block.props.num('min'));
  const autoscale: Autoscale = {
    min,
    max: Math.max(min, wholeAtLeastOne(block.props.num('max') ?? min)),
    targetCpu: block.props.num('target_cpu')!,
    warmup: block.props.num('warmup')!,
    interval: block.props.num('interval')!,
  };
  return { fixed, cores, autoscale };
}

/** The most instances the component may run: autoscale's max when it autoscales. */
export function maxInstances(capacity: Capacity): number {
  return Math.max(capacity.fixed, capacity.autoscale?.max ?? 0);
}

/**
 * The autoscaler's steady state for an arrival rate (v2 §1):
 * `n = clamp(ceil(λ·S / (cores · target_cpu)), min, max)`, where λ·S is the
 * cores' worth of work arriving (plus one instance in the corner where that
 * exactly fills them, which only a 100 % target reaches). Undefined without
 * autoscale.
 */
export function steadyInstances(capacity: Capacity, arrivalRate: number, meanServiceTime: number): number | undefined {
  const a = capacity.autoscale;
  if (!a) return undefined;
  const work = arrivalRate * meanServiceTime;
  let needed = Math.ceil(work / (capacity.cores * a.targetCpu) - 1e-9);
  // Work that exactly fills the instances (a 100 % target) has no steady state: the queue grows and
  // the autoscaler, which counts queued work, adds one more.
  if (work > 0 && needed * capacity.cores <= work * (1 + 1e-12)) needed++;
  return Math.min(a.max, Math.max(a.min, needed));
}

function wholeAtLeastOne(n: number | undefined): number {
  return n !== undefined && Number.isFinite(n) && n >= 1 ? Math.floor(n) : 1;
}

// Facts about a system that several rules share, computed once per system:
// whether it is distributed (cap-ca-distributed's definition), which components sit on
// a client's synchronous request path, and the synchronous call graph.
import type { ComponentModel, EdgeModel, SystemModel } from '../model/types';
import type { RelatedInfo } from '../diagnostics';
import { estimateSystem, SystemEstimate } from '../estimate/propagate';

export interface SystemFacts {
  /** Undefined when the system is not distributed; otherwise what makes it so. */
  distributedBecause: RelatedInfo | undefined;
  /** Components reached from a client through synchronous calls. */
  onRequestPath: Set<ComponentModel>;
  /** Synchronous call edges (not async, not consumer edges). */
  syncEdges: EdgeModel[];
  /** The analytic capacity estimate, computed on first use. */
  readonly estimate: SystemEstimate;
}

/** Instances a component may run: autoscale's max when it autoscales. */
export function maxInstances(c: ComponentModel): number {
  const autoscale = c.blocks.get('autoscale');
  return Math.max(c.props.num('instances') ?? 1, autoscale?.props.num('max') ?? 0);
}

export function replicationMode(c: ComponentModel): string {
  return c.blocks.get('replication')?.props.str('mode') ?? 'none';
}

export function replicaCount(c: ComponentModel): number {
  return c.blocks.get('replication')?.props.num('replicas') ?? 0;
}

export function shardCount(c: ComponentModel): number {
  const shards = c.blocks.get('sharding')?.props.value<{ min: number; max: number }>('shards');
  return shards ? shards.max : 1;
}

export function isSyncCall(e: EdgeModel): boolean {
  return !e.async && !e.consumer;
}

/**
 * A system is distributed (docs/rules/cap-ca-distributed.md) when any component has more than one
 * instance, replica, shard, partition or region, or any database has
 * replication other than `none`.
 */
export function distributedBecause(system: SystemModel): RelatedInfo | undefined {
  const regions = [...system.components.values()].filter((c) => c.kind === 'region');
  if (regions.length > 1) return { message: `It spans ${regions.length} regions.`, span: regions[1].nameSpan };
  for (const c of system.components.values()) {
    const instances = maxInstances(c);
    if (instances > 1) return { message: `'${c.name}' runs ${instances} instances.`, span: c.props.get('instances')?.span ?? c.blocks.get('autoscale')?.span ?? c.nameSpan };
    if (c.kind === 'database') {
      const mode = replicationMode(c);
      if (mode !== 'none' || replicaCount(c) > 0) return { message: `'${c.name}' is replicated.`, span: c.blocks.get('replication')!.span };
      if (shardCount(c) > 1) return { message: `'${c.name}' has ${shardCount(c)} shards.`, span: c.blocks.get('sharding')!.span };
    }
    if (c.kind === 'stream' && (c.props.num('partitions') ?? 1) > 1) return { message: `'${c.name}' has ${c.props.num('partitions')} partitions.`, span: c.props.span('partitions', c.nameSpan) };
  }
  return undefined;
}

export function computeFacts(system: SystemModel): SystemFacts {
  const syncEdges = system.edges.filter(isSyncCall);
  const onRequestPath = new Set<ComponentModel>();
  const stack = [...system.components.values()].filter((c) => c.kind === 'client');
  while (stack.length) {
    const c = stack.pop()!;
    for (const e of c.outgoing) {
      if (!isSyncCall(e) || onRequestPath.has(e.to)) continue;
      onRequestPath.add(e.to);
      stack.push(e.to);
    }
  }
  let estimate: SystemEstimate | undefined;
  return {
    distributedBecause: distributedBecause(system),
    onRequestPath,
    syncEdges,
    get estimate() {
      return (estimate ??= estimateSystem(system));
    },
  };
}

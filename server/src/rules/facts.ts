// Facts about a system that several rules share, computed once per system:
// whether it is distributed (cap-ca-distributed's definition), which components sit on
// a client's synchronous request path, and the synchronous call graph.
import type { ComponentModel, EdgeModel, SystemModel } from '../model/types';
import type { RelatedInfo } from '../diagnostics';
import type { SystemEstimate } from '../estimate/propagate';
import { estimateOf } from '../estimate/per-version';
import { databaseLayout, mostInstances, semanticsOf } from '../model/semantic';

export interface SystemFacts {
  /** Undefined when the system is not distributed; otherwise what makes it so. */
  distributedBecause: RelatedInfo | undefined;
  /** Components reached from a client through synchronous calls. */
  onRequestPath: Set<ComponentModel>;
  /** Synchronous call edges (not async, not consumer edges). */
  syncEdges: EdgeModel[];
  /** The analytic capacity estimate of this version, computed on first use (estimate/per-version.ts). */
  readonly estimate: SystemEstimate;
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
    const instances = mostInstances(c);
    if (instances > 1) return { message: `'${c.name}' runs ${instances} instances.`, span: c.props.get('instances')?.span ?? c.blocks.get('autoscale')?.span ?? c.nameSpan };
    const db = databaseLayout(c);
    if (db) {
      if (db.writtenMode !== 'none' || db.replicas > 0) return { message: `'${c.name}' is replicated.`, span: c.blocks.get('replication')!.span };
      if (db.shards > 1) return { message: `'${c.name}' has ${db.shards} shards.`, span: c.blocks.get('sharding')!.span };
    }
    const partitions = semanticsOf(c).routing.partitions;
    if (partitions > 1) return { message: `'${c.name}' has ${partitions} partitions.`, span: c.props.span('partitions', c.nameSpan) };
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
  return {
    distributedBecause: distributedBecause(system),
    onRequestPath,
    syncEdges,
    get estimate() {
      return estimateOf(system);
    },
  };
}

// Facts about a system that several rules share, computed once per system:
// whether its state is distributed (cap-ca-distributed's definition), which components sit on
// a client's synchronous request path, and the synchronous call graph.
import type { ComponentModel, EdgeModel, SystemModel } from '../model/types';
import type { RelatedInfo } from '../diagnostics';
import type { SystemEstimate } from '../estimate/propagate';
import { estimateOf } from '../estimate/per-version';
import { databaseLayout, isManagement, mostInstances, semanticsOf } from '../model/semantic';

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

/** A synchronous request: not async, not a consumer edge, not an orchestrator's management connection. */
export function isSyncCall(e: EdgeModel): boolean {
  return !e.async && !e.consumer && !isManagement(e);
}

/**
 * A system is distributed in the sense of CAP (docs/rules/cap-ca-distributed.md)
 * when its *state* lives on more than one node: a replicated, sharded or
 * autoscaled database, a stream with more than one partition, or a stateful
 * service or worker with more than one instance. Stateless tiers (balancers,
 * gateways, stateless services) may run many instances without forcing a
 * choice: they hold no data that a partition could split.
 */
export function distributedBecause(system: SystemModel): RelatedInfo | undefined {
  for (const c of system.components.values()) {
    const db = databaseLayout(c);
    if (db) {
      if (db.mode !== 'none') return { message: `Database '${c.name}' keeps ${db.copies} copies of its data.`, span: c.blocks.get('replication')!.span };
      if (db.shards > 1) return { message: `Database '${c.name}' splits its data over ${db.shards} shards.`, span: c.blocks.get('sharding')!.span };
      const nodes = mostInstances(c);
      if (nodes > 1) return { message: `Database '${c.name}' autoscales to ${nodes} nodes.`, span: c.blocks.get('autoscale')?.span ?? c.nameSpan };
      continue;
    }
    const partitions = semanticsOf(c).routing.partitions;
    if (partitions > 1) return { message: `Stream '${c.name}' splits its log over ${partitions} partitions.`, span: c.props.span('partitions', c.nameSpan) };
    const instances = mostInstances(c);
    if (instances > 1 && c.props.bool('stateful') === true) {
      return { message: `'${c.name}' is stateful and runs ${instances} instances.`, span: c.props.get('stateful')?.span ?? c.nameSpan };
    }
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

// The resolved semantic model of a system: typed capacity, service time and
// database layout per component, and the edges the design implies. Built once
// per SystemModel (an analysis builds the models of the systems an edit
// touched and keeps the others, reanalysis.ts) and read by the rules, the
// estimate, the simulation and the editor features instead of property names.
import type { ComponentModel, EdgeModel, SystemModel } from '../types';
import { capacityOf, type Capacity } from './capacity';
import { serviceTimeOf, type ServiceTime } from './service';
import { databaseLayoutOf, type DatabaseLayout } from './database';
import { impliedOriginEdge, type ImpliedEdge } from './implied';
import { isManagement, routingOf, type Routing } from './routing';
import { consumerGroupsOf, type ConsumerGroup } from './groups';
import { pushAll } from '../../arrays';

export interface ComponentSemantics {
  component: ComponentModel;
  capacity: Capacity;
  serviceTime: ServiceTime | undefined;
  /** The most requests that may wait for a core; undefined = unbounded. */
  queueBound: number | undefined;
  /** Seconds; undefined = none. */
  timeout: number | undefined;
  /** Only for databases. */
  database: DatabaseLayout | undefined;
  routing: Routing;
  /** Only for streams: its consumer groups, each marked implied when no member names it (groups.ts). */
  consumerGroups: ConsumerGroup[];
}

export interface SemanticModel {
  system: SystemModel;
  /**
   * The connections that carry requests, per component: its explicit outgoing
   * connections except management ones (an orchestrator's), then implied ones
   * (a CDN's origin). The estimate and the simulation route over these only.
   */
  outgoing: Map<ComponentModel, EdgeModel[]>;
  /** Connections from an orchestrator: management, carrying no request load (routing.ts, isManagement). */
  management: EdgeModel[];
  /** Every edge the design implies, in component order. */
  implied: ImpliedEdge[];
}

// Both caches are keyed by objects each analysis makes afresh, so they hold
// one resolution per analysis and die with it.
const components = new WeakMap<ComponentModel, ComponentSemantics>();
const systems = new WeakMap<SystemModel, SemanticModel>();

/** What one component is, resolved: read this rather than its properties. */
export function semanticsOf(c: ComponentModel): ComponentSemantics {
  let s = components.get(c);
  if (!s) components.set(c, (s = resolveComponent(c)));
  return s;
}

/** The system-level part: connections including the implied ones. */
export function semanticModel(system: SystemModel): SemanticModel {
  let model = systems.get(system);
  if (!model) systems.set(system, (model = resolveSystem(system)));
  return model;
}

function resolveComponent(c: ComponentModel): ComponentSemantics {
  return {
    component: c,
    capacity: capacityOf(c),
    serviceTime: serviceTimeOf(c.props.value('service_time')),
    queueBound: c.props.num('max_queue'),
    timeout: c.props.num('timeout'),
    database: c.kind === 'database' ? databaseLayoutOf(c) : undefined,
    routing: routingOf(c),
    consumerGroups: consumerGroupsOf(c),
  };
}

function resolveSystem(system: SystemModel): SemanticModel {
  const outgoing = new Map<ComponentModel, EdgeModel[]>();
  const implied: ImpliedEdge[] = [];
  const management: EdgeModel[] = [];
  for (const c of system.components.values()) {
    const origin = impliedOriginEdge(c, system);
    if (origin) implied.push(origin);
    const requests = c.outgoing.some(isManagement) ? c.outgoing.filter((e) => !isManagement(e)) : c.outgoing;
    if (requests !== c.outgoing) pushAll(management, c.outgoing.filter(isManagement));
    outgoing.set(c, origin ? [...requests, origin] : requests);
  }
  return { system, outgoing, implied, management };
}

export type { Capacity, Autoscale } from './capacity';
export { maxInstances, steadyInstances } from './capacity';
import { maxInstances } from './capacity';
export type { ServiceTime } from './service';
export type { DatabaseLayout, ReplicationMode } from './database';
export { quorumOverlaps } from './database';
export type { ImpliedEdge } from './implied';
export type { Routing } from './routing';
export type { ConsumerGroup } from './groups';
export { consumerGroupName } from './groups';
export { carries, fixedRateOf, isManagement } from './routing';
export { isImplied } from './implied';

/** The most instances `c` may run: autoscale's max when it autoscales, a job's `workers`. */
export function mostInstances(c: ComponentModel): number {
  return maxInstances(semanticsOf(c).capacity);
}

/** The layout of a database; undefined for other kinds. */
export function databaseLayout(c: ComponentModel): DatabaseLayout | undefined {
  return semanticsOf(c).database;
}
export type { SloMetric, SloTarget } from './slo';
export { isLatencyMetric, sloTargetsOf, SLO_METRICS } from './slo';
export type { PriceOverride } from './price';
export { budgetOf, priceOverrideOf } from './price';

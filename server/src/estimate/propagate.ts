// Analytic capacity model: offered load at every component, from the clients
// through the connections with the routing of docs/simulation.md, then
// per-station queueing figures (stations.ts: service shape, bounded queues,
// balancing, fork–join; docs/estimate.md) and mean response times summed
// along the synchronous paths. Every figure says whether it is exact.
import type { ComponentModel, EdgeModel, SystemModel } from '../model/types';
import { carries, consumerGroupName, isImplied, semanticModel, semanticsOf, steadyInstances, type Routing } from '../model/semantic';
import { fixedRateOf, splitOverChooser, type RateExcess } from '../model/semantic/routing';
import { queryPlanOf, type QueryPlan } from '../model/semantic/queries';
import { readRatioOf } from '../model/semantic/traffic';
import { workloadFigures, WorkloadFigures } from './workload';
import { maxOf } from '../arrays';
import { balancingOf, type Balancing } from './balancing';
import { forkJoinMax } from './fork-join';
import { databaseResponse, databaseStations, instanceStations, shardResponse, type BalancingMix, type Flow, type StationEstimate } from './stations';
import { systemCost, type SystemCost } from './cost';

export type { Flow, StationEstimate } from './stations';

export interface ComponentEstimate {
  name: string;
  kind: string;
  /** Offered load at peak and on average. */
  peak: Flow;
  average: Flow;
  rateRps: number;
  avgRateRps: number;
  /** Has CPU capacity (a station); false for clients, DNS, CDNs, messaging and boxes. */
  hasCapacity: boolean;
  serviceTime?: number;
  coresPerInstance?: number;
  /** Instances (database: shard copies) available at peak. */
  instances?: number;
  /** CPU demand in cores: rate × service time (databases include replication work). */
  coresNeeded?: number;
  avgCoresNeeded?: number;
  serversNeeded?: number;
  /** Busiest station's utilization at peak / on average. */
  utilization?: number;
  avgUtilization?: number;
  stations: StationEstimate[];
  /** Mean time spent at this component itself at peak (waiting + service). */
  ownResponse: number;
  /** Mean response including the synchronous calls it makes, at peak. */
  pathResponse: number;
  /** Own and path response of a read and of a write (a read and a write may take different paths and times). */
  ownByClass: Flow;
  pathByClass: Flow;
  /** ownResponse and blocking are closed forms for what the simulator runs (docs/estimate.md). */
  exact: boolean;
  /** pathResponse is exact: this component and everything it waits for are. */
  pathExact: boolean;
  /** Share of arrivals a full bounded queue (`max_queue`) turns away at peak; 0 without one. */
  blocking: number;
  /** Requests per second turned away by full queues at peak. */
  lostRps: number;
  /** Has `max_queue`: overload loses requests instead of growing a backlog. */
  boundedQueue: boolean;
  /** Cache or CDN hit ratio applied to reads. */
  hitRatio?: number;
  /** Requests a gateway rejects per second at peak because of its rate limit. */
  rejectedRps?: number;
  /** Autoscale's bounds, when the component autoscales. */
  autoscaleRange?: { min: number; max: number; targetCpu: number };
  /** The autoscaler's steady state for the peak load (undefined without autoscale). */
  instancesSteady?: number;
}

export interface QueryEstimate {
  name: string;
  database: string;
  rateRps: number;
  shardsAsked: number;
  /** Mean time until the slowest shard asked answers, at peak. */
  meanResponse: number;
  exact: boolean;
}

export interface EdgeEstimate {
  edge: EdgeModel;
  peak: Flow;
}

export interface SystemEstimate {
  system: string;
  workload?: WorkloadFigures;
  peakFactor: number;
  components: ComponentEstimate[];
  byName: Map<string, ComponentEstimate>;
  edges: EdgeEstimate[];
  /**
   * Every connection's flow at peak before its own fixed `rate:` applies
   * (implied edges included): what the simulation thins a fixed rate from.
   */
  naturalFlows: Map<EdgeModel, Flow>;
  /** Every connection's flow at peak as routed (fixed rates applied): a chooser's split, which the simulation follows. */
  routedFlows: Map<EdgeModel, Flow>;
  /** Queries with a `rate`: what each run waits for. */
  queries: QueryEstimate[];
  /** Connections out of a chooser whose fixed `rate:` exceeds what arrives (rule fixed-rate-exceeds-inflow). */
  rateExcess: RateExcess[];
  /** Mean response time each client sees at peak. */
  clients: { name: string; rateRps: number; meanResponse: number; exact: boolean }[];
  notes: string[];
  /** What the design costs a month, from the average load (docs/cost.md). */
  cost: SystemCost;
}

const total = (f: Flow) => f.reads + f.writes;
const scale = (f: Flow, k: number): Flow => ({ reads: f.reads * k, writes: f.writes * k });
const add = (a: Flow, b: Flow): Flow => ({ reads: a.reads + b.reads, writes: a.writes + b.writes });
const ZERO: Flow = { reads: 0, writes: 0 };

/** Kinds that are not stations: managed or pass-through parts and diagram boxes. */
const NO_CAPACITY = new Set(['client', 'dns', 'cdn', 'queue', 'stream', 'pubsub', 'region', 'group']);

export interface Outgoing {
  edge: EdgeModel;
  target: ComponentModel;
}

/** Explicit connections plus the implied ones (a CDN's origin), from the semantic model. */
export function outgoing(c: ComponentModel, system: SystemModel): Outgoing[] {
  return semanticModel(system).outgoing.get(c)!.map((edge) => ({ edge, target: edge.to }));
}

/** True for an edge the design implies (a CDN's origin) rather than writes. */
export const isImpliedOrigin = isImplied;

/**
 * Order components so every (non-back) edge goes forward; back edges of
 * cycles are dropped. The simulation drops the same ones (sim/model.ts).
 */
export function topologicalOrder(system: SystemModel, outgoingOf: (c: ComponentModel) => Outgoing[] = (c) => outgoing(c, system)): { order: ComponentModel[]; backEdges: Set<EdgeModel> } {
  const state = new Map<ComponentModel, 1 | 2>();
  const post: ComponentModel[] = [];
  const backEdges = new Set<EdgeModel>();
  // Start from the clients (where load enters), then the other sources, so
  // the edge dropped from a cycle is the one that closes it, not one on the
  // way in (which would starve the cycle's later members).
  const all = [...system.components.values()];
  const roots = [
    ...all.filter((c) => c.kind === 'client'),
    ...all.filter((c) => c.kind !== 'client' && c.incoming.length === 0),
    ...all.filter((c) => c.kind !== 'client' && c.incoming.length > 0),
  ];
  for (const root of roots) {
    if (state.has(root)) continue;
    const stack: { node: ComponentModel; edges: Outgoing[]; i: number }[] = [{ node: root, edges: outgoingOf(root), i: 0 }];
    state.set(root, 1);
    while (stack.length) {
      const top = stack[stack.length - 1];
      if (top.i >= top.edges.length) {
        state.set(top.node, 2);
        post.push(top.node);
        stack.pop();
        continue;
      }
      const { edge, target } = top.edges[top.i++];
      const s = state.get(target);
      if (s === 1) backEdges.add(edge);
      else if (!s) {
        state.set(target, 1);
        stack.push({ node: target, edges: outgoingOf(target), i: 0 });
      }
    }
  }
  return { order: post.reverse(), backEdges };
}

export function estimateSystem(system: SystemModel): SystemEstimate {
  const notes: string[] = [];
  const workload = workloadFigures(system);
  const peakFactor = workload?.peakFactor ?? 2;
  const inflow = new Map<ComponentModel, Flow>();
  const edgeFlows = new Map<EdgeModel, Flow>();
  const naturalFlows = new Map<EdgeModel, Flow>();
  const rejected = new Map<ComponentModel, number>();
  const rateExcess: RateExcess[] = [];
  // Per component, the flow arriving through each instance-picking algorithm.
  const balancing = new Map<ComponentModel, BalancingMix>();
  const computed = new Map<ComponentModel, ComponentEstimate>();

  // Clients: explicit rates, else an even share of the workload's peak.
  const clients = [...system.components.values()].filter((c) => c.kind === 'client');
  const rateless = clients.filter((c) => semanticsOf(c).routing.clientRate === undefined);
  const workloadPeak = workload ? workload.peakReadsPerSecond + workload.peakWritesPerSecond : 0;
  if (rateless.length && !workload) notes.push(`Client${rateless.length > 1 ? 's' : ''} ${rateless.map((c) => `\`${c.name}\``).join(', ')} have no rate and the system has no workload: they send nothing.`);
  for (const client of clients) {
    const rate = semanticsOf(client).routing.clientRate ?? (rateless.length ? workloadPeak / rateless.length : 0);
    const readRatio = readRatioOf(client, workload?.readRatio);
    inflow.set(client, { reads: rate * readRatio, writes: rate * (1 - readRatio) });
  }

  // Each component's connections, found once: the order, the routing and the response times all walk them.
  const outgoingOf = new Map<ComponentModel, Outgoing[]>();
  for (const c of system.components.values()) outgoingOf.set(c, outgoing(c, system));
  const { order, backEdges } = topologicalOrder(system, (c) => outgoingOf.get(c)!);
  for (const c of order) {
    const arriving = inflow.get(c) ?? ZERO;
    inflow.set(c, arriving);
    const routing = semanticsOf(c).routing;
    // Every caller of c comes earlier in the order, so its balancing mix is complete here.
    const own = stationEstimate(c, arriving, peakFactor, balancing.get(c) ?? new Map());
    computed.set(c, own);
    // A full bounded queue turns requests away: they go no further.
    const admitted = own.blocking > 0 ? scale(arriving, 1 - own.blocking) : arriving;
    // A cache or CDN answers its hits; only misses and writes go on.
    let forwarded = routing.hitRatio > 0 ? { reads: admitted.reads * (1 - routing.hitRatio), writes: admitted.writes } : admitted;
    const limit = routing.rateLimit;
    if (limit !== undefined) {
      if (total(admitted) > limit) {
        rejected.set(c, total(admitted) - limit);
        forwarded = scale(forwarded, limit / total(admitted));
      }
    }
    const edges = outgoingOf.get(c)!;
    let flows: Flow[];
    if (routing.chooser) {
      // Conserved: fixed rates are taken out of what arrives, the rest splits over the others.
      const split = splitOverChooser(edges.map((o) => o.edge), forwarded, routing.weighted);
      flows = split.flows;
      rateExcess.push(...split.excess);
    } else flows = route(c, routing, edges, forwarded);
    const policy = pickPolicyOf(c, routing);
    for (let i = 0; i < edges.length; i++) {
      const edge = edges[i].edge;
      const flow = flows[i];
      naturalFlows.set(edge, flow);
      const fixed = routing.chooser ? undefined : fixedRateOf(edge);
      const f = fixed !== undefined ? fixedRate(flow, forwarded, fixed, edge) : flow;
      edgeFlows.set(edge, f);
      if (backEdges.has(edge)) continue;
      inflow.set(edge.to, add(inflow.get(edge.to) ?? ZERO, f));
      const mix = balancing.get(edge.to) ?? new Map<Balancing, number>();
      mix.set(policy, (mix.get(policy) ?? 0) + total(f));
      balancing.set(edge.to, mix);
    }
  }

  // Queries describe what requests that reach a database do (the samples' query rates are the traffic
  // their connections already carry), so they add no load here: each is timed against the database's load.
  const plans = system.queries.map(queryPlanOf).filter((p): p is QueryPlan => p !== undefined && p.rate > 0);

  const estimates = new Map<string, ComponentEstimate>();
  // Declaration order (the JSON's); every component was estimated on the way.
  for (const c of system.components.values()) estimates.set(c.name, computed.get(c) ?? stationEstimate(c, inflow.get(c) ?? ZERO, peakFactor, new Map()));
  for (const [c, r] of rejected) estimates.get(c.name)!.rejectedRps = r;

  // Mean response along synchronous paths, downstream first, per class: a read
  // and a write may call different components (\`on:\`) and wait differently.
  for (const c of [...order].reverse()) {
    const e = estimates.get(c.name)!;
    const arriving = inflow.get(c) ?? ZERO;
    let exact = e.exact;
    const path: Flow = { reads: e.ownByClass.reads, writes: e.ownByClass.writes };
    for (const { edge, target } of outgoingOf.get(c)!) {
      if (edge.async || edge.consumer || backEdges.has(edge)) continue;
      const f = edgeFlows.get(edge) ?? ZERO;
      const next = estimates.get(target.name)!;
      let used = false;
      for (const cls of ['reads', 'writes'] as const) {
        if (f[cls] === 0 || arriving[cls] === 0) continue;
        path[cls] += (f[cls] / arriving[cls]) * next.pathByClass[cls];
        used = true;
      }
      if (used) exact &&= next.pathExact;
    }
    e.pathByClass = path;
    e.pathResponse = total(arriving) > 0 ? (arriving.reads * path.reads + arriving.writes * path.writes) / total(arriving) : e.ownResponse;
    e.pathExact = exact;
  }

  const components = [...estimates.values()];
  return {
    system: system.name,
    workload,
    peakFactor,
    components,
    byName: estimates,
    edges: [...edgeFlows.entries()].filter(([edge]) => edge.index >= 0).map(([edge, peak]) => ({ edge, peak })),
    naturalFlows,
    routedFlows: edgeFlows,
    queries: plans.map((plan) => queryEstimate(plan, estimates.get(plan.database.name)!)),
    rateExcess,
    clients: clients.map((c) => ({ name: c.name, rateRps: total(inflow.get(c) ?? ZERO), meanResponse: estimates.get(c.name)!.pathResponse, exact: estimates.get(c.name)!.pathExact })),
    notes,
    cost: systemCost(system, components, workload),
  };
}

/** A query's run: the slowest of the shards it asks (scatter–gather), else one shard's response. */
function queryEstimate(plan: QueryPlan, db: ComponentEstimate): QueryEstimate {
  const layout = semanticsOf(plan.database).database!;
  const one = db.stations.length ? shardResponse(layout, plan.kind, db.stations) : { time: 0, rho: 0, exact: true };
  const time = plan.shardsAsked > 1 ? forkJoinMax(plan.shardsAsked, one.time, one.rho) : one.time;
  return { name: plan.query.name, database: plan.database.name, rateRps: plan.rate, shardsAsked: plan.shardsAsked, meanResponse: time, exact: one.exact && plan.shardsAsked === 1 };
}

/**
 * How the simulator picks an instance of the next component: a load
 * balancer by its algorithm, a queue hands a message to the least busy
 * consumer instance, everything else at random (sim/model.ts).
 */
function pickPolicyOf(c: ComponentModel, routing: Routing): Balancing {
  if (c.kind === 'loadbalancer') return balancingOf(routing.algorithm?.name);
  if (c.kind === 'queue') return 'least_connections';
  return 'random';
}

function fixedRate(flow: Flow, source: Flow, rate: number, edge: EdgeModel): Flow {
  const mix = total(flow) > 0 ? flow : total(source) > 0 ? source : edge.on === 'write' || edge.async ? { reads: 0, writes: 1 } : { reads: 1, writes: 0 };
  return scale(mix, rate / total(mix));
}

/** How a non-chooser's forwarded load divides over its connections (choosers: splitOverChooser): one flow per edge, in order. */
function route(c: ComponentModel, { messaging }: Routing, edges: Outgoing[], forwarded: Flow): Flow[] {
  const out = edges.map((): Flow => ({ reads: 0, writes: 0 }));
  if (!edges.length) return out;
  for (const cls of ['reads', 'writes'] as const) {
    const amount = forwarded[cls];
    if (amount === 0) continue;
    const eligible: number[] = [];
    for (let i = 0; i < edges.length; i++) if (messaging || carries(edges[i].edge, cls)) eligible.push(i);
    if (!eligible.length) continue;
    if (messaging) {
      // A queue hands each message to one consumer; a stream gives every group
      // every message, split inside the group; pub/sub pushes to everyone.
      if (c.kind === 'queue') for (const i of eligible) out[i][cls] += amount / eligible.length;
      else if (c.kind === 'stream') {
        const groups = new Map<string, number[]>();
        for (const i of eligible) {
          const group = consumerGroupName(edges[i].edge);
          const members = groups.get(group);
          if (members) members.push(i);
          else groups.set(group, [i]);
        }
        for (const members of groups.values()) for (const i of members) out[i][cls] += amount / members.length;
      } else for (const i of eligible) out[i][cls] += amount;
    } else {
      for (const i of eligible) out[i][cls] += amount;
    }
  }
  return out;
}

function stationEstimate(c: ComponentModel, peak: Flow, peakFactor: number, mix: BalancingMix): ComponentEstimate {
  const average = scale(peak, 1 / peakFactor);
  const base: ComponentEstimate = {
    name: c.name,
    kind: c.kind ?? c.keyword,
    peak,
    average,
    rateRps: total(peak),
    avgRateRps: total(average),
    hasCapacity: false,
    // Every field in the literal, set or not: fields added later made V8 grow
    // each of the 1,500 objects of a large design several times.
    serviceTime: undefined,
    coresPerInstance: undefined,
    instances: undefined,
    coresNeeded: undefined,
    avgCoresNeeded: undefined,
    serversNeeded: undefined,
    utilization: undefined,
    avgUtilization: undefined,
    stations: [],
    ownResponse: 0,
    pathResponse: 0,
    ownByClass: { reads: 0, writes: 0 },
    pathByClass: { reads: 0, writes: 0 },
    exact: true,
    pathExact: true,
    blocking: 0,
    lostRps: 0,
    boundedQueue: false,
    hitRatio: c.kind === 'cache' || c.kind === 'cdn' ? semanticsOf(c).routing.hitRatio : undefined,
    rejectedRps: undefined,
    autoscaleRange: undefined,
    instancesSteady: undefined,
  };
  const semantics = semanticsOf(c);
  const st = semantics.serviceTime?.mean;
  if (!c.kind || NO_CAPACITY.has(c.kind) || st === undefined) return base;
  const cores = semantics.capacity.cores;
  base.hasCapacity = true;
  base.serviceTime = st;
  base.coresPerInstance = cores;
  base.boundedQueue = semantics.queueBound !== undefined && semantics.queueBound >= 0;
  base.stations = semantics.database ? databaseStations(semantics, peak, peakFactor) : instanceStations(semantics, peak, peakFactor, mix);
  const stationCount = base.stations.reduce((n, s) => n + s.count, 0);
  base.instances = stationCount;
  base.coresNeeded = base.stations.reduce((sum, s) => sum + s.count * s.rate * st, 0);
  base.avgCoresNeeded = base.coresNeeded / peakFactor;
  // 1e-9 absorbs floating error: 10,000/s × 10 ms is 100 cores, not 100.00000000000001.
  base.serversNeeded = Math.max(1, Math.ceil(base.coresNeeded / cores - 1e-9));
  base.utilization = maxOf([0, ...base.stations.map((s) => s.utilization)]);
  base.avgUtilization = maxOf([0, ...base.stations.map((s) => s.avgUtilization)]);
  // Own response: the arrival-weighted mean over the stations a request visits.
  const arrivals = base.stations.reduce((sum, s) => sum + s.count * s.rate, 0);
  base.lostRps = base.stations.reduce((sum, s) => sum + s.count * s.rate * s.blocking, 0);
  base.blocking = arrivals > 0 ? base.lostRps / arrivals : 0;
  if (semantics.database) {
    const db = databaseResponse(semantics.database, peak, base.stations);
    base.ownResponse = db.time;
    base.ownByClass = { reads: db.read, writes: db.write };
    base.exact = db.exact;
  } else {
    base.ownResponse = arrivals > 0 ? base.stations.reduce((sum, s) => sum + s.count * s.rate * s.meanResponse, 0) / arrivals : st;
    base.ownByClass = { reads: base.ownResponse, writes: base.ownResponse };
    base.exact = base.stations.every((s) => s.exact);
  }
  const autoscale = semantics.capacity.autoscale;
  // A database's copies are fixed (the simulation does not autoscale them either).
  if (autoscale && !semantics.database) {
    base.autoscaleRange = { min: autoscale.min, max: autoscale.max, targetCpu: autoscale.targetCpu };
    base.instancesSteady = steadyInstances(semantics.capacity, total(peak), st);
  }
  return base;
}

// Analytic capacity model: offered load at every component, from the clients
// through the connections with the routing of docs/simulation.md, then
// per-station M/M/c figures (Erlang C) and mean response times summed along
// the synchronous paths. The simulation is validated against the same
// formulas, so lint, estimate and simulation agree where the formulas hold.
import type { ComponentModel, EdgeModel, SystemModel } from '../model/types';
import { carries, fixedRateOf, isImplied, plannedInstances, semanticModel, semanticsOf, steadyInstances, type ComponentSemantics, type DatabaseLayout, type Routing } from '../model/semantic';
import { readRatioOf } from '../model/semantic/traffic';
import { mmc } from './queueing';
import { workloadFigures, WorkloadFigures } from './workload';
import { maxOf } from '../arrays';

/** Requests per second, split by class. */
export interface Flow {
  reads: number;
  writes: number;
}

export interface StationEstimate {
  /** `instance`, `shard primary`, `replica`, … */
  label: string;
  /** How many identical stations this line stands for. */
  count: number;
  /** Arrivals per second at one station, at peak. */
  rate: number;
  cores: number;
  utilization: number;
  avgUtilization: number;
  meanResponse: number;
}

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
  /** Cache or CDN hit ratio applied to reads. */
  hitRatio?: number;
  /** Requests a gateway rejects per second at peak because of its rate limit. */
  rejectedRps?: number;
  /** Autoscale's bounds, when the component autoscales. */
  autoscaleRange?: { min: number; max: number };
  /** The autoscaler's steady state for the peak load (undefined without autoscale). */
  instancesSteady?: number;
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
  /** Mean response time each client sees at peak. */
  clients: { name: string; rateRps: number; meanResponse: number }[];
  notes: string[];
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
    // A cache or CDN answers its hits; only misses and writes go on.
    let forwarded = routing.hitRatio > 0 ? { reads: arriving.reads * (1 - routing.hitRatio), writes: arriving.writes } : arriving;
    const limit = routing.rateLimit;
    if (limit !== undefined) {
      if (total(arriving) > limit) {
        rejected.set(c, total(arriving) - limit);
        forwarded = scale(forwarded, limit / total(arriving));
      }
    }
    const edges = outgoingOf.get(c)!;
    const flows = route(c, routing, edges, forwarded);
    for (let i = 0; i < edges.length; i++) {
      const edge = edges[i].edge;
      const flow = flows[i];
      naturalFlows.set(edge, flow);
      const fixed = fixedRateOf(edge);
      const f = fixed !== undefined ? fixedRate(flow, forwarded, fixed, edge) : flow;
      edgeFlows.set(edge, f);
      if (backEdges.has(edge)) continue;
      inflow.set(edge.to, add(inflow.get(edge.to) ?? ZERO, f));
    }
  }

  const estimates = new Map<string, ComponentEstimate>();
  for (const c of system.components.values()) estimates.set(c.name, stationEstimate(c, inflow.get(c) ?? ZERO, peakFactor));
  for (const [c, r] of rejected) estimates.get(c.name)!.rejectedRps = r;

  // Mean response along synchronous paths, downstream first.
  for (const c of [...order].reverse()) {
    const e = estimates.get(c.name)!;
    const rate = total(inflow.get(c) ?? ZERO);
    let downstream = 0;
    for (const { edge, target } of outgoingOf.get(c)!) {
      if (edge.async || edge.consumer || backEdges.has(edge)) continue;
      const f = edgeFlows.get(edge) ?? ZERO;
      if (total(f) === 0 || rate === 0) continue;
      downstream += (total(f) / rate) * estimates.get(target.name)!.pathResponse;
    }
    e.pathResponse = e.ownResponse + downstream;
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
    clients: clients.map((c) => ({ name: c.name, rateRps: total(inflow.get(c) ?? ZERO), meanResponse: estimates.get(c.name)!.pathResponse })),
    notes,
  };
}

function fixedRate(flow: Flow, source: Flow, rate: number, edge: EdgeModel): Flow {
  const mix = total(flow) > 0 ? flow : total(source) > 0 ? source : edge.on === 'write' || edge.async ? { reads: 0, writes: 1 } : { reads: 1, writes: 0 };
  return scale(mix, rate / total(mix));
}

/** How a component's forwarded load divides over its connections: one flow per edge, in order. */
function route(c: ComponentModel, { chooser, messaging, weighted }: Routing, edges: Outgoing[], forwarded: Flow): Flow[] {
  const out = edges.map((): Flow => ({ reads: 0, writes: 0 }));
  if (!edges.length) return out;
  for (const cls of ['reads', 'writes'] as const) {
    const amount = forwarded[cls];
    if (amount === 0) continue;
    const eligible: number[] = [];
    for (let i = 0; i < edges.length; i++) if (messaging || carries(edges[i].edge, cls)) eligible.push(i);
    if (!eligible.length) continue;
    if (chooser) {
      const weights = eligible.map((i) => (weighted ? edges[i].edge.weight : 1));
      const sum = weights.reduce((a, b) => a + b, 0) || 1;
      eligible.forEach((i, k) => (out[i][cls] += (amount * weights[k]) / sum));
    } else if (messaging) {
      // A queue hands each message to one consumer; a stream gives every group
      // every message, split inside the group; pub/sub pushes to everyone.
      if (c.kind === 'queue') for (const i of eligible) out[i][cls] += amount / eligible.length;
      else if (c.kind === 'stream') {
        const groups = new Map<string, number[]>();
        for (const i of eligible) {
          const group = edges[i].edge.group ?? edges[i].target.name;
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

function stationEstimate(c: ComponentModel, peak: Flow, peakFactor: number): ComponentEstimate {
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
  base.stations = semantics.database ? databaseStations(semantics.database, peak, peakFactor, st, cores) : instanceStations(semantics, peak, peakFactor, st, cores);
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
  base.ownResponse = arrivals > 0
    ? base.stations.reduce((sum, s) => sum + s.count * s.rate * s.meanResponse, 0) / arrivals
    : st;
  if (semantics.database) base.ownResponse = databaseResponse(semantics.database, peak, base.stations, st);
  const autoscale = semantics.capacity.autoscale;
  if (autoscale) {
    base.autoscaleRange = { min: autoscale.min, max: autoscale.max };
    base.instancesSteady = steadyInstances(semantics.capacity, total(peak), st);
  }
  return base;
}

function station(label: string, count: number, rate: number, cores: number, st: number, peakFactor: number, avgCount = count): StationEstimate {
  const mu = 1 / st;
  const m = mmc(rate, mu, cores);
  const avgRate = (rate * count) / avgCount / peakFactor;
  return { label, count, rate, cores, utilization: m.utilization, avgUtilization: avgRate / (cores * mu), meanResponse: m.meanResponse };
}

/** Instances share the load evenly (the balancer's job); each is an M/M/c with c = cores. */
function instanceStations(c: ComponentSemantics, peak: Flow, peakFactor: number, st: number, cores: number): StationEstimate[] {
  const atPeak = plannedInstances(c.capacity, 'peak');
  const onAverage = plannedInstances(c.capacity, 'average');
  return [station('instance', atPeak, total(peak) / atPeak, cores, st, peakFactor, onAverage)];
}

/**
 * A database is shards × copies stations. Every copy applies every write of
 * its shard (replication work); reads go where `read_from` says (leaderless:
 * to R of the N copies).
 */
function databaseStations(db: DatabaseLayout, peak: Flow, peakFactor: number, st: number, cores: number): StationEstimate[] {
  const { shards, mode, replicas, readFrom } = db;
  const reads = peak.reads / shards;
  const writes = peak.writes / shards;
  if (mode === 'leaderless') {
    const n = db.copies;
    const r = Math.min(n, db.quorum?.r ?? 1);
    return [station(shards > 1 ? 'shard copy' : 'copy', shards * n, writes + (reads * r) / n, cores, st, peakFactor)];
  }
  if (mode === 'multi_primary') {
    const n = db.copies;
    return [station(shards > 1 ? 'shard primary' : 'primary', shards * n, writes + reads / n, cores, st, peakFactor)];
  }
  if (mode === 'none') return [station(shards > 1 ? 'shard' : 'primary', shards, reads + writes, cores, st, peakFactor)];
  const primaryReads = readFrom === 'primary' ? reads : readFrom === 'any' ? reads / (replicas + 1) : 0;
  const replicaReads = readFrom === 'replicas' ? reads / replicas : readFrom === 'any' ? reads / (replicas + 1) : 0;
  return [
    station(shards > 1 ? 'shard primary' : 'primary', shards, writes + primaryReads, cores, st, peakFactor),
    station(shards > 1 ? 'shard replica' : 'replica', shards * replicas, writes + replicaReads, cores, st, peakFactor),
  ];
}

/** Reads wait at the copy they visit; writes at the primary, plus a replica when replication is synchronous. */
function databaseResponse(db: DatabaseLayout, peak: Flow, stations: StationEstimate[], st: number): number {
  const { mode, sync, readFrom } = db;
  const primary = stations[0].meanResponse;
  const replica = stations[1]?.meanResponse ?? primary;
  if (total(peak) === 0) return st;
  const readTime = mode === 'primary_replica' && stations.length > 1
    ? readFrom === 'replicas' ? replica : readFrom === 'any' ? (primary + replica * (stations[1].count / stations[0].count)) / (1 + stations[1].count / stations[0].count) : primary
    : primary;
  const waitsForReplica = stations.length > 1 && (sync === 'sync' || sync === 'semi_sync');
  const writeTime = primary + (waitsForReplica ? replica : 0);
  return (peak.reads * readTime + peak.writes * writeTime) / total(peak);
}

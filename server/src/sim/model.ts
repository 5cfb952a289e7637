/**
 * The simulation's immutable model: plain data built once from a resolved
 * `SystemModel` (and a scenario), read by the engine, never changed by it.
 *
 * What it fixes, so that the engine only has to follow it (docs/simulation.md):
 *
 * - **Nodes**, one per component, in declaration order, each with its role:
 *   `client` (a Poisson source that fans out), `chooser` (load balancer, DNS,
 *   gateway: one target per request), `fanout` (services, workers, proxies,
 *   blobs, orchestrators, jobs: every synchronous target in declaration
 *   order), `cache` (caches and CDNs: a read hit ends the request), `database`
 *   (shards × copies), `queue` / `stream` / `pubsub` (messaging), `none`
 *   (regions, groups, unknown kinds).
 * - **Routes**: per request class (read, write) the eligible outgoing edges in
 *   declaration order (`on:` filters; a messaging node delivers every message
 *   to its consumers whatever `on:` says, as the estimate does). Back edges of
 *   cycles are dropped exactly as `estimateSystem` drops them, so every request
 *   visits a finite path. A CDN's `origin` is an implicit edge when no
 *   connection names it.
 * - **Stations**, one per instance (autoscaled components get `max` of them,
 *   of which the estimate's steady state for the initial load starts
 *   provisioned); a database has shards × copies
 *   stations, shard-major (`station = start + shard × copies + copy`, copy 0
 *   the primary for primary/replica). Each has `cores` servers, a FIFO queue
 *   bounded by `max_queue`, and the component's service-time distribution.
 * - **Clients**: the rate and read ratio `estimateSystem` uses (explicit
 *   `rate`, else an even share of the workload's peak), times the load.
 * - **Edge thinning** for a `rate:` attribute: the edge carries each request
 *   with probability `rate / natural flow` (the flow the estimate would have
 *   put on it without the attribute), so its mean rate is the written one at
 *   1x load and scales with the load and with upstream faults.
 * - **Faults** from the scenario, resolved to node, instance, copy or region.
 *
 * Options override the scenario's properties (duration 60 s, seed 1, load 1x,
 * warm-up 0 s when neither gives them).
 */
import type { ComponentModel, EdgeModel, ScenarioModel, SystemModel } from '../model/types';
import { isImpliedOrigin, outgoing, topologicalOrder, type SystemEstimate } from '../estimate/propagate';
import { estimateOf } from '../estimate/per-version';
import { validateDistribution, type Distribution } from './distributions';
import { consumerGroupName, fixedRateOf, semanticsOf, sloTargetsOf, steadyInstances, type DatabaseLayout } from '../model/semantic';
import type { SimSloTarget } from './slo';
import { readRatioOf } from '../model/semantic/traffic';
import { tableShardKey } from '../model/semantic/tables';
import { SCENARIO_DEFAULTS } from '../schema/schema';

export type NodeRole = 'client' | 'chooser' | 'fanout' | 'cache' | 'database' | 'queue' | 'stream' | 'pubsub' | 'none';

/** How a balancer picks a target or an instance. `weighted_random`: by edge weight, at random (gateways, DNS). */
export type PickPolicy =
  | 'round_robin'
  | 'weighted_round_robin'
  | 'least_connections'
  | 'random'
  | 'power_of_two'
  | 'hash'
  | 'consistent_hash'
  | 'weighted_random';

export interface SimAutoscale {
  readonly min: number;
  readonly max: number;
  /** Fraction, e.g. 0.7. */
  readonly targetCpu: number;
  /** Seconds from the decision to add an instance until it serves. */
  readonly warmup: number;
  /** Seconds between decisions. */
  readonly interval: number;
}

export interface SimDatabase {
  readonly shards: number;
  /** Stations per shard: 1 (none), replicas + 1 (primary_replica, multi_primary), max(1, replicas) (leaderless). */
  readonly copies: number;
  readonly mode: 'none' | 'primary_replica' | 'multi_primary' | 'leaderless';
  readonly sync: 'sync' | 'async' | 'semi_sync';
  readonly readFrom: 'primary' | 'replicas' | 'any';
  /** Leaderless write quorum (acks awaited), and read quorum (copies asked). */
  readonly w: number;
  readonly r: number;
  /** Consistency over availability during faults and partitions: the system's `cap` (CP, CA), else `consistency: strong`. */
  readonly cp: boolean;
  /** Seconds from a primary's stop until a live replica is promoted (primary/replica only); Infinity for `none`. */
  readonly failover: number;
  /** Delay before a copy not awaited by the write applies it (`lag`); null when no copy lags (`sync`, no copies, leaderless). */
  readonly lag: Distribution | null;
  /**
   * Share of the reads and of the writes arriving here that are scatter–gather
   * queries: the `rate` of the `query`s on a sharded table that do not filter
   * on its shard key, over the flow the estimate brings to the database. Such
   * a request asks every shard and completes when the slowest answers.
   */
  readonly scatter: { readonly read: number; readonly write: number };
}

/** What a cache does beyond its hit ratio. */
export interface SimCache {
  /** Seconds an entry lives (`ttl`): after a (re)start the cache refills over this long; Infinity when none. */
  readonly ttl: number;
  /** `strategy: write_back`: writes end at the cache and reach its backends asynchronously. */
  readonly writeBack: boolean;
}

export interface SimStreamGroup {
  readonly name: string;
  /** Consumer edges of the group, in declaration order. */
  readonly edges: readonly number[];
}

export interface SimNode {
  readonly index: number;
  readonly name: string;
  /** The component kind (`service`, …), or the keyword when unknown. */
  readonly kind: string;
  readonly role: NodeRole;
  /** Nearest enclosing region (index into `SimModel.regions`), -1 when none. */
  readonly region: number;
  /** Bit i set when region i encloses the component (directly or not). */
  readonly regionMask: number;
  /** First station and how many (0 for clients, DNS, CDNs, messaging, boxes). */
  readonly stationStart: number;
  readonly stationCount: number;
  readonly cores: number;
  readonly serviceTime: Distribution | null;
  /** Most requests waiting per station; Infinity when unbounded. */
  readonly maxQueue: number;
  /** Seconds; Infinity when none. */
  readonly timeout: number;
  /** Instances provisioned at the start (database: shards × copies). */
  readonly instances: number;
  readonly autoscale: SimAutoscale | null;
  /** Read hit ratio of a cache or CDN, else 0. */
  readonly hitRatio: number;
  /** Caches and CDNs: ttl and write policy; null otherwise. */
  readonly cache: SimCache | null;
  /** Queues: most messages held (`max_length`), Infinity when unbounded; Infinity for other kinds. */
  readonly maxLength: number;
  /** Requests per second a gateway accepts; Infinity when unlimited. */
  readonly rateLimit: number;
  /** How a chooser picks its target (load balancers: the algorithm; gateways and DNS: weighted_random). */
  readonly choose: PickPolicy;
  /** A load balancer's algorithm also picks the instance of the next hop. */
  readonly algorithm: PickPolicy;
  /** Geo DNS: prefer targets in the client's region. */
  readonly geo: boolean;
  /** Load balancers: stop sending to dead instances after one check interval. */
  readonly healthCheck: boolean;
  /** Eligible edges per class, in declaration order. */
  readonly routes: { readonly read: readonly number[]; readonly write: readonly number[] };
  readonly database: SimDatabase | null;
  /** Streams: partitions and consumer groups. */
  readonly partitions: number;
  readonly groups: readonly SimStreamGroup[];
}

export interface SimEdge {
  readonly index: number;
  readonly from: number;
  readonly to: number;
  /** The caller does not wait (explicit `async`, or publishing to messaging). */
  readonly async: boolean;
  /** The source is a queue, stream or pub/sub channel. */
  readonly consumer: boolean;
  readonly on: 'read' | 'write' | 'all';
  readonly weight: number;
  /** Stream consumer group. */
  readonly group: string | null;
  /** Probability that a request takes this edge (< 1 for a `rate:` attribute). */
  readonly probability: number;
  /** How the instance of `to` is picked: the source balancer's algorithm, least_connections from a queue, else random. */
  readonly pick: PickPolicy;
  /** Whether the picker stops choosing dead instances after the check interval. */
  readonly healthCheck: boolean;
  /** A CDN's origin, implied rather than written. */
  readonly implicit: boolean;
  readonly label: string;
}

export interface SimStation {
  readonly index: number;
  readonly node: number;
  /** Position within the node (instance number − 1; database: shard × copies + copy). */
  readonly instance: number;
  readonly shard: number;
  readonly copy: number;
  readonly role: 'instance' | 'primary' | 'replica' | 'copy';
  /** `api[2]`, `db.primary`, `db[3].replica[1]`, … */
  readonly label: string;
  readonly cores: number;
  readonly serviceTime: Distribution;
  readonly maxQueue: number;
}

export interface SimClient {
  readonly node: number;
  /** Requests per second, load included. */
  readonly rate: number;
  readonly readRatio: number;
}

export interface SimFault {
  readonly at: number;
  readonly action: 'stop' | 'start' | 'partition' | 'heal';
  /** As written: `db.replica[1]`, `api[2]`, `europe`. */
  readonly text: string;
  /** Components affected (a region's members for a region). */
  readonly nodes: readonly number[];
  /** 0-based instance, or -1 for all. */
  readonly instance: number;
  /** Database copy (0 primary, n replica n), or -1 for all. */
  readonly copy: number;
  /** `db.primary`: whichever copy is the primary when the event happens (after a fail-over, not copy 0). */
  readonly primary: boolean;
  /** Region index for partition/heal (and a stopped region), else -1. */
  readonly region: number;
}

export interface SimModel {
  readonly system: string;
  /** Scenario name, or '' for a plain run. */
  readonly scenario: string;
  readonly seed: number;
  /** Simulated seconds to run. */
  readonly duration: number;
  /** Initial seconds excluded from the statistics. */
  readonly warmup: number;
  readonly load: number;
  readonly maxEvents: number;
  readonly cap: 'CP' | 'AP' | 'CA' | undefined;
  /** Requests carry a key (a user id) drawn uniformly from [0, keySpace). */
  readonly keySpace: number;
  readonly nodes: readonly SimNode[];
  readonly edges: readonly SimEdge[];
  readonly stations: readonly SimStation[];
  readonly clients: readonly SimClient[];
  readonly regions: readonly string[];
  readonly faults: readonly SimFault[];
  /** What the model had to simplify or ignore, for people. */
  readonly notes: readonly string[];
  /** The design's SLO targets, judged after the run (sim/slo.ts). */
  readonly slo: readonly SimSloTarget[];
}

export interface SimOptions {
  scenario?: ScenarioModel;
  /** Seconds. */
  duration?: number;
  seed?: number;
  /** Multiplies every client's rate. */
  load?: number;
  /** Seconds excluded from the statistics. */
  warmup?: number;
  /** Stop after this many events (default 50 million). */
  maxEvents?: number;
  /** Size of the key space requests draw their key from (default 2^31: practically every request its own user). */
  keySpace?: number;
  /** The system's analytic estimate, when the caller has it already (it is computed otherwise). */
  estimate?: SystemEstimate;
}

export const DEFAULT_MAX_EVENTS = 50_000_000;
export const DEFAULT_KEY_SPACE = 2 ** 31;
/** At most this many regions take part in partitions (bits of an int32 mask). */
const MAX_REGIONS = 30;

const STATIONLESS = new Set(['client', 'dns', 'cdn', 'queue', 'stream', 'pubsub', 'region', 'group']);

function roleOf(kind: string | undefined): NodeRole {
  switch (kind) {
    case 'client':
      return 'client';
    case 'loadbalancer':
    case 'dns':
    case 'gateway':
      return 'chooser';
    case 'cache':
    case 'cdn':
      return 'cache';
    case 'database':
      return 'database';
    case 'queue':
      return 'queue';
    case 'stream':
      return 'stream';
    case 'pubsub':
      return 'pubsub';
    case 'service':
    case 'worker':
    case 'proxy':
    case 'blob':
    case 'orchestrator':
    case 'job':
      return 'fanout';
    default:
      return 'none';
  }
}

function finiteOr(x: number | undefined, fallback: number): number {
  return typeof x === 'number' && Number.isFinite(x) ? x : fallback;
}

function positiveInt(x: number | undefined, fallback: number): number {
  return typeof x === 'number' && Number.isFinite(x) && x >= 1 ? Math.floor(x) : fallback;
}

/** An outgoing connection, or a CDN's implied origin. */
interface Out {
  /** Null for an implied edge. */
  edge: EdgeModel | null;
  /** The model's edge, written or implied. */
  model: EdgeModel;
  from: ComponentModel;
  to: ComponentModel;
}

function outgoingOf(c: ComponentModel, system: SystemModel): Out[] {
  return outgoing(c, system).map(({ edge, target }) => ({ edge: isImpliedOrigin(edge) ? null : edge, model: edge, from: c, to: target }));
}

/**
 * A connection's weight for the chooser picking it: out of a chooser with a
 * fixed-rate connection, the flow the estimate routed over it (fixed rates
 * taken out, the rest split: splitOverChooser), so both send the same
 * shares; otherwise the written `weight`.
 */
function chooserWeight(o: { from: ComponentModel; edge: EdgeModel | null; model: EdgeModel }, system: SystemModel, estimate: SystemEstimate | undefined): number {
  const written = Math.max(0, o.edge ? o.edge.weight : 1);
  if (!estimate || !choosesByFixedRates(o.from, system)) return written;
  const flow = estimate.routedFlows.get(o.model);
  return flow ? flow.reads + flow.writes : 0;
}

/** A chooser with a fixed-rate connection: it splits by the estimate's conserved flows. */
function choosesByFixedRates(c: ComponentModel, system: SystemModel): boolean {
  return semanticsOf(c).routing.chooser && outgoingOf(c, system).some((o) => o.edge !== null && fixedRateOf(o.edge) !== undefined);
}

/** The back edges `estimateSystem` drops (its own depth-first order), so both follow the same graph. */
function backEdges(system: SystemModel): Set<Out['edge'] | string> {
  const back = new Set<Out['edge'] | string>();
  for (const edge of topologicalOrder(system).backEdges) back.add(isImpliedOrigin(edge) ? `origin:${edge.from.name}` : edge);
  return back;
}

function carries(on: 'read' | 'write' | 'all', cls: 'read' | 'write'): boolean {
  return on === 'all' || on === cls;
}

function algorithmOf(c: ComponentModel): { policy: PickPolicy; key?: string } {
  const a = semanticsOf(c).routing.algorithm;
  switch (a?.name) {
    case 'round_robin':
    case 'weighted_round_robin':
    case 'least_connections':
    case 'random':
    case 'power_of_two':
    case 'hash':
    case 'consistent_hash':
      return { policy: a.name, key: a.key };
    default:
      return { policy: 'round_robin' };
  }
}

function distributionOf(c: ComponentModel): Distribution | null {
  const d = semanticsOf(c).serviceTime?.distribution;
  if (!d || typeof d !== 'object') return null;
  return validateDistribution(d) === undefined ? d : null;
}

/**
 * Builds the simulation model of `system`. Never throws on a design with
 * errors: what is unresolved is left out (and noted).
 */
export function buildSimModel(system: SystemModel, options: SimOptions = {}): SimModel {
  const notes: string[] = [];
  const scenario = options.scenario;
  const sp = scenario?.props;
  const duration = finiteOr(options.duration ?? sp?.num('duration'), SCENARIO_DEFAULTS.duration);
  const seed = Math.floor(finiteOr(options.seed ?? sp?.num('seed'), SCENARIO_DEFAULTS.seed));
  const load = Math.max(0, finiteOr(options.load ?? sp?.num('load'), SCENARIO_DEFAULTS.load));
  const warmup = Math.min(Math.max(0, finiteOr(options.warmup ?? sp?.num('warmup'), SCENARIO_DEFAULTS.warmup)), duration);
  const maxEvents = Math.max(1, Math.floor(finiteOr(options.maxEvents, DEFAULT_MAX_EVENTS)));
  const keySpace = Math.min(2 ** 32, Math.max(1, Math.floor(finiteOr(options.keySpace, DEFAULT_KEY_SPACE))));
  if (!(duration > 0)) throw new RangeError(`simulation duration must be > 0 s, got ${duration}`);
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, got ${seed}`);
  const capValue = system.props.str('cap');
  const cap = capValue === 'CP' || capValue === 'AP' || capValue === 'CA' ? capValue : undefined;

  let estimate = options.estimate;
  if (!estimate) {
    try {
      estimate = estimateOf(system);
    } catch (err) {
      notes.push(`The analytic estimate failed (${err instanceof Error ? err.message : String(err)}); clients send at their written rate only.`);
    }
  }

  const components = [...system.components.values()];
  const indexOf = new Map<ComponentModel, number>();
  components.forEach((c, i) => indexOf.set(c, i));

  // ---- regions -------------------------------------------------------------
  const regions: string[] = [];
  const regionIndex = new Map<ComponentModel, number>();
  for (const c of components) {
    if (c.kind !== 'region') continue;
    if (regions.length >= MAX_REGIONS) {
      notes.push(`Only the first ${MAX_REGIONS} regions can fail or be partitioned; '${c.name}' is ignored.`);
      continue;
    }
    regionIndex.set(c, regions.length);
    regions.push(c.name);
  }
  const regionMaskOf = (c: ComponentModel): number => {
    let mask = 0;
    for (let p = c.parent; p; p = p.parent) {
      const r = regionIndex.get(p);
      if (r !== undefined) mask |= 1 << r;
    }
    return mask;
  };
  const nearestRegion = (c: ComponentModel): number => {
    for (let p = c.parent; p; p = p.parent) {
      const r = regionIndex.get(p);
      if (r !== undefined) return r;
    }
    return -1;
  };

  // ---- edges ---------------------------------------------------------------
  const back = backEdges(system);
  const edges: SimEdge[] = [];
  const edgeOf = new Map<Out['edge'] | string, number>();
  const outs: Out[] = [];
  for (const c of components) {
    for (const o of outgoingOf(c, system)) {
      const key = o.edge ?? `origin:${o.from.name}`;
      if (back.has(key)) {
        notes.push(`The connection ${o.from.name} -> ${o.to.name} closes a cycle; like the estimate, the simulation does not follow it.`);
        continue;
      }
      if (!indexOf.has(o.to)) continue;
      edgeOf.set(key, outs.length);
      outs.push(o);
    }
  }
  // Keep declaration order across the system (the edge index), implied origins last.
  outs.sort((a, b) => (a.edge?.index ?? 1e9 + indexOf.get(a.from)!) - (b.edge?.index ?? 1e9 + indexOf.get(b.from)!));
  outs.forEach((o, i) => edgeOf.set(o.edge ?? `origin:${o.from.name}`, i));

  // The flow each edge would carry without its `rate:`, as the estimate routed it.
  const natural = estimate?.naturalFlows;
  for (let i = 0; i < outs.length; i++) {
    const o = outs[i];
    const from = o.from;
    const fromRole = roleOf(from.kind);
    const isLb = from.kind === 'loadbalancer';
    const lbAlg = isLb ? algorithmOf(from).policy : 'random';
    let pick: PickPolicy = 'random';
    if (isLb) pick = lbAlg === 'weighted_round_robin' ? 'round_robin' : lbAlg;
    else if (fromRole === 'queue') pick = 'least_connections';
    let probability = 1;
    // A chooser conserves traffic: its fixed rates are in the edge weights below, not thinned.
    const fixed = o.edge && !semanticsOf(from).routing.chooser ? fixedRateOf(o.edge) : undefined;
    if (fixed !== undefined) {
      const peak = natural?.get(o.model);
      const flow = peak ? peak.reads + peak.writes : 0;
      probability = flow > 0 ? Math.min(1, fixed / flow) : 0;
      if (flow > 0 && fixed > flow * (1 + 1e-9)) {
        notes.push(`${from.name} -> ${o.to.name} has rate ${fixed}/s but only ${+flow.toPrecision(4)}/s arrive to send; the simulation sends what arrives.`);
      }
      if (!(flow > 0)) notes.push(`${from.name} -> ${o.to.name} has a fixed rate but nothing reaches ${from.name}; the simulation sends nothing over it.`);
    }
    const publishes = o.to.kind === 'queue' || o.to.kind === 'stream' || o.to.kind === 'pubsub';
    edges.push({
      index: i,
      from: indexOf.get(from)!,
      to: indexOf.get(o.to)!,
      async: o.edge ? o.edge.async : false,
      consumer: o.edge ? o.edge.consumer : false,
      on: o.edge ? o.edge.on : 'all',
      weight: chooserWeight(o, system, estimate),
      group: o.edge && from.kind === 'stream' ? consumerGroupName(o.edge) : null,
      probability,
      pick,
      healthCheck: isLb ? from.props.bool('health_check') !== false : true,
      implicit: o.edge === null,
      label: `${from.name} -> ${o.to.name}${publishes ? ' (publish)' : ''}`,
    });
  }

  // ---- nodes and stations ----------------------------------------------------
  const nodes: SimNode[] = [];
  const stations: SimStation[] = [];
  for (const c of components) {
    const index = indexOf.get(c)!;
    const role = roleOf(c.kind);
    const kind = c.kind ?? c.keyword;
    const messaging = role === 'queue' || role === 'stream' || role === 'pubsub';
    const read: number[] = [];
    const write: number[] = [];
    for (const o of outgoingOf(c, system)) {
      const e = edgeOf.get(o.edge ?? `origin:${o.from.name}`);
      if (e === undefined) continue;
      const on = edges[e].on;
      if (messaging || carries(on, 'read')) read.push(e);
      if (messaging || carries(on, 'write')) write.push(e);
    }
    read.sort((a, b) => a - b);
    write.sort((a, b) => a - b);

    const serviceTime = STATIONLESS.has(kind) ? null : distributionOf(c);
    const hasStations = role !== 'none' && role !== 'client' && !messaging && serviceTime !== null;
    const semantics = semanticsOf(c);
    const cores = semantics.capacity.cores;
    const maxQueueRaw = semantics.queueBound;
    const maxQueue = maxQueueRaw !== undefined && maxQueueRaw >= 0 ? Math.floor(maxQueueRaw) : Infinity;
    const timeoutRaw = semantics.timeout;
    const timeout = timeoutRaw !== undefined && timeoutRaw > 0 ? timeoutRaw : Infinity;

    let autoscale: SimAutoscale | null = null;
    let database: SimDatabase | null = null;
    let instances = 0;
    let stationCount = 0;
    const stationStart = stations.length;
    if (hasStations && role === 'database') {
      database = { ...databaseOf(semantics.database!, cap), scatter: scatterShares(c, system, estimate, notes) };
      stationCount = database.shards * database.copies;
      instances = stationCount;
      for (let s = 0; s < database.shards; s++) {
        for (let k = 0; k < database.copies; k++) {
          const copyRole = database.mode === 'primary_replica' ? (k === 0 ? 'primary' : 'replica') : database.mode === 'none' ? 'primary' : 'copy';
          const shardText = database.shards > 1 ? `[${s + 1}]` : '';
          const copyText = database.mode === 'none' ? '' : copyRole === 'primary' ? '.primary' : copyRole === 'replica' ? `.replica[${k}]` : `.copy[${k + 1}]`;
          stations.push({
            index: stations.length, node: index, instance: s * database.copies + k, shard: s, copy: k, role: copyRole,
            label: `${c.name}${shardText}${copyText}`, cores, serviceTime: serviceTime!, maxQueue,
          });
        }
      }
    } else if (hasStations) {
      const base = semantics.capacity.fixed;
      const scaling = semantics.capacity.autoscale;
      if (scaling) {
        const { min, max } = scaling;
        // Clamped so a degenerate value (0% target, 0s interval) cannot stall the run.
        autoscale = {
          min,
          max,
          targetCpu: Math.min(1, Math.max(0.01, scaling.targetCpu)),
          warmup: Math.max(0, scaling.warmup),
          interval: Math.max(0.001, scaling.interval),
        };
        // The autoscaler's steady state for the run's initial load (the estimate's rate × load), so a run starts where it would settle.
        const e = estimate?.byName.get(c.name);
        instances = (e && serviceTime ? steadyInstances(semantics.capacity, e.rateRps * load, semantics.serviceTime!.mean) : undefined) ?? Math.min(max, Math.max(min, base));
        stationCount = max;
      } else {
        instances = base;
        stationCount = base;
      }
      for (let k = 0; k < stationCount; k++) {
        stations.push({
          index: stations.length, node: index, instance: k, shard: 0, copy: 0, role: 'instance',
          label: stationCount > 1 ? `${c.name}[${k + 1}]` : c.name, cores, serviceTime: serviceTime!, maxQueue,
        });
      }
    }
    if (c.kind === 'database' && c.blocks.has('autoscale')) notes.push(`Database '${c.name}' is not autoscaled in the simulation (its copies are fixed).`);

    const alg = algorithmOf(c);
    let choose: PickPolicy = 'weighted_random';
    // With a fixed-rate connection a balancer splits by the conserved flows (weights), whatever its algorithm.
    if (c.kind === 'loadbalancer' && !choosesByFixedRates(c, system)) choose = alg.policy;
    const groups: SimStreamGroup[] = [];
    if (role === 'stream') {
      const byName = new Map<string, number[]>();
      for (const e of read) {
        // Every stream edge's group was resolved above (consumerGroupName).
        const g = edges[e].group!;
        if (!byName.has(g)) byName.set(g, []);
        byName.get(g)!.push(e);
      }
      for (const [name, list] of byName) groups.push({ name, edges: list });
    }
    const limit = semantics.routing.rateLimit;
    nodes.push({
      index,
      name: c.name,
      kind,
      role,
      region: nearestRegion(c),
      regionMask: regionMaskOf(c),
      stationStart,
      stationCount,
      cores,
      serviceTime,
      maxQueue,
      timeout,
      instances,
      autoscale,
      hitRatio: role === 'cache' ? semantics.routing.hitRatio : 0,
      cache: role === 'cache' ? cacheOf(c) : null,
      maxLength: role === 'queue' ? positiveInt(c.props.num('max_length'), Infinity) : Infinity,
      rateLimit: limit !== undefined && limit >= 0 ? limit : Infinity,
      choose,
      algorithm: c.kind === 'loadbalancer' ? alg.policy : 'random',
      geo: c.kind === 'dns' && c.props.bool('geo') === true,
      healthCheck: c.kind === 'loadbalancer' ? c.props.bool('health_check') !== false : true,
      routes: { read, write },
      database,
      partitions: role === 'stream' ? semantics.routing.partitions : 0,
      groups,
    });
  }

  // ---- clients ---------------------------------------------------------------
  const clients: SimClient[] = [];
  for (const c of components) {
    if (c.kind !== 'client') continue;
    const e = estimate?.byName.get(c.name);
    let rate: number;
    let readRatio: number;
    if (e) {
      rate = e.peak.reads + e.peak.writes;
      readRatio = rate > 0 ? e.peak.reads / rate : readRatioOf(c, undefined);
    } else {
      rate = semanticsOf(c).routing.clientRate ?? 0;
      readRatio = readRatioOf(c, undefined);
    }
    if (!(rate >= 0) || !Number.isFinite(rate)) rate = 0;
    clients.push({ node: indexOf.get(c)!, rate: rate * load, readRatio: Math.min(1, Math.max(0, readRatio)) });
  }

  // ---- faults ----------------------------------------------------------------
  const faults: SimFault[] = [];
  for (const ev of scenario?.events ?? []) {
    const target = ev.target.component;
    if (!target || !indexOf.has(target)) continue;
    if (!(ev.at >= 0) || !Number.isFinite(ev.at)) continue;
    const region = regionIndex.get(target) ?? -1;
    let members: number[];
    if (target.kind === 'region' || target.kind === 'group') {
      // Clients inside keep sending: their requests fail at the stopped parts (users do not vanish with a data centre).
      members = components.filter((c) => c.kind !== 'client' && isInside(c, target)).map((c) => indexOf.get(c)!);
    } else members = [indexOf.get(target)!];
    if ((ev.action === 'partition' || ev.action === 'heal') && region < 0) continue;
    let copy = -1;
    if (ev.target.replica === 'primary') copy = 0;
    else if (typeof ev.target.replica === 'number') copy = ev.target.replica;
    faults.push({
      at: ev.at,
      action: ev.action,
      text: ev.target.text,
      nodes: members,
      instance: ev.target.instance !== undefined ? ev.target.instance - 1 : -1,
      copy,
      primary: ev.target.replica === 'primary',
      region,
    });
  }
  faults.sort((a, b) => a.at - b.at); // stable: same-time events keep their written order

  return {
    system: system.name,
    scenario: scenario?.name ?? '',
    seed,
    duration,
    warmup,
    load,
    maxEvents,
    cap,
    keySpace,
    nodes,
    edges,
    stations,
    clients,
    regions,
    faults,
    notes,
    slo: sloTargetsOf(system).map(({ metric, target, client }) => (client === undefined ? { metric, target } : { metric, target, client })),
  };
}

function isInside(c: ComponentModel, box: ComponentModel): boolean {
  for (let p = c.parent; p; p = p.parent) if (p === box) return true;
  return false;
}

/**
 * The shares of database `db`'s reads and writes that are scatter–gather
 * queries (SimDatabase.scatter). A query's `rate` is part of the traffic the
 * connections already bring (it says how often that access happens), so it
 * is a share of the flow, not extra load.
 */
function scatterShares(db: ComponentModel, system: SystemModel, estimate: SystemEstimate | undefined, notes: string[]): SimDatabase['scatter'] {
  const layout = semanticsOf(db).database;
  const share = { read: 0, write: 0 };
  if (!layout || layout.shards <= 1) return share;
  const peak = estimate?.byName.get(db.name)?.peak;
  for (const q of system.queries) {
    if (q.from?.database !== db || !(typeof q.rate === 'number' && q.rate > 0)) continue;
    const key = tableShardKey(q.from)?.key;
    if (key !== undefined && q.where.some((w) => w.table === q.from && w.column === key)) continue;
    const flow = q.kind === 'write' ? peak?.writes ?? 0 : peak?.reads ?? 0;
    if (!(flow > 0)) {
      notes.push(`Query ${q.name} asks every shard of ${db.name} at ${q.rate}/s, but no ${q.kind}s reach ${db.name}; the simulation runs none.`);
      continue;
    }
    if (share[q.kind] + q.rate / flow > 1 + 1e-9) {
      notes.push(`Scatter–gather queries on ${db.name} add up to more ${q.kind}s than reach it (${+flow.toPrecision(4)}/s); the simulation makes every ${q.kind} one.`);
    }
    share[q.kind] = Math.min(1, share[q.kind] + q.rate / flow);
  }
  return share;
}

function databaseOf(layout: DatabaseLayout, cap: SimModel['cap']): Omit<SimDatabase, 'scatter'> {
  const { shards, copies, mode, sync, readFrom } = layout;
  const w = Math.min(copies, positiveInt(layout.quorum?.w, 1));
  const r = Math.min(copies, positiveInt(layout.quorum?.r, 1));
  const cp = cap === 'CP' || cap === 'CA' ? true : cap === 'AP' ? false : layout.consistency === 'strong';
  const failover = mode === 'primary_replica' && layout.failover !== undefined && layout.failover >= 0 ? layout.failover : Infinity;
  const lags = copies > 1 && sync !== 'sync' && (mode === 'primary_replica' || mode === 'multi_primary');
  const lag = lags && validateDistribution(layout.lag) === undefined ? layout.lag : null;
  return { shards, copies, mode, sync, readFrom, w, r, cp, failover, lag };
}

function cacheOf(c: ComponentModel): SimCache {
  const ttl = c.props.num('ttl');
  return {
    ttl: ttl !== undefined && ttl > 0 ? ttl : Infinity,
    writeBack: c.kind === 'cache' && c.props.str('strategy') === 'write_back',
  };
}


/**
 * Simulation results: the engine's raw accumulators reduced to figures (a
 * pure function of the model and the raw run), and the stable JSON of
 * `sysdesign simulate --format json` (docs/simulation.md, Outputs).
 *
 * Conventions:
 * - Statistics cover the measured window, from the warm-up to the end of the
 *   run; series cover the whole run (charts show the warm-up too).
 * - System figures count client requests only (their completed / failed /
 *   dropped / stale outcomes and their end-to-end response times). Messages,
 *   `async` calls and replication count in the components they visit.
 * - `stale` counts completed requests that read possibly stale data (a
 *   database copy that had not applied the latest write yet — replication
 *   lag —, AP reads across a partition, leaderless reads with fewer than R
 *   live copies): a subset of `completed`.
 * - A component's latency is what its callers see: from arrival until it
 *   answers, including its own downstream calls. `serviceLatency` is its own
 *   part (waiting for and using a core).
 * - Times in `SimResult` are seconds; the JSON gives milliseconds where the
 *   key says `_ms`. Figures with no observation are NaN in `SimResult` and
 *   `null` in the JSON.
 */
import type { RequestTrace } from './tracer';
import type { LatencyHistogram, SeriesResult } from './stats';
import type { SimModel } from './model';
import { namedRecord } from '../records';
import { sloVerdicts, type SloFigures, type SloVerdict } from './slo';

/** Why a run ended: it covered its duration, or it stopped early at the event limit, the memory ceiling or a cancellation. */
export type StopReason = 'duration' | 'max-events' | 'memory' | 'cancelled';

/** Why a run ended, in words (the CLI's summary, the JSON's `stop_message`, the preview). */
export const STOP_MESSAGES: Record<StopReason, string> = {
  duration: 'ran to the end',
  'max-events': 'stopped early: the event limit was reached (the figures cover the simulated time before it)',
  memory: 'stopped early: the run reached its memory ceiling (too many requests in flight at once; the figures cover the simulated time before it)',
  cancelled: 'cancelled (the figures cover the simulated time before it)',
};

/** The in-flight cap (limits.ts MAX_IN_FLIGHT): its limit, the most requests alive at once, and those dropped at it (whole run). */
export interface InFlight {
  limit: number;
  peak: number;
  dropped: number;
}

// ---- raw run (engine -> reduction) -----------------------------------------------

export interface RawStation {
  /** Busy core-seconds in the measured window. */
  busy: number;
  /** ∫ waiting requests dt. */
  queueArea: number;
  /** Serving instance-seconds (provisioned, warmed up, up). */
  available: number;
  arrivals: number;
  served: number;
  /** Sum of (wait + service) of the served. */
  sojourn: number;
  /** Sum of waits of those that started service. */
  wait: number;
  maxQueue: number;
  dropped: number;
  up: boolean;
  serving: boolean;
}

export interface RawNode {
  arrivals: number;
  completed: number;
  failed: number;
  dropped: number;
  stale: number;
  timeouts: number;
  bypassed: number;
  reads: number;
  hits: number;
  latencySum: number;
  latencyCount: number;
  latency: LatencyHistogram | null;
  maxQueue: number;
  instancesMax: number;
  instancesMin: number;
  instancesFinal: number;
  saturatedAt: number;
  backlogMax: number;
  backlogFinal: number;
  lagMax: number[];
  lagFinal: number[];
  /** Replicas promoted to primary over the whole run. */
  failovers: number;
}

export interface RawRun {
  stopped: StopReason;
  /** Simulated time the run reached. */
  end: number;
  now: number;
  events: number;
  wallSeconds: number;
  measuredFrom: number;
  system: { completed: number; failed: number; dropped: number; stale: number; latency: LatencyHistogram };
  nodes: RawNode[];
  stations: RawStation[];
  edgeCounts: number[];
  series: SeriesResult;
  inFlight: InFlight;
}

// ---- results -------------------------------------------------------------------------

export interface LatencySummary {
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface ComponentResult {
  name: string;
  kind: string;
  role: string;
  /** Requests that arrived (messaging: messages published), in the measured window. */
  arrivals: number;
  /** Visits that completed (messaging: messages accepted). */
  completed: number;
  /** Requests that failed here: stopped, unreachable across a partition, refused, rate-limited, timed out. */
  failed: number;
  /** Requests dropped here: a full queue; pub/sub messages for a consumer that is down. */
  dropped: number;
  stale: number;
  timeouts: number;
  /** Requests that passed a stopped cache or CDN as misses. */
  bypassed: number;
  /** Arrivals per second. */
  arrivalRate: number;
  /** Completed visits per second. */
  throughput: number;
  /** Busy cores / serving cores of the busiest station role (a database's primaries or replicas), 0..1. */
  utilization: number;
  /** Busy cores / serving cores over all its stations. */
  meanUtilization: number;
  /** Mean busy cores (all stations; databases include replication work): comparable with the estimate's `coresNeeded`. */
  busyCores: number;
  /** Mean serving cores (instances up and warmed up × cores). */
  servingCores: number;
  /** Time-average of requests waiting for a core, all instances together. */
  meanQueue: number;
  maxQueue: number;
  /** Caller-side response time (including downstream calls), seconds. */
  latency: { mean: number; p50: number; p95: number; p99: number; max: number };
  /** Own wait + service at its stations, seconds. */
  serviceLatency: number;
  /** Own wait for a core, seconds. */
  meanWait: number;
  instancesInitial: number;
  instancesMin: number;
  instancesMax: number;
  instancesFinal: number;
  /**
   * Instance-hours served in the measured window: the time each instance was
   * up and warmed up, summed (docs/cost.md). Instances still warming up are
   * not in it, though a cloud bills them.
   */
  instanceHours: number;
  /** Whether the component autoscales (its instance-hours then appear in the JSON). */
  autoscaled: boolean;
  /** Caches and CDNs: hits / reads served; null otherwise (or no reads). */
  hitRatio: number | null;
  /** First simulated time its queue exceeded 100 requests or it dropped one; null if never. */
  saturatedAt: number | null;
  /** Queues and streams: unprocessed messages (max over the measured window, and at the end). */
  backlogMax: number | null;
  backlogFinal: number | null;
  /** Streams: per consumer group. */
  lag: { group: string; max: number; final: number }[];
  /** Databases: replicas promoted to primary over the whole run (warm-up included). */
  failovers: number;
  /** The scenario stops it (or an instance, a copy, its region) at some point. */
  stoppedByScenario: boolean;
}

export interface StationResult {
  label: string;
  component: string;
  role: string;
  arrivalRate: number;
  throughput: number;
  utilization: number;
  /** L: mean requests at the station (waiting + in service). */
  meanInSystem: number;
  meanQueue: number;
  /** W: mean wait + service, seconds. */
  meanResponse: number;
  meanWait: number;
  maxQueue: number;
  dropped: number;
  up: boolean;
}

export interface EdgeResult {
  from: string;
  to: string;
  label: string;
  async: boolean;
  /** Requests (or messages) per second over the connection. */
  throughput: number;
}

export interface SimResult {
  system: string;
  /** Scenario name, '' for a plain run. */
  scenario: string;
  seed: number;
  load: number;
  /** Simulated seconds requested. */
  duration: number;
  /** Simulated seconds covered (less than `duration` when stopped early). */
  simulated: number;
  warmup: number;
  /** Seconds the statistics cover (simulated − warm-up). */
  measured: number;
  stopped: StopReason;
  events: number;
  /** Wall-clock seconds (not part of the JSON: it differs between runs). */
  wallSeconds: number;
  requests: { completed: number; failed: number; dropped: number; stale: number };
  inFlight: InFlight;
  /** Completed client requests per second. */
  throughput: number;
  /** Client response times, seconds. */
  latency: LatencySummary;
  components: ComponentResult[];
  stations: StationResult[];
  edges: EdgeResult[];
  series: SeriesResult;
  notes: string[];
  /** The sampled client requests, when the run was asked to trace (`--trace N`). */
  traces?: RequestTrace[];
  /** The verdict on each SLO target of the design, in the order they are declared (docs/slo.md). */
  slo: SloVerdict[];
}

function ratio(a: number, b: number): number {
  return b > 0 ? a / b : NaN;
}

function summary(h: LatencyHistogram | null): LatencySummary {
  if (!h || h.count === 0) return { mean: NaN, p50: NaN, p95: NaN, p99: NaN, max: NaN };
  return { mean: h.mean, p50: h.percentile(50), p95: h.percentile(95), p99: h.percentile(99), max: h.max };
}

/** Reduces a raw run to results (pure: same inputs, same output). */
export function reduceRun(model: SimModel, raw: RawRun): SimResult {
  const measured = Math.max(0, raw.end - raw.measuredFrom);
  const perSecond = (x: number) => (measured > 0 ? x / measured : 0);

  const stations: StationResult[] = model.stations.map((st, i) => {
    const r = raw.stations[i];
    const capacity = r.available * st.cores;
    return {
      label: st.label,
      component: model.nodes[st.node].name,
      role: st.role,
      arrivalRate: perSecond(r.arrivals),
      throughput: perSecond(r.served),
      utilization: capacity > 0 ? r.busy / capacity : 0,
      meanInSystem: measured > 0 ? (r.busy + r.queueArea) / measured : 0,
      meanQueue: measured > 0 ? r.queueArea / measured : 0,
      meanResponse: ratio(r.sojourn, r.served),
      meanWait: ratio(r.wait, r.served),
      maxQueue: r.maxQueue,
      dropped: r.dropped,
      up: r.up,
    };
  });

  const components: ComponentResult[] = model.nodes.map((node, n) => {
    const r = raw.nodes[n];
    let busy = 0;
    let capacity = 0;
    let queueArea = 0;
    let sojourn = 0;
    let wait = 0;
    let served = 0;
    let available = 0;
    const byRole = new Map<string, { busy: number; capacity: number }>();
    for (let k = 0; k < node.stationCount; k++) {
      const s = node.stationStart + k;
      const st = raw.stations[s];
      const cap = st.available * model.stations[s].cores;
      busy += st.busy;
      capacity += cap;
      queueArea += st.queueArea;
      sojourn += st.sojourn;
      wait += st.wait;
      served += st.served;
      available += st.available;
      const role = model.stations[s].role;
      const g = byRole.get(role) ?? { busy: 0, capacity: 0 };
      g.busy += st.busy;
      g.capacity += cap;
      byRole.set(role, g);
    }
    let utilization = 0;
    for (const g of byRole.values()) if (g.capacity > 0) utilization = Math.max(utilization, g.busy / g.capacity);
    const lat = summary(r.latency);
    return {
      name: node.name,
      kind: node.kind,
      role: node.role,
      arrivals: r.arrivals,
      completed: r.completed,
      failed: r.failed,
      dropped: r.dropped,
      stale: r.stale,
      timeouts: r.timeouts,
      bypassed: r.bypassed,
      arrivalRate: perSecond(r.arrivals),
      throughput: perSecond(r.completed),
      utilization,
      meanUtilization: capacity > 0 ? busy / capacity : 0,
      busyCores: measured > 0 ? busy / measured : 0,
      servingCores: measured > 0 ? capacity / measured : 0,
      meanQueue: measured > 0 ? queueArea / measured : 0,
      maxQueue: r.maxQueue,
      latency: { mean: ratio(r.latencySum, r.latencyCount), p50: lat.p50, p95: lat.p95, p99: lat.p99, max: lat.max },
      serviceLatency: ratio(sojourn, served),
      meanWait: ratio(wait, served),
      instancesInitial: node.instances,
      instancesMin: r.instancesMin,
      instancesMax: r.instancesMax,
      instancesFinal: r.instancesFinal,
      instanceHours: available / 3_600,
      autoscaled: node.autoscale !== null,
      hitRatio: node.role === 'cache' && r.reads > 0 ? r.hits / r.reads : null,
      saturatedAt: r.saturatedAt === r.saturatedAt ? r.saturatedAt : null,
      backlogMax: node.role === 'queue' || node.role === 'stream' ? r.backlogMax : null,
      backlogFinal: node.role === 'queue' || node.role === 'stream' ? r.backlogFinal : null,
      lag: node.role === 'stream' ? node.groups.map((g, i) => ({ group: g.name, max: r.lagMax[i], final: r.lagFinal[i] })) : [],
      failovers: r.failovers,
      stoppedByScenario: model.faults.some((f) => f.action === 'stop' && f.nodes.includes(n)),
    };
  });

  const edges: EdgeResult[] = model.edges.map((e, i) => ({
    from: model.nodes[e.from].name,
    to: model.nodes[e.to].name,
    label: e.label,
    async: e.async,
    throughput: perSecond(raw.edgeCounts[i]),
  }));

  const systemLatency = summary(raw.system.latency);
  const figuresOf = (client: string | undefined): SloFigures | undefined => {
    if (client === undefined) {
      const s = raw.system;
      return { latency: systemLatency, served: s.completed, total: s.completed + s.failed + s.dropped };
    }
    // A client's own requests: its node completes each one it sent; those it sent but did not complete failed, were dropped or were still in flight at the end.
    const c = components.find((x) => x.name === client);
    return c && { latency: c.latency, served: c.completed, total: Math.max(c.arrivals, c.completed) };
  };

  return {
    system: model.system,
    scenario: model.scenario,
    seed: model.seed,
    load: model.load,
    duration: model.duration,
    simulated: raw.end,
    warmup: model.warmup,
    measured,
    stopped: raw.stopped,
    events: raw.events,
    wallSeconds: raw.wallSeconds,
    requests: { completed: raw.system.completed, failed: raw.system.failed, dropped: raw.system.dropped, stale: raw.system.stale },
    inFlight: { ...raw.inFlight },
    throughput: perSecond(raw.system.completed),
    latency: systemLatency,
    components,
    stations,
    edges,
    series: raw.series,
    notes: [...model.notes],
    slo: sloVerdicts(model.slo, figuresOf),
  };
}

// ---- JSON ------------------------------------------------------------------------------

/** A number rounded to 6 significant digits (stable across platforms and readable); null for NaN and infinities. */
export function round6(x: number): number | null {
  if (!Number.isFinite(x)) return null;
  if (x === 0) return 0; // also turns -0 into 0
  return Number(x.toPrecision(6));
}

function ms(x: number): number | null {
  return round6(x * 1000);
}

export interface SimJsonComponent {
  throughput_rps: number | null;
  utilization: number | null;
  mean_queue: number | null;
  max_queue: number;
  latency_ms: { mean: number | null; p95: number | null };
  instances_max: number;
  hit_ratio?: number | null;
  /** Queues and streams: unprocessed messages, most over the measured window and at the end. */
  backlog_max?: number;
  backlog_final?: number;
  /** Requests that failed or were dropped here. */
  failed: number;
  dropped: number;
  /** Autoscaled components only: instance-hours served in the measured window. */
  instance_hours?: number | null;
}

/** One SLO target's verdict: latency in milliseconds, availability a fraction; `client` only for a client's own targets. */
export interface SimJsonSlo {
  metric: string;
  client?: string;
  target: number | null;
  value: number | null;
  /** The 95 % confidence half-width across replications; null for a single run. */
  value_ci95: number | null;
  met: boolean;
}

export interface SimJson {
  system: string;
  scenario: string;
  seed: number;
  duration_s: number | null;
  /** Seconds left out of the statistics at the start, and the seconds they cover. */
  warmup_s: number | null;
  measured_s: number | null;
  events: number;
  /** Why the run ended; `stop_message` says it in words when it ended early. */
  stopped: StopReason;
  stop_message?: string;
  requests: { completed: number; failed: number; dropped: number; stale: number };
  in_flight: InFlight;
  throughput_rps: number | null;
  latency_ms: { mean: number | null; p50: number | null; p95: number | null; p99: number | null; max: number | null };
  components: Record<string, SimJsonComponent>;
  /** `t_s` (seconds) and one array per series; keys are documented on `setupSeries` (engine-statistics.ts). */
  series: Record<string, (number | null)[]>;
  /** Only with `--trace N`: the sampled requests (tracer.ts). */
  traces?: RequestTrace[];
  /** Only when the design declares SLO targets. */
  slo?: SimJsonSlo[];
}

export function sloJson(v: SloVerdict): SimJsonSlo {
  const figure = (x: number) => (v.metric === 'availability' ? round6(x) : ms(x));
  return {
    metric: v.metric,
    ...(v.client === undefined ? {} : { client: v.client }),
    target: figure(v.target),
    value: figure(v.value),
    value_ci95: v.valueCi95 === null ? null : figure(v.valueCi95),
    met: v.met,
  };
}

/**
 * The `simulate --format json` object (docs/simulation.md, Outputs). Components are
 * keyed by name in declaration order (regions and groups, being boxes, are
 * left out); `hit_ratio` appears on caches and CDNs only, `instance_hours`
 * on autoscaled components only. `slo` (docs/slo.md) appears when the design
 * declares targets: `[{ metric, client?, target, value, value_ci95, met }]`,
 * latency in milliseconds and availability as a fraction; `value_ci95` (the
 * 95 % half-width across replications) is null for a single run. Series keys:
 *
 *   t_s                       sample times (s): 0, step, 2·step, … (at most 301 points)
 *   throughput_rps            client requests completed per second over the step
 *   errors_rps                client requests failed or dropped per second
 *   stale_rps                 completed client requests that read stale data, per second
 *   latency_mean_ms / latency_p50_ms / _p95_ms / _p99_ms
 *                             mean and percentiles of the client requests completed in the step (null if none)
 *   throughput_rps.NAME       visits completed per second at a component (messages published, for messaging)
 *   errors_rps.NAME           requests failed or dropped per second at a component
 *   utilization.NAME          busy / serving cores over the step (components with stations)
 *   queue.NAME                requests waiting for a core at the sample time, all instances
 *   instances.NAME            serving instances at the sample time
 *   backlog.NAME              queues and streams: unprocessed messages at the sample time
 *   lag.NAME.GROUP            streams: one consumer group's unprocessed messages
 */
export function toJson(result: SimResult): SimJson {
  const components = namedRecord<SimJsonComponent>();
  for (const c of result.components) {
    if (c.kind === 'region' || c.kind === 'group') continue;
    const entry: SimJsonComponent = {
      throughput_rps: round6(c.throughput),
      utilization: round6(c.utilization),
      mean_queue: round6(c.meanQueue),
      max_queue: c.maxQueue,
      latency_ms: { mean: ms(c.latency.mean), p95: ms(c.latency.p95) },
      instances_max: c.instancesMax,
      failed: c.failed,
      dropped: c.dropped,
    };
    if (c.role === 'cache') entry.hit_ratio = c.hitRatio === null ? null : round6(c.hitRatio);
    if (c.backlogMax !== null) {
      entry.backlog_max = c.backlogMax;
      entry.backlog_final = c.backlogFinal ?? 0;
    }
    if (c.autoscaled) entry.instance_hours = round6(c.instanceHours);
    components[c.name] = entry;
  }
  const series = namedRecord<(number | null)[]>();
  series.t_s = result.series.times.map(round6);
  for (const s of result.series.series) series[s.name] = s.values.map(round6);
  return {
    system: result.system,
    scenario: result.scenario,
    seed: result.seed,
    duration_s: round6(result.simulated),
    warmup_s: round6(Math.min(result.warmup, result.simulated)),
    measured_s: round6(result.measured),
    events: result.events,
    stopped: result.stopped,
    ...(result.stopped === 'duration' ? {} : { stop_message: STOP_MESSAGES[result.stopped] }),
    requests: {
      completed: result.requests.completed,
      failed: result.requests.failed,
      dropped: result.requests.dropped,
      stale: result.requests.stale,
    },
    in_flight: { ...result.inFlight },
    throughput_rps: round6(result.throughput),
    latency_ms: {
      mean: ms(result.latency.mean),
      p50: ms(result.latency.p50),
      p95: ms(result.latency.p95),
      p99: ms(result.latency.p99),
      max: ms(result.latency.max),
    },
    components,
    series,
    ...(result.slo.length ? { slo: result.slo.map(sloJson) } : {}),
    ...(result.traces ? { traces: result.traces.map(roundTrace) } : {}),
  };
}

/** Times to the microsecond, like every other figure of the JSON. */
function roundTrace(t: RequestTrace): RequestTrace {
  return {
    ...t,
    at_ms: round6(t.at_ms) ?? 0,
    latency_ms: t.latency_ms === null ? null : round6(t.latency_ms),
    hops: t.hops.map((h) => ({ component: h.component, start_ms: round6(h.start_ms) ?? 0, wait_ms: round6(h.wait_ms) ?? 0, service_ms: round6(h.service_ms) ?? 0 })),
  };
}

/** `toJson` as text (two-space indentation unless told otherwise); byte-identical for the same design, scenario and seed. */
export function toJsonText(result: SimResult, indent = 2): string {
  return JSON.stringify(toJson(result), null, indent);
}

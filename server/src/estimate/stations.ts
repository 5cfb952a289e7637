// Per-station queueing figures of the estimate (docs/estimate.md): the
// service shape (Pollaczek–Khinchine, Allen–Cunneen), bounded queues
// (M/M/c/K), the balancing algorithm in front of a component's instances,
// and the fork–join waits of replicated databases. propagate.ts decides
// the rates; this module turns a rate into times.
import type { ComponentSemantics, DatabaseLayout } from '../model/semantic';
import { steadyInstances } from '../model/semantic';
import type { StationMetrics } from './general-service';
import { mmck } from './finite-queue';
import { balancedStation, type Balancing } from './balancing';
import { forkJoinMax, forkJoinOrder } from './fork-join';

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
  /** Offered utilization at peak, λ·S/c (above 1 when overloaded). */
  utilization: number;
  avgUtilization: number;
  /** Mean response of an admitted request (waiting + service); Infinity when unstable. */
  meanResponse: number;
  /** Share of arrivals turned away by a full bounded queue (0 without `max_queue`). */
  blocking: number;
  /** The station has a steady state: offered load under capacity, or a bounded queue. */
  stable: boolean;
  /** meanResponse and blocking are closed forms for what the simulator runs. */
  exact: boolean;
}

export const totalOf = (f: Flow) => f.reads + f.writes;

/** Share of a component's arrivals per balancing algorithm of the callers that pick its instance. */
export type BalancingMix = Map<Balancing, number>;

interface Shape {
  st: number;
  scv: number;
  cores: number;
  /** Waiting places per station (`max_queue`); undefined = unbounded. */
  bound: number | undefined;
}

function figures(policy: Balancing, n: number, lambda: number, shape: Shape): StationMetrics & { blocking: number } {
  const mu = 1 / shape.st;
  if (shape.bound !== undefined) {
    // A full queue turns arrivals away whatever picked the instance: each instance is treated as receiving a Poisson share.
    const m = mmck(lambda / n, mu, shape.cores, shape.cores + Math.max(0, Math.floor(shape.bound)), shape.scv);
    return { ...m, utilization: lambda / n / (shape.cores * mu), exact: m.exact && (n === 1 || policy === 'random') };
  }
  return { ...balancedStation(policy, n, lambda, mu, shape.cores, shape.scv), blocking: 0 };
}

function shapeOf(c: ComponentSemantics): Shape {
  const bound = c.queueBound !== undefined && c.queueBound >= 0 ? c.queueBound : undefined;
  return { st: c.serviceTime!.mean, scv: c.serviceTime!.scv, cores: c.capacity.cores, bound };
}

/**
 * A component's instances: at peak and on average the autoscaler's steady
 * state for that load (a fixed count without autoscale), sharing the load by
 * the algorithm of whoever picks the instance; the response is the mix over
 * the callers' algorithms.
 */
export function instanceStations(c: ComponentSemantics, peak: Flow, peakFactor: number, mix: BalancingMix): StationEstimate[] {
  const shape = shapeOf(c);
  const rate = totalOf(peak);
  const atPeak = steadyInstances(c.capacity, rate, shape.st) ?? c.capacity.fixed;
  const onAverage = steadyInstances(c.capacity, rate / peakFactor, shape.st) ?? c.capacity.fixed;
  const policies = [...mix.entries()].filter(([, share]) => share > 0);
  if (!policies.length) policies.push(['random', 1]);
  const weight = policies.reduce((s, [, w]) => s + w, 0);
  let response = 0;
  let blocking = 0;
  let exact = policies.length === 1;
  let stable = true;
  for (const [policy, share] of policies) {
    const m = figures(policy, atPeak, rate, shape);
    response += (share / weight) * m.meanResponse;
    blocking += (share / weight) * m.blocking;
    exact &&= m.exact;
    stable &&= m.stable;
  }
  return [{
    label: 'instance',
    count: atPeak,
    rate: rate / atPeak,
    cores: shape.cores,
    utilization: (rate * shape.st) / (atPeak * shape.cores),
    avgUtilization: ((rate / peakFactor) * shape.st) / (onAverage * shape.cores),
    meanResponse: response,
    blocking,
    stable,
    exact,
  }];
}

function copyStation(label: string, count: number, rate: number, shape: Shape, peakFactor: number): StationEstimate {
  const m = figures('random', 1, rate, shape);
  return {
    label, count, rate, cores: shape.cores,
    utilization: (rate * shape.st) / shape.cores,
    avgUtilization: (rate * shape.st) / shape.cores / peakFactor,
    meanResponse: m.meanResponse,
    blocking: m.blocking,
    stable: m.stable,
    exact: m.exact,
  };
}

/**
 * A database is shards × copies stations. Every copy applies every write of
 * its shard (replication work); reads go where `read_from` says (leaderless:
 * to R of the N copies). Each copy receives a Poisson share.
 */
export function databaseStations(c: ComponentSemantics, peak: Flow, peakFactor: number): StationEstimate[] {
  const db = c.database!;
  const shape = shapeOf(c);
  const { shards, mode, replicas, readFrom } = db;
  const reads = peak.reads / shards;
  const writes = peak.writes / shards;
  if (mode === 'leaderless') {
    const n = db.copies;
    const r = Math.min(n, db.quorum?.r ?? 1);
    return [copyStation(shards > 1 ? 'shard copy' : 'copy', shards * n, writes + (reads * r) / n, shape, peakFactor)];
  }
  if (mode === 'multi_primary') {
    const n = db.copies;
    return [copyStation(shards > 1 ? 'shard primary' : 'primary', shards * n, writes + reads / n, shape, peakFactor)];
  }
  if (mode === 'none') return [copyStation(shards > 1 ? 'shard' : 'primary', shards, reads + writes, shape, peakFactor)];
  const primaryReads = readFrom === 'primary' ? reads : readFrom === 'any' ? reads / (replicas + 1) : 0;
  const replicaReads = readFrom === 'replicas' ? reads / replicas : readFrom === 'any' ? reads / (replicas + 1) : 0;
  return [
    copyStation(shards > 1 ? 'shard primary' : 'primary', shards, writes + primaryReads, shape, peakFactor),
    copyStation(shards > 1 ? 'shard replica' : 'replica', shards * replicas, writes + replicaReads, shape, peakFactor),
  ];
}

export interface Timed {
  /** Mean seconds, over the mix of reads and writes. */
  time: number;
  /** Mean seconds of a read and of a write. */
  read: number;
  write: number;
  exact: boolean;
}

/**
 * How long a request spends in a database. Reads wait at the copy they
 * visit (leaderless: for all R copies asked — the maximum of R). Writes wait
 * at the primary and then, for `sync`, for the slowest of the other copies
 * (fork–join maximum), for `semi_sync` the first (minimum); a leaderless
 * write goes to all N copies and waits for the W-th answer.
 */
export function databaseResponse(db: DatabaseLayout, peak: Flow, stations: StationEstimate[]): Timed {
  const first = stations[0];
  const second = stations[1] ?? first;
  if (totalOf(peak) === 0) return { time: first.meanResponse, read: first.meanResponse, write: first.meanResponse, exact: first.exact };
  const exact = stations.every((s) => s.exact);
  if (db.mode === 'leaderless') {
    const n = db.copies;
    const w = Math.min(n, db.quorum?.w ?? 1);
    const r = Math.min(n, db.quorum?.r ?? 1);
    const rho = Math.min(1, first.utilization);
    const write = forkJoinOrder(w, n, first.meanResponse, rho);
    const read = forkJoinMax(r, first.meanResponse, rho);
    // Exact only without a fork: a write stored on one copy, a read asking one.
    return { time: mix(peak, read, write), read, write, exact: exact && (peak.writes === 0 || n === 1) && (peak.reads === 0 || r === 1) };
  }
  const readTime = db.mode === 'primary_replica' && stations.length > 1
    ? readFrom(db, first, second)
    : first.meanResponse;
  const others = db.mode === 'none' ? 0 : db.copies - 1;
  const rho = Math.min(1, second.utilization);
  const othersResponse = db.mode === 'multi_primary' ? first.meanResponse : second.meanResponse;
  const wait = others === 0 || db.sync === 'async' ? 0 : db.sync === 'sync' ? forkJoinMax(others, othersResponse, rho) : forkJoinOrder(1, others, othersResponse, rho);
  // One other copy: the write visits two stations in series, and means add. Two single-core exponential
  // replicas fed only by the fork (the primary's departures, Poisson by Burke's theorem): Flatto–Hahn, exact.
  const replicasOnlyReplicate = db.mode === 'primary_replica' && (db.readFrom === 'primary' || peak.reads === 0);
  const flattoHahn = db.sync === 'sync' && others === 2 && second.cores === 1 && replicasOnlyReplicate;
  const writeExact = others <= 1 || db.sync === 'async' || flattoHahn;
  return { time: mix(peak, readTime, first.meanResponse + wait), read: readTime, write: first.meanResponse + wait, exact: exact && (peak.writes === 0 || writeExact) };
}

function readFrom(db: DatabaseLayout, primary: StationEstimate, replica: StationEstimate): number {
  if (db.readFrom === 'replicas') return replica.meanResponse;
  if (db.readFrom === 'primary') return primary.meanResponse;
  const ratio = replica.count / primary.count;
  return (primary.meanResponse + replica.meanResponse * ratio) / (1 + ratio);
}

function mix(peak: Flow, read: number, write: number): number {
  return (peak.reads * read + peak.writes * write) / totalOf(peak);
}

/**
 * One shard's answer to a query of `kind`: a read at the copy `read_from`
 * picks (leaderless: the R copies asked), a write as databaseResponse times
 * it; with the utilization of that copy, for the fork–join over shards.
 */
export function shardResponse(db: DatabaseLayout, kind: 'read' | 'write', stations: StationEstimate[]): { time: number; rho: number; exact: boolean } {
  const flow: Flow = kind === 'read' ? { reads: 1, writes: 0 } : { reads: 0, writes: 1 };
  const { time, exact } = databaseResponse(db, flow, stations);
  const serving = kind === 'read' && db.mode === 'primary_replica' && db.readFrom === 'replicas' && stations[1] ? stations[1] : stations[0];
  return { time, rho: Math.min(1, serving.utilization), exact };
}

/**
 * The floor under the engine's cost on one design: a loop that makes the
 * same events as the engine on that design and does nothing else.
 *
 * Same stations (cores, exponential service means) and same client (rate,
 * read share), read from the engine's own model; the station visits per
 * request are listed by hand for the design (`FloorPath`). Each event is a
 * pop, one draw, a uniform pick among the step's stations, a FIFO queue and
 * a push: what any event-driven engine must do per event on this design.
 * It keeps no statistics, no call stack (a request's calls simply follow
 * one another), no latency, no load-balancing state, no faults.
 *
 * Its rate bounds the ratio the engine can reach against the M/M/1
 * baseline: the engine does strictly more per event. The M/M/1 loop holds
 * one or two pending events; a design with tens of services in progress
 * holds tens, so every push and pop walks a deeper heap.
 */
import { EventHeap } from '../src/sim/heap';
import type { SimModel } from '../src/sim/model';
import { RingQueue } from '../src/sim/ring';
import { Rng } from '../src/sim/rng';

/** One visit of a request: a station among those whose label is `at` or `at[i]`, with probability `p` (default 1). */
export interface FloorStep {
  at: string;
  p?: number;
}

/** A design's station visits per request, for reads and for writes. */
export interface FloorPath {
  read: readonly FloorStep[];
  write: readonly FloorStep[];
}

export interface FloorRun {
  events: number;
  /** Station visits per request (the engine's figure for the same design should match it). */
  visitsPerRequest: number;
}

const TWO_32 = 4294967296;
const ARRIVAL = -1;

/** Simulates `duration` seconds of the path over the model's stations; returns the events processed. */
export function runNetworkFloor(model: SimModel, path: FloorPath, duration: number, seed: number): FloorRun {
  if (model.clients.length !== 1) throw new Error(`the floor loop takes a design with one client, not ${model.clients.length}`);
  const { rate, readRatio } = model.clients[0];
  const stations = model.stations;
  if (stations.length > 32) throw new Error('the floor loop packs a station index in 5 bits');
  const cores = Int32Array.from(stations, (s) => s.cores);
  const mean = Float64Array.from(stations, (s) => {
    if (s.serviceTime.kind !== 'exp') throw new Error(`the floor loop draws exponential service times; ${s.label} is ${s.serviceTime.kind}`);
    return s.serviceTime.mean;
  });
  // Both classes' steps in one table, each list closed by a step with no stations: reads from 0, writes after.
  const first: number[] = [];
  const count: number[] = [];
  const chance: number[] = []; // p × 2^32, compared with a 32-bit draw
  const members: number[] = [];
  const classStart: number[] = [];
  for (const list of [path.read, path.write]) {
    classStart.push(first.length);
    for (const step of [...list, undefined]) {
      const at = step ? stations.filter((s) => s.label === step.at || s.label.startsWith(`${step.at}[`)) : [];
      if (step && at.length === 0) throw new Error(`no station is labelled ${step.at}`);
      first.push(members.length);
      count.push(at.length);
      chance.push((step?.p ?? 1) * TWO_32);
      members.push(...at.map((s) => s.index));
    }
  }
  // Typed arrays in the loop, as in the engine.
  const stepFirst = Int32Array.from(first);
  const stepCount = Int32Array.from(count);
  const stepChance = Float64Array.from(chance);
  const member = Int32Array.from(members);

  const busy = new Int32Array(stations.length);
  const waiting = stations.map(() => new RingQueue(64));
  // Requests in flight by id: the next step of each; ids are reused through `free`.
  const nextStep: number[] = [];
  const free: number[] = [];
  const rng = new Rng(seed);
  const heap = new EventHeap(1024);
  let events = 0;
  let requests = 0;
  let visits = 0;

  heap.push(-Math.log(1 - rng.next()) / rate, ARRIVAL);
  // One loop, no calls but the heap's, the generator's and the queues': a floor should be as fast as it can be.
  while (heap.size > 0) {
    const payload = heap.take();
    const now = heap.lastTime;
    if (now > duration) break;
    events++;
    let req: number;
    if (payload === ARRIVAL) {
      heap.push(now - Math.log(1 - rng.next()) / rate, ARRIVAL);
      req = free.length > 0 ? free.pop()! : nextStep.length;
      nextStep[req] = classStart[rng.nextU32() < readRatio * TWO_32 ? 0 : 1]!;
      requests++;
    } else {
      req = payload >> 5;
      const s = payload & 31;
      if (waiting[s]!.size > 0) heap.push(now - mean[s] * Math.log(1 - rng.next()), (waiting[s]!.shift() << 5) | s);
      else busy[s]--;
    }
    // The request's next step that happens (each by its chance), if any.
    let i = nextStep[req]!;
    while (stepCount[i] !== 0 && stepChance[i] < TWO_32 && rng.nextU32() >= stepChance[i]) i++;
    if (stepCount[i] === 0) {
      free.push(req);
      continue;
    }
    nextStep[req] = i + 1;
    visits++;
    const s = member[stepFirst[i] + Math.floor((rng.nextU32() * stepCount[i]) / TWO_32)];
    if (busy[s] < cores[s]) {
      busy[s]++;
      heap.push(now - mean[s] * Math.log(1 - rng.next()), (req << 5) | s);
    } else {
      waiting[s]!.push(req);
    }
  }
  return { events, visitsPerRequest: requests > 0 ? visits / requests : 0 };
}

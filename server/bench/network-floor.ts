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
  const cores = new Int32Array(stations.map((s) => s.cores));
  const mean = new Float64Array(
    stations.map((s) => {
      if (s.serviceTime.kind !== 'exp') throw new Error(`the floor loop draws exponential service times; ${s.label} is ${s.serviceTime.kind}`);
      return s.serviceTime.mean;
    }),
  );
  // Steps of both classes in one table: reads at 0.., writes after; each step a run of station indices.
  const steps = [...path.read, ...path.write];
  const stepFirst = new Int32Array(steps.length);
  const stepCount = new Int32Array(steps.length);
  const stepChance = new Float64Array(steps.length); // p × 2^32, compared with a 32-bit draw
  const members: number[] = [];
  steps.forEach((step, i) => {
    const at = stations.filter((s) => s.label === step.at || s.label.startsWith(`${step.at}[`)).map((s) => s.index);
    if (at.length === 0) throw new Error(`no station is labelled ${step.at}`);
    stepFirst[i] = members.length;
    stepCount[i] = at.length;
    stepChance[i] = (step.p ?? 1) * TWO_32;
    members.push(...at);
  });
  const member = Int32Array.from(members);
  const classStart = [0, path.read.length];
  const classEnd = [path.read.length, steps.length];

  const n = stations.length;
  const busy = new Int32Array(n);
  const waiting = stations.map(() => new RingQueue(64));
  // A request in flight: its next step and its class's last step, in pools reused through a free list.
  let capacity = 1024;
  let nextStep: Int32Array = new Int32Array(capacity);
  let lastStep: Int32Array = new Int32Array(capacity);
  let free: Int32Array = Int32Array.from({ length: capacity }, (_, i) => capacity - 1 - i);
  let freeTop = capacity;

  const rng = new Rng(seed);
  const heap = new EventHeap(1024);
  let now = 0;
  let events = 0;
  let requests = 0;
  let visits = 0;

  if (n > 32) throw new Error('the floor loop packs a station index in 5 bits');
  heap.push(-Math.log(1 - rng.next()) / rate, ARRIVAL);
  // One loop, no calls but the heap's and the generator's: a floor should be as fast as it can be.
  while (heap.size > 0) {
    const payload = heap.take();
    now = heap.lastTime;
    if (now > duration) break;
    events++;
    let req: number;
    if (payload === ARRIVAL) {
      heap.push(now - Math.log(1 - rng.next()) / rate, ARRIVAL);
      if (freeTop === 0) {
        const grown = capacity * 2;
        nextStep = growTo(nextStep, grown);
        lastStep = growTo(lastStep, grown);
        free = Int32Array.from({ length: grown - capacity }, (_, i) => grown - 1 - i);
        freeTop = grown - capacity;
        capacity = grown;
      }
      req = free[--freeTop];
      const cls = rng.nextU32() < readRatio * TWO_32 ? 0 : 1;
      nextStep[req] = classStart[cls];
      lastStep[req] = classEnd[cls];
      requests++;
    } else {
      req = payload >> 5;
      const s = payload & 31;
      busy[s]--;
      if (waiting[s].size > 0) {
        busy[s]++;
        visits++;
        heap.push(now - mean[s] * Math.log(1 - rng.next()), (waiting[s].shift() << 5) | s);
      }
    }
    // The request's next step that happens (each by its chance), if any.
    let i = nextStep[req];
    const end = lastStep[req];
    while (i < end && stepChance[i] < TWO_32 && rng.nextU32() >= stepChance[i]) i++;
    if (i >= end) {
      free[freeTop++] = req;
      continue;
    }
    nextStep[req] = i + 1;
    const s = member[stepFirst[i] + Math.floor((rng.nextU32() * stepCount[i]) / TWO_32)];
    if (busy[s] < cores[s]) {
      busy[s]++;
      visits++;
      heap.push(now - mean[s] * Math.log(1 - rng.next()), (req << 5) | s);
    } else {
      waiting[s].push(req);
    }
  }
  return { events, visitsPerRequest: requests > 0 ? visits / requests : 0 };
}

function growTo(a: Int32Array, size: number): Int32Array {
  const b = new Int32Array(size);
  b.set(a);
  return b;
}

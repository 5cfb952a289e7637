/**
 * The reference M/M/1 loop the engine's speed is measured against: the
 * smallest discrete-event simulation built on the same primitives (seeded
 * `Rng`, `EventHeap`, exponential samplers, a ring-buffer FIFO), with
 * nothing else: no routing, no per-request records, no statistics but one
 * sum. What the full engine costs on top of this is its own overhead.
 *
 * Arrivals and departures are both events on the heap (payload 0 or 1); the
 * queue holds the arrival times of waiting customers. The system starts
 * empty; the response time (wait + service) of every customer that departs
 * within the first `events` events is averaged.
 */
import { makeSampler } from './distributions';
import { EventHeap } from './heap';
import { RingQueue } from './ring';
import { Rng } from './rng';

const ARRIVAL = 0;
const DEPARTURE = 1;

export interface Mm1BaselineResult {
  /** Events processed (arrivals + departures). */
  events: number;
  /** Mean response time of the customers that departed, in simulated seconds. */
  meanResponse: number;
  /** Wall-clock seconds the loop took. */
  seconds: number;
}

/**
 * Simulates an M/M/1 queue with arrival rate `lambda` and service rate `mu`
 * (per second) for `events` events, deterministically from `seed`.
 */
export function runMm1Baseline(lambda: number, mu: number, events: number, seed: number): Mm1BaselineResult {
  if (!(lambda > 0 && mu > 0)) throw new RangeError('lambda and mu must be > 0');
  const rng = new Rng(seed);
  const interArrival = makeSampler({ kind: 'exp', mean: 1 / lambda }, rng.fork('arrivals'));
  const service = makeSampler({ kind: 'exp', mean: 1 / mu }, rng.fork('service'));
  const heap = new EventHeap(16);
  const queue = new RingQueue(1024);

  const start = performance.now();
  let busy = false;
  let inServiceSince = 0; // arrival time of the customer in service
  let completed = 0;
  let sumResponse = 0;
  let processed = 0;

  heap.push(interArrival.sample(), ARRIVAL);
  while (processed < events && heap.size > 0) {
    const kind = heap.pop();
    const t = heap.lastTime;
    processed++;
    if (kind === ARRIVAL) {
      heap.push(t + interArrival.sample(), ARRIVAL);
      if (busy) {
        queue.push(t);
      } else {
        busy = true;
        inServiceSince = t;
        heap.push(t + service.sample(), DEPARTURE);
      }
    } else {
      completed++;
      sumResponse += t - inServiceSince;
      if (queue.size > 0) {
        inServiceSince = queue.shift();
        heap.push(t + service.sample(), DEPARTURE);
      } else {
        busy = false;
      }
    }
  }
  const seconds = (performance.now() - start) / 1000;
  return { events: processed, meanResponse: completed > 0 ? sumResponse / completed : NaN, seconds };
}

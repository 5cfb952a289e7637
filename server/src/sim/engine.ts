/**
 * The discrete-event engine (docs/simulation.md): a clock, one binary heap of
 * future events, random streams forked from the run's seed by stable labels,
 * explicit stop conditions, and streaming statistics reduced to a result at
 * the end (results.ts).
 *
 * Shape, for speed (measured by server/bench/sim-core.bench.ts): one object whose state
 * lives in typed arrays indexed by small integers — nodes, edges, stations,
 * pooled requests and frames, pooled timers — so the hot loop allocates
 * nothing, creates no closures and makes monomorphic calls. A heap event is
 * a time and an int32: `id << 3 | kind`.
 *
 * Split by concern into one chain of classes, each a file, of which only
 * Simulation is ever built (so every engine has one shape):
 *   engine-state.ts       state, record layout and pools (engine-codes.ts: the codes)
 *   engine-stations.ts    queues and service at one instance
 *   engine-routing.ts     moving requests on, choosing targets and instances
 *   engine-messaging.ts   async calls, queues, streams, pub/sub
 *   engine-databases.ts   shards, copies, replication, quorums
 *   engine-failures.ts    failed and dropped requests, timeouts
 *   engine-faults.ts      the scenario's faults, autoscaling
 *   engine-statistics.ts  counters (counters.ts), series, the raw run
 *   engine.ts             the run loop and the events it dispatches
 *
 * Vocabulary:
 * - A *request* is one unit of work with a class (read/write) and a key (a
 *   user id): a client's request (USER, the system-level figures), a call made
 *   with `async` (BACKGROUND), or a message delivered to one consumer
 *   (MESSAGE). Only USER requests make the system's completed / failed /
 *   dropped / stale counts and latency; the others count per component.
 * - A *frame* is a request's visit to one component (VISIT) or a database
 *   copy applying or answering on behalf of a coordinator (TASK: replication,
 *   quorum reads and writes). Frames of one request form a chain: a parent
 *   waits, parked, while its child visits the next component (sequential
 *   fan-out). A frame holds its station while queued and in service; it stays
 *   "in the instance" (in-flight, for least_connections) until it returns.
 * - A *station* is one instance (database: one copy of one shard) with
 *   `cores` servers and a FIFO queue (an intrusive linked list of frames).
 *
 * Failure handling: a request fails (or is dropped) where it happens; the
 * request is marked aborted, and once it holds no station any more
 * (`rLive` = 0) its parked frames are released. A timed-out request's
 * downstream work goes on (as in real systems) and is discarded when it
 * finishes.
 */
import { MAX_IN_FLIGHT, MEMORY_CEILING } from './limits';
import type { SimModel } from './model';
import { reduceRun, type SimResult, type StopReason } from './results';
import {
  Cls, Ev, F, Fk, Q, Rk, RECORD_BYTES,
} from './engine-codes';
import { index, mix32, TWO_32, type RunControl } from './engine-helpers';
import { EngineStatistics } from './engine-statistics';
import { Tracer } from './tracer';

export { HEALTH_CHECK_INTERVAL, SATURATION_QUEUE, type RunControl } from './engine-helpers';

export class Simulation extends EngineStatistics {
  // =====================================================================================
  // Running

  /**
   * Runs the simulation to its duration, its event limit or cancellation, and
   * returns the results (partial ones when stopped early). A Simulation runs
   * once; build another for another run.
   */
  run(control: RunControl = {}): SimResult {
    if (this.ran) throw new Error('a Simulation runs once; create a new one for another run');
    this.ran = true;
    const wallStart = performance.now();
    const heap = this.heap;
    const model = this.model;
    const duration = this.duration;
    const maxEvents = model.maxEvents;
    const signal = control.signal;
    const onProgress = control.onProgress;
    const progressEvery = Math.max(1, Math.floor(control.progressEvery ?? 65536));
    let nextProgress = progressEvery;
    this.maxInFlight = Math.max(1, Math.floor(control.maxInFlight ?? MAX_IN_FLIGHT));
    if (control.trace !== undefined && control.trace > 0) this.tracer = new Tracer(model, Math.floor(control.trace));
    this.memoryCeiling = Math.min(MEMORY_CEILING * 16, Math.max(RECORD_BYTES * 2048, control.memoryCeiling ?? MEMORY_CEILING));

    // Initial events: one arrival per client, faults, autoscaling ticks, warm-up.
    for (let i = 0; i < this.clientNode.length; i++) {
      if (this.clientRate[i] > 0) heap.push(this.interArrival(i), (i << 3) | Ev.ARRIVAL);
    }
    for (let i = 0; i < model.faults.length; i++) {
      if (model.faults[i].at <= duration) heap.push(model.faults[i].at, (i << 3) | Ev.FAULT);
    }
    for (let n = 0; n < this.nodeCount; n++) {
      if (this.asInterval[n] > 0) heap.push(this.asInterval[n], (n << 3) | Ev.SCALE);
    }
    if (this.warmup > 0) heap.push(this.warmup, Ev.WARMUP);

    let stopped: StopReason = 'duration';
    let end = duration;
    let events = 0;
    // Cancellation, progress and the event limit are looked at every 1,024 events, not on each one.
    let checkAt = Math.min(maxEvents, 1024);
    for (;;) {
      if (events >= checkAt) {
        if (events >= maxEvents) {
          stopped = 'max-events';
          end = this.now;
          break;
        }
        if (signal !== undefined && signal.aborted) {
          stopped = 'cancelled';
          end = this.now;
          break;
        }
        if (this.overMemory) {
          stopped = 'memory';
          end = this.now;
          break;
        }
        if (onProgress !== undefined && events >= nextProgress) {
          nextProgress += progressEvery;
          onProgress(this.now / duration);
        }
        checkAt = Math.min(maxEvents, events + 1024);
      }
      if (heap.size === 0) break;
      const payload = heap.take(); // lazy pop: the first event this one schedules takes its slot
      const t = heap.lastTime;
      if (t > duration) break; // past the end: the run is over, the event is dropped
      if (t >= this.nextSample) this.sampleTo(t);
      this.now = t;
      events++;
      const id = payload >>> 3;
      switch (payload & 7) {
        case Ev.DONE:
          this.onDone(id);
          break;
        case Ev.ARRIVAL:
          this.onArrival(id);
          break;
        case Ev.TIMER:
          this.onTimer(id);
          break;
        case Ev.FAULT:
          this.onFault(id);
          break;
        case Ev.SCALE:
          this.onScale(id);
          break;
        case Ev.READY:
          this.onReady(id);
          break;
        case Ev.WARMUP:
          this.onWarmup();
          break;
        case Ev.FAILOVER:
          this.onFailover(id);
          break;
      }
    }
    this.events = events;
    if (end > this.now) this.now = end;
    if (!this.measuring) this.onWarmup(); // stopped before the warm-up ended: measure nothing but keep the shape
    this.sampleTo(end);
    if (onProgress !== undefined) onProgress(stopped === 'duration' ? 1 : end / duration);
    const wallSeconds = (performance.now() - wallStart) / 1000;
    const result = reduceRun(model, this.rawRun(stopped, end, wallSeconds));
    if (this.tracer !== undefined) result.traces = this.tracer.traces();
    return result;
  }

  // =====================================================================================
  // Events

  protected interArrival(c: number): number {
    return this.now - Math.log(1 - this.clientRng[c].next()) / this.clientRate[c];
  }

  protected onArrival(c: number): void {
    const rng = this.clientRng[c];
    const n = this.clientNode[c];
    this.heap.push(this.now - Math.log(1 - rng.next()) / this.clientRate[c], (c << 3) | Ev.ARRIVAL);
    const cls = rng.nextU32() < this.clientReadT[c] ? Cls.READ : Cls.WRITE;
    // The key (a user id): a hash of the client's request count, uniform over the key space; no draw needed.
    const h = mix32(mix32(this.clientSeq[c]++ | 0) ^ this.clientSalt[c]);
    const key = this.keySpace >= TWO_32 ? h : index(h, this.keySpace);
    if (this.nStopped[n] !== 0) return;
    if (this.full()) {
      this.shedUser();
      return;
    }
    const r = this.allocRequest(Rk.USER, cls, key, n);
    if (this.tracer !== undefined) this.tracer.started(r, this.now, n, cls === Cls.WRITE);
    const f = this.allocFrame(Fk.VISIT, r, n, -1);
    this.nArrivals[n]++;
    this.proceed(f);
  }

  /** A client request found MAX_IN_FLIGHT requests alive: dropped before it starts, and counted. */
  protected shedUser(): void {
    this.inFlightDropped++;
    this.allErrors++;
    if (this.now >= this.warmup) this.sysDropped++;
  }

  /** A station finished serving frame f. */
  protected onDone(f: number): void {
    const s = this.fm[f * F.W + F.STATION];
    const r = this.fm[f * F.W + F.REQ];
    if (this.fm[f * F.W + F.GEN] !== this.sGen[s]) {
      // The station was stopped while this frame was in service.
      if (r >= 0) this.rm[r * Q.W + Q.LIVE]--;
      this.evicted(f, s);
      return;
    }
    const now = this.now;
    const sLast = this.sLast;
    const dt = now - sLast[s];
    const busy = this.sBusy;
    const qlen = this.sQLen;
    if (dt > 0) {
      this.sBusyArea[s] += busy[s] * dt;
      this.sQArea[s] += qlen[s] * dt;
      sLast[s] = now;
    }
    busy[s]--;
    this.sServed[s]++;
    this.sSojourn[s] += now - this.fd[f * F.D + F.ENTER];
    if (qlen[s] > 0) {
      const g = this.sQHead[s];
      const next = this.fm[g * F.W + F.NEXT];
      this.sQHead[s] = next;
      if (next < 0) this.sQTail[s] = -1;
      qlen[s]--;
      this.nQLen[this.sNode[s]]--;
      this.startService(s, g);
    } else if (this.held !== 0 && this.pullOff[this.sNode[s] + 1] !== this.pullOff[this.sNode[s]]) {
      this.pull(s); // a consumer's core is free: it takes the next message its queue holds
    }
    if (this.fm[f * F.W + F.KIND] === Fk.TASK) {
      this.taskDone(f, false);
      return;
    }
    this.rm[r * Q.W + Q.LIVE]--;
    if (this.rm[r * Q.W + Q.ABORTED] !== 0) {
      this.release(f, r);
      return;
    }
    this.afterService(f);
  }
}

/** Builds and runs one simulation of `model`. */
export function simulate(model: SimModel, control?: RunControl): SimResult {
  return new Simulation(model).run(control);
}

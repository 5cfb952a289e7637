/**
 * Request traces (`simulate --trace N`, docs/simulation.md): N client
 * requests followed through the run, each as the visits it made in order,
 * with when each began, how long it waited for a core and how long it was
 * served. The engine consults a Tracer only when one was asked for (a run
 * without one makes no call and does no work here), and the tracer draws
 * from its own random stream, forked from the run's seed: a traced run's
 * figures are the untraced run's, and the same seed picks the same requests.
 *
 * Sampling: each client request that starts after the warm-up is picked
 * with probability 2N / (requests expected after the warm-up), until N are
 * picked, so the picks spread over the first part of the run rather than
 * being the first N requests. A pick that has not ended when the run stops
 * is reported as `unfinished`.
 *
 * What a hop is: one visit of the request to an instance of a component
 * (or, for a database, to one copy of a shard) where it waited for a core
 * and was served. Components with no instances of their own (clients, DNS,
 * CDNs, queues) make no hop. Work the request set off without waiting for
 * it (`async` calls, messages) belongs to other requests and is not part
 * of the trace.
 */
import { Rng } from './rng';
import type { SimModel } from './model';

export type TraceOutcome = 'completed' | 'failed' | 'dropped' | 'unfinished';

export interface TraceHop {
  /** The component visited. */
  component: string;
  /** Milliseconds from the request's start to its arrival here. */
  start_ms: number;
  /** Milliseconds it waited for a free core. */
  wait_ms: number;
  /** Milliseconds it was served. */
  service_ms: number;
}

export interface RequestTrace {
  /** 1, 2, … in the order the traced requests started. */
  id: number;
  outcome: TraceOutcome;
  /** The client that sent it. */
  client: string;
  /** `read` or `write`. */
  kind: 'read' | 'write';
  /** Simulated seconds into the run when it started, in milliseconds. */
  at_ms: number;
  /** Milliseconds from start to its end; null when unfinished. */
  latency_ms: number | null;
  /** In the order the visits began. */
  hops: TraceHop[];
}

/** The most traces a run keeps (`--trace` above it is refused). */
export const MAX_TRACES = 1000;

interface Active {
  trace: RequestTrace;
  start: number;
}

export class Tracer {
  private readonly rng: Rng;
  private readonly chance: number;
  private picked = 0;
  /** Traced requests alive, by the engine's request slot (reused after a request ends). */
  private readonly active = new Map<number, Active>();
  private readonly done: RequestTrace[] = [];

  constructor(private readonly model: SimModel, private readonly limit: number) {
    this.rng = new Rng(model.seed).fork('trace');
    let rate = 0;
    for (const c of model.clients) rate += c.rate;
    const expected = rate * Math.max(0, model.duration - model.warmup);
    this.chance = expected > 0 ? Math.min(1, (2 * limit) / expected) : 1;
  }

  /** A client request began in slot r at `now`; it may be picked. */
  started(r: number, now: number, node: number, write: boolean): void {
    if (this.picked >= this.limit || now < this.model.warmup) return;
    if (this.rng.next() >= this.chance) return;
    this.picked++;
    const trace: RequestTrace = {
      id: this.picked, outcome: 'unfinished', client: this.model.nodes[node].name, kind: write ? 'write' : 'read',
      at_ms: now * 1000, latency_ms: null, hops: [],
    };
    this.active.set(r, { trace, start: now });
  }

  /** A visit of request r to node n that arrived at `enter` began service at `now` for `service` seconds. */
  served(r: number, n: number, enter: number, now: number, service: number): void {
    const a = this.active.get(r);
    if (a === undefined) return;
    a.trace.hops.push({ component: this.model.nodes[n].name, start_ms: (enter - a.start) * 1000, wait_ms: (now - enter) * 1000, service_ms: service * 1000 });
  }

  /** Request r ended at `now`. */
  ended(r: number, now: number, outcome: Exclude<TraceOutcome, 'unfinished'>): void {
    const a = this.active.get(r);
    if (a === undefined) return;
    this.active.delete(r);
    a.trace.outcome = outcome;
    a.trace.latency_ms = (now - a.start) * 1000;
    this.done.push(a.trace);
  }

  /** Every picked request, in the order they started; those still running are `unfinished`. */
  traces(): RequestTrace[] {
    const all = [...this.done, ...[...this.active.values()].map((a) => a.trace)];
    return all.sort((x, y) => x.id - y.id);
  }
}

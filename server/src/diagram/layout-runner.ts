// Runs diagram layouts in a worker thread (layout-worker.ts), one at a time,
// so the language server's main thread never blocks on elkjs: layout is 95–99 %
// of the time from text to drawing, 0.3 s and more for a 200-component design.
//
// - Jobs carry an owner (a document): a new job for an owner cancels that
//   owner's job still waiting in the queue (its promise rejects with
//   LayoutCancelled). A job already running finishes (ELK cannot be
//   interrupted short of killing the thread, and a fresh thread pays ELK's
//   start-up again); its result is still cached by the caller.
// - warmUp(rounds) loads ELK with a tiny layout (round 0), then lays out a
//   design-like graph in further rounds until V8 has optimised ELK (about 20
//   layouts: a 50-component design went from 1.3 s to 0.1 s, a 200-component
//   one from 3.2 s to 0.25 s). Each round is queued only once the previous one
//   is done, so a real layout waits for at most one round.
// - A job that runs longer than `timeoutMs` kills the worker (the next job
//   starts a new one). A worker that keeps dying, or cannot be found, is
//   replaced by layout on the calling thread, with a note in the log.
import * as fs from 'fs';
import * as path from 'path';
import { Worker } from 'worker_threads';
import { layoutGraph, warmUpLayout } from '../diagram/layout';
import type { DiagramGraph, Drawing } from '../diagram/types';

/** Main thread -> worker. */
export type LayoutWorkerRequest = { type: 'warmup'; id: number; round: number } | { type: 'layout'; id: number; graph: DiagramGraph };

/** Worker -> main thread. */
export type LayoutWorkerReply =
  | { type: 'done'; id: number; drawing?: Drawing; ms: number }
  | { type: 'failed'; id: number; message: string };

/** The job was superseded by a newer one of the same owner before it started. */
export class LayoutCancelled extends Error {
  constructor() {
    super('superseded by a newer layout');
    this.name = 'LayoutCancelled';
  }
}

export interface LayoutRunnerOptions {
  /**
   * The worker script. Default: layout-worker.js next to this module (the
   * bundle's dist/ or the compiled out/ folder), or layout-worker.ts when
   * running from sources under tsx. `null` lays out on the calling thread.
   */
  workerFile?: string | null;
  log?: (message: string) => void;
  /** A layout running longer than this kills the worker [60 s]. */
  timeoutMs?: number;
}

export interface LayoutOutcome {
  drawing: Drawing;
  /** Milliseconds the layout itself took (in the worker). */
  ms: number;
}

interface Job {
  id: number;
  owner?: string;
  request: LayoutWorkerRequest;
  resolve: (reply: { drawing?: Drawing; ms: number }) => void;
  reject: (err: Error) => void;
}

const MAX_WORKER_DEATHS = 3;
/**
 * ELK walks the graph recursively (a depth-first search as deep as the
 * longest chain): with a thread's default stack a synchronous chain of 10,000
 * components overflowed it. 64 MB reaches past 100,000 (memory is committed
 * only as the stack is used).
 */
const WORKER_LIMITS = { stackSizeMb: 64 };
/** Warm-up stops after this long, however many rounds were asked for (a slow machine). */
const WARM_UP_BUDGET_MS = 20_000;

export function defaultWorkerFile(): string | undefined {
  for (const name of ['layout-worker.js', 'layout-worker.ts']) {
    const file = path.join(__dirname, name);
    if (fs.existsSync(file)) return file;
  }
  return undefined;
}

export class LayoutRunner {
  private worker: Worker | undefined;
  private readonly queue: Job[] = [];
  private running: { job: Job; timer?: NodeJS.Timeout } | undefined;
  private nextId = 1;
  private deaths = 0;
  private workerFile: string | undefined;
  private disposed = false;
  private readonly log: (message: string) => void;
  private readonly timeoutMs: number;
  readonly stats = { layouts: 0, cancelled: 0, workerStarts: 0, warmUpRounds: 0 };
  private warmTarget = 0;
  private warming: Promise<void> | undefined;

  constructor(options: LayoutRunnerOptions = {}) {
    this.log = options.log ?? (() => undefined);
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.workerFile = options.workerFile === null ? undefined : (options.workerFile ?? defaultWorkerFile());
    if (options.workerFile !== null && !this.workerFile) {
      this.log(`sysdesign: the layout worker (layout-worker.js) is missing next to ${__dirname}; diagrams are laid out on the main thread.`);
    }
  }

  /** True when layouts run in a worker thread (false after falling back to the calling thread). */
  get usesWorker(): boolean {
    return this.workerFile !== undefined;
  }

  /**
   * Warms ELK up in the background: `rounds` layouts in all (see above), fewer
   * if they take longer than the budget. Asking for more rounds while warming
   * extends the run. On the calling thread (no worker) only round 0 runs.
   */
  warmUp(rounds = 1): Promise<void> {
    this.warmTarget = Math.max(this.warmTarget, rounds);
    this.warming ??= this.warmLoop().finally(() => {
      this.warming = undefined;
    });
    return this.warming;
  }

  private async warmLoop(): Promise<void> {
    const t0 = performance.now();
    while (this.stats.warmUpRounds < this.warmTarget && !this.disposed) {
      if (this.stats.warmUpRounds > 0 && (!this.usesWorker || performance.now() - t0 > WARM_UP_BUDGET_MS)) break;
      const round = this.stats.warmUpRounds++;
      try {
        await this.enqueue(undefined, { type: 'warmup', id: this.nextId++, round });
      } catch {
        break;
      }
    }
  }

  /** Lays out `graph`, cancelling `owner`'s job still waiting in the queue. */
  async layout(owner: string, graph: DiagramGraph): Promise<LayoutOutcome> {
    for (let i = this.queue.length - 1; i >= 0; i--) {
      const job = this.queue[i]!;
      if (job.owner !== owner) continue;
      this.queue.splice(i, 1);
      this.stats.cancelled++;
      job.reject(new LayoutCancelled());
    }
    const reply = await this.enqueue(owner, { type: 'layout', id: this.nextId++, graph });
    if (!reply.drawing) throw new Error('the layout worker answered without a drawing');
    this.stats.layouts++;
    return { drawing: reply.drawing, ms: reply.ms };
  }

  /** Stops the worker; queued jobs are cancelled. */
  async dispose(): Promise<void> {
    this.disposed = true;
    for (const job of this.queue.splice(0)) job.reject(new LayoutCancelled());
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await worker.terminate();
  }

  private enqueue(owner: string | undefined, request: LayoutWorkerRequest): Promise<{ drawing?: Drawing; ms: number }> {
    if (this.disposed) return Promise.reject(new LayoutCancelled());
    return new Promise((resolve, reject) => {
      this.queue.push({ id: request.id, owner, request, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    if (this.running || this.queue.length === 0 || this.disposed) return;
    const job = this.queue.shift()!;
    const worker = this.ensureWorker();
    if (!worker) {
      void this.runInThread(job);
      return;
    }
    const timer = setTimeout(() => {
      this.log(`sysdesign: a diagram layout took longer than ${Math.round(this.timeoutMs / 1000)} s; stopping it.`);
      // Killing the thread is the only way to stop ELK; detach it first so the next job starts a new one.
      const stuck = this.worker;
      this.worker = undefined;
      void stuck?.terminate();
      this.finish(job.id, new Error(`layout took longer than ${Math.round(this.timeoutMs / 1000)} s`));
    }, this.timeoutMs);
    this.running = { job, timer };
    // Keep the process alive while a job runs (a benchmark or the CLI awaiting it), not while idle.
    worker.ref();
    worker.postMessage(job.request);
  }

  private async runInThread(job: Job): Promise<void> {
    this.running = { job };
    const t0 = performance.now();
    try {
      if (job.request.type === 'warmup') {
        // Only the tiny layout: warming further would block the calling thread.
        await warmUpLayout();
        this.finish(job.id, { ms: performance.now() - t0 });
      } else {
        const drawing = await layoutGraph(job.request.graph);
        this.finish(job.id, { drawing, ms: performance.now() - t0 });
      }
    } catch (err) {
      this.finish(job.id, err instanceof Error ? err : new Error(String(err)));
    }
  }

  /** Settles the running job (if it is `id`) and starts the next. */
  private finish(id: number, outcome: { drawing?: Drawing; ms: number } | Error): void {
    const running = this.running;
    if (!running || running.job.id !== id) return;
    if (running.timer) clearTimeout(running.timer);
    this.running = undefined;
    if (this.queue.length === 0) this.worker?.unref();
    if (outcome instanceof Error) running.job.reject(outcome);
    else running.job.resolve(outcome);
    this.pump();
  }

  private ensureWorker(): Worker | undefined {
    if (this.worker) return this.worker;
    const file = this.workerFile;
    if (!file) return undefined;
    let worker: Worker;
    try {
      worker = file.endsWith('.ts')
        ? // From sources: load tsx's require hook in the thread first.
          new Worker(`require(${JSON.stringify(require.resolve('tsx/cjs'))}); require(${JSON.stringify(file)});`, { eval: true, resourceLimits: WORKER_LIMITS })
        : new Worker(file, { resourceLimits: WORKER_LIMITS });
    } catch (err) {
      this.fallBack(`cannot start the layout worker ${file}: ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    }
    this.stats.workerStarts++;
    worker.unref();
    worker.on('message', (reply: LayoutWorkerReply) => {
      if (reply.type === 'done') this.finish(reply.id, { drawing: reply.drawing, ms: reply.ms });
      else this.finish(reply.id, new Error(reply.message));
    });
    worker.on('error', (err) => this.workerGone(worker, `the layout worker failed: ${err.stack ?? err.message}`));
    worker.on('exit', (code) => this.workerGone(worker, `the layout worker exited with code ${code}`));
    this.worker = worker;
    return worker;
  }

  private workerGone(worker: Worker, why: string): void {
    if (this.worker !== worker) return; // already replaced (timeout, dispose)
    this.worker = undefined;
    if (this.disposed) return;
    this.log(`sysdesign: ${why}`);
    if (++this.deaths >= MAX_WORKER_DEATHS) this.fallBack(`the layout worker stopped ${this.deaths} times`);
    if (this.running) this.finish(this.running.job.id, new Error(why));
  }

  private fallBack(why: string): void {
    this.log(`sysdesign: ${why}; diagrams are laid out on the main thread from now on.`);
    this.workerFile = undefined;
  }
}

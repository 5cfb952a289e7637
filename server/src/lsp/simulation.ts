// `sysdesign/simulate` and `sysdesign/simulationTargets` (protocol.ts), the
// "Simulate" code lenses, and the bottleneck diagnostics a run leaves behind.
//
// Keeping the server responsive: every run gets its own worker thread
// (sim-worker.ts), started with the document's text; this thread only checks
// the request, relays progress and publishes the answer. A run of a minute of
// a busy design is tens of millions of events (seconds to tens of seconds of
// CPU): on this thread it would hold up every keystroke's diagnostics.
//
// Cancellation ($/cancelRequest): the run is asked to stop through a shared
// flag, which the engine reads every 1,024 events, and the request answers
// with the partial result (`stopped: 'cancelled'`): a run always reports what
// it has so far (docs/simulation.md). A worker that does not answer within
// CANCEL_GRACE_MS of that is terminated and the request fails with
// RequestCancelled.
import * as fs from 'fs';
import * as path from 'path';
import { Worker } from 'worker_threads';
import {
  type CancellationToken, type CodeLens, type Connection, ErrorCodes, LSPErrorCodes, ResponseError,
} from 'vscode-languageserver';
import type { Analysis } from '../analyze';
import { formatDuration } from '../estimate/human';
import {
  SIMULATE_COMMAND, SimulateRequest, SimulationTargetsRequest,
  type SimulateCommandArgs, type SimulateParams, type SimulateResult, type SimulationTargetsParams, type SimulationTargetsResult,
} from '../protocol';
import type { DocumentStore } from './documents';
import { jobFor, resolveTarget, runSimulationJob, SimulationRequestError, type SimulationJob, type SimulationOutcome } from './sim-job';
import { bottleneckDiagnostic, type SimFindings } from './sim-findings';
import type { SimWorkerData, SimWorkerMessage } from './sim-worker';
import { RunSlots, SlotsFull, SlotWaitCancelled } from './run-slots';
import { describeError } from './safe';
import { SCENARIO_DEFAULTS } from '../schema/schema';

/** Simulations run at once; each is a thread with up to several hundred MB (docs/simulation-limits.md). */
export const MAX_CONCURRENT_SIMULATIONS = 2;
/** Simulations waiting for one of those; more are refused with a message. */
export const MAX_QUEUED_SIMULATIONS = 8;
/** How long a cancelled run may take to hand over its partial result before its thread is killed. */
export const CANCEL_GRACE_MS = 2000;
/** Events between progress messages from the worker (~20 a second at 1.5M events/s). */
const PROGRESS_EVERY = 65_536;
/** Least milliseconds between `$/progress` reports sent to the client. */
const REPORT_INTERVAL_MS = 100;

/** The run was cancelled and its worker did not answer in time. */
export class SimulationCancelled extends Error {
  constructor() {
    super('The simulation was cancelled.');
    this.name = 'SimulationCancelled';
  }
}

export function defaultSimWorkerFile(): string | undefined {
  for (const name of ['sim-worker.js', 'sim-worker.ts']) {
    const file = path.join(__dirname, name);
    if (fs.existsSync(file)) return file;
  }
  return undefined;
}

export interface SimulationRunnerOptions {
  /**
   * The worker script. Default: sim-worker.js next to this module (the
   * bundle's dist/ or the compiled out/ folder), or sim-worker.ts when running
   * from sources under tsx. `null` runs on the calling thread (tests, and the
   * fallback when the worker is missing).
   */
  workerFile?: string | null;
  log?: (message: string) => void;
  cancelGraceMs?: number;
  /** Runs at once [MAX_CONCURRENT_SIMULATIONS] and waiting [MAX_QUEUED_SIMULATIONS]. */
  maxConcurrent?: number;
  maxQueued?: number;
}

/** Something that can be cancelled: an LSP CancellationToken, or a test's own. */
export interface Cancellation {
  readonly isCancellationRequested: boolean;
  onCancellationRequested(listener: () => void): { dispose(): void };
}

export interface RunHooks {
  /** Simulated fraction done, 0..1. */
  onProgress?: (fraction: number) => void;
  cancellation?: Cancellation;
}

/** Starts one worker thread per run. */
export class SimulationRunner {
  private readonly workerFile: string | undefined;
  private readonly log: (message: string) => void;
  private readonly cancelGraceMs: number;
  private readonly running = new Set<Worker>();
  readonly slots: RunSlots;
  readonly stats = { runs: 0, cancelled: 0, killed: 0 };

  constructor(options: SimulationRunnerOptions = {}) {
    this.log = options.log ?? (() => undefined);
    this.cancelGraceMs = options.cancelGraceMs ?? CANCEL_GRACE_MS;
    this.slots = new RunSlots(options.maxConcurrent ?? MAX_CONCURRENT_SIMULATIONS, options.maxQueued ?? MAX_QUEUED_SIMULATIONS);
    this.workerFile = options.workerFile === null ? undefined : (options.workerFile ?? defaultSimWorkerFile());
    if (options.workerFile !== null && !this.workerFile) {
      this.log(`sysdesign: the simulation worker (sim-worker.js) is missing next to ${__dirname}; simulations run on the main thread.`);
    }
  }

  get usesWorker(): boolean {
    return this.workerFile !== undefined;
  }

  /**
   * Runs `job` once a slot is free; rejects with SimulationRequestError (bad
   * request), SimulationCancelled (also while waiting), SlotsFull (too many
   * runs already), or an Error (a bug).
   */
  async run(job: SimulationJob, hooks: RunHooks = {}): Promise<SimulationOutcome> {
    const release = await this.slots.acquire(hooks.cancellation).catch((err: unknown) => {
      throw err instanceof SlotWaitCancelled ? new SimulationCancelled() : err;
    });
    try {
      this.stats.runs++;
      if (!this.workerFile) return await this.runHere(job, hooks);
      return await this.runInWorker(this.workerFile, job, hooks);
    } finally {
      release();
    }
  }

  /** Stops every run (server shutdown). */
  async dispose(): Promise<void> {
    const workers = [...this.running];
    this.running.clear();
    await Promise.all(workers.map((w) => w.terminate()));
  }

  private async runHere(job: SimulationJob, hooks: RunHooks): Promise<SimulationOutcome> {
    const signal = { aborted: hooks.cancellation?.isCancellationRequested ?? false };
    const sub = hooks.cancellation?.onCancellationRequested(() => (signal.aborted = true));
    try {
      return runSimulationJob(job, { signal, onProgress: hooks.onProgress, progressEvery: PROGRESS_EVERY });
    } finally {
      sub?.dispose();
    }
  }

  private runInWorker(file: string, job: SimulationJob, hooks: RunHooks): Promise<SimulationOutcome> {
    const abort = new SharedArrayBuffer(4);
    const flag = new Int32Array(abort);
    const workerData: SimWorkerData = { sysdesignSimulation: true, job, abort, progressEvery: PROGRESS_EVERY };
    return new Promise<SimulationOutcome>((resolve, reject) => {
      let worker: Worker;
      try {
        worker = file.endsWith('.ts')
          ? // From sources: load tsx's require hook in the thread first.
            new Worker(`require(${JSON.stringify(require.resolve('tsx/cjs'))}); require(${JSON.stringify(file)});`, { eval: true, workerData })
          : new Worker(file, { workerData });
      } catch (err) {
        this.log(`sysdesign: cannot start the simulation worker ${file}: ${describeError(err)}; running on the main thread.`);
        resolve(this.runHere(job, hooks));
        return;
      }
      this.running.add(worker);
      let settled = false;
      let graceTimer: NodeJS.Timeout | undefined;
      const finish = (outcome: { value: SimulationOutcome } | { error: Error }) => {
        if (settled) return;
        settled = true;
        if (graceTimer) clearTimeout(graceTimer);
        sub?.dispose();
        this.running.delete(worker);
        void worker.terminate();
        if ('value' in outcome) resolve(outcome.value);
        else reject(outcome.error);
      };
      const cancel = () => {
        if (settled || graceTimer) return;
        this.stats.cancelled++;
        Atomics.store(flag, 0, 1);
        Atomics.notify(flag, 0); // wakes a run held by the test hook (sim-worker.ts)
        graceTimer = setTimeout(() => {
          this.stats.killed++;
          this.log('sysdesign: a cancelled simulation did not stop in time; its thread was terminated.');
          finish({ error: new SimulationCancelled() });
        }, this.cancelGraceMs);
      };
      const sub = hooks.cancellation?.onCancellationRequested(cancel);
      if (hooks.cancellation?.isCancellationRequested) cancel();
      worker.on('message', (message: SimWorkerMessage) => {
        if (message.type === 'progress') {
          if (!settled) hooks.onProgress?.(message.fraction);
        } else if (message.type === 'done') {
          finish({ value: message.outcome });
        } else {
          finish({ error: message.request ? new SimulationRequestError(message.message) : new Error(message.message) });
        }
      });
      worker.on('error', (err) => finish({ error: err }));
      worker.on('exit', (code) => finish({ error: new Error(`the simulation worker exited (code ${code}) without an answer`) }));
    });
  }
}

// ---- the requests ----------------------------------------------------------------------

/** Where the service gets a document's current version, text and analysis. */
export interface SimulationSource {
  get(uri: string): { version: number; text: string; analysis: Analysis } | undefined;
}

export interface ProgressSink {
  begin(title: string, message: string): void;
  report(percentage: number, message: string): void;
  done(): void;
}

export class SimulationService {
  constructor(
    private readonly source: SimulationSource,
    readonly runner: SimulationRunner,
    private readonly findings: SimFindings,
  ) {}

  /** Runs the simulation `params` asks for; throws ResponseError for bad requests and cancellations. */
  async simulate(params: SimulateParams, cancellation?: Cancellation, progress?: ProgressSink): Promise<SimulateResult> {
    if (!params || typeof params.uri !== 'string') throw new ResponseError(ErrorCodes.InvalidParams, 'sysdesign/simulate needs a document uri.');
    const doc = this.source.get(params.uri);
    if (!doc) throw new ResponseError(ErrorCodes.InvalidParams, 'The document is not open in the editor.');
    let job: SimulationJob;
    let title: string;
    let duration: number;
    try {
      // Checked here, before a thread is started, so a typo answers at once.
      const { system, scenario } = resolveTarget(doc.analysis, params.system, params.scenario || undefined);
      const errors = doc.analysis.diagnostics.filter((d) => d.severity === 'error').length;
      job = jobFor({ ...params, system: system.name }, doc.text, doc.version, errors);
      title = `Simulating ${system.name}${scenario ? `: ${scenario.name}` : ''}`;
      // For the progress messages only (the worker's model decides the run).
      duration = job.overrides.duration ?? (scenario?.props.has('duration') ? scenario.props.num('duration') : undefined) ?? job.defaults.duration ?? SCENARIO_DEFAULTS.duration;
    } catch (err) {
      if (err instanceof SimulationRequestError) throw new ResponseError(ErrorCodes.InvalidParams, err.message);
      throw err;
    }

    progress?.begin(title, 'starting');
    let lastPercent = -1;
    let lastReport = 0;
    try {
      const outcome = await this.runner.run(job, {
        cancellation,
        onProgress: (fraction) => {
          const percent = Math.min(100, Math.max(0, Math.floor(fraction * 100)));
          const now = performance.now();
          if (percent === lastPercent || now - lastReport < REPORT_INTERVAL_MS) return;
          lastPercent = percent;
          lastReport = now;
          progress?.report(percent, `${formatDuration(fraction * duration)} of ${formatDuration(duration)} simulated`);
        },
      }).catch((err: unknown) => {
        if (err instanceof SimulationRequestError) throw new ResponseError(ErrorCodes.InvalidParams, err.message);
        if (err instanceof SimulationCancelled) throw new ResponseError(LSPErrorCodes.RequestCancelled, err.message);
        if (err instanceof SlotsFull) throw new ResponseError(LSPErrorCodes.RequestFailed, err.message);
        throw err;
      });
      this.publishFindings(outcome);
      return outcome;
    } finally {
      progress?.done();
    }
  }

  targets(params: SimulationTargetsParams): SimulationTargetsResult {
    const doc = params && typeof params.uri === 'string' ? this.source.get(params.uri) : undefined;
    if (!doc) return { systems: [], defaults: LANGUAGE_DEFAULTS };
    return {
      defaults: LANGUAGE_DEFAULTS,
      systems: doc.analysis.systems.map((s) => ({
        name: s.name,
        ...(s.title && s.title !== s.name ? { title: s.title } : {}),
        scenarios: s.scenarios.map((sc) => {
          const info: SimulationTargetsResult['systems'][number]['scenarios'][number] = { name: sc.name, events: sc.events.length };
          for (const key of ['duration', 'seed', 'load'] as const) {
            const value = sc.props.has(key) ? sc.props.num(key) : undefined;
            if (value !== undefined && Number.isFinite(value)) info[key] = value;
          }
          return info;
        }),
      })),
    };
  }

  /** Bottleneck diagnostics, when the simulated text is still the document's. */
  private publishFindings(outcome: SimulationOutcome): void {
    const current = this.source.get(outcome.uri);
    if (!current || current.version !== outcome.version) return;
    this.findings.set(outcome.uri, outcome.version, outcome.bottlenecks.map((b) => bottleneckDiagnostic(b, outcome.scenario)));
  }
}

/** The run settings a design and the user's settings leave unset, from the schema. */
const LANGUAGE_DEFAULTS: SimulationTargetsResult['defaults'] = { duration: SCENARIO_DEFAULTS.duration, seed: SCENARIO_DEFAULTS.seed, load: SCENARIO_DEFAULTS.load };

// ---- code lenses -------------------------------------------------------------------------

function lens(analysis: Analysis, offset: number, args: SimulateCommandArgs): CodeLens {
  const at = analysis.lines.position(offset);
  return { range: { start: at, end: at }, command: { title: 'Simulate', command: SIMULATE_COMMAND, arguments: [args] } };
}

/** "Simulate" above each system (a plain run) and each scenario. */
export function simulationLenses(uri: string, analysis: Analysis): CodeLens[] {
  const out: CodeLens[] = [];
  for (const system of analysis.systems) {
    out.push(lens(analysis, system.span.start, { uri, system: system.name }));
    for (const scenario of system.scenarios) {
      out.push(lens(analysis, scenario.span.start, { uri, system: system.name, scenario: scenario.name }));
    }
  }
  return out;
}

// ---- wiring ------------------------------------------------------------------------------

/** Wires the simulation requests on `connection`. */
export function registerSimulation(connection: Connection, store: DocumentStore, findings: SimFindings): SimulationService {
  const log = connection.console;
  const runner = new SimulationRunner({ log: (m) => log.log(m) });
  const service = new SimulationService(
    {
      get: (uri) => {
        const document = store.documents.get(uri);
        return document ? { version: document.version, text: document.getText(), analysis: store.analysis(document) } : undefined;
      },
    },
    runner,
    findings,
  );
  connection.onRequest(SimulateRequest, async (params: SimulateParams, token: CancellationToken) => {
    const reporter = connection.window.attachWorkDoneProgress(params?.workDoneToken);
    const progress: ProgressSink = {
      begin: (title, message) => reporter.begin(title, 0, message, true),
      report: (percentage, message) => reporter.report(percentage, message),
      done: () => reporter.done(),
    };
    try {
      return await service.simulate(params, token, progress);
    } catch (err) {
      if (err instanceof ResponseError) throw err;
      log.error(`sysdesign: simulation failed: ${describeError(err)}`);
      throw new ResponseError(ErrorCodes.InternalError, `The simulation failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  });
  connection.onRequest(SimulationTargetsRequest, (params: SimulationTargetsParams) => {
    try {
      return service.targets(params);
    } catch (err) {
      log.error(`sysdesign: simulation targets failed: ${describeError(err)}`);
      return { systems: [], defaults: LANGUAGE_DEFAULTS } satisfies SimulationTargetsResult;
    }
  });
  return service;
}

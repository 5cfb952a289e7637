/**
 * Independent replications (docs/simulation.md, Statistics): the same model
 * run with seeds seed … seed + N − 1, in parallel worker threads (at most one
 * per core), and the JSON of `simulate --replications N`: each figure the
 * mean over the replications, each headline figure with a `_ci95` twin, the
 * 95 % confidence half-width of that mean (Student t, confidence.ts).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Worker } from 'worker_threads';
import { meanCi95 } from './confidence';
import { Simulation } from './engine';
import type { SimModel } from './model';
import { round6, sloJson, STOP_MESSAGES, toJson, type SimJson, type SimJsonComponent, type SimResult } from './results';
import { replicatedSloVerdicts, type SloVerdict } from './slo';
import type { ReplicationWorkerData, ReplicationWorkerMessage } from './replication-worker';
import { namedRecord } from '../records';

/** How the warm-up was chosen: given (`--warmup`, the scenario's `warmup`) or by MSER-5 (mser.ts). */
export type WarmupMethod = 'given' | 'mser5';

/** The worker script next to this module: the bundle's dist/ or the compiled out/ folder. */
export function replicationWorkerFile(): string | undefined {
  const file = path.join(__dirname, 'replication-worker.js');
  return fs.existsSync(file) ? file : undefined;
}

export interface ReplicationOptions {
  /** Threads at once (default: the machine's cores, at most the replications). */
  threads?: number;
  /** The worker script; null runs every replication on the calling thread (default: replicationWorkerFile()). */
  workerFile?: string | null;
  /** Called as each replication ends, with how many have. */
  onDone?: (done: number, total: number) => void;
}

function runInWorker(file: string, model: SimModel): Promise<SimResult> {
  return new Promise((resolve, reject) => {
    const workerData: ReplicationWorkerData = { sysdesignReplication: true, model };
    const worker = new Worker(file, { workerData });
    let settled = false;
    worker.once('message', (m: ReplicationWorkerMessage) => {
      settled = true;
      if (m.type === 'done') resolve(m.result);
      else reject(new Error(`a replication failed: ${m.message}`));
    });
    worker.once('error', (err) => {
      settled = true;
      reject(err);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`a replication's thread ended with code ${code} before it answered`));
    });
  });
}

/** Runs `models` (one per seed), at most `threads` at once, in order of the list; results in the same order. */
export async function runReplications(models: readonly SimModel[], options: ReplicationOptions = {}): Promise<SimResult[]> {
  const file = options.workerFile === null ? undefined : (options.workerFile ?? replicationWorkerFile());
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  const threads = Math.max(1, Math.min(models.length, Math.floor(options.threads ?? cores)));
  const results: SimResult[] = new Array(models.length);
  let next = 0;
  let done = 0;
  const lane = async (): Promise<void> => {
    while (next < models.length) {
      const i = next++;
      results[i] = file ? await runInWorker(file, models[i]) : new Simulation(models[i]).run();
      options.onDone?.(++done, models.length);
    }
  };
  await Promise.all(Array.from({ length: threads }, lane));
  return results;
}

/** `model` with another seed (the engine forks every random stream from it). */
export function withSeed(model: SimModel, seed: number): SimModel {
  return { ...model, seed };
}

// ---- the replicated JSON ---------------------------------------------------------------

/** A component's figures over replications: the single-run ones, plus the twins. */
export interface ReplicatedJsonComponent extends Omit<SimJsonComponent, 'latency_ms'> {
  throughput_rps_ci95: number | null;
  utilization_ci95: number | null;
  latency_ms: { mean: number | null; mean_ci95: number | null; p95: number | null; p95_ci95: number | null };
}

export interface ReplicatedJson extends Omit<SimJson, 'requests' | 'latency_ms' | 'components'> {
  replications: number;
  warmup_method: WarmupMethod;
  requests: {
    completed: number | null; completed_ci95: number | null;
    failed: number | null; failed_ci95: number | null;
    dropped: number | null; dropped_ci95: number | null;
    stale: number | null; stale_ci95: number | null;
  };
  throughput_rps_ci95: number | null;
  latency_ms: {
    mean: number | null; mean_ci95: number | null;
    p50: number | null; p50_ci95: number | null;
    p95: number | null; p95_ci95: number | null;
    p99: number | null; p99_ci95: number | null;
    max: number | null; max_ci95: number | null;
  };
  components: Record<string, ReplicatedJsonComponent>;
}

function stat(xs: (number | null)[]): { mean: number | null; ci95: number | null } {
  const { mean, ci95 } = meanCi95(xs.map((x) => (x === null ? NaN : x)));
  return { mean: round6(mean), ci95: round6(ci95) };
}

function meanOf(xs: (number | null)[]): number | null {
  return stat(xs).mean;
}

/**
 * The `simulate --format json` object of N replications (N ≥ 1; with one,
 * every `_ci95` is null). Besides the single-run keys: `replications`,
 * `warmup_method`, and `_ci95` twins. Counts and figures are means over the
 * replications (`instance_hours` too); `max_queue`, `instances_max`, `backlog_max` the largest; `events` the
 * total; series the pointwise mean; `stopped` the first early stop, if any;
 * `seed` the first seed.
 */
export function toReplicatedJson(results: readonly SimResult[], warmupMethod: WarmupMethod): ReplicatedJson {
  if (results.length === 0) throw new RangeError('no replication to report');
  const runs = results.map((r) => toJson(r));
  const first = runs[0];
  const pick = <T>(f: (j: SimJson) => T): T[] => runs.map(f);
  const twin = (f: (j: SimJson) => number | null) => stat(pick(f));
  const requests = {
    completed: twin((j) => j.requests.completed),
    failed: twin((j) => j.requests.failed),
    dropped: twin((j) => j.requests.dropped),
    stale: twin((j) => j.requests.stale),
  };
  const lat = {
    mean: twin((j) => j.latency_ms.mean),
    p50: twin((j) => j.latency_ms.p50),
    p95: twin((j) => j.latency_ms.p95),
    p99: twin((j) => j.latency_ms.p99),
    max: twin((j) => j.latency_ms.max),
  };
  const throughput = twin((j) => j.throughput_rps);
  const components = namedRecord<ReplicatedJsonComponent>();
  for (const name of Object.keys(first.components)) {
    const c = (j: SimJson) => j.components[name];
    const tp = twin((j) => c(j).throughput_rps);
    const util = twin((j) => c(j).utilization);
    const lm = twin((j) => c(j).latency_ms.mean);
    const lp = twin((j) => c(j).latency_ms.p95);
    const entry: ReplicatedJsonComponent = {
      throughput_rps: tp.mean,
      throughput_rps_ci95: tp.ci95,
      utilization: util.mean,
      utilization_ci95: util.ci95,
      mean_queue: meanOf(pick((j) => c(j).mean_queue)),
      max_queue: Math.max(...pick((j) => c(j).max_queue)),
      latency_ms: { mean: lm.mean, mean_ci95: lm.ci95, p95: lp.mean, p95_ci95: lp.ci95 },
      instances_max: Math.max(...pick((j) => c(j).instances_max)),
      failed: meanOf(pick((j) => c(j).failed)) ?? 0,
      dropped: meanOf(pick((j) => c(j).dropped)) ?? 0,
    };
    if ('hit_ratio' in first.components[name]) entry.hit_ratio = meanOf(pick((j) => c(j).hit_ratio ?? null));
    if (first.components[name].backlog_max !== undefined) {
      entry.backlog_max = Math.max(...pick((j) => c(j).backlog_max ?? 0));
      entry.backlog_final = meanOf(pick((j) => c(j).backlog_final ?? 0)) ?? 0;
    }
    if ('instance_hours' in first.components[name]) entry.instance_hours = meanOf(pick((j) => c(j).instance_hours ?? null));
    components[name] = entry;
  }
  const series = namedRecord<(number | null)[]>();
  for (const key of Object.keys(first.series)) {
    series[key] = first.series[key].map((_, i) => (key === 't_s' ? first.series.t_s[i] : meanOf(pick((j) => j.series[key]?.[i] ?? null))));
  }
  const early = runs.find((j) => j.stopped !== 'duration');
  return {
    system: first.system,
    scenario: first.scenario,
    seed: first.seed,
    replications: runs.length,
    duration_s: first.duration_s,
    warmup_s: first.warmup_s,
    warmup_method: warmupMethod,
    measured_s: meanOf(pick((j) => j.measured_s)),
    events: runs.reduce((a, j) => a + j.events, 0),
    stopped: early ? early.stopped : 'duration',
    ...(early ? { stop_message: STOP_MESSAGES[early.stopped] } : {}),
    requests: {
      completed: requests.completed.mean, completed_ci95: requests.completed.ci95,
      failed: requests.failed.mean, failed_ci95: requests.failed.ci95,
      dropped: requests.dropped.mean, dropped_ci95: requests.dropped.ci95,
      stale: requests.stale.mean, stale_ci95: requests.stale.ci95,
    },
    in_flight: {
      limit: first.in_flight.limit,
      peak: Math.max(...pick((j) => j.in_flight.peak)),
      dropped: runs.reduce((a, j) => a + j.in_flight.dropped, 0),
    },
    throughput_rps: throughput.mean,
    throughput_rps_ci95: throughput.ci95,
    latency_ms: {
      mean: lat.mean.mean, mean_ci95: lat.mean.ci95,
      p50: lat.p50.mean, p50_ci95: lat.p50.ci95,
      p95: lat.p95.mean, p95_ci95: lat.p95.ci95,
      p99: lat.p99.mean, p99_ci95: lat.p99.ci95,
      max: lat.max.mean, max_ci95: lat.max.ci95,
    },
    components,
    series,
    ...(results[0].slo.length ? { slo: replicatedSlo(results).map(sloJson) } : {}),
    // Traces follow one run: `--trace` is refused with several replications.
    ...(runs.length === 1 && first.traces ? { traces: first.traces } : {}),
  };
}

/** Each SLO target's verdict over the replications: the mean value with its 95 % half-width. */
export function replicatedSlo(results: readonly SimResult[]): SloVerdict[] {
  return replicatedSloVerdicts(results.map((r) => r.slo), meanCi95);
}

/** `toReplicatedJson` as text (two-space indentation); byte-identical for the same design, options and seeds. */
export function toReplicatedJsonText(results: readonly SimResult[], warmupMethod: WarmupMethod): string {
  return JSON.stringify(toReplicatedJson(results, warmupMethod), null, 2);
}

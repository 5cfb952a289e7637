// One simulation run for the language server, as plain data in and out, so it
// can cross into a worker thread (sim-worker.ts) and back: the document's
// text and the request's choices go in; the SimulateResult (minus nothing)
// comes out. Also used on the main thread when the worker is missing, and by
// the main thread to check a request before starting a worker.
//
// Imports the language core only (no LSP runtime, no worker_threads): the
// worker bundle stays small and starts fast.
import { analyze, type Analysis } from '../analyze';
import type { SystemEstimate } from '../estimate/propagate';
import { estimateOf } from '../estimate/per-version';
import { costJson } from '../estimate/report';
import { findSystem, type ScenarioModel, type SystemModel } from '../model/types';
import type {
  SimBottleneck, SimComparison, SimComparisonRow, SimComponentFigures, SimEdgeFigures, SimulateParams, SimulateResult,
  SimulationSettings, SourceSpan,
} from '../protocol';
import { findBottlenecks } from '../sim/bottlenecks';
import { runSizeProblem, settingsProblem } from '../sim/run-size';
import { buildSimModel, findScenario, MAX_TRACES, round6, Simulation, toJson, type RunControl, type SimResult } from '../sim';
import { namedRecord } from '../records';
import { pushAll } from '../arrays';

/** Everything a run needs, structured-clone safe. */
export interface SimulationJob {
  uri: string;
  version: number;
  text: string;
  system?: string;
  scenario?: string;
  /** Override the scenario's values. */
  overrides: SimulationSettings;
  /** Apply where neither the overrides nor the scenario give a value. */
  defaults: SimulationSettings;
  /** Error diagnostics of the text (reported in the result). */
  errors: number;
  /** Client requests to trace; undefined: none. */
  trace?: number;
}

/** A request that cannot run: shown to the user as it is. */
export class SimulationRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SimulationRequestError';
  }
}

export interface SimulationTarget {
  system: SystemModel;
  scenario: ScenarioModel | undefined;
}

/** The system (by name or title; else the one declaring the scenario; else the first) and the scenario of a request. */
export function resolveTarget(analysis: Analysis, systemName: string | undefined, scenarioName: string | undefined): SimulationTarget {
  const systems = analysis.systems;
  if (systems.length === 0) throw new SimulationRequestError('This file declares no system to simulate.');
  const wanted = scenarioName ? scenarioName : undefined;
  let system: SystemModel | undefined;
  if (systemName !== undefined && systemName !== '') {
    system = findSystem(systems, systemName);
    if (!system) throw new SimulationRequestError(`No system named '${systemName}' (systems: ${systems.map((s) => s.name).join(', ')}).`);
  } else {
    system = (wanted !== undefined ? systems.find((s) => findScenario(s, wanted)) : undefined) ?? systems[0];
  }
  let scenario: ScenarioModel | undefined;
  if (wanted !== undefined) {
    scenario = findScenario(system, wanted);
    if (!scenario) {
      const known = system.scenarios.length > 0 ? `scenarios: ${system.scenarios.map((s) => s.name).join(', ')}` : 'it declares no scenario';
      throw new SimulationRequestError(`No scenario named '${wanted}' in system ${system.name} (${known}).`);
    }
  }
  return { system, scenario };
}

/** Checks the numbers of a request's settings; throws SimulationRequestError naming the bad one. */
export function checkSettings(settings: SimulationSettings | undefined, where: string): SimulationSettings {
  const out: SimulationSettings = {};
  if (!settings) return out;
  const { duration, seed, load } = settings;
  if (duration !== undefined && duration !== null) {
    if (typeof duration !== 'number' || !(duration > 0) || !Number.isFinite(duration)) throw new SimulationRequestError(`${where}duration must be a number of seconds above 0, got ${String(duration)}.`);
    out.duration = duration;
  }
  if (seed !== undefined && seed !== null) {
    if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) throw new SimulationRequestError(`${where}seed must be an integer, got ${String(seed)}.`);
    out.seed = seed;
  }
  if (load !== undefined && load !== null) {
    if (typeof load !== 'number' || !(load > 0) || !Number.isFinite(load)) throw new SimulationRequestError(`${where}load must be a multiplier above 0, got ${String(load)}.`);
    out.load = load;
  }
  const tooBig = settingsProblem(out);
  if (tooBig) throw new SimulationRequestError(`${where}${tooBig}.`);
  return out;
}

/** The job for `params` on `text` (checks the settings; the target is checked by the caller with resolveTarget). */
export function jobFor(params: SimulateParams, text: string, version: number, errors: number): SimulationJob {
  return {
    uri: params.uri,
    version,
    text,
    system: params.system,
    scenario: params.scenario ? params.scenario : undefined,
    overrides: checkSettings(params, ''),
    defaults: checkSettings(params.defaults, 'defaults.'),
    errors,
    ...(params.trace === undefined ? {} : { trace: checkTrace(params.trace) }),
  };
}

function checkTrace(n: unknown): number {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_TRACES) throw new SimulationRequestError(`trace must be a whole number from 1 to ${MAX_TRACES}, got ${JSON.stringify(n)}.`);
  return n;
}

/** What a run answers, but for the fields the main thread adds. */
export type SimulationOutcome = SimulateResult;

function ms(seconds: number): number | null {
  return round6(seconds * 1000);
}

function components(result: SimResult): SimComponentFigures[] {
  const withStations = new Set(result.stations.map((s) => s.component));
  return result.components
    .filter((c) => c.kind !== 'region' && c.kind !== 'group')
    .map((c) => ({
      name: c.name,
      kind: c.kind,
      stations: withStations.has(c.name),
      arrivalRate: round6(c.arrivalRate),
      throughput: round6(c.throughput),
      utilization: withStations.has(c.name) ? round6(c.utilization) : null,
      meanQueue: round6(c.meanQueue),
      maxQueue: c.maxQueue,
      completed: c.completed,
      failed: c.failed,
      dropped: c.dropped,
      stale: c.stale,
      timeouts: c.timeouts,
      latencyMeanMs: ms(c.latency.mean),
      latencyP95Ms: ms(c.latency.p95),
      instancesMax: c.instancesMax,
      instancesFinal: c.instancesFinal,
      hitRatio: c.hitRatio === null ? null : round6(c.hitRatio),
      saturatedAt: c.saturatedAt === null ? null : round6(c.saturatedAt),
      backlogMax: c.backlogMax === null ? null : round6(c.backlogMax),
    }));
}

function edges(result: SimResult): SimEdgeFigures[] {
  return result.edges.map((e) => ({ from: e.from, to: e.to, label: e.label, async: e.async, throughput: round6(e.throughput) }));
}

/** `estimate` is the system's analytic estimate, or why it could not be made. */
function comparison(system: SystemModel, estimate: SystemEstimate | Error, result: SimResult): SimComparison {
  const notes: string[] = [];
  if (estimate instanceof Error) notes.push(`The analytic estimate failed: ${estimate.message}.`);
  const load = result.load;
  if (load !== 1) notes.push(`At ${load}x load the analytic rates and utilizations are the estimate's scaled by ${load}; its latencies hold at 1x only and are left out.`);
  if (!(estimate instanceof Error)) pushAll(notes, estimate.notes);
  const rows: SimComparisonRow[] = [];
  const rescaled: string[] = [];
  for (const c of result.components) {
    if (c.kind === 'region' || c.kind === 'group') continue;
    const e = estimate instanceof Error ? undefined : estimate.byName.get(c.name);
    const hasStations = result.stations.some((s) => s.component === c.name);
    let analyticUtilization = e && e.hasCapacity && e.utilization !== undefined ? round6(e.utilization * load) : null;
    // The estimate plans an autoscaled component at its `max`; the run serves
    // with what the autoscaler actually started. Compare at the run's capacity.
    if (analyticUtilization !== null && e?.coresNeeded !== undefined && c.servingCores > 0 && system.components.get(c.name)?.blocks.has('autoscale')) {
      analyticUtilization = round6((e.coresNeeded * load) / c.servingCores);
      rescaled.push(`\`${c.name}\` (${fmtCores(c.servingCores)} cores on average)`);
    }
    rows.push({
      component: c.name,
      kind: c.kind,
      simulated: {
        throughputRps: round6(c.throughput),
        utilization: hasStations ? round6(c.utilization) : null,
        latencyMs: ms(c.latency.mean),
      },
      analytic: {
        throughputRps: e ? round6(e.rateRps * load) : null,
        utilization: analyticUtilization,
        latencyMs: e && load === 1 ? ms(e.pathResponse) : null,
      },
    });
  }
  if (rescaled.length) notes.push(`Autoscaled: the analytic utilization of ${rescaled.join(', ')} is the estimate's busy cores over the cores the run served with, not over the planned maximum.`);
  return { load, rows, notes };
}

function fmtCores(cores: number): string {
  return Number.isInteger(cores) ? String(cores) : cores.toFixed(1);
}

function bottlenecks(analysis: Analysis, system: SystemModel, result: SimResult): SimBottleneck[] {
  const run = `${result.scenario || 'default run'}, seed ${result.seed}${result.load !== 1 ? `, load ${result.load}x` : ''}`;
  return findBottlenecks(result).flatMap((b) => {
    const component = system.components.get(b.component);
    if (!component) return [];
    return [{
      component: b.component,
      at: b.at === null ? null : round6(b.at),
      message: `Simulation (${run}): \`${b.component}\` ${b.summary}.`,
      range: analysis.lines.range(component.nameSpan),
    }];
  });
}

/** Runs `job` to the end (or the control's cancellation) and reduces it to the request's answer. */
export function runSimulationJob(job: SimulationJob, control: RunControl = {}): SimulationOutcome {
  const analysis = analyze(job.text);
  const { system, scenario } = resolveTarget(analysis, job.system, job.scenario);
  const sp = scenario?.props;
  // `num` falls back to the schema's default: only a value the scenario writes beats the defaults.
  const pick = (key: 'duration' | 'seed' | 'load'): number | undefined => job.overrides[key] ?? (sp?.has(key) ? sp.num(key) : undefined) ?? job.defaults[key];
  // One estimate for the model's client rates and the comparison.
  let estimate: SystemEstimate | Error;
  try {
    estimate = estimateOf(system);
  } catch (err) {
    estimate = err instanceof Error ? err : new Error(String(err));
  }
  let model;
  try {
    model = buildSimModel(system, { scenario, duration: pick('duration'), seed: pick('seed'), load: pick('load'), ...(estimate instanceof Error ? {} : { estimate }) });
  } catch (err) {
    throw new SimulationRequestError(`Cannot simulate ${system.name}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const tooBig = runSizeProblem(model);
  if (tooBig) throw new SimulationRequestError(`Cannot simulate ${system.name}: ${tooBig}.`);
  const result = new Simulation(model).run(job.trace === undefined ? control : { ...control, trace: job.trace });
  return {
    uri: job.uri,
    version: job.version,
    system: result.system,
    scenario: result.scenario,
    seed: result.seed,
    load: result.load,
    duration: result.duration,
    simulated: round6(result.simulated) ?? 0,
    warmup: result.warmup,
    stopped: result.stopped,
    events: result.events,
    wallSeconds: round6(result.wallSeconds) ?? 0,
    errors: job.errors,
    result: toJson(result),
    components: components(result),
    edges: edges(result),
    comparison: comparison(system, estimate, result),
    cost: estimate instanceof Error ? null : costJson(estimate.cost),
    bottlenecks: bottlenecks(analysis, system, result),
    notes: [...result.notes],
    componentSpans: componentSpans(system),
  };
}

function componentSpans(system: SystemModel): Record<string, SourceSpan> {
  const spans = namedRecord<SourceSpan>();
  for (const c of system.components.values()) spans[c.name] = { start: c.span.start, end: c.span.end };
  return spans;
}

/**
 * The simulation's public entry points (docs/simulation.md). The CLI, the
 * language server, the preview, the tests and the benchmarks use these:
 *
 *   const model = buildSimModel(system, { scenario, duration, seed, load, warmup });
 *   const result = new Simulation(model).run({ signal, onProgress });
 *   const json = toJson(result);          // `simulate --format json`
 *
 * or `simulateSystem(system, options, control)` for the three at once.
 * Everything is synchronous and deterministic: the same system, scenario and
 * options give byte-identical `toJsonText` output.
 */
import type { ScenarioModel, SystemModel } from '../model/types';
import { Simulation, type RunControl } from './engine';
import { buildSimModel, type SimOptions } from './model';
import type { SimResult } from './results';

export { Simulation, simulate, HEALTH_CHECK_INTERVAL, SATURATION_QUEUE, type RunControl } from './engine';
export { MAX_IN_FLIGHT, MEMORY_CEILING } from './limits';
export { MAX_TRACES, type RequestTrace, type TraceHop, type TraceOutcome } from './tracer';
export {
  buildSimModel, DEFAULT_KEY_SPACE, DEFAULT_MAX_EVENTS,
  type NodeRole, type PickPolicy, type SimAutoscale, type SimClient, type SimDatabase, type SimEdge, type SimFault,
  type SimModel, type SimNode, type SimOptions, type SimStation, type SimStreamGroup,
} from './model';
export {
  reduceRun, round6, STOP_MESSAGES, toJson, toJsonText,
  type ComponentResult, type InFlight, type EdgeResult, type LatencySummary, type SimJson, type SimJsonComponent, type SimResult,
  type StationResult, type StopReason,
} from './results';

/** Builds the model of `system` and runs it once. */
export function simulateSystem(system: SystemModel, options: SimOptions = {}, control?: RunControl): SimResult {
  return new Simulation(buildSimModel(system, options)).run(control);
}

/** The scenario named `name` in `system`, or undefined. */
export function findScenario(system: SystemModel, name: string): ScenarioModel | undefined {
  return system.scenarios.find((s) => s.name === name);
}

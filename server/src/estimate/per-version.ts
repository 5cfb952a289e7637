// The estimate's one home: computed at most once per SystemModel. Every
// analysis builds new SystemModels, so this is once per document version, and
// the rules, hovers, inlay hints, the report and the simulation's comparison
// all read the same object (docs/semantic-model.md).
import type { SystemModel } from '../model/types';
import { estimateSystem, type SystemEstimate } from './propagate';

/** A failed estimate is kept too, so a design that breaks it is not estimated again on every read. */
const estimates = new WeakMap<SystemModel, SystemEstimate | Error>();
let observer: ((system: SystemModel) => void) | undefined;

/** The system's estimate; throws (the same error each time) when it cannot be made. */
export function estimateOf(system: SystemModel): SystemEstimate {
  let e = estimates.get(system);
  if (e === undefined) {
    observer?.(system);
    try {
      e = estimateSystem(system);
    } catch (err) {
      e = err instanceof Error ? err : new Error(String(err));
    }
    estimates.set(system, e);
  }
  if (e instanceof Error) throw e;
  return e;
}

/** The estimate, or null when it cannot be made. */
export function estimateOrNull(system: SystemModel): SystemEstimate | null {
  try {
    return estimateOf(system);
  } catch {
    return null;
  }
}

/**
 * Calls `fn` each time an estimate is actually computed (not served from the
 * cache); returns the function that stops it. For tests and benchmarks that
 * count estimates.
 */
export function observeEstimates(fn: (system: SystemModel) => void): () => void {
  observer = fn;
  return () => {
    if (observer === fn) observer = undefined;
  };
}

// One capacity estimate per system per analysis, shared by hover, inlay
// hints and the Show Estimates report.
import type { Analysis } from '../analyze';
import { estimateSystem, SystemEstimate } from '../estimate/propagate';
import type { SystemModel } from '../model/types';

const cache = new WeakMap<SystemModel, SystemEstimate | null>();

/** The system's estimate, or null when it cannot be made (reported once in the log by the caller). */
export function estimateOf(system: SystemModel): SystemEstimate | null {
  let e = cache.get(system);
  if (e === undefined) {
    try {
      e = estimateSystem(system);
    } catch {
      e = null;
    }
    cache.set(system, e);
  }
  return e;
}

export function estimatesOf(analysis: Analysis): SystemEstimate[] {
  return analysis.systems.map(estimateOf).filter((e): e is SystemEstimate => e !== null);
}

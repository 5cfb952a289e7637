// The estimates hover, inlay hints and the Show Estimates report read: the
// analysis's own (estimate/per-version.ts), never a second computation.
import type { Analysis } from '../analyze';
import type { SystemEstimate } from '../estimate/propagate';
import { estimateOrNull } from '../estimate/per-version';

/** The system's estimate, or null when it cannot be made (reported once in the log by the caller). */
export const estimateOf = estimateOrNull;

export function estimatesOf(analysis: Analysis): SystemEstimate[] {
  return analysis.systems.map(estimateOf).filter((e): e is SystemEstimate => e !== null);
}

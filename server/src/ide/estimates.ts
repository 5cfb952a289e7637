// The estimates the Show Estimates report reads: the analysis's own
// (estimate/per-version.ts), never a second computation.
import type { Analysis } from '../analyze';
import type { SystemEstimate } from '../estimate/propagate';
import { estimateOrNull } from '../estimate/per-version';

export function estimatesOf(analysis: Analysis): SystemEstimate[] {
  return analysis.systems.map(estimateOrNull).filter((e): e is SystemEstimate => e !== null);
}

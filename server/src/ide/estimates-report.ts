// The estimate report of a document as markdown (a table per system), for the
// Sysdesign: Show Estimates command (`sysdesign/estimates`, answered in lsp/main.ts).
import type { Analysis } from '../analyze';
import { estimateMarkdown } from '../estimate/report';
import { estimatesOf } from './estimates';

export interface EstimatesReport {
  markdown: string;
  /** Systems that could be estimated. */
  systems: number;
}

export function estimatesReport(analysis: Analysis): EstimatesReport {
  const estimates = estimatesOf(analysis);
  if (estimates.length === 0) return { markdown: '# Estimates\n\nThis file declares no system yet.\n', systems: 0 };
  return { markdown: estimateMarkdown(estimates), systems: estimates.length };
}

// `sysdesign/estimates`: the document's estimate report as markdown, for the
// Sysdesign: Show Estimates command.
import { estimateMarkdown } from '../estimate/report';
import type { EstimatesParams, EstimatesResult } from '../protocol';
import type { DocumentStore } from './documents';
import { estimatesOf } from './estimates';

export function provideEstimates(store: DocumentStore, params: EstimatesParams): EstimatesResult {
  const doc = store.get(params.uri);
  if (!doc) return { markdown: '', systems: 0 };
  const estimates = estimatesOf(doc.analysis);
  if (estimates.length === 0) return { markdown: '# Estimates\n\nThis file declares no system yet.\n', systems: 0 };
  return { markdown: estimateMarkdown(estimates), systems: estimates.length };
}

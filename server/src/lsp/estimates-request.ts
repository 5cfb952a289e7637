// `sysdesign/estimates` (protocol.ts): the open document's report from
// ide/estimates-report.ts; an unknown document has an empty one.
import { estimatesReport } from '../ide/estimates-report';
import type { EstimatesParams, EstimatesResult } from '../protocol';
import type { DocumentStore } from './documents';

export function provideEstimates(store: DocumentStore, params: EstimatesParams): EstimatesResult {
  const doc = store.get(params.uri);
  return doc ? estimatesReport(doc.analysis) : { markdown: '', systems: 0 };
}

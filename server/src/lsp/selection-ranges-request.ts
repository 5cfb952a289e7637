// `textDocument/selectionRange`: ide/selection-ranges.ts's spans, nested as LSP wants
// them (innermost first, each pointing at its parent).
import type { SelectionRange, SelectionRangeParams } from 'vscode-languageserver';
import { selectionAt } from '../ide/selection-ranges';
import { toOffset, toRange } from './convert';
import type { DocumentStore } from './documents';

export function provideSelectionRanges(store: DocumentStore, params: SelectionRangeParams): SelectionRange[] {
  const doc = store.get(params.textDocument.uri);
  if (!doc) return [];
  const { analysis } = doc;
  return params.positions.map((p) => {
    let range: SelectionRange | undefined;
    for (const span of selectionAt(analysis, toOffset(analysis, p))) range = { range: toRange(analysis, span), ...(range ? { parent: range } : {}) };
    return range!;
  });
}

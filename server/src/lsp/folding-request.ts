// `textDocument/foldingRange`: ide/folding.ts's ranges are already in LSP's shape.
import type { FoldingRange, FoldingRangeParams } from 'vscode-languageserver';
import { foldingRanges } from '../ide/folding';
import type { DocumentStore } from './documents';

export function provideFoldingRanges(store: DocumentStore, params: FoldingRangeParams): FoldingRange[] {
  const doc = store.get(params.textDocument.uri);
  return doc ? foldingRanges(doc.analysis) : [];
}

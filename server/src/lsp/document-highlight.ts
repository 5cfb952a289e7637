// Document highlights: the other mentions of the name under the cursor, the
// declaration marked as a write.
import { DocumentHighlight, DocumentHighlightKind, DocumentHighlightParams } from 'vscode-languageserver';
import type { DocumentStore } from './documents';
import { documentIndex } from '../ide/document-index';
import { toOffset, toRange } from './convert';

export function provideDocumentHighlights(store: DocumentStore, params: DocumentHighlightParams): DocumentHighlight[] {
  const doc = store.get(params.textDocument.uri);
  if (!doc) return [];
  const { analysis } = doc;
  const index = documentIndex(analysis);
  const keys = new Set(index.occurrencesAt(toOffset(analysis, params.position)).map((o) => o.key));
  const seen = new Set<number>();
  const out: DocumentHighlight[] = [];
  for (const key of keys) {
    for (const o of index.byKey(key)) {
      if (seen.has(o.span.start)) continue;
      seen.add(o.span.start);
      out.push({ range: toRange(analysis, o.span), kind: o.declaration ? DocumentHighlightKind.Write : DocumentHighlightKind.Read });
    }
  }
  return out;
}

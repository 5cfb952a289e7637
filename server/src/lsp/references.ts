// Find references: every mention of the component, table, column, query or
// scenario under the cursor in the document, with or without its declaration.
import type { Location, ReferenceParams } from 'vscode-languageserver';
import type { DocumentStore } from './documents';
import { documentIndex } from '../ide/document-index';
import { toOffset, toRange } from './convert';

export function provideReferences(store: DocumentStore, params: ReferenceParams): Location[] {
  const doc = store.get(params.textDocument.uri);
  if (!doc) return [];
  const { analysis } = doc;
  const index = documentIndex(analysis);
  const offset = toOffset(analysis, params.position);
  const keys = new Set(index.occurrencesAt(offset).map((o) => o.key));
  const seen = new Set<number>();
  const locations: Location[] = [];
  for (const key of keys) {
    for (const o of index.byKey(key)) {
      if (o.declaration && !params.context.includeDeclaration) continue;
      if (seen.has(o.span.start)) continue;
      seen.add(o.span.start);
      locations.push({ uri: params.textDocument.uri, range: toRange(analysis, o.span) });
    }
  }
  return locations.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

// Go to definition: a component name (in a connection, a property such as
// `origin:` or a scenario event) goes to its declaration; a table name to the
// table; `table.column` and bare column names to the column in the table's
// `columns:` list.
import type { DefinitionParams, Location } from 'vscode-languageserver';
import type { DocumentStore } from './documents';
import { documentIndex } from '../ide/document-index';
import { toOffset, toRange } from './convert';

export function provideDefinition(store: DocumentStore, params: DefinitionParams): Location[] {
  const doc = store.get(params.textDocument.uri);
  if (!doc) return [];
  const { analysis } = doc;
  const index = documentIndex(analysis);
  const offset = toOffset(analysis, params.position);
  const locations: Location[] = [];
  const seen = new Set<number>();
  for (const o of index.occurrencesAt(offset)) {
    for (const d of index.byKey(o.key)) {
      if (!d.declaration || seen.has(d.span.start)) continue;
      seen.add(d.span.start);
      locations.push({ uri: params.textDocument.uri, range: toRange(analysis, d.span) });
    }
  }
  return locations;
}

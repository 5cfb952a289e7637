// Rename: components, tables, columns (through `table.column` and bare column
// references in where:, key:, shard_key:, indexes and the columns list),
// queries and scenarios. prepareRename explains why a keyword or a value
// cannot be renamed; rename refuses invalid identifiers and clashes.
import {
  LSPErrorCodes, PrepareRenameParams, Range, RenameParams, ResponseError, TextEdit, WorkspaceEdit,
} from 'vscode-languageserver';
import type { Analysis } from '../analyze';
import { COMPONENT_KINDS, DECLARATION_KEYWORDS, EVENT_KEYWORD } from '../syntax/tokens';
import type { DocumentStore } from './documents';
import { columnKey, componentKey, documentIndex, DocumentIndex, Mark, Occurrence, tableKey } from '../ide/document-index';
import { toOffset, toRange } from './convert';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const RESERVED = new Set<string>([...COMPONENT_KINDS, ...DECLARATION_KEYWORDS, EVENT_KEYWORD, 'true', 'false']);

function fail(message: string): never {
  throw new ResponseError(LSPErrorCodes.RequestFailed, message);
}

export function providePrepareRename(store: DocumentStore, params: PrepareRenameParams): { range: Range; placeholder: string } | null {
  const doc = store.get(params.textDocument.uri);
  if (!doc) return null;
  const { analysis } = doc;
  const index = documentIndex(analysis);
  const target = renameTarget(analysis, index, toOffset(analysis, params.position));
  return { range: toRange(analysis, target.span), placeholder: target.name };
}

export function provideRename(store: DocumentStore, params: RenameParams): WorkspaceEdit | null {
  const doc = store.get(params.textDocument.uri);
  if (!doc) return null;
  const { analysis } = doc;
  const index = documentIndex(analysis);
  const target = renameTarget(analysis, index, toOffset(analysis, params.position));
  const newName = params.newName.trim();
  if (!IDENTIFIER.test(newName)) fail(`'${newName}' is not a valid name: use letters, digits and _, starting with a letter or _.`);
  if (newName === target.name) return { changes: { [params.textDocument.uri]: [] } };
  if (target.kind !== 'column' && RESERVED.has(newName)) fail(`'${newName}' is a keyword of the language; choose another name.`);
  const clash = clashing(index, target, newName);
  if (clash) fail(clash);

  const edits: TextEdit[] = [];
  const seen = new Set<number>();
  for (const o of index.byKey(target.key)) {
    if (seen.has(o.span.start)) continue;
    // A database-wide key that also names other tables' columns stays as it is.
    if (o.weak && ambiguous(index, o)) continue;
    seen.add(o.span.start);
    edits.push({ range: toRange(analysis, o.span), newText: newName });
  }
  return { changes: { [params.textDocument.uri]: edits } };
}

/** The occurrence to rename at the offset, or a ResponseError that says why there is none. */
function renameTarget(analysis: Analysis, index: DocumentIndex, offset: number): Occurrence {
  const occurrences = index.occurrencesAt(offset);
  if (occurrences.length === 0) fail(whyNot(analysis, index.markAt(offset), offset));
  if (occurrences.length > 1 || (occurrences[0].weak && ambiguous(index, occurrences[0]))) {
    const tables = occurrences.map((o) => o.table).filter(Boolean).join(', ');
    fail(`'${occurrences[0].name}' names a column in several tables (${tables}); rename it in one table's columns list instead.`);
  }
  return occurrences[0];
}

function ambiguous(index: DocumentIndex, o: Occurrence): boolean {
  return index.occurrences.some((x) => x !== o && x.span.start === o.span.start && x.key !== o.key);
}

function whyNot(analysis: Analysis, mark: Mark | undefined, offset: number): string {
  const word = mark ? analysis.text.slice(mark.span.start, mark.span.end) : (/[A-Za-z_0-9]*$/.exec(analysis.text.slice(Math.max(0, offset - 64), offset))?.[0] ?? '');
  switch (mark?.role) {
    case 'kind':
    case 'keyword':
    case 'system-keyword':
      return `'${word}' is a keyword of the language and cannot be renamed. Rename a component, table, column, query or scenario name instead.`;
    case 'property':
    case 'block':
      return `'${word}' is a property name defined by the language and cannot be renamed.`;
    case 'enum':
      return `'${word}' is a value of '${mark.spec.name}', not a name declared in the design; it cannot be renamed.`;
    case 'tech':
      return `'${word}' is a technology, not a name declared in the design.`;
    case 'number':
      return 'A number cannot be renamed.';
    case 'call':
      return `'${word}(…)' is a built-in function and cannot be renamed.`;
    case 'action':
      return `'${word}' is a scenario action and cannot be renamed.`;
    case 'system-name':
      return 'System names are not referenced anywhere; edit the name in place.';
    default:
      return 'Only the names of components, tables, columns, queries and scenarios can be renamed.';
  }
}

function clashing(index: DocumentIndex, target: Occurrence, newName: string): string | undefined {
  const declared = (key: string) => index.byKey(key).some((o) => o.declaration);
  switch (target.kind) {
    case 'component':
      return declared(componentKey(target.systemIndex, newName)) ? `A component named '${newName}' already exists in this system.` : undefined;
    case 'table':
      return declared(tableKey(target.systemIndex, newName)) ? `A table named '${newName}' already exists in this system.` : undefined;
    case 'column':
      return target.table && declared(columnKey(target.systemIndex, target.table, newName)) ? `Table '${target.table}' already has a column '${newName}'.` : undefined;
    case 'query':
    case 'scenario':
    case 'view':
      return declared(`${target.kind}:${target.systemIndex}:${newName}`) ? `A ${target.kind} named '${newName}' already exists in this system.` : undefined;
  }
}

// Document formatting: the one canonical layout of format/formatter.ts, as a
// single edit replacing the whole document (none when it is already
// formatted). The formatter leaves parts with syntax errors as written and
// checks its own output, so formatting never damages a file.
import type { DocumentFormattingParams, TextEdit } from 'vscode-languageserver';
import { formatText, MAX_FORMAT_LENGTH } from '../format/formatter';
import type { DocumentStore } from './documents';
import { toRange } from './convert';

export function provideFormatting(store: DocumentStore, params: DocumentFormattingParams): TextEdit[] {
  const doc = store.get(params.textDocument.uri);
  if (!doc) return [];
  const text = doc.analysis.text;
  if (text.length > MAX_FORMAT_LENGTH) return []; // would exhaust the server's memory
  // One canonical layout: the editor's tab size does not change it.
  const formatted = formatText(text);
  if (formatted === text) return [];
  return [{ range: toRange(doc.analysis, { start: 0, end: text.length }), newText: formatted }];
}

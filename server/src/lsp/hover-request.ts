// `textDocument/hover`: LSP positions in, ide/hover.ts's markdown out.
import { Hover, HoverParams, MarkupKind } from 'vscode-languageserver';
import { hoverAt } from '../ide/hover';
import { toOffset, toRange } from './convert';
import type { DocumentStore } from './documents';

export function provideHover(store: DocumentStore, params: HoverParams): Hover | null {
  const doc = store.get(params.textDocument.uri);
  if (!doc) return null;
  const hover = hoverAt(doc.analysis, toOffset(doc.analysis, params.position));
  if (!hover) return null;
  return { contents: { kind: MarkupKind.Markdown, value: hover.markdown }, range: toRange(doc.analysis, hover.span) };
}

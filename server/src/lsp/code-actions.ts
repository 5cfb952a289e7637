// Quick fixes: the core attaches fixes to its diagnostics (rules and language
// errors alike); this offers those whose diagnostic touches the requested range.
import { CodeAction, CodeActionKind, CodeActionParams } from 'vscode-languageserver';
import type { DocumentStore } from './documents';
import { toLspDiagnostic } from './diagnostics';
import { toOffset, toRange } from './convert';

export function provideCodeActions(store: DocumentStore, params: CodeActionParams): CodeAction[] {
  const doc = store.get(params.textDocument.uri);
  if (!doc) return [];
  if (params.context.only && !params.context.only.some((k) => CodeActionKind.QuickFix.startsWith(k) || k.startsWith(CodeActionKind.QuickFix))) return [];
  const { analysis } = doc;
  const uri = params.textDocument.uri;
  const start = toOffset(analysis, params.range.start);
  const end = toOffset(analysis, params.range.end);
  const actions: CodeAction[] = [];
  for (const d of analysis.diagnostics) {
    if (!d.fixes?.length || d.span.end < start || d.span.start > end) continue;
    const diagnostic = toLspDiagnostic(uri, analysis, d);
    for (const fix of d.fixes) {
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: fix.preferred === true,
        edit: { changes: { [uri]: fix.edits.map((e) => ({ range: toRange(analysis, e.span), newText: e.newText })) } },
      });
    }
  }
  return actions;
}

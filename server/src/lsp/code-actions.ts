// Quick fixes: the core attaches fixes to its diagnostics (rules and language
// errors alike); this offers those whose diagnostic touches the requested range,
// plus the did-you-mean of language errors as a one-word replacement.
import { CodeAction, CodeActionKind, CodeActionParams } from 'vscode-languageserver';
import type { Diagnostic, Fix } from '../diagnostics';
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
    if (d.span.end < start || d.span.start > end) continue;
    const fixes = d.fixes?.length ? d.fixes : didYouMean(analysis.text, d);
    if (!fixes.length) continue;
    const diagnostic = toLspDiagnostic(uri, analysis, d);
    for (const fix of fixes) {
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

const SUGGESTING = new Set(['unknown-reference', 'unknown-property', 'unknown-kind', 'invalid-value']);

/** A language error that says "Did you mean 'x'?" about one word: replace the word. */
function didYouMean(text: string, d: Diagnostic): Fix[] {
  if (!SUGGESTING.has(d.rule)) return [];
  const suggestion = /Did you mean '([A-Za-z_][A-Za-z0-9_]*)'\?/.exec(d.message)?.[1];
  const word = text.slice(d.span.start, d.span.end);
  if (!suggestion || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(word) || word === suggestion) return [];
  return [{ title: `Change '${word}' to '${suggestion}'`, edits: [{ span: d.span, newText: suggestion }], preferred: true }];
}

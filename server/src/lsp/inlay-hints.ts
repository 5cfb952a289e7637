// Inlay hints: after each component's declaration line, its estimated rate
// and utilization at peak (`⟵ 1.2k/s · 63%`). Toggled by sysdesign.inlayHints.enabled.
import { InlayHint, InlayHintKind, InlayHintParams, MarkupKind } from 'vscode-languageserver';
import { componentHoverMarkdown, inlayHintText } from '../estimate/report';
import type { DocumentStore } from './documents';
import { estimateOf } from './estimates';

export function provideInlayHints(store: DocumentStore, params: InlayHintParams, enabled: boolean): InlayHint[] {
  if (!enabled) return [];
  const doc = store.get(params.textDocument.uri);
  if (!doc) return [];
  const { analysis } = doc;
  const from = analysis.lines.offset(params.range.start);
  const to = analysis.lines.offset(params.range.end);
  const hints: InlayHint[] = [];
  for (const system of analysis.systems) {
    const estimate = estimateOf(system);
    if (!estimate) continue;
    for (const c of system.components.values()) {
      const e = estimate.byName.get(c.name);
      const text = e && inlayHintText(e);
      if (!e || !text) continue;
      // At the end of the header line (`service api "Title" {`), so the hint never splits text.
      const headerEnd = c.decl.bodySpan?.start ?? c.decl.span.end;
      const anchor = c.decl.bodySpan ? headerEnd + 1 : headerEnd;
      if (anchor < from || anchor > to) continue;
      hints.push({
        position: analysis.lines.position(anchor),
        label: text,
        kind: InlayHintKind.Type,
        paddingLeft: true,
        tooltip: { kind: MarkupKind.Markdown, value: componentHoverMarkdown(e, estimate.peakFactor) },
      });
    }
  }
  return hints;
}

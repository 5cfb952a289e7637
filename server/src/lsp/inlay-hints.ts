// Inlay hints: after each component's declaration line, its estimated rate
// and utilization at peak (`⟵ 1.2k/s · 63%`). Toggled by sysdesign.inlayHints.enabled.
import { InlayHint, InlayHintKind, InlayHintParams, MarkupKind } from 'vscode-languageserver';
import { componentHoverMarkdown, inlayHintText } from '../estimate/report';
import type { DocumentStore } from './documents';
import { estimateOrNull } from '../estimate/per-version';

export function provideInlayHints(store: DocumentStore, params: InlayHintParams, enabled: boolean): InlayHint[] {
  if (!enabled) return [];
  const doc = store.get(params.textDocument.uri);
  if (!doc) return [];
  const { analysis } = doc;
  const from = analysis.lines.offset(params.range.start);
  const to = analysis.lines.offset(params.range.end);
  const hints: InlayHint[] = [];
  for (const system of analysis.systems) {
    const estimate = estimateOrNull(system);
    if (!estimate) continue;
    for (const c of system.components.values()) {
      const e = estimate.byName.get(c.name);
      const text = e && inlayHintText(e, estimate.cost.byName.get(e.name));
      if (!e || !text) continue;
      // At the end of the declaration's first line, so the hint never splits text
      // (`service api {` ⟵ …, and `cache c { ttl: 1h }` ⟵ … alike).
      const line = analysis.lines.position(c.decl.span.start).line;
      const anchor = analysis.lines.lineStart(line) + analysis.lines.lineText(line).length;
      if (anchor < from || anchor > to) continue;
      hints.push({
        position: analysis.lines.position(anchor),
        label: text,
        kind: InlayHintKind.Type,
        paddingLeft: true,
        tooltip: { kind: MarkupKind.Markdown, value: componentHoverMarkdown(e, estimate.peakFactor, estimate.cost.byName.get(e.name)) },
      });
    }
  }
  return hints;
}

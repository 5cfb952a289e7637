// Findings on the drawing: the diagnostics of each component, gathered into
// one badge per node (the preview, `sysdesign render` and the report draw the
// same badges). Each diagnostic goes to the innermost node whose declaration
// contains its start; one on a connection goes to the connection's source.
import type { Diagnostic } from '../diagnostics';
import type { Drawing, PositionedNode } from './types';
import { namedRecord } from '../records';

export type BadgeSeverity = 'error' | 'warning' | 'info';

export interface NodeBadge {
  /** The worst severity among the messages. */
  severity: BadgeSeverity;
  /** Worst first, each `severity: message [rule]`. */
  messages: string[];
  /** Source range of the first message's diagnostic: what clicking the badge reveals. */
  at?: { start: number; end: number };
}

const RANK: Record<BadgeSeverity, number> = { error: 3, warning: 2, info: 1 };
const length = (s: { start: number; end: number }): number => s.end - s.start;

export function badgesFor(drawing: Drawing, diagnostics: readonly Diagnostic[]): Record<string, NodeBadge> {
  const byNode = new Map<string, Diagnostic[]>();
  const byId = new Map(drawing.nodes.map((n) => [n.id, n]));
  for (const d of diagnostics) {
    if (d.span.start === 0 && d.span.end === 0) continue;
    const at = d.span.start;
    let best: PositionedNode | undefined;
    for (const n of drawing.nodes) {
      if (n.span.start <= at && at < n.span.end && (!best || length(n.span) < length(best.span))) best = n;
    }
    if (!best) {
      const edge = drawing.edges.find((e) => e.span.start <= at && at < e.span.end);
      if (edge) best = byId.get(edge.source);
    }
    if (!best) continue;
    byNode.set(best.id, [...(byNode.get(best.id) ?? []), d]);
  }
  const badges = namedRecord<NodeBadge>();
  for (const [id, list] of byNode) {
    // Stable: equal severities keep the order of the text.
    const sorted = [...list].sort((a, b) => RANK[b.severity] - RANK[a.severity]);
    const first = sorted[0]!;
    badges[id] = {
      severity: first.severity,
      messages: sorted.map((d) => `${d.severity}: ${d.message} [${d.rule}]`),
      at: { start: first.span.start, end: first.span.end },
    };
  }
  return badges;
}

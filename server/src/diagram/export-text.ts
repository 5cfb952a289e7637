// What the text exports (Mermaid, D2) say about each node and edge: the same
// lines the SVG draws (title or name, the name under a title, the kind, the
// subtitle, the stack) and the ids each format can hold. Browser-safe.
import type { DiagramGraph, DiagramNode } from './types';
import { displayText } from './text';

/** The lines of a node's label, top to bottom, as the drawing shows them (metrics.ts nodeLines, unwrapped). */
export function exportLines(node: DiagramNode): string[] {
  const label = displayText(node.label);
  const title = node.title ? displayText(node.title) : '';
  const lines = [title || label || ' '];
  if (title && title !== label && label) lines.push(label);
  if (!node.container) lines.push(node.kind);
  if (node.subtitle && displayText(node.subtitle)) lines.push(displayText(node.subtitle));
  if (!node.container && node.stack?.label) lines.push(displayText(node.stack.label));
  return lines;
}

/**
 * An id per node that the target format accepts as written: the component's
 * own name when it is a plain identifier the format does not reserve, else
 * `prefix` + a number (the label still shows the real name). Ids never
 * collide: a generated one skips any name already taken.
 */
export function exportIds(graph: DiagramGraph, reserved: ReadonlySet<string>, prefix: string): Map<string, string> {
  const ids = new Map<string, string>();
  const taken = new Set<string>();
  const plain = (name: string) => /^[A-Za-z][A-Za-z0-9_]*$/.test(name) && !reserved.has(name.toLowerCase());
  for (const node of graph.nodes) {
    if (plain(node.id)) {
      ids.set(node.id, node.id);
      taken.add(node.id);
    }
  }
  let n = 0;
  for (const node of graph.nodes) {
    if (ids.has(node.id)) continue;
    let id: string;
    do id = `${prefix}${++n}`;
    while (taken.has(id));
    taken.add(id);
    ids.set(node.id, id);
  }
  return ids;
}

/** Children of each container (and the top level under ''), in declaration order. */
export function childrenOf(graph: DiagramGraph): Map<string, DiagramNode[]> {
  const known = new Set(graph.nodes.map((n) => n.id));
  const out = new Map<string, DiagramNode[]>();
  for (const node of graph.nodes) {
    const parent = node.parent !== undefined && known.has(node.parent) ? node.parent : '';
    let list = out.get(parent);
    if (!list) out.set(parent, (list = []));
    list.push(node);
  }
  return out;
}

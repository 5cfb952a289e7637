// DiagramGraph -> D2 text (`sysdesign render -o x.d2`): the same nodes,
// edges, labels and implied edges as the SVG, regions and groups as
// containers, asynchronous connections dashed. Browser-safe.
//
// Keys are plain identifiers or generated (`c1`…), never text from the
// design; names and labels land only inside double-quoted strings with `"`,
// `\`, `$` and line breaks escaped, so a name cannot close the string or
// start a substitution.
import type { DiagramGraph, DiagramNode } from './types';
import { childrenOf, exportIds, exportLines } from './export-text';
import { displayText } from './text';

/** D2's reserved keywords (and words that read as them), never used as keys. */
const RESERVED = new Set([
  'label', 'shape', 'icon', 'style', 'near', 'width', 'height', 'top', 'left', 'direction', 'link', 'tooltip',
  'constraint', 'class', 'classes', 'vars', 'layers', 'scenarios', 'steps', 'grid-rows', 'grid-columns',
  'grid-gap', 'vertical-gap', 'horizontal-gap', 'source-arrowhead', 'target-arrowhead', 'null', 'true', 'false',
  'filled', 'opacity', 'stroke', 'fill', 'font', 'animated', 'multiple', 'bold', 'italic', 'underline',
  'border-radius', 'shadow', '3d', 'double-border', 'text-transform', 'font-size', 'font-color', 'stroke-width',
  'stroke-dash', 'fill-pattern', 'content', 'md', 'markdown', 'code', 'sql_table', 'class', 'imports',
]);

/** D2 shapes by kind. */
const SHAPES: Record<string, string> = {
  database: 'cylinder',
  client: 'oval',
  queue: 'queue',
  stream: 'queue',
  pubsub: 'queue',
  loadbalancer: 'hexagon',
  gateway: 'hexagon',
  cache: 'stored_data',
  cdn: 'cloud',
  dns: 'diamond',
};

/** A D2 double-quoted string. */
export function d2String(text: string): string {
  return `"${text.replace(/[\\"$]/g, (ch) => `\\${ch}`).replace(/\r\n|\r|\n/g, '\\n')}"`;
}

export function toD2(graph: DiagramGraph): string {
  const ids = exportIds(graph, RESERVED, 'c');
  const children = childrenOf(graph);
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  /** The dotted path D2 reaches a nested node by: `region.api`. */
  const pathOf = (id: string): string => {
    const parts: string[] = [];
    for (let node = byId.get(id); node; node = node.parent !== undefined ? byId.get(node.parent) : undefined) parts.unshift(ids.get(node.id)!);
    return parts.join('.');
  };
  const out = [`# ${graph.system.replace(/[\r\n]+/g, ' ')}`, `direction: ${graph.direction === 'down' ? 'down' : 'right'}`];
  const emit = (node: DiagramNode, indent: string): void => {
    const id = ids.get(node.id)!;
    const inner = children.get(node.id);
    out.push(`${indent}${id}: ${d2String(exportLines(node).join('\n'))} {`);
    if (node.container || inner) {
      for (const child of inner ?? []) emit(child, `${indent}  `);
    } else {
      out.push(`${indent}  shape: ${SHAPES[node.kind] ?? 'rectangle'}`);
      if (node.stack && node.stack.count > 1) out.push(`${indent}  style.multiple: true`);
    }
    out.push(`${indent}}`);
  };
  for (const node of children.get('') ?? []) emit(node, '');
  for (const edge of graph.edges) {
    if (!byId.has(edge.source) || !byId.has(edge.target)) continue;
    const head = `${pathOf(edge.source)} -> ${pathOf(edge.target)}`;
    const text = edge.label ? `: ${d2String(displayText(edge.label))}` : '';
    out.push(edge.async ? `${head}${text} {\n  style.stroke-dash: 3\n}` : `${head}${text}`);
  }
  return `${out.join('\n')}\n`;
}

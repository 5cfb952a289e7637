// DiagramGraph -> Mermaid flowchart text (`sysdesign render -o x.mmd`): the
// same nodes, edges, labels and implied edges as the SVG, regions and groups
// as subgraphs, asynchronous connections dotted. Browser-safe.
//
// Text from the design only ever lands inside a quoted label, with every
// character Mermaid reads specially written as an entity code (`#quot;`,
// `#35;`…), so a name cannot end a label, start a directive or inject markup.
import type { DiagramGraph, DiagramNode } from './types';
import { childrenOf, exportIds, exportLines } from './export-text';
import { displayText } from './text';

/** Words Mermaid's flowchart grammar reads as keywords, so never used as node ids. */
const RESERVED = new Set(['end', 'graph', 'flowchart', 'subgraph', 'style', 'class', 'classdef', 'click', 'call', 'href', 'linkstyle', 'default', 'direction', 'interpolate', 'accdescr', 'acctitle']);

/** Shapes by kind: `[open, close]` around the quoted label. */
const SHAPES: Record<string, [string, string]> = {
  database: ['[(', ')]'],
  client: ['([', '])'],
  queue: ['[[', ']]'],
  stream: ['[[', ']]'],
  pubsub: ['[[', ']]'],
  loadbalancer: ['{{', '}}'],
  gateway: ['{{', '}}'],
  cache: ['[/', '/]'],
  cdn: ['((', '))'],
};

/** Text for inside a Mermaid `"…"` label: every special character as an entity code. */
export function mermaidText(text: string): string {
  return text.replace(/[#"<>&`|\\{}[\]()]/g, (ch) => `#${ch.codePointAt(0)};`);
}

function label(lines: string[]): string {
  return `"${lines.map(mermaidText).join('<br/>')}"`;
}

export function toMermaid(graph: DiagramGraph): string {
  const ids = exportIds(graph, RESERVED, 'n');
  const children = childrenOf(graph);
  const out = [`---`, `title: ${JSON.stringify(graph.system)}`, `---`, `flowchart ${graph.direction === 'down' ? 'TB' : 'LR'}`];
  const emit = (node: DiagramNode, indent: string): void => {
    const id = ids.get(node.id)!;
    const inner = children.get(node.id);
    if (node.container || inner) {
      out.push(`${indent}subgraph ${id}[${label(exportLines(node))}]`);
      for (const child of inner ?? []) emit(child, `${indent}  `);
      out.push(`${indent}end`);
      return;
    }
    const [open, close] = SHAPES[node.kind] ?? ['[', ']'];
    out.push(`${indent}${id}${open}${label(exportLines(node))}${close}`);
  };
  for (const node of children.get('') ?? []) emit(node, '  ');
  for (const edge of graph.edges) {
    const from = ids.get(edge.source);
    const to = ids.get(edge.target);
    if (from === undefined || to === undefined) continue;
    const arrow = edge.async ? '-.->' : '-->';
    out.push(`  ${from} ${arrow}${edge.label ? `|${label([displayText(edge.label)])}|` : ''} ${to}`);
  }
  return `${out.join('\n')}\n`;
}

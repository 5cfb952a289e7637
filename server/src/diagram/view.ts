// A view drawn as a filter on the system's graph: the same nodes and edges
// the whole drawing has (same labels, stacks and ids), keeping only what the
// view selects (model/semantic/views.ts) and the region and group boxes
// around it. Layout then places what is left.
import type { Span } from '../syntax/ast';
import type { SystemModel, ViewModel } from '../model/types';
import { isImplied } from '../model/semantic';
import { selectView } from '../model/semantic/views';
import type { DiagramGraph } from './types';

/** The graph of `view`; undefined when the view selects nothing (it is incomplete or names something unknown). */
export function viewGraph(graph: DiagramGraph, system: SystemModel, view: ViewModel): DiagramGraph | undefined {
  const selection = selectView(system, view);
  if (!selection) return undefined;
  const selected = new Set(selection.components.map((c) => c.name));
  const boxes = new Set(selection.containers.map((c) => c.name));
  // A graph edge is drawn for a connection hop (its span is the hop's) or for an implied edge (the `origin:` property's).
  const spans = new Set(selection.edges.map((e) => spanKey(isImplied(e) ? e.span : e.hopSpan)));
  return {
    ...graph,
    view: view.name,
    nodes: graph.nodes.filter((n) => selected.has(n.id) || boxes.has(n.id)),
    edges: graph.edges.filter((e) => selected.has(e.source) && selected.has(e.target) && spans.has(spanKey(e.span))),
  };
}

function spanKey(span: Span): string {
  return `${span.start}:${span.end}`;
}

/** The view named `name` in `system`. */
export function findView(system: SystemModel, name: string): ViewModel | undefined {
  return system.views.find((v) => v.name === name);
}

// `--view NAME`: the graph of one view of a system, or a message saying why
// not (no such view, listing the ones there are; or a view whose errors leave
// it nothing to draw).
import type { SystemModel } from '../model/types';
import type { DiagramGraph } from '../diagram/types';
import { findView, viewGraph } from '../diagram/view';
import { suggestion } from '../diagnostics';

export function viewGraphFor(system: SystemModel, graph: DiagramGraph, name: string | undefined): DiagramGraph | string {
  if (name === undefined) return graph;
  const view = findView(system, name);
  if (!view) {
    const names = system.views.map((v) => v.name);
    const known = names.length ? `views: ${names.join(', ')}` : 'it declares no view';
    return `no view named '${name}' in system ${system.name} (${known}).${suggestion(name, names)}`;
  }
  return viewGraph(graph, system, view) ?? `view '${name}' has errors and selects nothing to draw; run sysdesign check`;
}

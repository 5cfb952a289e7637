// What a view selects: the components it shows and the connections drawn
// between them. `include` is exactly the named components (a named region or
// group brings what it holds); `focus` is every component within `depth`
// connections of the focus, either direction; `path` is what a read or write
// from a client visits, routed as the estimate routes it: a connection
// carries the request when its `on` matches (the semantic model's outgoing
// connections, so an orchestrator's management ones carry none), a queue, stream or pub/sub hands
// it to its consumers whatever their `on`, a cache or CDN that answers every
// read passes no read on, and a CDN's implied origin counts as a connection.
// `include` and `focus` show the connections among the selected components; a
// path shows only the connections the request travels (a write-only
// connection between two components a read visits is not on the read's path).
// The regions and groups holding the selected components are kept as their
// boxes (they are layout, not selection).
import type { ComponentModel, EdgeModel, SystemModel, ViewModel, ViewSelector } from '../types';
import { semanticModel, semanticsOf } from './index';
import { carries } from './routing';

export interface ViewSelection {
  /** The selected components, in declaration order. */
  components: ComponentModel[];
  /** Regions and groups drawn around the selected components (not selected themselves unless named). */
  containers: ComponentModel[];
  /** Connections among the selected components, implied ones included, in system order. */
  edges: EdgeModel[];
}

/** Undefined when the view has no selector (it is incomplete or names something unknown: reported). */
export function selectView(system: SystemModel, view: ViewModel): ViewSelection | undefined {
  return view.selector ? select(system, view.selector) : undefined;
}

export function select(system: SystemModel, selector: ViewSelector): ViewSelection {
  const path = selector.form === 'path' ? travelled(system, selector.from, selector.request === 'read' ? 'reads' : 'writes') : undefined;
  const chosen = selector.form === 'include' ? included(selector.components)
    : selector.form === 'focus' ? neighbourhood(system, selector.focus, selector.depth)
    : path!.components;
  const components = [...system.components.values()].filter((c) => chosen.has(c));
  const containers = new Set<ComponentModel>();
  for (const c of components) for (let p = c.parent; p; p = p.parent) if (!chosen.has(p)) containers.add(p);
  const edges = allEdges(system).filter((e) => (path ? path.edges.has(e) : chosen.has(e.from) && chosen.has(e.to)));
  return { components, containers: [...system.components.values()].filter((c) => containers.has(c)), edges };
}

/** The named components and everything inside a named region or group. */
function included(named: readonly ComponentModel[]): Set<ComponentModel> {
  const out = new Set<ComponentModel>();
  const add = (c: ComponentModel): void => {
    out.add(c);
    for (const child of c.children) add(child);
  };
  for (const c of named) add(c);
  return out;
}

/** Breadth-first over connections in both directions, at most `depth` hops from `focus`. */
function neighbourhood(system: SystemModel, focus: ComponentModel, depth: number): Set<ComponentModel> {
  const neighbours = new Map<ComponentModel, ComponentModel[]>();
  const link = (a: ComponentModel, b: ComponentModel): void => {
    const list = neighbours.get(a);
    if (list) list.push(b);
    else neighbours.set(a, [b]);
  };
  for (const e of allEdges(system)) {
    link(e.from, e.to);
    link(e.to, e.from);
  }
  const seen = new Set<ComponentModel>([focus]);
  let frontier = [focus];
  for (let hop = 0; hop < depth && frontier.length; hop++) {
    const next: ComponentModel[] = [];
    for (const c of frontier) {
      for (const n of neighbours.get(c) ?? []) {
        if (seen.has(n)) continue;
        seen.add(n);
        next.push(n);
      }
    }
    frontier = next;
  }
  return seen;
}

/** Every component a request of class `request` from `client` reaches, and the connections it takes. */
function travelled(system: SystemModel, client: ComponentModel, request: 'reads' | 'writes'): { components: Set<ComponentModel>; edges: Set<EdgeModel> } {
  const outgoing = semanticModel(system).outgoing;
  const seen = new Set<ComponentModel>([client]);
  const edges = new Set<EdgeModel>();
  const stack = [client];
  while (stack.length) {
    const c = stack.pop()!;
    const routing = semanticsOf(c).routing;
    // A cache or CDN that answers every read sends none on (writes still pass).
    if (request === 'reads' && routing.hitRatio >= 1) continue;
    for (const edge of outgoing.get(c) ?? []) {
      if (!routing.messaging && !carries(edge, request)) continue;
      edges.add(edge);
      if (seen.has(edge.to)) continue;
      seen.add(edge.to);
      stack.push(edge.to);
    }
  }
  return { components: seen, edges };
}

function allEdges(system: SystemModel): EdgeModel[] {
  return [...system.edges, ...semanticModel(system).implied];
}

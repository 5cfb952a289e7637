// DiagramGraph -> Drawing with elkjs' layered algorithm.
//
// Layout is nearly all of the time from text to drawing (server/bench/diagram.bench.ts),
// so it is only redone when the graph's shape changes: `shapeKey` names the
// layout-relevant parts of a graph and `restyle` carries a previous drawing
// over to a graph that differs only in the rest (properties, spans).
import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkExtendedEdge, ElkNode, LayoutOptions } from 'elkjs/lib/elk-api';
import { DEFAULT_ASPECT, type DiagramEdge, type DiagramGraph, type DiagramNode, type Direction, type Drawing, type LayoutDirection, type Point, type PositionedEdge, type PositionedNode } from './types';
import { aspectBucket, autoCandidates, type Candidate, fitScore, fitsWell, totalLength } from './auto-layout';
import { CONTAINER_PAD, HEADER_HEIGHT, containerMinSize, edgeLabelSize, hasLabel, kindMetrics, nodeSize } from './metrics';

export interface LayoutGraphOptions {
  /**
   * Abandons the layout: the promise rejects with an `AbortError`. The bundled
   * ELK computes on the calling thread, so the work itself is not interrupted;
   * for real cancellation run layout in a worker.
   */
  signal?: AbortSignal;
}

let elkInstance: InstanceType<typeof ELK> | undefined;

/** One ELK instance for the process; creating it loads the (large) bundled layouter. */
function elk(): InstanceType<typeof ELK> {
  elkInstance ??= new ELK();
  return elkInstance;
}

// Tuned on the samples with server/bench/diagram-quality.ts (figures in
// docs/diagrams.md): network-simplex placement and tighter spacing shortened
// the edges by a fifth, thoroughness 4 removed a quarter of the crossings.
// Spline routing is not an option: ELK 0.10 fails on it with regions
// (INCLUDE_CHILDREN); inline labels changed nothing measurable.
const ROOT_OPTIONS: LayoutOptions = {
  'elk.algorithm': 'layered',
  'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.layered.thoroughness': '4',
  'elk.layered.crossingMinimization.semiInteractive': 'false',
  'elk.spacing.nodeNode': '24',
  'elk.layered.spacing.nodeNodeBetweenLayers': '40',
  'elk.spacing.edgeNode': '18',
  'elk.layered.spacing.edgeNodeBetweenLayers': '18',
  'elk.spacing.edgeEdge': '12',
  'elk.layered.spacing.edgeEdgeBetweenLayers': '12',
  'elk.spacing.edgeLabel': '4',
  'elk.spacing.componentComponent': '40',
  'elk.edgeLabels.placement': 'CENTER',
  'elk.edgeLabels.inline': 'false',
  'elk.padding': '[top=24,left=24,bottom=24,right=24]',
  'elk.randomSeed': '1',
  // Coordinates of every shape and edge relative to the root: absolute.
  'elk.json.shapeCoords': 'ROOT',
  'elk.json.edgeCoords': 'ROOT',
};

/**
 * Network-simplex node placement draws shorter edges, but its cost grows
 * steeply with the graph: a 200-node design took 10 s of CPU instead of
 * 1.3 s with Brandes–Köpf (the same at 50 nodes). Past this size, Brandes–Köpf.
 */
const NETWORK_SIMPLEX_MAX_NODES = 40;

function placementFor(nodes: number): LayoutOptions {
  return nodes <= NETWORK_SIMPLEX_MAX_NODES
    ? { 'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX' }
    : { 'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF', 'elk.layered.nodePlacement.bk.fixedAlignment': 'BALANCED' };
}

function byId<T extends { id: string }>(a: T, b: T): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

interface Normalized {
  system: string;
  direction: LayoutDirection;
  /** `auto` only: the target aspect ratio, rounded to its bucket (so equal keys mean equal drawings). */
  aspect?: number;
  /** Sorted by id, unique ids, `parent` only when it names a container (no cycles). */
  nodes: DiagramNode[];
  /** Sorted by id, unique ids, both ends present. */
  edges: DiagramEdge[];
}

/**
 * The graph as layout sees it: sorted by id (so the result does not depend on
 * input order), duplicates dropped (first wins), parents that are missing, not
 * containers or cyclic dropped, edges with a missing end dropped.
 */
function normalize(graph: DiagramGraph): Normalized {
  const seen = new Set<string>();
  const nodes: DiagramNode[] = [];
  for (const node of [...graph.nodes].sort(byId)) {
    if (seen.has(node.id)) continue;
    seen.add(node.id);
    nodes.push(node);
  }
  const byKey = new Map(nodes.map((n) => [n.id, n]));
  const parent = new Map<string, string>();
  for (const n of nodes) {
    const p = n.parent === undefined ? undefined : byKey.get(n.parent);
    if (p && p.container && p.id !== n.id) parent.set(n.id, p.id);
  }
  for (const n of nodes) {
    const visited = new Set<string>([n.id]);
    let cur = n.id;
    for (let p = parent.get(cur); p !== undefined; p = parent.get(cur)) {
      if (visited.has(p)) {
        parent.delete(cur);
        break;
      }
      visited.add(p);
      cur = p;
    }
  }
  const fixed = nodes.map((n) => {
    const p = parent.get(n.id);
    if (p === n.parent) return n;
    const copy: DiagramNode = { ...n };
    if (p === undefined) delete copy.parent;
    else copy.parent = p;
    return copy;
  });
  const edgeIds = new Set<string>();
  const edges: DiagramEdge[] = [];
  for (const edge of [...graph.edges].sort(byId)) {
    if (edgeIds.has(edge.id) || !byKey.has(edge.source) || !byKey.has(edge.target)) continue;
    edgeIds.add(edge.id);
    edges.push(edge);
  }
  // A drawing made for `auto` stands for the graph it was made from.
  const auto = (graph as Partial<Drawing>).auto;
  const direction = auto ? 'auto' : graph.direction;
  const out: Normalized = { system: graph.system, direction, nodes: fixed, edges };
  if (direction === 'auto') out.aspect = aspectBucket(auto?.aspect ?? graph.aspect ?? DEFAULT_ASPECT);
  return out;
}

/** Containers, then their children, depth first, each level by id. */
function paintOrder(nodes: DiagramNode[]): DiagramNode[] {
  const children = new Map<string | undefined, DiagramNode[]>();
  for (const n of nodes) {
    const list = children.get(n.parent) ?? [];
    list.push(n);
    children.set(n.parent, list);
  }
  const out: DiagramNode[] = [];
  const visit = (parent: string | undefined): void => {
    for (const n of children.get(parent) ?? []) {
      out.push(n);
      if (n.container) visit(n.id);
    }
  };
  visit(undefined);
  return out;
}

function hasChildren(nodes: DiagramNode[]): Set<string> {
  return new Set(nodes.filter((n) => n.parent !== undefined).map((n) => n.parent!));
}

function sizeOf(node: DiagramNode, parents: Set<string>): { width: number; height: number } {
  return node.container || parents.has(node.id) ? containerMinSize(node) : nodeSize(node);
}

function abortError(signal: AbortSignal): Error {
  const error = new Error('Diagram layout was aborted', { cause: signal.reason });
  error.name = 'AbortError';
  return error;
}

const round = (v: number): number => Math.round(v * 100) / 100;

/**
 * Lays out a diagram graph. Same graph (in any order) -> identical drawing.
 * `auto` lays out the candidates of auto-layout.ts and keeps the one that
 * fits the target aspect ratio best.
 */
export async function layoutGraph(graph: DiagramGraph, options: LayoutGraphOptions = {}): Promise<Drawing> {
  const { signal } = options;
  if (signal?.aborted) throw abortError(signal);
  const g = normalize(graph);
  let drawing: Drawing;
  if (g.direction !== 'auto') {
    drawing = await layoutOnce(g, { direction: g.direction }, signal);
  } else {
    const aspect = g.aspect!;
    const laid: Drawing[] = [];
    for (const candidate of autoCandidates(g.nodes.length, aspect)) {
      const d = await layoutOnce(g, candidate, signal);
      laid.push(d);
      // Right or down already fits: the others would only cost time.
      if (!candidate.wrap && fitsWell(d, aspect)) break;
    }
    const shortest = Math.min(...laid.map(totalLength));
    const scored = laid.map((d) => ({ d, score: fitScore(d, aspect, shortest) }));
    const best = scored.reduce((a, b) => (b.score > a.score ? b : a));
    drawing = { ...best.d, auto: { aspect } };
  }
  keys.set(drawing, shapeKeyOf(g));
  return drawing;
}

async function layoutOnce(g: Normalized, candidate: Candidate, signal: AbortSignal | undefined): Promise<Drawing> {
  const direction: Direction = candidate.direction;
  const parents = hasChildren(g.nodes);
  const elkId = new Map<string, string>();
  g.nodes.forEach((n, i) => elkId.set(n.id, `n${i}`));

  const elkNodes = new Map<string, ElkNode>();
  for (const n of g.nodes) {
    const size = sizeOf(n, parents);
    const elkNode: ElkNode = { id: elkId.get(n.id)! };
    if (parents.has(n.id)) {
      elkNode.children = [];
      elkNode.layoutOptions = {
        'elk.padding': `[top=${HEADER_HEIGHT + 12},left=${CONTAINER_PAD},bottom=${CONTAINER_PAD},right=${CONTAINER_PAD}]`,
        'elk.nodeSize.constraints': 'MINIMUM_SIZE',
        // ELK (0.10) transposes a compound node's minimum size when the
        // hierarchy is laid out top-down; give it transposed to get it right.
        'elk.nodeSize.minimum': direction === 'down' ? `(${size.height}, ${size.width})` : `(${size.width}, ${size.height})`,
      };
    } else {
      elkNode.width = size.width;
      elkNode.height = size.height;
    }
    elkNodes.set(n.id, elkNode);
  }
  const wrapping: LayoutOptions = candidate.wrap
    ? {
        'elk.layered.wrapping.strategy': candidate.wrap,
        'elk.aspectRatio': String(candidate.aspect ?? DEFAULT_ASPECT),
        'elk.layered.wrapping.additionalEdgeSpacing': '12',
      }
    : {};
  const root: ElkNode = {
    id: 'root',
    layoutOptions: { ...ROOT_OPTIONS, ...placementFor(g.nodes.length), ...wrapping, 'elk.direction': direction === 'down' ? 'DOWN' : 'RIGHT' },
    children: [],
    edges: [],
  };
  for (const n of g.nodes) {
    const parent = n.parent === undefined ? root : elkNodes.get(n.parent)!;
    parent.children!.push(elkNodes.get(n.id)!);
  }
  g.edges.forEach((e, i) => {
    const edge: ElkExtendedEdge = { id: `e${i}`, sources: [elkId.get(e.source)!], targets: [elkId.get(e.target)!] };
    if (hasLabel(e.label)) edge.labels = [{ id: `e${i}l`, text: ' ', ...edgeLabelSize(e.label) }];
    root.edges!.push(edge);
  });

  const result = await withAbort(elk().layout(root), signal);
  return toDrawing(g, result, direction, candidate.wrap !== undefined);
}

async function withAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(abortError(signal));
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([promise, aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort!);
  }
}

function collect(node: ElkNode, into: Map<string, ElkNode>): void {
  for (const child of node.children ?? []) {
    into.set(child.id, child);
    collect(child, into);
  }
}

function toDrawing(g: Normalized, result: ElkNode, direction: Direction, wrapped: boolean): Drawing {
  const laid = new Map<string, ElkNode>();
  collect(result, laid);
  const edgesOut = new Map((result.edges ?? []).map((e) => [e.id, e]));
  const positioned = new Map<string, PositionedNode>();
  g.nodes.forEach((n, i) => {
    const r = laid.get(`n${i}`);
    positioned.set(n.id, {
      ...n,
      x: round(r?.x ?? 0),
      y: round(r?.y ?? 0),
      width: round(r?.width ?? 0),
      height: round(r?.height ?? 0),
    });
  });
  const edges: PositionedEdge[] = g.edges.map((e, i) => {
    const r = edgesOut.get(`e${i}`);
    const points: Point[] = [];
    for (const s of r?.sections ?? []) {
      for (const p of [s.startPoint, ...(s.bendPoints ?? []), s.endPoint]) {
        const q = { x: round(p.x), y: round(p.y) };
        const last = points[points.length - 1];
        if (!last || last.x !== q.x || last.y !== q.y) points.push(q);
      }
    }
    if (points.length < 2) points.splice(0, points.length, ...straight(positioned.get(e.source)!, positioned.get(e.target)!));
    const out: PositionedEdge = { ...e, points: removeJogs(points) };
    const label = r?.labels?.[0];
    if (hasLabel(e.label) && label && label.x !== undefined && label.y !== undefined) {
      out.labelBox = { x: round(label.x), y: round(label.y), width: label.width ?? 0, height: label.height ?? 0 };
    }
    return out;
  });
  const drawing: Drawing = {
    system: g.system,
    direction,
    width: Math.ceil(result.width ?? 0),
    height: Math.ceil(result.height ?? 0),
    nodes: paintOrder(g.nodes).map((n) => positioned.get(n.id)!),
    edges,
  };
  if (wrapped) drawing.wrapped = true;
  return drawing;
}

const JOG = 6;

/**
 * Straightens the small steps ELK leaves in orthogonal routes (a 2–5 px
 * sidestep between two long parallel segments) by moving the neighbouring
 * segment onto the other's line. End points never move, so routes still start
 * and end on their nodes' borders; only segments between two bends shift.
 */
export function removeJogs(route: Point[]): Point[] {
  const p = route.map((q) => ({ ...q }));
  const axis = (a: Point, b: Point): 'x' | 'y' | undefined => (a.x === b.x ? 'x' : a.y === b.y ? 'y' : undefined);
  for (let changed = true; changed; ) {
    changed = false;
    for (let i = 1; i + 2 < p.length; i++) {
      const a = p[i]!;
      const b = p[i + 1]!;
      const jog = axis(a, b); // 'x': a vertical step, so the neighbours are horizontal
      if (!jog || Math.abs(a.x - b.x) + Math.abs(a.y - b.y) >= JOG) continue;
      const across = jog === 'x' ? 'y' : 'x';
      if (axis(p[i - 1]!, a) !== across || axis(b, p[i + 2]!) !== across) continue;
      if (i - 1 >= 1 && axis(p[i - 2]!, p[i - 1]!) === jog) {
        // Move the segment before the step onto the line after it.
        p[i - 1]![across] = b[across];
      } else if (i + 2 <= p.length - 2 && axis(p[i + 2]!, p[i + 3]!) === jog) {
        p[i + 2]![across] = a[across];
      } else continue;
      p.splice(i, 2);
      changed = true;
      break;
    }
  }
  // Drop repeated and collinear points left behind.
  const out: Point[] = [];
  for (const q of p) {
    const last = out[out.length - 1];
    if (last && last.x === q.x && last.y === q.y) continue;
    const prev = out[out.length - 2];
    if (prev && last && ((prev.x === last.x && last.x === q.x) || (prev.y === last.y && last.y === q.y))) out.pop();
    out.push(q);
  }
  return out;
}

/** Fallback route: centre to centre, clipped to both borders. */
function straight(a: PositionedNode, b: PositionedNode): Point[] {
  const ca = { x: a.x + a.width / 2, y: a.y + a.height / 2 };
  const cb = { x: b.x + b.width / 2, y: b.y + b.height / 2 };
  const clip = (n: PositionedNode, from: Point, to: Point): Point => {
    const dx = to.x - from.x;
    const dy = to.y - from.y;
    const tx = dx === 0 ? Infinity : n.width / 2 / Math.abs(dx);
    const ty = dy === 0 ? Infinity : n.height / 2 / Math.abs(dy);
    const t = Math.min(tx, ty, 1);
    return { x: round(from.x + dx * t), y: round(from.y + dy * t) };
  };
  return [clip(a, ca, cb), clip(b, cb, ca)];
}

// ---------------------------------------------------------------------------
// Shape keys and restyling

const keys = new WeakMap<Drawing, string>();

/** 53-bit string hash (cyrb53); two seeds give the key 106 bits. */
function hash53(text: string, seed: number): string {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

function shapeKeyOf(g: Normalized): string {
  const parents = hasChildren(g.nodes);
  // Text enters the key as the box size it produces: that is exactly what
  // layout sees of it (text lengths, measured with the font's widths).
  const parts: unknown[] = [g.direction, g.aspect ?? null];
  for (const n of g.nodes) {
    const size = sizeOf(n, parents);
    const kind = kindMetrics(n.kind) === kindMetrics('unknown') ? 'unknown' : n.kind;
    parts.push([n.id, n.parent ?? null, kind, n.container, size.width, size.height]);
  }
  for (const e of g.edges) {
    const label = hasLabel(e.label) ? edgeLabelSize(e.label).width : 0;
    parts.push([e.id, e.source, e.target, label]);
  }
  const text = JSON.stringify(parts);
  return `${g.nodes.length}.${g.edges.length}.${hash53(text, 1)}${hash53(text, 2)}`;
}

/**
 * A string that changes only when the layout-relevant parts of the graph
 * change: node ids, kinds, parents, the size of their text (label, title,
 * subtitle, stack label), edges and the size of their labels, direction, and for `auto` the target aspect ratio (rounded to its bucket).
 * A drawing made from a graph has the same key as the graph.
 */
export function shapeKey(graph: DiagramGraph): string {
  const cached = keys.get(graph as Drawing);
  return cached ?? shapeKeyOf(normalize(graph));
}

/**
 * The previous drawing with the new graph's non-geometric fields (title,
 * subtitle, label text, stack, span, async, consumer …), when the graph has
 * the same shape key; otherwise undefined and the caller lays out again.
 */
export function restyle(previous: Drawing, graph: DiagramGraph): Drawing | undefined {
  const g = normalize(graph);
  const key = shapeKeyOf(g);
  if (shapeKey(previous) !== key) return undefined;
  const nodes = new Map(g.nodes.map((n) => [n.id, n]));
  const edges = new Map(g.edges.map((e) => [e.id, e]));
  // Equal keys mean equal ids; this only guards against a drawing edited by hand.
  if (previous.nodes.some((n) => !nodes.has(n.id)) || previous.edges.some((e) => !edges.has(e.id))) return undefined;
  const drawing: Drawing = {
    system: g.system,
    direction: previous.direction,
    width: previous.width,
    height: previous.height,
    nodes: previous.nodes.map((p) => ({ ...nodes.get(p.id)!, x: p.x, y: p.y, width: p.width, height: p.height })),
    ...(previous.wrapped ? { wrapped: true } : {}),
    ...(g.aspect !== undefined ? { auto: { aspect: g.aspect } } : {}),
    edges: previous.edges.map((p) => {
      const out: PositionedEdge = { ...edges.get(p.id)!, points: p.points };
      if (p.labelBox) out.labelBox = p.labelBox;
      return out;
    }),
  };
  keys.set(drawing, key);
  return drawing;
}

/** Runs a tiny layout so the first real one does not pay ELK's start-up cost. */
export async function warmUpLayout(): Promise<void> {
  const span = { start: 0, end: 0 };
  const node = (id: string, parent?: string): DiagramNode => ({
    id,
    kind: 'service',
    label: id,
    container: false,
    span,
    ...(parent ? { parent } : {}),
  });
  await layoutGraph({
    system: 'warm-up',
    direction: 'right',
    nodes: [{ ...node('r'), kind: 'region', container: true }, node('a'), node('b', 'r'), node('c', 'r')],
    edges: [
      { id: 'a->b', source: 'a', target: 'b', async: false, consumer: false, span, label: 'x' },
      { id: 'b->c', source: 'b', target: 'c', async: true, consumer: false, span },
    ],
  });
}

// How readable a drawing is, in numbers: the figures the layout is tuned
// against (server/bench/diagram.bench.ts prints them for every sample) and
// that `layout: auto` uses to choose among candidate layouts.
//
// - aspect ratio: width / height of the whole drawing;
// - crossings: points where two different edges' routes cross (routes that
//   only touch at a shared end node do not count);
// - total edge length: the sum of all routes' lengths, in drawing units;
// - label distance: for each labelled edge, the gap between its label's box
//   and its own route (0 when the box sits on the route), averaged.
//
// Pure functions of a Drawing; browser-safe.
import type { Drawing, Point, PositionedEdge } from './types';

export interface DrawingQuality {
  aspectRatio: number;
  crossings: number;
  totalEdgeLength: number;
  /** Mean gap between a label and its edge; 0 when no edge has a label. */
  meanLabelDistance: number;
  /** The largest such gap. */
  maxLabelDistance: number;
}

interface Segment {
  a: Point;
  b: Point;
}

function segmentsOf(points: Point[]): Segment[] {
  const out: Segment[] = [];
  for (let i = 0; i + 1 < points.length; i++) out.push({ a: points[i]!, b: points[i + 1]! });
  return out;
}

export function routeLength(points: Point[]): number {
  let sum = 0;
  for (const s of segmentsOf(points)) sum += Math.hypot(s.b.x - s.a.x, s.b.y - s.a.y);
  return sum;
}

const cross = (o: Point, a: Point, b: Point): number => (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);

/** Proper crossing: the segments' interiors cut each other (touching or overlapping does not count). */
function segmentsCross(s: Segment, t: Segment): boolean {
  const d1 = cross(t.a, t.b, s.a);
  const d2 = cross(t.a, t.b, s.b);
  const d3 = cross(s.a, s.b, t.a);
  const d4 = cross(s.a, s.b, t.b);
  return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0));
}

function boundsOf(points: Point[]): { x0: number; y0: number; x1: number; y1: number } {
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  return { x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) };
}

/** Crossings between routes of different edges. */
export function countCrossings(edges: PositionedEdge[]): number {
  const routes = edges.filter((e) => e.points.length >= 2).map((e) => ({ segments: segmentsOf(e.points), box: boundsOf(e.points) }));
  let count = 0;
  for (let i = 0; i < routes.length; i++) {
    for (let j = i + 1; j < routes.length; j++) {
      const p = routes[i]!;
      const q = routes[j]!;
      if (p.box.x1 < q.box.x0 || q.box.x1 < p.box.x0 || p.box.y1 < q.box.y0 || q.box.y1 < p.box.y0) continue;
      for (const s of p.segments) for (const t of q.segments) if (segmentsCross(s, t)) count++;
    }
  }
  return count;
}

function pointSegmentDistance(p: Point, s: Segment): number {
  const dx = s.b.x - s.a.x;
  const dy = s.b.y - s.a.y;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p.x - s.a.x) * dx + (p.y - s.a.y) * dy) / len2));
  return Math.hypot(p.x - (s.a.x + t * dx), p.y - (s.a.y + t * dy));
}

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

function pointRectDistance(p: Point, r: Rect): number {
  const dx = Math.max(r.x - p.x, 0, p.x - (r.x + r.width));
  const dy = Math.max(r.y - p.y, 0, p.y - (r.y + r.height));
  return Math.hypot(dx, dy);
}

function segmentRectDistance(s: Segment, r: Rect): number {
  const corners: Point[] = [
    { x: r.x, y: r.y },
    { x: r.x + r.width, y: r.y },
    { x: r.x + r.width, y: r.y + r.height },
    { x: r.x, y: r.y + r.height },
  ];
  const sides = corners.map((c, i) => ({ a: c, b: corners[(i + 1) % 4]! }));
  if (pointRectDistance(s.a, r) === 0 || sides.some((side) => segmentsCross(s, side))) return 0;
  return Math.min(pointRectDistance(s.a, r), pointRectDistance(s.b, r), ...corners.map((c) => pointSegmentDistance(c, s)));
}

/** Gap between an edge's label box and its route; undefined without a placed label. */
export function labelDistance(edge: PositionedEdge): number | undefined {
  const box = edge.labelBox;
  if (!box || edge.points.length < 2) return undefined;
  return Math.min(...segmentsOf(edge.points).map((s) => segmentRectDistance(s, box)));
}

export function drawingQuality(drawing: Drawing): DrawingQuality {
  const gaps = drawing.edges.map(labelDistance).filter((d): d is number => d !== undefined);
  return {
    aspectRatio: drawing.height > 0 ? drawing.width / drawing.height : 0,
    crossings: countCrossings(drawing.edges),
    totalEdgeLength: drawing.edges.reduce((sum, e) => sum + routeLength(e.points), 0),
    meanLabelDistance: gaps.length > 0 ? gaps.reduce((a, b) => a + b, 0) / gaps.length : 0,
    maxLabelDistance: gaps.length > 0 ? Math.max(...gaps) : 0,
  };
}

/** Routes whose ends are not on their nodes' borders (a layouter bug: an edge ending in mid-air). */
export function detachedEdges(drawing: Drawing, tolerance = 3): PositionedEdge[] {
  const boxes = new Map(drawing.nodes.map((n) => [n.id, n]));
  const near = (p: Point, id: string): boolean => {
    const b = boxes.get(id);
    return b !== undefined && pointRectDistance(p, b) <= tolerance;
  };
  return drawing.edges.filter((e) => e.points.length >= 2 && (!near(e.points[0]!, e.source) || !near(e.points[e.points.length - 1]!, e.target)));
}

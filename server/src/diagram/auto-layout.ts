// `layout: auto`: which layouts to try, and how to tell which fits best.
//
// A drawing fits a panel when it can be shown large: the figure of merit is
// the scale at which the whole drawing fits a panel of unit area with the
// target aspect ratio (bigger text), lowered for crossings and for an aspect
// ratio far off the target (a thin strip at a readable scale still leaves
// most of the panel empty and needs panning as soon as the panel changes).
//
// Candidates, in order: left to right, top to bottom, then both wrapped
// (ELK's layered wrapping cuts the long chain of layers into rows or
// columns, aiming at `elk.aspectRatio`). When right or down already fits
// within FIT_TOLERANCE the wrapped ones are skipped; past BIG_GRAPH nodes
// only one unwrapped direction and one wrapped one are tried, so a
// 200-component design costs at most three layouts.
import type { Direction, Drawing } from './types';
import { countCrossings, detachedEdges, routeLength } from './quality';

export interface Candidate {
  direction: Direction;
  wrap?: 'MULTI_EDGE' | 'SINGLE_EDGE';
  /** The aspect ratio the wrapping aims at. */
  aspect?: number;
}

/** Aspect ratios within this factor of the target count as fitting. */
const FIT_TOLERANCE = 1.35;
/** Aspect ratios are rounded to steps of this factor (so a panel resized a little keeps its layout). */
const BUCKET_STEP = Math.log(1.2);
const MIN_ASPECT = 0.2;
const MAX_ASPECT = 6;
const BIG_GRAPH = 40;

/** `aspect` clamped to a sensible range and rounded to its bucket; non-numbers give 16:10. */
export function aspectBucket(aspect: number): number {
  const a = Number.isFinite(aspect) && aspect > 0 ? aspect : 1.6;
  const bucket = Math.round(Math.exp(Math.round(Math.log(a) / BUCKET_STEP) * BUCKET_STEP) * 1000) / 1000;
  return Math.min(MAX_ASPECT, Math.max(MIN_ASPECT, bucket));
}

export function autoCandidates(nodes: number, aspect: number): Candidate[] {
  // A panel wider than tall favours left to right first.
  const first: Direction = aspect >= 1 ? 'right' : 'down';
  const second: Direction = first === 'right' ? 'down' : 'right';
  if (nodes > BIG_GRAPH) return [{ direction: first }, { direction: first, wrap: 'MULTI_EDGE', aspect }, { direction: second }];
  return [
    { direction: first },
    { direction: second },
    { direction: first, wrap: 'MULTI_EDGE', aspect },
    { direction: second, wrap: 'MULTI_EDGE', aspect },
  ];
}

function aspectOf(d: Drawing): number {
  return d.height > 0 ? d.width / d.height : Infinity;
}

export function fitsWell(d: Drawing, aspect: number): boolean {
  return Math.abs(Math.log(aspectOf(d) / aspect)) <= Math.log(FIT_TOLERANCE);
}

/**
 * Higher is better (see the top of the file). `shortest` is the least total
 * edge length among the candidates: a candidate with longer edges (the
 * detours wrapping makes around rows and regions) loses by the ratio to the
 * power 2/3. Weighed on the samples and a plain chain: a wrapped chain that
 * doubles the text size must still win over the strip, though wrapping makes
 * its edges several times longer; a wrapped design with regions that is only
 * a tenth larger on screen must lose to the unwrapped one with half the ink.
 */
export function fitScore(d: Drawing, aspect: number, shortest?: number): number {
  if (d.width <= 0 || d.height <= 0) return 0;
  // ELK's wrapping sometimes leaves an edge ending in mid-air: never choose such a drawing.
  if (d.wrapped && detachedEdges(d).length > 0) return 0;
  const scale = Math.min(Math.sqrt(aspect) / d.width, 1 / Math.sqrt(aspect) / d.height);
  const off = Math.max(0, Math.abs(Math.log(aspectOf(d) / aspect)) - Math.log(FIT_TOLERANCE));
  const length = totalLength(d);
  const detours = shortest !== undefined && length > 0 ? Math.pow(Math.min(1, shortest / length), 0.67) : 1;
  return scale * Math.exp(-0.5 * off) * Math.pow(0.97, Math.min(countCrossings(d.edges), 20)) * detours;
}

export function totalLength(d: Drawing): number {
  return d.edges.reduce((sum, e) => sum + routeLength(e.points), 0);
}

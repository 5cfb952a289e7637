// The diagram pipeline's data: an abstract graph built from a SystemModel,
// and the positioned drawing that layout produces and the SVG renderer draws.
// Both are plain JSON so they cross the LSP and webview boundaries unchanged.
import type { Span } from '../syntax/ast';

/** The direction a drawing is laid out in. */
export type Direction = 'right' | 'down';
/** What a graph asks for: a direction, or `auto` (layout picks the one that fits `aspect`, maybe wrapped). */
export type LayoutDirection = Direction | 'auto';

/** The aspect ratio (width / height) `auto` aims for when nothing else is known: about 16:10. */
export const DEFAULT_ASPECT = 1.6;

export interface DiagramNode {
  /** Unique within the graph; the component's name (or `db/shard-3` style ids for stack members). */
  id: string;
  /** Component kind (`service`, `database`, …), or `table`, or `unknown`. */
  kind: string;
  /** The component's name as written. */
  label: string;
  /** The quoted title, when the design gives one. */
  title?: string;
  /** Technology and key properties: `postgres · 16 shards · 2 replicas`. */
  subtitle?: string;
  /** Id of the enclosing region or group node. */
  parent?: string;
  /** Regions and groups: drawn as boxes around their children. */
  container: boolean;
  /** Shards/replicas/instances drawn as a stacked group inside the node (databases: shards × replicas). */
  stack?: { count: number; label: string };
  /** Source range of the declaration, for click-to-reveal. */
  span: Span;
}

export interface DiagramEdge {
  id: string;
  source: string;
  target: string;
  /** Connection label (`"photo.uploaded"`), consumer group, or route. */
  label?: string;
  async: boolean;
  /** The source is a queue, stream or pub/sub channel and the target consumes from it. */
  consumer: boolean;
  /** Name resolution (the source asks a DNS where to send its requests): not a request hop. */
  resolves?: boolean;
  span: Span;
}

export interface DiagramGraph {
  system: string;
  /** The view drawn, when the graph shows one view of the system rather than all of it. */
  view?: string;
  direction: LayoutDirection;
  /** For `auto`: the width / height of the space the drawing should fit (the preview panel); default DEFAULT_ASPECT. */
  aspect?: number;
  nodes: DiagramNode[];
  edges: DiagramEdge[];
}

export interface Point {
  x: number;
  y: number;
}

export interface PositionedNode extends DiagramNode {
  /** Absolute coordinates of the top-left corner. */
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PositionedEdge extends DiagramEdge {
  /** Absolute polyline from the source's border to the target's border. */
  points: Point[];
  labelBox?: { x: number; y: number; width: number; height: number };
}

export interface Drawing {
  system: string;
  /** The direction it was laid out in (for `auto`, the one chosen). */
  direction: Direction;
  /** Rows were wrapped to fit the aspect ratio (`auto` only). */
  wrapped?: boolean;
  /**
   * Laid out for `auto`, aiming at this aspect ratio (its bucket). Kept so a
   * drawing that crossed a thread or process boundary still has the shape
   * key of the graph it was made from.
   */
  auto?: { aspect: number };
  width: number;
  height: number;
  /** Containers come before their children, so painting in order nests correctly. */
  nodes: PositionedNode[];
  edges: PositionedEdge[];
}

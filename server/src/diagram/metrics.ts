// The geometry of a node's contents, shared by layout (which needs the box
// size) and the SVG renderer (which draws the same lines at the same places).
// Everything is a pure function of the node's text and kind, so the same node
// always gets the same box.
import type { DiagramNode } from './types';
import { type FontSpec, displayText, textWidth, truncate, wrapText } from './text';
import { lookupTable } from '../records';

export const FONT_TITLE: FontSpec = { size: 13, bold: true };
export const FONT_SMALL: FontSpec = { size: 11, bold: false };
export const FONT_STACK: FontSpec = { size: 10.5, bold: true };
export const FONT_HEADER: FontSpec = { size: 12.5, bold: true };
export const FONT_LABEL: FontSpec = { size: 11, bold: false };

/** Widest a line of node text may be before it wraps. */
const MAX_TEXT_WIDTH = 200;
const LINE_HEIGHT: Record<TextRole, number> = { title: 17, name: 15, subtitle: 15, stack: 15 };

export const ICON_SIZE = 22;
const PAD_X = 10;
const PAD_Y = 9;
const ICON_GAP = 10;
/** Offset of each layer drawn behind a stacked node; two layers. */
export const STACK_STEP = 5;
export const STACK_LAYERS = 2;

/** Containers: header band height and inner padding. */
export const HEADER_HEIGHT = 32;
export const CONTAINER_PAD = 16;
const CONTAINER_MAX_HEADER = 360;

interface Insets {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

interface KindMetrics {
  insets: Insets;
  minWidth: number;
  minHeight: number;
}

const ZERO: Insets = { top: 0, right: 0, bottom: 0, left: 0 };

function k(minWidth: number, minHeight: number, insets: Partial<Insets> = {}): KindMetrics {
  return { minWidth, minHeight, insets: { ...ZERO, ...insets } };
}

/** Per kind: how much of the box the shape's decoration takes, and the smallest box. */
const KIND_METRICS: Readonly<Record<string, KindMetrics>> = lookupTable({
  client: k(140, 48, { left: 2, right: 2 }),
  dns: k(130, 48, { left: 2, right: 2 }),
  cdn: k(150, 62, { top: 12, left: 8, right: 8, bottom: 2 }),
  loadbalancer: k(150, 50, { left: 12, right: 12 }),
  gateway: k(150, 50, { left: 10, right: 10 }),
  proxy: k(150, 48, { left: 8, right: 8 }),
  service: k(150, 50, { top: 3 }),
  worker: k(150, 50, { left: 3 }),
  orchestrator: k(160, 52, { top: 6 }),
  job: k(140, 50, { right: 10 }),
  cache: k(140, 48, { left: 5 }),
  database: k(150, 66, { top: 14, bottom: 6 }),
  blob: k(140, 60, { top: 12, left: 6, right: 6, bottom: 4 }),
  queue: k(160, 48, { right: 36 }),
  stream: k(170, 60, { bottom: 18 }),
  pubsub: k(160, 48, { right: 20 }),
  table: k(130, 48, { top: 6 }),
  unknown: k(130, 48),
});

export function kindMetrics(kind: string): KindMetrics {
  return KIND_METRICS[kind] ?? KIND_METRICS.unknown!;
}

export type TextRole = 'title' | 'name' | 'subtitle' | 'stack';

export interface TextLine {
  text: string;
  role: TextRole;
  font: FontSpec;
  width: number;
}

function line(text: string, role: TextRole, font: FontSpec): TextLine {
  return { text, role, font, width: textWidth(text, font) };
}

/** The text lines drawn inside a (non-container) node, top to bottom. */
export function nodeLines(node: Pick<DiagramNode, 'label' | 'title' | 'subtitle' | 'stack'>): TextLine[] {
  const lines: TextLine[] = [];
  const label = displayText(node.label);
  const title = node.title ? displayText(node.title) || undefined : undefined;
  const subtitle = node.subtitle ? displayText(node.subtitle) : '';
  const stack = node.stack?.label ? displayText(node.stack.label) : '';
  for (const text of wrapText(title ?? label, MAX_TEXT_WIDTH, FONT_TITLE, 2)) lines.push(line(text, 'title', FONT_TITLE));
  if (lines.length === 0) lines.push(line(' ', 'title', FONT_TITLE));
  if (title !== undefined && title !== label && label !== '') {
    lines.push(line(truncate(label, MAX_TEXT_WIDTH, FONT_SMALL), 'name', FONT_SMALL));
  }
  for (const text of wrapText(subtitle, MAX_TEXT_WIDTH, FONT_SMALL, 2)) lines.push(line(text, 'subtitle', FONT_SMALL));
  if (stack) lines.push(line(truncate(stack, MAX_TEXT_WIDTH, FONT_STACK), 'stack', FONT_STACK));
  return lines;
}

function stackOffset(node: Pick<DiagramNode, 'stack'>): number {
  return node.stack && node.stack.count > 1 ? STACK_STEP * STACK_LAYERS : 0;
}

/** Box size of a leaf node. */
export function nodeSize(node: DiagramNode): { width: number; height: number } {
  const m = kindMetrics(node.kind);
  const lines = nodeLines(node);
  const textW = Math.max(0, ...lines.map((l) => l.width));
  const textH = lines.reduce((sum, l) => sum + LINE_HEIGHT[l.role], 0);
  const stack = stackOffset(node);
  const width = m.insets.left + PAD_X + ICON_SIZE + ICON_GAP + textW + PAD_X + 2 + m.insets.right;
  const height = m.insets.top + PAD_Y + Math.max(textH, ICON_SIZE) + PAD_Y + m.insets.bottom;
  return {
    width: Math.ceil(Math.max(m.minWidth, width)) + stack,
    height: Math.ceil(Math.max(m.minHeight, height)) + stack,
  };
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PlacedLine extends TextLine {
  x: number;
  /** Baseline. */
  y: number;
}

export interface NodeFrame {
  /** The front shape (the box minus the stack layers). */
  shape: Box;
  /** Boxes of the layers drawn behind, back first. */
  layers: Box[];
  icon: { x: number; y: number; size: number };
  lines: PlacedLine[];
}

/** Where a positioned leaf node's shape, icon and text go. */
export function nodeFrame(node: DiagramNode & Box): NodeFrame {
  const m = kindMetrics(node.kind);
  const stack = stackOffset(node);
  const shape: Box = { x: node.x, y: node.y + stack, width: node.width - stack, height: node.height - stack };
  const layers: Box[] = [];
  for (let i = STACK_LAYERS; stack > 0 && i >= 1; i--) {
    layers.push({ ...shape, x: shape.x + STACK_STEP * i, y: shape.y - STACK_STEP * i });
  }
  const lines = nodeLines(node);
  const textH = lines.reduce((sum, l) => sum + LINE_HEIGHT[l.role], 0);
  const innerTop = shape.y + m.insets.top;
  const innerH = shape.height - m.insets.top - m.insets.bottom;
  const left = shape.x + m.insets.left + PAD_X;
  const iconY = innerTop + (innerH - ICON_SIZE) / 2;
  const textX = left + ICON_SIZE + ICON_GAP;
  let y = innerTop + (innerH - textH) / 2;
  const placed: PlacedLine[] = [];
  for (const l of lines) {
    const h = LINE_HEIGHT[l.role];
    // Baseline so the glyphs' cap height sits in the middle of the line.
    placed.push({ ...l, x: textX, y: y + (h + l.font.size * 0.72) / 2 });
    y += h;
  }
  return { shape, layers, icon: { x: left, y: iconY, size: ICON_SIZE }, lines: placed };
}

/** The header text of a region or group. */
export function containerHeader(node: Pick<DiagramNode, 'label' | 'title' | 'subtitle'>): { main: string; rest: string } {
  const label = displayText(node.label);
  const title = node.title ? displayText(node.title) || undefined : undefined;
  const main = truncate(title ?? label, CONTAINER_MAX_HEADER, FONT_HEADER);
  const parts: string[] = [];
  if (title !== undefined && title !== label && label !== '') parts.push(label);
  if (node.subtitle && displayText(node.subtitle)) parts.push(displayText(node.subtitle));
  const restBudget = Math.max(0, CONTAINER_MAX_HEADER - textWidth(main, FONT_HEADER));
  const rest = parts.length > 0 && restBudget > 40 ? truncate(parts.join(' \u00b7 '), restBudget, FONT_SMALL) : '';
  return { main, rest };
}

/** Smallest box a container may have, so its header fits. */
export function containerMinSize(node: DiagramNode): { width: number; height: number } {
  const { main, rest } = containerHeader(node);
  const width = 12 + 16 + 8 + textWidth(main, FONT_HEADER) + (rest ? 8 + textWidth(rest, FONT_SMALL) : 0) + 14;
  return { width: Math.ceil(Math.max(160, width)), height: HEADER_HEIGHT + 40 };
}

export const LABEL_PAD_X = 5;
export const LABEL_HEIGHT = 17;
const MAX_LABEL_WIDTH = 180;

/** Whether an edge has a label to draw (not just white space). */
export function hasLabel(label: string | undefined): label is string {
  return label !== undefined && displayText(label) !== '';
}

/** The text drawn for an edge label (cut to a sensible width). */
export function edgeLabelText(label: string): string {
  return truncate(displayText(label), MAX_LABEL_WIDTH, FONT_LABEL);
}

export function edgeLabelSize(label: string): { width: number; height: number } {
  return { width: Math.ceil(textWidth(edgeLabelText(label), FONT_LABEL) + 2 * LABEL_PAD_X), height: LABEL_HEIGHT };
}

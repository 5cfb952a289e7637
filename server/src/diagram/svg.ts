// Drawing -> SVG markup.
//
// Security: every string from the design (ids, labels, titles, subtitles,
// messages) goes through escapeXml and only ever lands in text content or a
// quoted attribute value; the output has no <script>, no <foreignObject>, no
// event attributes, no <style> element and no style attributes (so a webview
// CSP without 'unsafe-inline' accepts it). Colours are presentation
// attributes holding CSS custom properties with fallbacks, which a webview
// can theme; `standalone` replaces them with concrete values for files and
// rasterising.
//
// This module is browser-safe (no Node imports).
import type { Drawing, Point, PositionedEdge, PositionedNode } from './types';
import {
  FONT_HEADER,
  FONT_LABEL,
  FONT_SMALL,
  HEADER_HEIGHT,
  containerHeader,
  edgeLabelText,
  hasLabel,
  nodeFrame,
  type Box,
} from './metrics';
import { icon, num, shape } from './shapes';
import { FONT_FAMILY, escapeXml, textWidth } from './text';
import { type ColorFn, type ThemeName, categoryOf, colors } from './theme';
import { ownValue } from '../records';
import { accessibleName, findingsText } from './accessible';

export type Severity = 'error' | 'warning' | 'info';

export interface Badge {
  severity: Severity;
  messages: string[];
  /** Source range clicking the badge reveals (the preview). */
  at?: { start: number; end: number };
}

export interface RenderOptions {
  theme?: ThemeName;
  /** Concrete colours, font stack, width/height and a background: a file on its own. */
  standalone?: boolean;
  /** Diagnostics per node id. */
  badges?: Record<string, Badge>;
  /** Node id drawn with a highlight outline. */
  highlight?: string;
}

const MARGIN = 8;

/** Renders a drawing as an SVG document (no XML declaration). */
export function renderSvg(drawing: Drawing, options: RenderOptions = {}): string {
  const theme = options.theme ?? 'light';
  const standalone = options.standalone ?? false;
  const c = colors(theme, standalone);
  const width = Math.ceil(drawing.width + 2 * MARGIN);
  const height = Math.ceil(drawing.height + 2 * MARGIN);
  const font = standalone ? FONT_FAMILY : `var(--sd-font, ${FONT_FAMILY})`;
  const badges = options.badges ?? {};

  const out: string[] = [];
  const size = standalone ? ` width="${width}" height="${height}"` : '';
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" version="1.1"${size} viewBox="${-MARGIN} ${-MARGIN} ${width} ${height}" ` +
      `class="sysdesign-diagram theme-${theme}" role="img" aria-label="${escapeXml(drawing.system)}" ` +
      `font-family="${escapeXml(font)}" font-size="12">`,
  );
  out.push(`<title>${escapeXml(drawing.system)}</title>`);
  out.push(markers(c));
  if (standalone) {
    out.push(`<rect class="background" x="${-MARGIN}" y="${-MARGIN}" width="${width}" height="${height}" fill="${c('bg')}"/>`);
  }

  out.push('<g class="containers">');
  for (const node of drawing.nodes) {
    if (node.container) out.push(containerSvg(node, c, ownValue(badges, node.id), options.highlight === node.id));
  }
  out.push('</g><g class="nodes">');
  for (const node of drawing.nodes) {
    if (!node.container) out.push(nodeSvg(node, c, ownValue(badges, node.id), options.highlight === node.id));
  }
  out.push('</g><g class="edges">');
  const names = new Map(drawing.nodes.map((n) => [n.id, n.title || n.label]));
  for (const edge of drawing.edges) out.push(edgeSvg(edge, c, names));
  out.push('</g></svg>');
  return out.join('');
}

function markers(c: ColorFn): string {
  const tri = (id: string, color: string): string =>
    `<marker id="${id}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="9" markerHeight="9" markerUnits="userSpaceOnUse" orient="auto">` +
    `<path d="M0.5 1L9.5 5L0.5 9z" fill="${color}" stroke="${color}" stroke-width="1" stroke-linejoin="round"/></marker>`;
  const open =
    `<marker id="sd-arrow-async" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="10" markerHeight="10" markerUnits="userSpaceOnUse" orient="auto">` +
    `<path d="M1 1L9 5L1 9" fill="none" stroke="${c('edge-async')}" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round"/></marker>`;
  // Consumer end: an arrowhead with a ring behind it (the consumer pulls).
  const consumer =
    `<marker id="sd-arrow-consumer" viewBox="0 0 20 10" refX="19" refY="5" markerWidth="20" markerHeight="10" markerUnits="userSpaceOnUse" orient="auto">` +
    `<circle cx="4.5" cy="5" r="3.2" fill="${c('bg')}" stroke="${c('edge-consumer')}" stroke-width="1.5"/>` +
    `<path d="M10.5 1L19.5 5L10.5 9z" fill="${c('edge-consumer')}" stroke="${c('edge-consumer')}" stroke-width="1" stroke-linejoin="round"/></marker>`;
  return `<defs>${tri('sd-arrow', c('edge'))}${open}${consumer}</defs>`;
}

function kindClass(kind: string): string {
  return kind.replace(/[^A-Za-z0-9_-]/g, '-') || 'unknown';
}

function tooltip(node: PositionedNode): string {
  const lines = [node.title && node.title !== node.label ? `${node.title} (${node.label})` : node.label, `${node.kind}`];
  if (node.subtitle) lines.push(node.subtitle);
  if (node.stack?.label) lines.push(node.stack.label);
  return lines.join('\n');
}

function text(x: number, y: number, content: string, attrs: string): string {
  return `<text x="${num(x)}" y="${num(y)}" ${attrs}>${escapeXml(content)}</text>`;
}

function highlightBox(b: Box, c: ColorFn, rx: number): string {
  return (
    `<rect class="highlight-outline" x="${num(b.x - 5)}" y="${num(b.y - 5)}" width="${num(b.width + 10)}" height="${num(b.height + 10)}" ` +
    `rx="${num(rx + 5)}" fill="none" stroke="${c('highlight')}" stroke-width="3"/>`
  );
}

function badgeSvg(b: Box, badge: Badge | undefined, c: ColorFn): string {
  if (!badge || badge.messages.length === 0) return '';
  const count = badge.messages.length > 9 ? '9+' : String(badge.messages.length);
  const cx = b.x + b.width - 2;
  const cy = b.y + 2;
  const r = count.length > 1 ? 10 : 9;
  return (
    `<g class="badge badge-${badge.severity}" data-count="${badge.messages.length}"><title>${escapeXml(`${findingsText(badge.messages)}\n${badge.messages.join('\n')}`)}</title>` +
    `<circle cx="${num(cx)}" cy="${num(cy)}" r="${r}" fill="${c(badge.severity)}" stroke="${c('bg')}" stroke-width="2"/>` +
    text(cx, cy + 3.6, count, `text-anchor="middle" font-size="10" font-weight="bold" fill="${c('badge-text')}"`) +
    `</g>`
  );
}

function nodeOpen(node: PositionedNode, highlighted: boolean, extraClass: string, badge: Badge | undefined): string {
  const classes = `node${extraClass} kind-${kindClass(node.kind)}${highlighted ? ' highlight' : ''}`;
  return `<g class="${classes}" data-id="${escapeXml(node.id)}" aria-label="${escapeXml(accessibleName(node, badge))}"><title>${escapeXml(tooltip(node))}</title>`;
}

function containerSvg(node: PositionedNode, c: ColorFn, badge: Badge | undefined, highlighted: boolean): string {
  const isRegion = node.kind === 'region';
  const rx = isRegion ? 10 : 7;
  const { main, rest } = containerHeader(node);
  const parts: string[] = [nodeOpen(node, highlighted, ' container', badge)];
  parts.push(
    `<rect x="${num(node.x)}" y="${num(node.y)}" width="${num(node.width)}" height="${num(node.height)}" rx="${rx}" ` +
      `fill="${c('container-bg')}" fill-opacity="${isRegion ? 0.07 : 0.045}" stroke="${c('container-border')}" ` +
      `stroke-width="${isRegion ? 1.6 : 1.3}" stroke-dasharray="${isRegion ? '8 5' : '3 4'}"/>`,
  );
  const iconSize = 16;
  const iy = node.y + (HEADER_HEIGHT - iconSize) / 2;
  parts.push(icon(isRegion || node.kind === 'group' ? node.kind : 'group', node.x + 12, iy, iconSize, c('container-header')));
  const tx = node.x + 12 + iconSize + 8;
  const baseline = node.y + HEADER_HEIGHT / 2 + FONT_HEADER.size * 0.36;
  parts.push(text(tx, baseline, main, `font-size="${FONT_HEADER.size}" font-weight="bold" fill="${c('container-header')}"`));
  if (rest) {
    parts.push(text(tx + textWidth(main, FONT_HEADER) + 8, baseline, rest, `font-size="${FONT_SMALL.size}" fill="${c('muted')}"`));
  }
  if (highlighted) parts.push(highlightBox(node, c, rx));
  parts.push(badgeSvg(node, badge, c), '</g>');
  return parts.join('');
}

function nodeSvg(node: PositionedNode, c: ColorFn, badge: Badge | undefined, highlighted: boolean): string {
  const cat = categoryOf(node.kind);
  const paint = { fill: c(`${cat}-fill`), stroke: c(`${cat}-stroke`), accent: c(`${cat}-accent`), bg: c('node-bg') };
  const frame = nodeFrame(node);
  const parts: string[] = [nodeOpen(node, highlighted, '', badge)];
  if (frame.layers.length > 0) {
    parts.push(`<g class="stack">`);
    for (const layer of frame.layers) parts.push(shape(node.kind, layer, paint, c));
    parts.push('</g>');
  }
  parts.push(shape(node.kind, frame.shape, paint, c));
  parts.push(icon(node.kind, frame.icon.x, frame.icon.y, frame.icon.size, paint.accent));
  for (const line of frame.lines) {
    const fill = line.role === 'title' ? c('text') : line.role === 'stack' ? paint.accent : c('muted');
    const weight = line.font.bold ? ' font-weight="bold"' : '';
    parts.push(text(line.x, line.y, line.text, `class="${line.role}" font-size="${line.font.size}"${weight} fill="${fill}"`));
  }
  if (highlighted) parts.push(highlightBox(node, c, 8));
  parts.push(badgeSvg(node, badge, c), '</g>');
  return parts.join('');
}

/** Polyline with its corners rounded (radius up to 6, less on short segments). */
function roundedPath(points: Point[]): string {
  if (points.length === 0) return '';
  let d = `M${num(points[0]!.x)} ${num(points[0]!.y)}`;
  for (let i = 1; i < points.length - 1; i++) {
    const prev = points[i - 1]!;
    const cur = points[i]!;
    const next = points[i + 1]!;
    const d1 = Math.hypot(cur.x - prev.x, cur.y - prev.y);
    const d2 = Math.hypot(next.x - cur.x, next.y - cur.y);
    const r = Math.min(6, d1 / 2, d2 / 2);
    if (r < 0.5) {
      d += `L${num(cur.x)} ${num(cur.y)}`;
      continue;
    }
    const a = { x: cur.x + ((prev.x - cur.x) / d1) * r, y: cur.y + ((prev.y - cur.y) / d1) * r };
    const b = { x: cur.x + ((next.x - cur.x) / d2) * r, y: cur.y + ((next.y - cur.y) / d2) * r };
    d += `L${num(a.x)} ${num(a.y)}Q${num(cur.x)} ${num(cur.y)} ${num(b.x)} ${num(b.y)}`;
  }
  const last = points[points.length - 1]!;
  return `${d}L${num(last.x)} ${num(last.y)}`;
}

function edgeSvg(edge: PositionedEdge, c: ColorFn, names: Map<string, string>): string {
  if (edge.points.length < 2) return '';
  // Name resolution is drawn like an asynchronous message but finer: it is a question, not a request hop.
  const kind = edge.resolves ? 'resolves' : edge.consumer ? 'consumer' : edge.async ? 'async' : 'sync';
  const color = edge.consumer ? c('edge-consumer') : edge.async || edge.resolves ? c('edge-async') : c('edge');
  const marker = edge.consumer ? 'sd-arrow-consumer' : edge.async || edge.resolves ? 'sd-arrow-async' : 'sd-arrow';
  const dash = edge.resolves ? ' stroke-dasharray="1.5 3"' : edge.consumer ? ' stroke-dasharray="2 3.5"' : edge.async ? ' stroke-dasharray="7 4"' : '';
  const width = edge.resolves ? 1.1 : 1.5;
  const d = roundedPath(edge.points);
  const title = `${names.get(edge.source) ?? edge.source} \u2192 ${names.get(edge.target) ?? edge.target}${
    edge.label ? `: ${edge.label}` : ''
  }${edge.resolves ? ' (name resolution)' : edge.consumer ? ' (consumer)' : edge.async ? ' (async)' : ''}`;
  const parts: string[] = [
    `<g class="edge ${kind}" data-id="${escapeXml(edge.id)}" data-source="${escapeXml(edge.source)}" data-target="${escapeXml(edge.target)}">`,
    `<title>${escapeXml(title)}</title>`,
    `<path class="hit" d="${d}" fill="none" stroke="transparent" stroke-width="10"/>`,
    `<path class="line" d="${d}" fill="none" stroke="${color}" stroke-width="${width}"${dash} stroke-linejoin="round" marker-end="url(#${marker})"/>`,
  ];
  if (hasLabel(edge.label) && edge.labelBox) {
    const b = edge.labelBox;
    const label = edgeLabelText(edge.label);
    parts.push(
      `<rect class="label-bg" x="${num(b.x)}" y="${num(b.y)}" width="${num(b.width)}" height="${num(b.height)}" rx="4" ` +
        `fill="${c('label-bg')}" stroke="${edge.consumer ? c('edge-consumer') : c('label-border')}" stroke-width="${edge.consumer ? 1.1 : 0.8}"/>`,
    );
    parts.push(
      text(b.x + b.width / 2, b.y + b.height / 2 + FONT_LABEL.size * 0.36, label, `class="label" text-anchor="middle" font-size="${FONT_LABEL.size}" fill="${edge.consumer ? c('edge-consumer') : c('label-text')}"`),
    );
  }
  parts.push('</g>');
  return parts.join('');
}

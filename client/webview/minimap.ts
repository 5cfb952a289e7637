// The overview of a drawing larger than the panel: a small copy of the whole
// drawing in the corner of the viewport, with a frame around the part in
// sight. Clicking or dragging in it moves the view there. It shows only
// while part of the drawing is out of sight, and is hidden from screen
// readers (keyboard users move between components instead: navigation.ts).
import type { View } from './view';

const SVG_NS = 'http://www.w3.org/2000/svg';
/** The overview's largest size, in CSS pixels. */
const MAX_WIDTH = 200;
const MAX_HEIGHT = 140;

export class Minimap {
  private readonly box: HTMLElement;
  private copy: SVGSVGElement | undefined;
  private frame: SVGRectElement | undefined;
  private dragging: number | undefined;

  constructor(
    viewport: HTMLElement,
    private readonly view: View,
  ) {
    this.box = document.createElement('div');
    this.box.className = 'minimap';
    this.box.id = 'minimap';
    this.box.hidden = true;
    this.box.setAttribute('aria-hidden', 'true');
    this.box.title = 'Overview: click or drag to move the view';
    // Its own pointer handling: a press here must not start panning the diagram under it.
    this.box.addEventListener('pointerdown', (e) => {
      if (e.button !== 0) return;
      e.stopPropagation();
      this.dragging = e.pointerId;
      this.box.setPointerCapture(e.pointerId);
      this.moveTo(e);
    });
    this.box.addEventListener('pointermove', (e) => {
      if (this.dragging === e.pointerId) this.moveTo(e);
    });
    const end = (e: PointerEvent): void => {
      if (this.dragging !== e.pointerId) return;
      this.dragging = undefined;
      if (this.box.hasPointerCapture(e.pointerId)) this.box.releasePointerCapture(e.pointerId);
    };
    this.box.addEventListener('pointerup', end);
    this.box.addEventListener('pointercancel', end);
    this.box.addEventListener('wheel', (e) => e.stopPropagation(), { passive: true });
    viewport.appendChild(this.box);
  }

  /** A new drawing: copies it (without its names and tooltips, which the main drawing has). */
  setDrawing(svg: SVGSVGElement, bounds: { x: number; y: number; width: number; height: number }): void {
    const copy = svg.cloneNode(true) as SVGSVGElement;
    for (const el of copy.querySelectorAll('title, defs, .highlight-ring, .focus-ring, .badge, text')) el.remove();
    for (const el of copy.querySelectorAll('[tabindex], [aria-label], [role], [marker-end], [data-id]')) {
      for (const name of ['tabindex', 'aria-label', 'role', 'marker-end', 'data-id', 'data-source', 'data-target']) el.removeAttribute(name);
    }
    // Not components of the page: `g.node` and `g.edge` name only the drawing's own (the page and its tests look them up).
    for (const el of copy.querySelectorAll('g.node, g.edge')) {
      const kind = el.classList.contains('node') ? 'node' : 'edge';
      el.classList.remove(kind);
      el.classList.add(`overview-${kind}`);
    }
    copy.removeAttribute('role');
    copy.removeAttribute('aria-label');
    copy.removeAttribute('aria-roledescription');
    copy.setAttribute('viewBox', `${bounds.x} ${bounds.y} ${bounds.width} ${bounds.height}`);
    copy.setAttribute('preserveAspectRatio', 'xMidYMid meet');
    const scale = Math.min(MAX_WIDTH / bounds.width, MAX_HEIGHT / bounds.height);
    copy.setAttribute('width', String(Math.round(bounds.width * scale)));
    copy.setAttribute('height', String(Math.round(bounds.height * scale)));
    const frame = document.createElementNS(SVG_NS, 'rect');
    frame.setAttribute('class', 'minimap-view');
    copy.appendChild(frame);
    this.copy?.remove();
    this.box.appendChild(copy);
    // After the drawing, which the page adds to the viewport once it has one: the drawing stays its first svg.
    this.box.parentElement?.appendChild(this.box);
    this.copy = copy;
    this.frame = frame;
    this.update();
  }

  clear(): void {
    this.copy?.remove();
    this.copy = undefined;
    this.frame = undefined;
    this.box.hidden = true;
  }

  /** The view moved or zoomed: moves the frame; shows the overview only when something is out of sight. */
  update(): void {
    if (!this.copy || !this.frame) return;
    const all = this.view.showsAll();
    this.box.hidden = all;
    if (all) return;
    const v = this.view.visible();
    this.frame.setAttribute('x', String(v.x));
    this.frame.setAttribute('y', String(v.y));
    this.frame.setAttribute('width', String(v.width));
    this.frame.setAttribute('height', String(v.height));
  }

  private moveTo(e: PointerEvent): void {
    const m = this.copy?.getScreenCTM();
    if (!m) return;
    const p = new DOMPoint(e.clientX, e.clientY).matrixTransform(m.inverse());
    this.view.centerOn(p.x, p.y);
  }
}

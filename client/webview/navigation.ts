// Keyboard navigation between the components of the drawing, and what a
// screen reader says about them.
//
// Each component's group (`g.node`) is focusable (Tab and Shift+Tab walk them
// in drawing order) and is a button named by its aria-label (kind, name,
// instances, findings: diagram/accessible.ts). With a component focused the
// arrow keys move to the nearest component in that direction, Enter (or
// Space) reveals its declaration, and Escape returns to the diagram, where
// the arrows pan again. The focused component is brought into sight and
// ringed like the editor's highlight.
import type { Drawing, PositionedNode } from '../../server/src/diagram/types';
import type { View } from './view';

const SVG_NS = 'http://www.w3.org/2000/svg';

type Way = 'left' | 'right' | 'up' | 'down';
const WAYS: Record<string, Way> = { ArrowLeft: 'left', ArrowRight: 'right', ArrowUp: 'up', ArrowDown: 'down' };

const centre = (n: PositionedNode): { x: number; y: number } => ({ x: n.x + n.width / 2, y: n.y + n.height / 2 });

/**
 * The component to move to from `from` going `way`: among those whose centre
 * lies that way, the nearest, with sideways distance counting double (so the
 * arrow keys follow rows and columns). Containers are reached with Tab.
 */
export function nextNode(nodes: readonly PositionedNode[], from: PositionedNode, way: Way): PositionedNode | undefined {
  const c = centre(from);
  let best: { node: PositionedNode; score: number } | undefined;
  for (const n of nodes) {
    if (n.id === from.id || n.container) continue;
    const p = centre(n);
    const ahead = way === 'right' ? p.x - c.x : way === 'left' ? c.x - p.x : way === 'down' ? p.y - c.y : c.y - p.y;
    const aside = way === 'right' || way === 'left' ? Math.abs(p.y - c.y) : Math.abs(p.x - c.x);
    if (ahead <= 1) continue;
    const score = ahead + 2 * aside;
    if (!best || score < best.score || (score === best.score && n.id < best.node.id)) best = { node: n, score };
  }
  return best?.node;
}

export class Navigation {
  private nodes = new Map<string, PositionedNode>();
  private elements = new Map<string, SVGGElement>();
  private focused: string | undefined;

  constructor(
    private readonly view: View,
    private readonly viewport: HTMLElement,
    /** Enter on a component: reveal its declaration. */
    private readonly activate: (node: PositionedNode) => void,
  ) {}

  /** Makes the components of a newly drawn SVG focusable; keeps the focus on the same component across redraws. */
  attach(svg: SVGSVGElement, drawing: Drawing): void {
    const hadFocus = this.focused !== undefined && this.viewport.contains(document.activeElement) && document.activeElement !== this.viewport;
    this.nodes = new Map(drawing.nodes.map((n) => [n.id, n]));
    this.elements = new Map();
    // A group of focusable parts, not one picture: role="img" would hide the components from screen readers.
    svg.setAttribute('role', 'group');
    svg.setAttribute('aria-roledescription', 'diagram');
    svg.setAttribute('aria-label', `Diagram of ${drawing.system}: ${drawing.nodes.length} components. Tab or arrow keys move between them, Enter shows the source.`);
    for (const g of svg.querySelectorAll<SVGGElement>('g.node[data-id]')) {
      const id = g.getAttribute('data-id')!;
      if (!this.nodes.has(id)) continue;
      g.setAttribute('tabindex', '0');
      g.setAttribute('role', 'button');
      g.addEventListener('focus', () => this.onFocus(id));
      g.addEventListener('blur', () => this.onBlur(id));
      g.addEventListener('keydown', (e) => this.onKey(e, id));
      this.elements.set(id, g);
    }
    const keep = this.focused !== undefined ? this.elements.get(this.focused) : undefined;
    if (hadFocus && keep) keep.focus({ preventScroll: true });
    else this.focused = undefined;
  }

  focus(id: string): boolean {
    const el = this.elements.get(id);
    if (!el) return false;
    el.focus({ preventScroll: true });
    return true;
  }

  private onFocus(id: string): void {
    this.focused = id;
    const node = this.nodes.get(id);
    const el = this.elements.get(id);
    if (!node || !el) return;
    this.view.ensureVisible(node);
    el.querySelector(':scope > rect.focus-ring')?.remove();
    // Drawn by the page, with a stroke of constant screen width (as the highlight ring).
    const ring = document.createElementNS(SVG_NS, 'rect');
    ring.setAttribute('class', 'focus-ring');
    ring.setAttribute('x', String(node.x - 4));
    ring.setAttribute('y', String(node.y - 4));
    ring.setAttribute('width', String(node.width + 8));
    ring.setAttribute('height', String(node.height + 8));
    ring.setAttribute('rx', '8');
    el.appendChild(ring);
  }

  private onBlur(id: string): void {
    this.elements.get(id)?.querySelector(':scope > rect.focus-ring')?.remove();
  }

  private onKey(e: KeyboardEvent, id: string): void {
    const node = this.nodes.get(id);
    if (!node) return;
    const way = WAYS[e.key];
    if (way) {
      const next = nextNode([...this.nodes.values()], node, way);
      if (next) this.focus(next.id);
    } else if (e.key === 'Enter' || e.key === ' ') {
      this.activate(node);
    } else if (e.key === 'Escape') {
      this.viewport.focus({ preventScroll: true });
    } else {
      return; // + - 0 still zoom (the viewport's keys)
    }
    e.preventDefault();
    e.stopPropagation();
  }
}

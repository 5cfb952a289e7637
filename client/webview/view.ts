// Pan and zoom of the diagram, as a view onto drawing coordinates: the
// drawing point at the viewport's top-left corner and the pixels per drawing
// unit. Applied by setting the SVG's viewBox, so a new drawing keeps the view
// (the state survives the element) and nothing needs inline styles.
//
// Drag pans (a press that moves less than a few pixels is a click), the wheel
// zooms around the pointer, keys: + and - zoom, 0 fits, arrows pan.

export interface ViewState {
  x: number;
  y: number;
  scale: number;
}

export interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const MIN_SCALE = 0.05;
export const MAX_SCALE = 8;
/** Fitting never enlarges a small diagram more than this. */
const MAX_FIT_SCALE = 1.5;
const DRAG_THRESHOLD_PX = 4;
const FIT_MARGIN_PX = 12;

export function clampScale(scale: number): number {
  return Math.min(MAX_SCALE, Math.max(MIN_SCALE, scale));
}

export class View {
  state: ViewState | undefined;
  /** The view is the whole-drawing fit (not panned or zoomed since): a resized viewport fits again. */
  private fitted = false;
  private bounds: Bounds = { x: 0, y: 0, width: 1, height: 1 };
  private press: { x: number; y: number; id: number; from: ViewState | undefined; dragged: boolean } | undefined;
  /** A press that did not move: the element clicked. */
  onClick: ((target: EventTarget | null) => void) | undefined;

  constructor(
    private readonly el: HTMLElement,
    private readonly changed: () => void,
  ) {
    el.addEventListener('pointerdown', (e) => this.onPointerDown(e));
    el.addEventListener('pointermove', (e) => this.onPointerMove(e));
    el.addEventListener('pointerup', (e) => this.onPointerUp(e));
    el.addEventListener('pointercancel', () => this.endPress());
    el.addEventListener('wheel', (e) => this.onWheel(e), { passive: false });
    el.addEventListener('keydown', (e) => this.onKey(e));
    new ResizeObserver(() => {
      if (!this.state) return;
      // The panel resized, or the simulation section opened or grew: keep the
      // whole drawing in sight unless the user has panned or zoomed.
      if (this.fitted) this.fit();
      else this.changed();
    }).observe(el);
  }

  setBounds(bounds: Bounds): void {
    this.bounds = bounds;
  }

  set(state: ViewState): void {
    if (![state.x, state.y, state.scale].every(Number.isFinite)) return this.fit();
    this.state = { x: state.x, y: state.y, scale: clampScale(state.scale) };
    this.fitted = false;
    this.changed();
  }

  /** The whole drawing, centred, as large as fits (but not above 150 %). */
  fit(): void {
    const { width: w, height: h } = this.size();
    const b = this.bounds;
    if (w <= 0 || h <= 0) {
      this.state = { x: b.x, y: b.y, scale: 1 };
    } else {
      const scale = clampScale(Math.min((w - 2 * FIT_MARGIN_PX) / b.width, (h - 2 * FIT_MARGIN_PX) / b.height, MAX_FIT_SCALE));
      this.state = { scale, x: b.x - (w / scale - b.width) / 2, y: b.y - (h / scale - b.height) / 2 };
    }
    this.fitted = true;
    this.changed();
  }

  /** Zooms by `factor` around a point of the viewport (its centre by default). */
  zoomBy(factor: number, at?: { x: number; y: number }): void {
    if (!this.state) this.fit();
    const s = this.state!;
    const { width, height } = this.size();
    const px = at?.x ?? width / 2;
    const py = at?.y ?? height / 2;
    const scale = clampScale(s.scale * factor);
    this.state = { scale, x: s.x + px / s.scale - px / scale, y: s.y + py / s.scale - py / scale };
    this.fitted = false;
    this.changed();
  }

  panBy(dxPx: number, dyPx: number): void {
    if (!this.state) return;
    this.state = { ...this.state, x: this.state.x - dxPx / this.state.scale, y: this.state.y - dyPx / this.state.scale };
    this.fitted = false;
    this.changed();
  }

  /** The part of the drawing in sight, in drawing coordinates. */
  visible(): Bounds {
    if (!this.state) this.fit();
    const s = this.state!;
    const { width, height } = this.size();
    return { x: s.x, y: s.y, width: width / s.scale, height: height / s.scale };
  }

  /** The whole drawing is in sight (nothing to pan to). */
  showsAll(): boolean {
    const v = this.visible();
    const b = this.bounds;
    const e = 0.5;
    return v.x <= b.x + e && v.y <= b.y + e && v.x + v.width >= b.x + b.width - e && v.y + v.height >= b.y + b.height - e;
  }

  /** Pans (keeping the zoom) so the drawing point is in the viewport's centre. */
  centerOn(x: number, y: number): void {
    if (!this.state) this.fit();
    const v = this.visible();
    this.state = { ...this.state!, x: x - v.width / 2, y: y - v.height / 2 };
    this.fitted = false;
    this.changed();
  }

  /** Pans just enough to bring a box of the drawing into sight (centring it when it was out of sight). */
  ensureVisible(box: Bounds): void {
    const v = this.visible();
    const inside = box.x >= v.x && box.y >= v.y && box.x + box.width <= v.x + v.width && box.y + box.height <= v.y + v.height;
    if (!inside) this.centerOn(box.x + box.width / 2, box.y + box.height / 2);
  }

  apply(svg: SVGSVGElement): void {
    if (!this.state) this.fit();
    const s = this.state!;
    const { width, height } = this.size();
    if (width <= 0 || height <= 0) return;
    const r = (v: number): number => Math.round(v * 100) / 100;
    svg.setAttribute('viewBox', `${r(s.x)} ${r(s.y)} ${r(width / s.scale)} ${r(height / s.scale)}`);
  }

  private size(): { width: number; height: number } {
    return { width: this.el.clientWidth, height: this.el.clientHeight };
  }

  private onPointerDown(e: PointerEvent): void {
    if (e.button !== 0) return;
    this.press = { x: e.clientX, y: e.clientY, id: e.pointerId, from: this.state, dragged: false };
  }

  private onPointerMove(e: PointerEvent): void {
    const p = this.press;
    if (!p || p.id !== e.pointerId || !p.from) return;
    const dx = e.clientX - p.x;
    const dy = e.clientY - p.y;
    if (!p.dragged) {
      if (Math.hypot(dx, dy) < DRAG_THRESHOLD_PX) return;
      p.dragged = true;
      this.el.setPointerCapture(e.pointerId);
      this.el.classList.add('panning');
    }
    this.state = { ...p.from, x: p.from.x - dx / p.from.scale, y: p.from.y - dy / p.from.scale };
    this.fitted = false;
    this.changed();
  }

  private onPointerUp(e: PointerEvent): void {
    const p = this.press;
    if (!p || p.id !== e.pointerId) return;
    this.endPress();
    if (!p.dragged) this.onClick?.(e.target);
  }

  private endPress(): void {
    const p = this.press;
    this.press = undefined;
    this.el.classList.remove('panning');
    if (p && this.el.hasPointerCapture(p.id)) this.el.releasePointerCapture(p.id);
  }

  private onWheel(e: WheelEvent): void {
    e.preventDefault();
    const rect = this.el.getBoundingClientRect();
    const unit = e.deltaMode === 1 ? 0.05 : e.deltaMode === 2 ? 1 : 0.0015;
    this.zoomBy(Math.exp(-e.deltaY * unit), { x: e.clientX - rect.left, y: e.clientY - rect.top });
  }

  private onKey(e: KeyboardEvent): void {
    const step = 48;
    switch (e.key) {
      case '+':
      case '=':
        this.zoomBy(1.25);
        break;
      case '-':
      case '_':
        this.zoomBy(0.8);
        break;
      case '0':
        this.fit();
        break;
      case 'ArrowLeft':
        this.panBy(step, 0);
        break;
      case 'ArrowRight':
        this.panBy(-step, 0);
        break;
      case 'ArrowUp':
        this.panBy(0, step);
        break;
      case 'ArrowDown':
        this.panBy(0, -step);
        break;
      default:
        return;
    }
    e.preventDefault();
  }
}

// The preview's request traces: a picker of the traced requests of the last
// run and one request drawn as a waterfall (a sequence view): one row per
// visit, in the order the visits began, on a shared time axis from the
// request's start; each row's bar is its wait for a core (light, hatched)
// then its service (solid). Clicking a row reveals the component's
// declaration in the editor. Built node by node with textContent: design
// text never becomes markup.
import type { SimulateResult, SourceSpan } from '../../server/src/protocol';

type RequestTrace = NonNullable<SimulateResult['result']['traces']>[number];

const SVG_NS = 'http://www.w3.org/2000/svg';
const ROW = 26;
const LABEL = 150;
const WIDTH = 640;
const AXIS = 22;
/** Room the figures need after a bar. */
const FIGURES_WIDTH = 170;
/** Waits shorter than this print as none (they would read 0.00 ms). */
const VISIBLE_MS = 0.005;

export interface WaterfallElements {
  section: HTMLElement;
  select: HTMLSelectElement;
  chart: HTMLElement;
}

export type RevealComponent = (component: string, span: SourceSpan) => void;

const ms = (x: number): string => (x === 0 ? '0' : x < 0.1 ? x.toFixed(3) : x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : x.toFixed(0));

function svgElement<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
}

function label(trace: RequestTrace): string {
  const took = trace.latency_ms === null ? 'still running at the end' : `${ms(trace.latency_ms)} ms`;
  return `#${trace.id} ${trace.kind} from ${trace.client} at ${(trace.at_ms / 1000).toFixed(2)} s \u2014 ${took}, ${trace.outcome}`;
}

/** Fills the picker with the run's traces and draws the first (or the one picked before, when the run has it). */
export function showTraces(el: WaterfallElements, result: SimulateResult, reveal: RevealComponent): void {
  const traces = result.result.traces ?? [];
  el.section.hidden = traces.length === 0;
  const keep = el.select.value;
  el.select.replaceChildren();
  for (const t of traces) {
    const option = document.createElement('option');
    option.value = String(t.id);
    option.textContent = label(t);
    el.select.appendChild(option);
  }
  if (traces.some((t) => String(t.id) === keep)) el.select.value = keep;
  const draw = (): void => {
    const trace = traces.find((t) => String(t.id) === el.select.value) ?? traces[0];
    el.chart.replaceChildren();
    if (trace) el.chart.appendChild(waterfall(trace, result.componentSpans, reveal));
  };
  el.select.onchange = draw;
  draw();
}

/** One trace as an SVG waterfall. */
export function waterfall(trace: RequestTrace, spans: Record<string, SourceSpan>, reveal: RevealComponent): SVGSVGElement {
  const end = Math.max(trace.latency_ms ?? 0, ...trace.hops.map((h) => h.start_ms + h.wait_ms + h.service_ms), 0.001);
  const scale = (WIDTH - LABEL - 16) / end;
  const height = AXIS + Math.max(1, trace.hops.length) * ROW + 8;
  const svg = svgElement('svg', { class: 'waterfall-chart', width: WIDTH, height, viewBox: `0 0 ${WIDTH} ${height}`, role: 'img' });
  svg.setAttribute('aria-label', `Request ${trace.id}: ${trace.hops.length} visits over ${ms(end)} ms`);
  // Time axis: five ticks from 0 to the request's end.
  for (let i = 0; i <= 4; i++) {
    const x = LABEL + (end * i * scale) / 4;
    svg.appendChild(svgElement('line', { class: 'waterfall-grid', x1: x, x2: x, y1: AXIS - 4, y2: height - 4 }));
    const tick = svgElement('text', { class: 'waterfall-tick', x, y: AXIS - 8, 'text-anchor': i === 0 ? 'start' : i === 4 ? 'end' : 'middle' });
    tick.textContent = `${ms((end * i) / 4)} ms`;
    svg.appendChild(tick);
  }
  if (trace.hops.length === 0) {
    const none = svgElement('text', { class: 'waterfall-label', x: LABEL, y: AXIS + 17 });
    none.textContent = 'No visit began service before the run ended.';
    svg.appendChild(none);
  }
  trace.hops.forEach((h, i) => {
    const y = AXIS + i * ROW;
    const row = svgElement('g', { class: 'waterfall-row', 'data-component': h.component, tabindex: 0, role: 'button' });
    row.setAttribute('aria-label', `${h.component}: starts at ${ms(h.start_ms)} ms, waits ${ms(h.wait_ms)} ms, served ${ms(h.service_ms)} ms`);
    const title = svgElement('title', {});
    title.textContent = `${h.component}\nstarts ${ms(h.start_ms)} ms\nwaits ${ms(h.wait_ms)} ms for a core\nserved ${ms(h.service_ms)} ms`;
    row.appendChild(title);
    row.appendChild(svgElement('rect', { class: 'waterfall-hit', x: 0, y, width: WIDTH, height: ROW }));
    const name = svgElement('text', { class: 'waterfall-label', x: 4, y: y + 17 });
    name.textContent = h.component;
    row.appendChild(name);
    const x0 = LABEL + h.start_ms * scale;
    const wait = h.wait_ms >= VISIBLE_MS ? Math.max(h.wait_ms * scale, 1) : 0;
    const service = Math.max(h.service_ms * scale, 1);
    if (wait > 0) row.appendChild(svgElement('rect', { class: 'waterfall-wait', x: x0, y: y + 6, width: wait, height: ROW - 12, rx: 2 }));
    row.appendChild(svgElement('rect', { class: 'waterfall-service', x: x0 + wait, y: y + 6, width: service, height: ROW - 12, rx: 2 }));
    // The figures after the bar; inside it when it reaches the right edge but is wide enough; else before it.
    const barEnd = x0 + wait + service;
    const place = barEnd + FIGURES_WIDTH < WIDTH ? 'after' : wait + service > FIGURES_WIDTH ? 'inside' : 'before';
    const figures = svgElement('text', {
      class: place === 'inside' ? 'waterfall-figure waterfall-figure-inside' : 'waterfall-figure',
      x: place === 'after' ? barEnd + 4 : place === 'inside' ? barEnd - 6 : x0 - 4,
      y: y + 17,
      'text-anchor': place === 'after' ? 'start' : 'end',
    });
    figures.textContent = h.wait_ms >= VISIBLE_MS ? `waits ${ms(h.wait_ms)} + served ${ms(h.service_ms)} ms` : `served ${ms(h.service_ms)} ms`;
    row.appendChild(figures);
    const span = spans[h.component];
    if (span) {
      const go = (): void => reveal(h.component, span);
      row.addEventListener('click', go);
      row.addEventListener('keydown', (e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          go();
        }
      });
    }
    svg.appendChild(row);
  });
  return svg;
}

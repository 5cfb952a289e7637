// The preview's front end (a browser IIFE, dist/webview/main.js). It renders
// the drawings the extension posts, with the same renderer as the CLI, and
// keeps pan and zoom across updates. No `vscode` import: it talks to the
// extension only through acquireVsCodeApi().postMessage.
//
// Security: the SVG markup comes from renderSvg, which escapes every string
// of the design; it is parsed as XML (never assigned to innerHTML) and
// imported node by node, and a last pass drops anything executable in case a
// renderer bug ever let some through. Other design text (system names,
// titles, file names, messages) is set with textContent.
import { renderSvg } from '../../server/src/diagram/svg';
import { ownValue } from '../../server/src/records';
import type { Drawing } from '../../server/src/diagram/types';
import type { FromWebviewMessage, PreviewState, ToWebviewMessage } from '../../server/src/protocol';
import type { SimulateResult } from '../../server/src/protocol';
import {
  CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip, type ChartDataset,
} from 'chart.js';
import { View, type ViewState } from './view';
import { fillViewPicker, WHOLE_SYSTEM } from './view-picker';
import { showTraces } from './waterfall';
import { Navigation } from './navigation';
import { Minimap } from './minimap';
import { reportViewportSize } from './viewport-size';

Chart.register(LineController, LineElement, PointElement, LinearScale, CategoryScale, Legend, Tooltip);

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

type DrawingMessage = Extract<ToWebviewMessage, { type: 'drawing' }>;

const vscode = acquireVsCodeApi();
const post = (message: FromWebviewMessage): void => vscode.postMessage(message);

function element<T extends HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`the preview page has no #${id}`);
  return el as T;
}

/** A new element with `text` as its text: design text never becomes markup. */
function textElement<K extends keyof HTMLElementTagNameMap>(tag: K, text: string): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  el.textContent = text;
  return el;
}

const viewport = element<HTMLElement>('viewport');
const empty = element<HTMLElement>('empty');
const notice = element<HTMLElement>('notice');
const picker = element<HTMLElement>('picker');
const select = element<HTMLSelectElement>('system');
const title = element<HTMLElement>('title');
const viewPicker = element<HTMLElement>('view-picker');
const viewSelect = element<HTMLSelectElement>('view-select');

function initialState(): PreviewState {
  const saved = vscode.getState() as PreviewState | undefined;
  if (saved && typeof saved === 'object') return saved;
  try {
    const embedded = JSON.parse(document.getElementById('sd-initial-state')?.textContent ?? 'null') as PreviewState | null;
    return embedded && typeof embedded === 'object' ? embedded : {};
  } catch {
    return {};
  }
}

let state: PreviewState = initialState();
let current: DrawingMessage | undefined;
let svg: SVGSVGElement | undefined;
let nodeElements = new Map<string, Element>();
let edgeElements = new Map<string, Element>();
let highlighted: { node?: string; edge?: string } = {};
/** A saved view to restore on the first drawing of the same document and system (after a reload). */
let pendingView: ViewState | undefined = state.view;

const view = new View(viewport, () => {
  if (svg) view.apply(svg);
  minimap.update();
  saveState();
});
const minimap = new Minimap(viewport, view);
const navigation = new Navigation(view, viewport, (node) =>
  post({ type: 'reveal', kind: 'node', id: node.id, span: { start: node.span.start, end: node.span.end } }),
);

let saveQueued = false;
function saveState(): void {
  if (saveQueued) return;
  saveQueued = true;
  requestAnimationFrame(() => {
    saveQueued = false;
    const next: PreviewState = { ...state };
    const v = view.state;
    if (v) next.view = v;
    state = next;
    vscode.setState(state);
  });
}

// ---------------------------------------------------------------------------
// Rendering

function themeName(): 'light' | 'dark' {
  // High contrast light themes carry both vscode-high-contrast and vscode-high-contrast-light.
  const c = document.body.classList;
  return c.contains('vscode-dark') || (c.contains('vscode-high-contrast') && !c.contains('vscode-high-contrast-light')) ? 'dark' : 'light';
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Drops anything executable or external (defence in depth: renderSvg emits none of it). */
function sanitize(root: Element): void {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT);
  const remove: Element[] = [];
  for (let n: Node | null = walker.currentNode; n; n = walker.nextNode()) {
    const el = n as Element;
    if (el.namespaceURI !== SVG_NS || /^(script|foreignObject|iframe|image|use|a|animate|set|style)$/i.test(el.localName)) {
      remove.push(el);
      continue;
    }
    for (const a of [...el.attributes]) {
      if (/^on/i.test(a.name) || (/href$/i.test(a.name) && !a.value.startsWith('#')) || a.name === 'style') el.removeAttribute(a.name);
    }
  }
  for (const el of remove) if (el !== root) el.remove();
}

function parseSvg(markup: string): SVGSVGElement {
  const doc = new DOMParser().parseFromString(markup, 'image/svg+xml');
  const root = doc.documentElement;
  if (doc.getElementsByTagName('parsererror').length > 0 || root.namespaceURI !== SVG_NS || root.localName !== 'svg') {
    throw new Error('the diagram could not be read as SVG');
  }
  const imported = document.importNode(root, true) as unknown as SVGSVGElement;
  sanitize(imported);
  return imported;
}

function drawingBounds(drawing: Drawing, el: SVGSVGElement): { x: number; y: number; width: number; height: number } {
  const vb = el.viewBox.baseVal;
  if (vb && vb.width > 0 && vb.height > 0) return { x: vb.x, y: vb.y, width: vb.width, height: vb.height };
  return { x: 0, y: 0, width: Math.max(1, drawing.width), height: Math.max(1, drawing.height) };
}

function render(message: DrawingMessage): void {
  const drawing = message.drawing!;
  const markup = renderSvg(drawing, { theme: themeName(), badges: message.badges });
  const next = parseSvg(markup);
  next.setAttribute('preserveAspectRatio', 'xMidYMid meet');
  // The panel shape an `auto` layout was made for (its bucket): tests wait for the layout that fits a new size.
  if (drawing.auto) next.setAttribute('data-aspect', String(drawing.auto.aspect));
  const bounds = drawingBounds(drawing, next);
  // `auto` chose another layout (the panel's shape changed, or the design grew): show all of it again.
  const sameLayout = current?.drawing?.direction === drawing.direction && !!current?.drawing?.wrapped === !!drawing.wrapped;
  const sameView = current?.uri === message.uri && current?.system === message.system && current?.view === message.view && svg !== undefined && sameLayout;
  if (svg) svg.replaceWith(next);
  else viewport.appendChild(next);
  svg = next;
  empty.hidden = true;

  nodeElements = new Map();
  edgeElements = new Map();
  for (const g of next.querySelectorAll('g.node[data-id]')) nodeElements.set(g.getAttribute('data-id')!, g);
  for (const g of next.querySelectorAll('g.edge[data-id]')) edgeElements.set(g.getAttribute('data-id')!, g);

  view.setBounds(bounds);
  if (sameView && view.state) {
    // Same document and system: keep pan and zoom.
  } else if (pendingView && state.uri === message.uri && state.system === message.system) {
    view.set(pendingView);
  } else {
    view.fit();
  }
  pendingView = undefined;
  view.apply(next);
  navigation.attach(next, drawing);
  minimap.setDrawing(next, bounds);
  applyHighlight();
}

function showNotice(text: string | undefined, kind: 'warning' | 'error' = 'warning'): void {
  notice.hidden = !text;
  notice.textContent = text ?? '';
  notice.classList.toggle('error', kind === 'error');
}

function fillPicker(message: DrawingMessage): void {
  select.replaceChildren();
  for (const s of message.systems) {
    const option = textElement('option', s.title && s.title !== s.name ? `${s.title} (${s.name})` : s.name);
    option.value = s.name;
    if (s.name === message.system) option.selected = true;
    select.appendChild(option);
  }
  picker.hidden = message.systems.length < 2;
}

function onDrawing(message: DrawingMessage): void {
  fillPicker(message);
  fillViewPicker(viewPicker, viewSelect, message.views, message.view);
  const shown = message.systems.find((s) => s.name === message.system);
  const view = message.views?.find((v) => v.name === message.view);
  title.textContent = (shown ? `${message.fileName} \u2014 ${shown.title ?? shown.name}` : message.fileName) + (view ? ` \u00b7 ${view.title ?? view.name}` : '');
  if (message.drawing) {
    try {
      render(message);
    } catch (err) {
      const text = err instanceof Error ? err.message : String(err);
      showNotice(`The diagram could not be shown: ${text}`, 'error');
      post({ type: 'error', message: text });
      return;
    }
    current = message;
    applySimulation();
    state = { ...state, uri: message.uri, system: message.system };
    saveState();
  }
  if (message.error) {
    showNotice(message.drawing || svg ? `${message.error} Showing the last diagram.` : message.error, 'error');
    if (!svg) {
      empty.hidden = false;
      empty.textContent = message.error;
    }
  } else if (message.stale) {
    showNotice(
      message.drawnVersion < message.version
        ? 'The file has syntax errors: showing the last diagram drawn without errors.'
        : 'The file has syntax errors: the diagram shows what could be read.',
    );
  } else {
    showNotice(undefined);
  }
  post({
    type: 'rendered',
    uri: message.uri,
    version: message.version,
    ...(message.system !== undefined ? { system: message.system } : {}),
    nodes: nodeElements.size,
    edges: edgeElements.size,
  });
}

function applyHighlight(): void {
  for (const el of viewport.querySelectorAll('.highlight')) el.classList.remove('highlight');
  for (const el of viewport.querySelectorAll('.highlight-ring')) el.remove();
  const node = highlighted.node ? nodeElements.get(highlighted.node) : undefined;
  if (node) {
    node.classList.add('highlight');
    // A ring whose stroke keeps its screen width at any zoom (the glow alone fades when zoomed out).
    const box = (node as SVGGraphicsElement).getBBox();
    const ring = document.createElementNS(SVG_NS, 'rect');
    ring.setAttribute('class', 'highlight-ring');
    ring.setAttribute('x', String(box.x - 5));
    ring.setAttribute('y', String(box.y - 5));
    ring.setAttribute('width', String(box.width + 10));
    ring.setAttribute('height', String(box.height + 10));
    ring.setAttribute('rx', '9');
    node.appendChild(ring);
  }
  if (highlighted.edge) edgeElements.get(highlighted.edge)?.classList.add('highlight');
  applySimulation();
}

// ---------------------------------------------------------------------------
// Input

function reveal(target: EventTarget | null): void {
  if (!(target instanceof Element) || !current?.drawing) return;
  // A badge reveals its component's first (worst) finding.
  const badge = target.closest('g.badge')?.closest('g.node[data-id]');
  const at = badge ? ownValue(current.badges, badge.getAttribute('data-id')!)?.at : undefined;
  if (badge && at) {
    post({ type: 'reveal', kind: 'badge', id: badge.getAttribute('data-id')!, span: { start: at.start, end: at.end } });
    return;
  }
  const hit = target.closest('g.edge[data-id], g.node[data-id]');
  if (!hit) return;
  const id = hit.getAttribute('data-id')!;
  if (hit.classList.contains('edge')) {
    const edge = current.drawing.edges.find((e) => e.id === id);
    if (edge) post({ type: 'reveal', kind: 'edge', id, span: { start: edge.span.start, end: edge.span.end } });
  } else {
    const node = current.drawing.nodes.find((n) => n.id === id);
    if (node) post({ type: 'reveal', kind: 'node', id, span: { start: node.span.start, end: node.span.end } });
  }
}

view.onClick = (target) => reveal(target);

select.addEventListener('change', () => {
  if (select.value) post({ type: 'selectSystem', system: select.value });
});
viewSelect.addEventListener('change', () => {
  post(viewSelect.value === WHOLE_SYSTEM ? { type: 'selectView' } : { type: 'selectView', view: viewSelect.value });
});
element<HTMLButtonElement>('zoom-in').addEventListener('click', () => view.zoomBy(1.25));
element<HTMLButtonElement>('zoom-out').addEventListener('click', () => view.zoomBy(0.8));
element<HTMLButtonElement>('fit').addEventListener('click', () => view.fit());
element<HTMLButtonElement>('export-svg').addEventListener('click', () => post({ type: 'export', format: 'svg' }));
element<HTMLButtonElement>('export-png').addEventListener('click', () => post({ type: 'export', format: 'png' }));

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = event.data as ToWebviewMessage | undefined;
  if (!message || typeof message !== 'object' || typeof message.type !== 'string') return;
  switch (message.type) {
    case 'drawing':
      onDrawing(message);
      break;
    case 'highlight':
      highlighted = { ...(message.node ? { node: message.node } : {}), ...(message.edge ? { edge: message.edge } : {}) };
      applyHighlight();
      break;
    case 'simulationTargets':
      fillScenarios(message.scenarios);
      break;
    case 'simulationStatus':
      simStatus(message.message, message.running);
      break;
    case 'simulation':
      showSimulation(message.result);
      break;
    case 'status':
      if (!svg) {
        empty.hidden = false;
        empty.textContent = message.message;
      } else {
        showNotice(message.message);
      }
      break;
  }
});

// VS Code switches the body's theme class without reloading: redraw so the fallbacks match.
new MutationObserver(() => {
  if (current?.drawing) render(current);
}).observe(document.body, { attributes: true, attributeFilter: ['class'] });

// ---------------------------------------------------------------------------
// Simulation: settings and Run / Cancel / Save, charts, the comparison table,
// and the diagram coloured by the last run (utilization, flow, failures).

const simScenario = element<HTMLSelectElement>('sim-scenario');
const simLoad = element<HTMLInputElement>('sim-load');
const simDuration = element<HTMLInputElement>('sim-duration');
const simSeed = element<HTMLInputElement>('sim-seed');
const simRun = element<HTMLButtonElement>('sim-run');
const simCancel = element<HTMLButtonElement>('sim-cancel');
const simSave = element<HTMLButtonElement>('sim-save');
const simStatusLine = element<HTMLElement>('sim-status');
const simResults = element<HTMLElement>('sim-results');
const simTable = element<HTMLTableElement>('sim-table');
let simResult: SimulateResult | undefined;
const charts = new Map<string, Chart>();

function fillScenarios(scenarios: { name: string }[]): void {
  const keep = simScenario.value;
  const plain = textElement('option', '(plain run)');
  plain.value = '';
  simScenario.replaceChildren(plain);
  for (const s of scenarios) {
    const option = textElement('option', s.name);
    option.value = s.name;
    simScenario.appendChild(option);
  }
  simScenario.value = scenarios.some((s) => s.name === keep) ? keep : '';
}

function simStatus(text: string, running: boolean): void {
  simStatusLine.textContent = text;
  simRun.disabled = running;
  simCancel.disabled = !running;
  document.body.classList.toggle('sim-running', running);
}

function numberInput(input: HTMLInputElement, integer = false): number | undefined {
  if (input.value.trim() === '') return undefined;
  const n = Number(input.value);
  if (!Number.isFinite(n)) return undefined;
  return integer ? Math.trunc(n) : n;
}

simRun.addEventListener('click', () => {
  const load = numberInput(simLoad);
  const duration = numberInput(simDuration);
  const seed = numberInput(simSeed, true);
  (element<HTMLDetailsElement>('sim')).open = true;
  simStatus('Starting the simulation\u2026', true);
  post({
    type: 'simulate',
    scenario: simScenario.value,
    ...(load !== undefined ? { load } : {}),
    ...(duration !== undefined ? { duration } : {}),
    ...(seed !== undefined ? { seed } : {}),
  });
});
// Opening the section or showing a run resizes the diagram's viewport: the view refits itself (see View).
simCancel.addEventListener('click', () => post({ type: 'cancelSimulation' }));
simSave.addEventListener('click', () => post({ type: 'saveSimulation' }));

const PALETTE = ['#2563eb', '#dc2626', '#16a34a', '#d97706', '#7c3aed', '#0891b2'];

function fmt(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '\u2014';
  return value.toFixed(digits);
}

function pct(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '\u2014' : `${Math.round(value * 100)} %`;
}

function lineChart(id: string, labels: string[], datasets: ChartDataset<'line', (number | null)[]>[]): void {
  const canvas = element<HTMLCanvasElement>(id);
  charts.get(id)?.destroy();
  const text = getComputedStyle(document.body).color || '#888';
  const grid = 'rgba(128, 128, 128, 0.25)';
  charts.set(
    id,
    new Chart(canvas, {
      type: 'line',
      data: { labels, datasets },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        elements: { point: { radius: 0 }, line: { borderWidth: 1.5, tension: 0 } },
        scales: {
          x: { ticks: { color: text, maxTicksLimit: 6 }, grid: { color: grid }, title: { display: true, text: 's', color: text } },
          y: { beginAtZero: true, ticks: { color: text, maxTicksLimit: 5 }, grid: { color: grid } },
        },
        plugins: { legend: { labels: { color: text, boxWidth: 10, font: { size: 10 } } } },
      },
    }),
  );
}

function seriesOf(r: SimulateResult, key: string): (number | null)[] {
  return r.result.series[key] ?? [];
}

/** Per-component series with the prefix, the `top` with the largest peak. */
function topSeries(r: SimulateResult, prefix: string, top: number): [string, (number | null)[]][] {
  const out: [string, (number | null)[], number][] = [];
  for (const [key, values] of Object.entries(r.result.series)) {
    if (!key.startsWith(prefix)) continue;
    const peak = Math.max(0, ...values.map((v) => v ?? 0));
    out.push([key.slice(prefix.length), values, peak]);
  }
  out.sort((a, b) => b[2] - a[2] || a[0].localeCompare(b[0]));
  return out.slice(0, top).map(([name, values]) => [name, values]);
}

function dataset(label: string, data: (number | null)[], i: number): ChartDataset<'line', (number | null)[]> {
  const color = PALETTE[i % PALETTE.length]!;
  return { label, data, borderColor: color, backgroundColor: color, spanGaps: true };
}

/** The latency chart's colour of each percentile, shared by its SLO target line. */
const LATENCY_COLOR: Record<string, number> = { p50: 0, p95: 3, p99: 1, mean: 2 };

/**
 * The system's latency SLO targets as dashed horizontal lines (a dataset of
 * the constant target: chart.js draws it without an annotation plugin).
 * Client targets are not on this chart, which shows every client's requests.
 */
function targetLines(r: SimulateResult, points: number): ChartDataset<'line', (number | null)[]>[] {
  return (r.result.slo ?? [])
    .filter((t) => t.metric !== 'availability' && t.client === undefined && t.target !== null)
    .map((t) => ({
      ...dataset(`${t.metric} target`, new Array<number | null>(points).fill(t.target), LATENCY_COLOR[t.metric] ?? 4),
      borderDash: [6, 4],
      borderWidth: 1.5,
    }));
}

function renderCharts(r: SimulateResult): void {
  const labels = seriesOf(r, 't_s').map((t) => (t === null ? '' : String(Math.round(t * 10) / 10)));
  lineChart('chart-latency', labels, [
    dataset('p50', seriesOf(r, 'latency_p50_ms'), 0),
    dataset('p95', seriesOf(r, 'latency_p95_ms'), 3),
    dataset('p99', seriesOf(r, 'latency_p99_ms'), 1),
    ...targetLines(r, labels.length),
  ]);
  lineChart('chart-throughput', labels, [dataset('throughput', seriesOf(r, 'throughput_rps'), 2), dataset('errors', seriesOf(r, 'errors_rps'), 1)]);
  lineChart('chart-queues', labels, topSeries(r, 'queue.', 5).map(([name, data], i) => dataset(name, data, i)));
  lineChart('chart-instances', labels, topSeries(r, 'instances.', 5).map(([name, data], i) => dataset(name, data, i)));
}

function renderTable(r: SimulateResult): void {
  const body = simTable.tBodies[0]!;
  body.replaceChildren();
  for (const row of r.comparison.rows) {
    const tr = document.createElement('tr');
    tr.dataset.component = row.component;
    const cells = [
      row.component,
      pct(row.simulated.utilization),
      pct(row.analytic.utilization),
      fmt(row.simulated.throughputRps),
      fmt(row.analytic.throughputRps),
      fmt(row.simulated.latencyMs),
      fmt(row.analytic.latencyMs),
      usd(r.cost?.components[row.component]),
    ];
    cells.forEach((text, i) => {
      const td = textElement('td', text);
      if (i > 0) td.className = 'num';
      tr.appendChild(td);
    });
    body.appendChild(tr);
  }
  const total = element<HTMLTableSectionElement>('sim-cost-total');
  total.hidden = !r.cost;
  element('sim-cost-total-value').textContent = usd(r.cost?.monthly_usd);
  // How to read the comparison (autoscaled capacity, scaled load): plain text.
  const notes = element<HTMLUListElement>('sim-notes');
  notes.replaceChildren(...r.comparison.notes.map((note) => textElement('li', note)));
  notes.hidden = r.comparison.notes.length === 0;
}

/** US dollars a month: cents below $100, whole dollars with separators above; a dash when not priced. */
function usd(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '\u2014';
  return value < 100 ? `$${value.toFixed(2)}` : `$${Math.round(value).toLocaleString('en-US')}`;
}

/** One line per SLO target: `p99 ≤ 300 ms: 212 ms — met`, the verdict as a class for its colour. */
function renderSlo(r: SimulateResult): void {
  const list = element<HTMLUListElement>('sim-slo');
  const verdicts = r.result.slo ?? [];
  list.replaceChildren(
    ...verdicts.map((v) => {
      const latency = v.metric !== 'availability';
      const show = (x: number | null) => (x === null ? 'not measured' : latency ? `${fmt(x)} ms` : `${+(x * 100).toPrecision(6)} %`);
      const li = textElement('li', `${v.metric}${v.client === undefined ? '' : ` of ${v.client}`} ${latency ? '\u2264' : '\u2265'} ${show(v.target)}: ${show(v.value)} \u2014 ${v.met ? '\u2713 met' : '\u2717 missed'}`);
      li.className = v.met ? 'slo-met' : 'slo-missed';
      return li;
    }),
  );
  list.hidden = verdicts.length === 0;
}

/** Utilization bucket of a component: low < 50 %, mid < 80 %, high < 100 %, full (saturated, or failing requests). */
function utilBucket(c: SimulateResult['components'][number]): string | undefined {
  if (c.failed + c.dropped > 0 || c.saturatedAt !== null) return 'full';
  if (c.utilization === null) return undefined;
  return c.utilization < 0.5 ? 'low' : c.utilization < 0.8 ? 'mid' : c.utilization < 1 ? 'high' : 'full';
}

/** Colours the current diagram by `simResult` (again after every redraw). */
function applySimulation(): void {
  for (const el of nodeElements.values()) {
    el.removeAttribute('data-util');
    el.classList.remove('sim-failed');
  }
  for (const el of edgeElements.values()) {
    el.classList.remove('sim-flow');
    const line = el.querySelector('path.line');
    if (line && line.hasAttribute('data-width')) {
      line.setAttribute('stroke-width', line.getAttribute('data-width')!);
      line.removeAttribute('data-width');
    }
  }
  const r = simResult;
  if (!r || !current || r.uri !== current.uri || r.system !== current.system) return;
  for (const c of r.components) {
    const el = nodeElements.get(c.name);
    if (!el) continue;
    const shape = [...el.children].find((child) => child.localName !== 'title' && !child.classList.contains('stack'));
    shape?.classList.add('sim-shape');
    const bucket = utilBucket(c);
    if (bucket) el.setAttribute('data-util', bucket);
    if (c.failed + c.dropped > 0) el.classList.add('sim-failed');
  }
  const max = Math.max(0, ...r.edges.map((e) => e.throughput ?? 0));
  if (max <= 0) return;
  // Connections with the same ends share one drawn edge: their flows add up.
  const flows = new Map<string, number>();
  for (const e of r.edges) flows.set(`${e.from}\n${e.to}`, (flows.get(`${e.from}\n${e.to}`) ?? 0) + (e.throughput ?? 0));
  for (const el of edgeElements.values()) {
    const flow = flows.get(`${el.getAttribute('data-source')}\n${el.getAttribute('data-target')}`) ?? 0;
    const line = el.querySelector('path.line');
    if (!line) continue;
    line.setAttribute('data-width', line.getAttribute('stroke-width') ?? '1.5');
    line.setAttribute('stroke-width', (1 + 7 * Math.sqrt(flow / max)).toFixed(2));
    el.classList.add('sim-flow');
  }
}

function showSimulation(r: SimulateResult): void {
  simResult = r;
  element<HTMLDetailsElement>('sim').open = true;
  const what = r.scenario ? `scenario ${r.scenario}` : 'plain run';
  // Every early end says why (the event limit, the memory ceiling, a cancellation), in the engine's words.
  const stopped = r.stopped === 'duration' ? '' : ` (${r.result.stop_message ?? r.stopped})`;
  const q = r.result.requests;
  simStatus(
    `${r.system}, ${what}: ${fmt(r.simulated, 0)} s simulated at load \u00d7${r.load}, seed ${r.seed}${stopped} \u2014 ` +
      `${fmt(r.result.throughput_rps)} req/s, p95 ${fmt(r.result.latency_ms.p95)} ms, ${q.failed + q.dropped} errors`,
    false,
  );
  simSave.disabled = false;
  simResults.hidden = false;
  renderSlo(r);
  renderCharts(r);
  renderTable(r);
  showTraces(traceElements, r, (component, span) => post({ type: 'reveal', kind: 'node', id: component, span }));
  applySimulation();
}

const traceElements = { section: element<HTMLElement>('sim-traces'), select: element<HTMLSelectElement>('trace-select'), chart: element<HTMLElement>('waterfall') };

reportViewportSize(viewport, (size) => post({ type: 'viewport', ...size }));
post({ type: 'ready' });

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
import type { Drawing } from '../../server/src/diagram/types';
import type { FromWebviewMessage, PreviewState, ToWebviewMessage } from '../../server/src/protocol';
import { View, type ViewState } from './view';

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

const viewport = element<HTMLElement>('viewport');
const empty = element<HTMLElement>('empty');
const notice = element<HTMLElement>('notice');
const picker = element<HTMLElement>('picker');
const select = element<HTMLSelectElement>('system');
const title = element<HTMLElement>('title');

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
  saveState();
});

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
  const bounds = drawingBounds(drawing, next);
  const sameView = current?.uri === message.uri && current?.system === message.system && svg !== undefined;
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
    const option = document.createElement('option');
    option.value = s.name;
    option.textContent = s.title && s.title !== s.name ? `${s.title} (${s.name})` : s.name;
    if (s.name === message.system) option.selected = true;
    select.appendChild(option);
  }
  picker.hidden = message.systems.length < 2;
}

function onDrawing(message: DrawingMessage): void {
  fillPicker(message);
  const shown = message.systems.find((s) => s.name === message.system);
  title.textContent = shown ? `${message.fileName} \u2014 ${shown.title ?? shown.name}` : message.fileName;
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
}

// ---------------------------------------------------------------------------
// Input

function reveal(target: EventTarget | null): void {
  if (!(target instanceof Element) || !current?.drawing) return;
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

post({ type: 'ready' });

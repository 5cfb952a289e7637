// One preview panel: a webview showing the drawing of one document (the one
// in the active sysdesign editor), updated as it changes.
//
// - Updates are debounced (DEBOUNCE_MS after the last change) and each asks
//   the server for the drawing; a newer update cancels the request of an
//   older one, and an answer that is not the newest is dropped. The server
//   lays out in a worker and restyles when only properties changed.
// - The webview keeps pan and zoom itself; this side only sends data.
// - Clicking a node or edge reveals its declaration; moving the cursor in
//   the design highlights the node (or connection) under it.
import * as path from 'path';
import * as vscode from 'vscode';
import type { Drawing } from '../../../server/src/diagram/types';
import { aspectBucket } from '../../../server/src/diagram/auto-layout';
import {
  DiagramRequest,
  type DiagramParams,
  type DiagramResult,
  type FromWebviewMessage,
  type PreviewState,
  type SourceSpan,
  type ToWebviewMessage,
} from '../../../server/src/protocol';
import { Config } from '../config';
import type { Ctx } from '../ctx';
import { newNonce, previewHtml } from './html';
import { PreviewSimulation } from './simulation';

/** Quiet time after the last edit before the drawing is requested again. */
export const DEBOUNCE_MS = 100;

/** What the webview reported after showing a drawing. */
export interface RenderedInfo {
  uri: string;
  version: number;
  system?: string;
  nodes: number;
  edges: number;
}

/** What `Sysdesign: Open Preview` returns: enough for tests and other extensions to follow the preview. */
export interface PreviewHandle {
  readonly panel: vscode.WebviewPanel;
  readonly uri: vscode.Uri | undefined;
  /** The last answer of the server shown in the panel. */
  readonly result: DiagramResult | undefined;
  /** Resolves when the webview has drawn something `accept` accepts (the last drawing counts). */
  rendered(accept?: (info: RenderedInfo) => boolean, timeoutMs?: number): Promise<RenderedInfo>;
}

/** What a panel asks of the manager that owns it. */
export interface PreviewHost {
  /** The page's export buttons. */
  exportDiagram(format: 'svg' | 'png', uri: vscode.Uri): void;
  disposed(panel: PreviewPanel): void;
}

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    enableFindWidget: false,
    retainContextWhenHidden: false,
    // Only the built front end: no workspace files, no other extension folders.
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview')],
  };
}

export class PreviewPanel implements PreviewHandle, vscode.Disposable {
  private document: vscode.Uri | undefined;
  /** The system asked for in this document (picker, code lens); undefined: the server's choice (the first). */
  private system: string | undefined;
  /** The system asked for in each document shown so far, so following the editors back keeps the choice. */
  private readonly systems = new Map<string, string>();
  /** The view picked for the shown document and system; undefined: the whole system. */
  private selectedView: string | undefined;
  private last: DiagramResult | undefined;
  /** Width / height of the page's diagram area, rounded to its bucket; for `auto` layouts. */
  private aspect: number | undefined;
  private lastRendered: RenderedInfo | undefined;
  private readonly waiters = new Set<(info: RenderedInfo) => void>();
  private sequence = 0;
  private pending: vscode.CancellationTokenSource | undefined;
  private timer: NodeJS.Timeout | undefined;
  private highlighted = '';
  private readonly subscriptions: vscode.Disposable[] = [];
  private isDisposed = false;
  /** The simulation section: scenarios, runs, results. */
  private readonly simulation: PreviewSimulation;
  /** Document and system whose scenarios the page has been sent. */
  private simulationKey = '';

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly ctx: Ctx,
    private readonly extensionUri: vscode.Uri,
    private readonly host: PreviewHost,
    state: PreviewState,
  ) {
    panel.webview.options = webviewOptions(extensionUri);
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'images', 'file-icon.svg');
    this.subscriptions.push(
      panel.webview.onDidReceiveMessage((m: FromWebviewMessage) => this.onMessage(m)),
      panel.onDidDispose(() => this.dispose()),
    );
    const self = this;
    this.simulation = new PreviewSimulation(ctx, {
      get uri() {
        return self.document;
      },
      get shownSystem() {
        return self.shownSystem;
      },
      post: (message) => self.post(message),
    });
    panel.webview.html = this.html(state);
  }

  get uri(): vscode.Uri | undefined {
    return this.document;
  }

  get result(): DiagramResult | undefined {
    return this.last;
  }

  /** The system shown, for exports. */
  get shownSystem(): string | undefined {
    return this.last?.system ?? this.system;
  }

  /** Shows `uri` (and `system` in it, when given); refreshes at once. */
  show(uri: vscode.Uri, system?: string): void {
    const same = this.document?.toString() === uri.toString();
    if (same && (system === undefined || system === this.system) && this.last) return;
    if (!same) {
      this.last = undefined;
      this.highlighted = '';
    }
    // Views belong to one system: another document or system starts from the whole drawing.
    if (!same || (system !== undefined && system !== this.system)) this.selectedView = undefined;
    this.document = uri;
    if (system !== undefined) this.systems.set(uri.toString(), system);
    this.system = this.systems.get(uri.toString());
    this.panel.title = `Preview ${path.posix.basename(uri.path)}`;
    this.update();
  }

  /** The document changed: refresh after a quiet moment. */
  schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.update();
    }, DEBOUNCE_MS);
  }

  /** Asks the server for the drawing now; an update still waiting is dropped. */
  update(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    void this.request();
  }

  rendered(accept: (info: RenderedInfo) => boolean = () => true, timeoutMs = 30_000): Promise<RenderedInfo> {
    if (this.lastRendered && accept(this.lastRendered)) return Promise.resolve(this.lastRendered);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`the preview did not draw within ${timeoutMs} ms (last: ${JSON.stringify(this.lastRendered)})`));
      }, timeoutMs);
      const check = (info: RenderedInfo): void => {
        if (!accept(info)) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(info);
      };
      this.waiters.add(check);
    });
  }

  /** The editor's cursor moved: highlight the innermost node (or connection) around it. */
  selectionChanged(editor: vscode.TextEditor, force = false): void {
    if (editor.document.uri.toString() !== this.document?.toString()) return;
    if (force) this.highlighted = '\u0000';
    const result = this.last;
    if (!result?.drawing) return;
    // Offsets of a stale drawing belong to older text.
    const valid = result.drawnVersion === editor.document.version;
    const hit = valid ? elementAt(result.drawing, editor.document.offsetAt(editor.selection.active)) : undefined;
    const key = hit ? `${hit.kind}:${hit.id}` : '';
    if (key === this.highlighted) return;
    this.highlighted = key;
    this.post({ type: 'highlight', ...(hit?.kind === 'node' ? { node: hit.id } : hit ? { edge: hit.id } : {}) });
  }

  /** Highlights what the cursor of the editor showing this design (the active one first) is in. */
  private syncHighlight(force: boolean): void {
    const uri = this.document?.toString();
    const active = vscode.window.activeTextEditor;
    const editor =
      active?.document.uri.toString() === uri ? active : vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri);
    if (editor) this.selectionChanged(editor, force);
  }

  dispose(): void {
    if (this.isDisposed) return;
    this.isDisposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.pending?.cancel();
    this.pending?.dispose();
    this.simulation.dispose();
    for (const d of this.subscriptions.splice(0)) d.dispose();
    this.panel.dispose();
    this.host.disposed(this);
  }

  private html(state: PreviewState): string {
    const webview = this.panel.webview;
    const root = vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview');
    return previewHtml({
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(root, 'main.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(root, 'preview.css')).toString(),
      nonce: newNonce(),
      state,
    });
  }

  private post(message: ToWebviewMessage): void {
    if (!this.isDisposed) void this.panel.webview.postMessage(message);
  }

  private postDrawing(result: DiagramResult): void {
    const uri = this.document;
    if (!uri) return;
    this.post({ type: 'drawing', fileName: path.posix.basename(uri.path), ...result });
    // A new page, document or system: its scenarios (and the last run of this document).
    const key = `${uri.toString()}\n${result.system ?? ''}`;
    if (key !== this.simulationKey) {
      this.simulationKey = key;
      void this.simulation.refresh();
    }
  }

  private async request(): Promise<void> {
    const uri = this.document;
    if (!uri || this.isDisposed) return;
    const sequence = ++this.sequence;
    this.pending?.cancel();
    this.pending?.dispose();
    const cancel = new vscode.CancellationTokenSource();
    this.pending = cancel;
    try {
      // After a window reload the design may not be open yet; opening it also tells the server.
      const doc = await vscode.workspace.openTextDocument(uri);
      const client = await this.ctx.readyClient();
      if (!client) {
        this.post({ type: 'status', message: 'The Sysdesign language server is not running; see the Sysdesign output.' });
        return;
      }
      const params: DiagramParams = {
        uri: uri.toString(),
        version: doc.version,
        direction: new Config(uri).previewDirection,
        ...(this.system !== undefined ? { system: this.system } : {}),
        ...(this.selectedView !== undefined ? { view: this.selectedView } : {}),
        ...(this.aspect !== undefined ? { aspect: this.aspect } : {}),
      };
      const result = await client.sendRequest(DiagramRequest, params, cancel.token);
      if (sequence !== this.sequence || this.isDisposed) return; // a newer request is under way
      if (this.selectedView !== undefined && result.views && !result.views.some((v) => v.name === this.selectedView)) {
        // The picked view was deleted or renamed in the text: draw the whole system.
        this.selectedView = undefined;
        return this.request();
      }
      this.last = result;
      this.postDrawing(result);
      this.syncHighlight(false);
    } catch (err) {
      if (cancel.token.isCancellationRequested || sequence !== this.sequence) return;
      const message = err instanceof Error ? err.message : String(err);
      this.ctx.log(`preview: ${message}`);
      this.post({ type: 'status', message: `The diagram could not be drawn: ${message}` });
    } finally {
      if (this.pending === cancel) this.pending = undefined;
      cancel.dispose();
    }
  }

  private onMessage(message: FromWebviewMessage): void {
    if (!message || typeof message !== 'object') return;
    switch (message.type) {
      case 'ready':
        // A new page (first load, or shown again after being hidden): send what we have.
        this.highlighted = '';
        this.simulationKey = '';
        if (this.last) this.postDrawing(this.last);
        else this.update();
        break;
      case 'reveal':
        void this.reveal(message.span);
        break;
      case 'viewport':
        this.onViewport(message.width, message.height);
        break;
      case 'selectSystem':
        if (typeof message.system === 'string' && this.document) this.show(this.document, message.system);
        break;
      case 'selectView':
        if (message.view === undefined || typeof message.view === 'string') {
          this.selectedView = message.view;
          this.update();
        }
        break;
      case 'rendered':
        this.lastRendered = { uri: message.uri, version: message.version, system: message.system, nodes: message.nodes, edges: message.edges };
        for (const wake of [...this.waiters]) wake(this.lastRendered);
        // A reloaded page has lost its highlight: send it again.
        this.syncHighlight(true);
        break;
      case 'export':
        if (this.document && (message.format === 'svg' || message.format === 'png')) this.host.exportDiagram(message.format, this.document);
        break;
      case 'error':
        this.ctx.log(`preview: the page could not show the diagram: ${String(message.message)}`);
        break;
      case 'simulate':
      case 'cancelSimulation':
      case 'saveSimulation':
        this.simulation.onMessage(message);
        break;
    }
  }

  /**
   * The page's diagram area changed size: when its aspect ratio moves to
   * another bucket, an `auto` layout may fit better, so ask again (the server
   * keeps one layout per bucket, so going back costs nothing).
   */
  private onViewport(width: unknown, height: unknown): void {
    if (typeof width !== 'number' || typeof height !== 'number' || !(width > 0) || !(height > 0)) return;
    const aspect = aspectBucket(width / height);
    if (aspect === this.aspect) return;
    // The page reports its size before `ready`, so the first request already has it.
    const first = this.aspect === undefined && !this.last;
    this.aspect = aspect;
    if (!first) this.update();
  }

  /** Selects a node's or connection's source, in the editor showing the design (or a new one beside the preview). */
  private async reveal(span: SourceSpan): Promise<void> {
    const uri = this.document;
    if (!uri || !span || typeof span.start !== 'number' || typeof span.end !== 'number') return;
    const doc = await vscode.workspace.openTextDocument(uri);
    const start = doc.positionAt(span.start);
    const end = doc.positionAt(span.end);
    // The cursor at the start of the declaration, so the highlight stays on the clicked node.
    const selection = new vscode.Selection(end, start);
    const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString());
    const viewColumn = visible?.viewColumn ?? (this.panel.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Beside : vscode.ViewColumn.One);
    const editor = await vscode.window.showTextDocument(doc, { viewColumn, preserveFocus: false });
    // Set after showing: the `selection` option of showTextDocument is a range and loses the direction.
    editor.selection = selection;
    editor.revealRange(new vscode.Range(start, end), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }
}

/** The innermost node or connection whose source contains `offset`. */
export function elementAt(drawing: Drawing, offset: number): { kind: 'node' | 'edge'; id: string } | undefined {
  let best: { kind: 'node' | 'edge'; id: string; length: number } | undefined;
  const consider = (kind: 'node' | 'edge', id: string, span: SourceSpan): void => {
    if (span.start <= offset && offset <= span.end && (!best || span.end - span.start < best.length)) {
      best = { kind, id, length: span.end - span.start };
    }
  };
  for (const n of drawing.nodes) consider('node', n.id, n.span);
  for (const e of drawing.edges) consider('edge', e.id, e.span);
  return best && { kind: best.kind, id: best.id };
}

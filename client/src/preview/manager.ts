// The preview's owner: one panel (a singleton, like the markdown preview's
// dynamic preview) that follows the active sysdesign editor, the panel
// serializer that brings it back after a window reload, and the editor events
// that drive it (edits, cursor moves, the direction setting).
import * as vscode from 'vscode';
import { PREVIEW_VIEW_TYPE, type PreviewState } from '../../../server/src/protocol';
import type { Ctx } from '../ctx';
import { isDesign } from '../designs';
import { exportDiagram, type ShownPreview } from './export';
import { PreviewPanel, type PreviewHost, webviewOptions } from './panel';

export class PreviewManager implements PreviewHost, ShownPreview, vscode.Disposable {
  private panel: PreviewPanel | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly ctx: Ctx,
    readonly extensionUri: vscode.Uri,
  ) {
    this.subscriptions.push(
      vscode.window.registerWebviewPanelSerializer(PREVIEW_VIEW_TYPE, {
        deserializeWebviewPanel: async (webviewPanel, state: unknown) => this.restore(webviewPanel, state as PreviewState | undefined),
      }),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (editor && isDesign(editor.document)) this.panel?.show(editor.document.uri);
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0 && e.document.uri.toString() === this.panel?.uri?.toString()) this.panel.schedule();
      }),
      vscode.window.onDidChangeTextEditorSelection((e) => this.panel?.selectionChanged(e.textEditor)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('sysdesign.preview.direction')) this.panel?.update();
      }),
    );
  }

  /** The panel, if one is open. */
  get current(): PreviewPanel | undefined {
    return this.panel;
  }

  /** Shows `uri` (and `system`) in the preview, creating it in `column` or revealing it there. */
  open(uri: vscode.Uri, column: vscode.ViewColumn, system?: string): PreviewPanel {
    if (this.panel) {
      this.panel.panel.reveal(column, true);
    } else {
      const webviewPanel = vscode.window.createWebviewPanel(
        PREVIEW_VIEW_TYPE,
        'Sysdesign Preview',
        { viewColumn: column, preserveFocus: true },
        webviewOptions(this.extensionUri),
      );
      this.panel = new PreviewPanel(webviewPanel, this.ctx, this.extensionUri, this, { uri: uri.toString(), ...(system ? { system } : {}) });
    }
    this.panel.show(uri, system);
    return this.panel;
  }

  exportDiagram(format: 'svg' | 'png', uri: vscode.Uri): void {
    void exportDiagram(this.ctx, this, format, uri);
  }

  disposed(panel: PreviewPanel): void {
    if (this.panel === panel) this.panel = undefined;
  }

  dispose(): void {
    this.panel?.dispose();
    for (const d of this.subscriptions.splice(0)) d.dispose();
  }

  private async restore(webviewPanel: vscode.WebviewPanel, state: PreviewState | undefined): Promise<void> {
    if (this.panel) {
      // Only one preview: a second restored panel is redundant.
      webviewPanel.dispose();
      return;
    }
    const saved: PreviewState = state && typeof state === 'object' ? state : {};
    const panel = new PreviewPanel(webviewPanel, this.ctx, this.extensionUri, this, saved);
    this.panel = panel;
    let uri: vscode.Uri | undefined;
    try {
      uri = saved.uri ? vscode.Uri.parse(saved.uri, true) : undefined;
    } catch {
      uri = undefined;
    }
    uri ??= vscode.window.activeTextEditor && isDesign(vscode.window.activeTextEditor.document) ? vscode.window.activeTextEditor.document.uri : undefined;
    if (uri) panel.show(uri, saved.system);
  }
}

/** Creates the preview manager (disposed with `ctx`) and registers the panel serializer; call once from `activate`. */
export function registerPreview(ctx: Ctx, extensionUri: vscode.Uri): PreviewManager {
  const manager = new PreviewManager(ctx, extensionUri);
  ctx.push(manager);
  return manager;
}

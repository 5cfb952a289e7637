// Sysdesign: Open Preview (to the Side): resolves which design to show and
// hands it to the preview manager.
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import { asUri } from './export';
import { isDesign, previewManager } from './manager';
import type { PreviewHandle } from './panel';

/**
 * Opens the preview of `uriArg` (a Uri from the editor title button, a string
 * from a code lens) or of the active sysdesign editor, showing `systemArg`
 * when given. Resolves to the panel, or undefined when there is no design.
 */
export async function openPreview(ctx: Ctx, column: vscode.ViewColumn, uriArg?: unknown, systemArg?: unknown): Promise<PreviewHandle | undefined> {
  const manager = previewManager(ctx);
  if (!manager) return undefined;
  let uri = asUri(uriArg);
  if (!uri) {
    const editor = vscode.window.activeTextEditor;
    if (editor && isDesign(editor.document)) uri = editor.document.uri;
  }
  if (!uri) {
    const current = manager.current;
    if (current?.uri) {
      current.panel.reveal(column, true);
      return current;
    }
    void vscode.window.showInformationMessage('Open a .sysdesign file to preview its diagram.');
    return undefined;
  }
  const system = typeof systemArg === 'string' && systemArg ? systemArg : undefined;
  return manager.open(uri, column, system);
}

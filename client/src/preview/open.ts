// Sysdesign: Open Preview (to the Side): resolves which design to show and
// hands it to the preview manager.
import * as vscode from 'vscode';
import { asUri, isDesign } from '../designs';
import type { PreviewManager } from './manager';
import type { PreviewHandle } from './panel';

/**
 * Opens the preview of `uriArg` (a Uri from the editor title button, a string
 * from a code lens) or of the active sysdesign editor, showing `systemArg`
 * when given. Resolves to the panel, or undefined when there is no design.
 */
export async function openPreview(manager: PreviewManager, column: vscode.ViewColumn, uriArg?: unknown, systemArg?: unknown): Promise<PreviewHandle | undefined> {
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

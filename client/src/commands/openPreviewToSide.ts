// Sysdesign: Open Preview to the Side. Also the editor title button and the
// "Preview diagram" code lens (which passes the document URI and the system).
import * as vscode from 'vscode';
import { openPreview } from '../preview/open';
import type { PreviewHandle } from '../preview/panel';
import type { Command } from './command';

export const openPreviewToSide: Command = {
  id: 'sysdesign.openPreviewToSide',
  create:
    (_ctx, preview) =>
    (uri?: unknown, system?: unknown): Promise<PreviewHandle | undefined> =>
      openPreview(preview, vscode.ViewColumn.Beside, uri, system),
};

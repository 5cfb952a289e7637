// Sysdesign: Open Preview. The diagram of the active design (or of the
// design given as argument) in the current editor column.
import * as vscode from 'vscode';
import { openPreview as open } from '../preview/open';
import type { PreviewHandle } from '../preview/panel';
import type { Command } from './command';

export const openPreview: Command = {
  id: 'sysdesign.openPreview',
  create:
    (_ctx, preview) =>
    (uri?: unknown, system?: unknown): Promise<PreviewHandle | undefined> =>
      open(preview, vscode.ViewColumn.Active, uri, system),
};

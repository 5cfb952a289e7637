// Sysdesign: Show Estimates. Asks the server for the active design's estimate
// report (a table per system, with the workload arithmetic) and opens it as a
// rendered markdown preview beside the design.
import * as vscode from 'vscode';
import { EstimatesRequest, LANGUAGE_ID } from '../../../server/src/protocol';
import type { Command } from './command';

export const showEstimates: Command = {
  id: 'sysdesign.showEstimates',
  create: (ctx) => async (uri?: unknown): Promise<vscode.TextDocument | undefined> => {
    const target = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
    const design = target ? vscode.workspace.textDocuments.find((d) => d.uri.toString() === target.toString()) : undefined;
    if (!design || design.languageId !== LANGUAGE_ID) {
      void vscode.window.showInformationMessage('Open a .sysdesign file to see its estimates.');
      return undefined;
    }
    const client = await ctx.readyClient();
    if (!client) {
      void vscode.window.showWarningMessage('The Sysdesign language server is not running; see the Sysdesign output.');
      return undefined;
    }
    const result = await client.sendRequest(EstimatesRequest, { uri: design.uri.toString() });
    const report = await vscode.workspace.openTextDocument({ language: 'markdown', content: result.markdown });
    await vscode.commands.executeCommand('markdown.showPreviewToSide', report.uri);
    return report;
  },
};

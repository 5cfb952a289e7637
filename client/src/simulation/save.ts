// Save JSON, for the Run Simulation command's summary and the preview's
// button alike: the same dialog, file name and bytes (exactly what
// `sysdesign simulate --format json` prints).
import * as path from 'path';
import * as vscode from 'vscode';
import type { SimulateResult } from '../../../server/src/protocol';

function slug(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'simulation';
}

/** Asks where to save, and writes the run's JSON (byte-identical to `sysdesign simulate --format json`). */
export async function saveJson(design: vscode.Uri, r: SimulateResult): Promise<void> {
  const base = path.posix.basename(design.path).replace(/\.sysdesign$/, '');
  const name = `${slug(base)}-${slug(r.scenario || 'default')}-seed${r.seed}.json`;
  const folder = design.scheme === 'file' ? vscode.Uri.joinPath(design, '..') : (vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(process.cwd()));
  const file = await vscode.window.showSaveDialog({
    title: 'Save Simulation Results',
    defaultUri: vscode.Uri.joinPath(folder, name),
    filters: { JSON: ['json'] },
    saveLabel: 'Save',
  });
  if (!file) return;
  await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(`${JSON.stringify(r.result, null, 2)}\n`));
  void vscode.window.showInformationMessage(`Sysdesign: saved the simulation results to ${path.basename(file.fsPath)}.`);
}

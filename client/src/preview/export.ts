// Sysdesign: Export Diagram as SVG / as PNG. Draws the design's system (the
// one the preview shows, else the first) as a standalone SVG with the colours
// of the current theme kind, and saves it, or a PNG made from it, where the
// save dialog says.
import * as path from 'path';
import * as vscode from 'vscode';
import { renderSvg } from '../../../server/src/diagram/svg';
import type { ThemeName } from '../../../server/src/diagram/theme';
import { DiagramRequest, type DiagramParams } from '../../../server/src/protocol';
import { Config } from '../config';
import type { Ctx } from '../ctx';
import { asUri, isDesign } from '../designs';
import { svgToPng } from './png';

export type ExportFormat = 'svg' | 'png';

/** What an export asks of the preview (the manager): the design and system it shows, and where the extension's files are. */
export interface ShownPreview {
  readonly current: { readonly uri: vscode.Uri | undefined; readonly shownSystem: string | undefined } | undefined;
  readonly extensionUri: vscode.Uri;
}

function themeName(kind: vscode.ColorThemeKind): ThemeName {
  return kind === vscode.ColorThemeKind.Dark || kind === vscode.ColorThemeKind.HighContrast ? 'dark' : 'light';
}

/** The design to export: the argument, else the active sysdesign editor's, else the preview's. */
export function targetDesign(preview: ShownPreview, arg: unknown): vscode.Uri | undefined {
  const explicit = asUri(arg);
  if (explicit) return explicit;
  const editor = vscode.window.activeTextEditor;
  if (editor && isDesign(editor.document)) return editor.document.uri;
  return preview.current?.uri;
}

function slug(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'diagram';
}

/**
 * Exports the diagram of `design` (see targetDesign). `target`, when given,
 * is written without asking (automation and tests); otherwise a save dialog
 * asks. Resolves to the file written, or undefined.
 */
export async function exportDiagram(ctx: Ctx, preview: ShownPreview, format: ExportFormat, design?: unknown, target?: unknown): Promise<vscode.Uri | undefined> {
  const uri = targetDesign(preview, design);
  if (!uri) {
    void vscode.window.showInformationMessage('Open a .sysdesign file to export its diagram.');
    return undefined;
  }
  const client = await ctx.readyClient();
  if (!client) {
    void vscode.window.showWarningMessage('The Sysdesign language server is not running; see the Sysdesign output.');
    return undefined;
  }
  const doc = await vscode.workspace.openTextDocument(uri);
  const shown = preview.current;
  const system = shown?.uri?.toString() === uri.toString() ? shown.shownSystem : undefined;
  const params: DiagramParams = {
    uri: uri.toString(),
    version: doc.version,
    direction: new Config(uri).previewDirection,
    ...(system !== undefined ? { system } : {}),
  };
  const result = await client.sendRequest(DiagramRequest, params);
  if (!result.drawing) {
    void vscode.window.showWarningMessage(`Sysdesign: nothing to export. ${result.error ?? ''}`.trim());
    return undefined;
  }
  const svg = renderSvg(result.drawing, { standalone: true, theme: themeName(vscode.window.activeColorTheme.kind) });

  let file = asUri(target);
  if (!file) {
    const base = path.posix.basename(uri.path).replace(/\.sysdesign$/, '');
    const name = `${slug(base)}${result.system && result.systems.length > 1 ? `-${slug(result.system)}` : ''}.${format}`;
    const folder =
      uri.scheme === 'file' ? vscode.Uri.joinPath(uri, '..') : (vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(process.cwd()));
    file = await vscode.window.showSaveDialog({
      title: `Export Diagram as ${format.toUpperCase()}`,
      defaultUri: vscode.Uri.joinPath(folder, name),
      filters: format === 'svg' ? { 'SVG image': ['svg'] } : { 'PNG image': ['png'] },
      saveLabel: 'Export',
    });
    if (!file) return undefined;
  }

  let bytes: Uint8Array;
  if (format === 'svg') {
    bytes = new TextEncoder().encode(`<?xml version="1.0" encoding="UTF-8"?>\n${svg}\n`);
  } else {
    try {
      const wasm = vscode.Uri.joinPath(preview.extensionUri, 'dist', 'resvg.wasm');
      const out = await svgToPng(svg, wasm.fsPath);
      if (!out.fonts) ctx.log('export: no font file found for the PNG; its text may be missing');
      bytes = out.png;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      ctx.log(`export: PNG failed: ${message}`);
      void vscode.window.showErrorMessage(`Sysdesign: the PNG could not be made: ${message}`);
      return undefined;
    }
  }
  await vscode.workspace.fs.writeFile(file, bytes);
  ctx.log(`exported ${result.system ?? 'the diagram'} to ${file.fsPath}`);
  if (!target) void vscode.window.showInformationMessage(`Sysdesign: exported the diagram to ${path.basename(file.fsPath)}.`);
  return file;
}

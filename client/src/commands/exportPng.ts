// Sysdesign: Export Diagram as PNG (rasterised in the extension host with
// resvg's WebAssembly build). Optional arguments: the design's URI and the
// file to write (without it a save dialog asks).
import type * as vscode from 'vscode';
import { exportDiagram } from '../preview/export';
import type { Command } from './command';

export const exportPng: Command = {
  id: 'sysdesign.exportPng',
  create:
    (ctx, preview) =>
    (design?: unknown, target?: unknown): Promise<vscode.Uri | undefined> =>
      exportDiagram(ctx, preview, 'png', design, target),
};

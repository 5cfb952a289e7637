// Sysdesign: Export Diagram as SVG. Optional arguments: the design's URI and
// the file to write (without it a save dialog asks).
import type * as vscode from 'vscode';
import { exportDiagram } from '../preview/export';
import type { Command } from './command';

export const exportSvg: Command = {
  id: 'sysdesign.exportSvg',
  create:
    (ctx, preview) =>
    (design?: unknown, target?: unknown): Promise<vscode.Uri | undefined> =>
      exportDiagram(ctx, preview, 'svg', design, target),
};

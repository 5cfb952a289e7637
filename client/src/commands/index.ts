// The one table of commands. Each is contributed in package.json under the
// same id (a test checks the two agree) and registered here.
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import type { PreviewManager } from '../preview/manager';
import type { Command } from './command';
import { exportPng } from './exportPng';
import { exportSvg } from './exportSvg';
import { openPreview } from './openPreview';
import { openPreviewToSide } from './openPreviewToSide';
import { restartServer } from './restartServer';
import { runSimulation } from './runSimulation';
import { showEstimates } from './showEstimates';
import { showOutput } from './showOutput';

export const COMMANDS: readonly Command[] = [
  restartServer,
  showOutput,
  showEstimates,
  openPreview,
  openPreviewToSide,
  exportSvg,
  exportPng,
  runSimulation,
];

export function registerCommands(ctx: Ctx, preview: PreviewManager): void {
  for (const command of COMMANDS) {
    ctx.push(vscode.commands.registerCommand(command.id, command.create(ctx, preview)));
  }
}

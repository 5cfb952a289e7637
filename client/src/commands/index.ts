// The one table of commands. Each is contributed in package.json under the
// same id (a test checks the two agree) and registered here.
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import type { Command } from './command';
import { restartServer } from './restartServer';
import { showEstimates } from './showEstimates';
import { showOutput } from './showOutput';

export const COMMANDS: readonly Command[] = [restartServer, showOutput, showEstimates];

export function registerCommands(ctx: Ctx): void {
  for (const command of COMMANDS) {
    ctx.push(vscode.commands.registerCommand(command.id, command.create(ctx)));
  }
}

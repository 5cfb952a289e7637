// Sysdesign: Restart Language Server. Invoked again while a restart is
// under way, it joins that restart rather than starting another.
import * as vscode from 'vscode';
import type { Command } from './command';

export const restartServer: Command = {
  id: 'sysdesign.restartServer',
  create: (ctx) => async (): Promise<boolean> => {
    const running = await ctx.restart();
    if (!running) {
      void vscode.window
        .showErrorMessage('Sysdesign: the language server did not start.', 'Show Output')
        .then((choice) => choice && ctx.output.show(true));
    }
    return running;
  },
};

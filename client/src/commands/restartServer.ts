// Sysdesign: Restart Language Server. Invoked again while a restart is
// under way, it joins that restart rather than starting another. Resolves
// true when the server runs again; if it does not, the user has already been
// told why (by Ctx or by vscode-languageclient) and the output channel says more.
import type { Command } from './command';

export const restartServer: Command = {
  id: 'sysdesign.restartServer',
  create: (ctx) => (): Promise<boolean> => ctx.restart(),
};

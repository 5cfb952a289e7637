// Sysdesign: Show Output. Works whatever state the server is in.
import type { Command } from './command';

export const showOutput: Command = {
  id: 'sysdesign.showOutput',
  create: (ctx) => (): void => ctx.output.show(true),
};

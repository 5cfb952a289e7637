// sysdesign lsp --stdio: the language server, for editors other than VS Code.
//
// The server module is loaded only here, so the other commands never load the
// LSP libraries.
import type { Command } from 'commander';
import { CliContext, CommandModule, EXIT_OK, EXIT_USAGE } from '../types';

interface LspModule {
  startServer(): unknown;
}

export const lspCommand: CommandModule = {
  name: 'lsp',
  register(program: Command, ctx: CliContext): void {
    program
      .command('lsp')
      .summary('run the language server')
      .description('Run the sysdesign language server, speaking LSP over standard input and output.')
      .requiredOption('--stdio', 'communicate over standard input and output (the only transport)')
      .option('--clientProcessId <pid>', 'process id of the editor (accepted for compatibility; read by the server)')
      .action(() => {
        let server: LspModule;
        try {
          // eslint-disable-next-line @typescript-eslint/no-require-imports
          server = require('../../lsp/main') as LspModule;
        } catch (err) {
          const detail = err instanceof Error ? err.message.split('\n')[0] : String(err);
          ctx.io.stderr(`sysdesign: the language server could not be loaded: ${detail}\n`);
          ctx.exitCode = EXIT_USAGE;
          return;
        }
        server.startServer();
        ctx.exitCode = EXIT_OK;
      });
  },
};

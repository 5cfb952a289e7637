// sysdesign mcp: a Model Context Protocol server over standard input and
// output, for AI assistants (docs/mcp.md). Its tools are the commands check,
// estimate, simulate and render with --format json, run in-process.
//
// The MCP SDK is loaded only here, so the other commands never load it.
import type { Command } from 'commander';
import { CliContext, CommandModule, EXIT_OK, EXIT_USAGE } from '../types';

interface McpModule {
  startMcpServer(options: import('./mcp-server').McpServerOptions): Promise<void>;
}

export const mcpCommand: CommandModule = {
  name: 'mcp',
  register(program: Command, ctx: CliContext): void {
    program
      .command('mcp')
      .summary('run a Model Context Protocol server (tools: check, estimate, simulate, render)')
      .description(
        'Run a Model Context Protocol server over standard input and output, for AI assistants.\n' +
          'Its tools check, estimate, simulate and render take a design file or design text and\n' +
          'return what the command of the same name prints with --format json (render: the SVG).\n' +
          'Relative paths are resolved against the folder the server starts in. See docs/mcp.md.',
      )
      .action(async () => {
        let server: McpModule;
        try {
          // eslint-disable-next-line @typescript-eslint/no-require-imports
          server = require('./mcp-server') as McpModule;
        } catch (err) {
          const detail = err instanceof Error ? err.message.split('\n')[0] : String(err);
          ctx.io.stderr(`sysdesign: the MCP server could not be loaded: ${detail}\n`);
          ctx.exitCode = EXIT_USAGE;
          return;
        }
        if (!ctx.runCli) throw new Error('sysdesign mcp needs the command line to run its tools (CliContext.runCli)');
        await server.startMcpServer({ runCli: ctx.runCli, cwd: ctx.io.cwd, env: ctx.io.env });
        ctx.exitCode = EXIT_OK;
      });
  },
};

// The `sysdesign` command line: check | estimate | format | lsp | mcp | render |
// simulate, each registered in cli/commands/index.ts.
//
//   main(argv) parses `argv` (as process.argv: node, script, args…), runs one
//   command and resolves to the exit status: 0 clean, 1 problems found,
//   2 bad usage or unreadable input. It never calls process.exit; output goes
//   through a CliIO so tests can run it in-process.
import { Command, CommanderError } from 'commander';
import { COMMANDS } from './cli/commands';
import { CliContext, CliIO, EXIT_OK, EXIT_USAGE, UsageError } from './cli/types';
import { packageVersion } from './cli/version';
import { MissingPackageError } from './missing-package';

export type { CliIO } from './cli/types';

/** Set once standard output's reader has gone (`sysdesign … | head`): the rest is dropped, the exit status still tells. */
let stdoutClosed = false;

function defaultIO(): CliIO {
  return {
    stdout: (text) => {
      if (!stdoutClosed) process.stdout.write(text);
    },
    stderr: (text) => void process.stderr.write(text),
    cwd: process.cwd(),
    isTTY: !!process.stdout.isTTY,
    stderrIsTTY: !!process.stderr.isTTY,
    stderrColumns: process.stderr.columns,
    env: process.env,
  };
}

export function createProgram(ctx: CliContext): Command {
  const program = new Command();
  program
    .name('sysdesign')
    .description('System design as code: check, format and serve .sysdesign files.')
    .version(packageVersion(), '-v, --version', 'print the version')
    .option('--color', 'colour the output (default: when standard output is a terminal)')
    .option('--no-color', 'never colour the output (NO_COLOR and FORCE_COLOR are honoured too)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => ctx.io.stdout(text),
      writeErr: (text) => ctx.io.stderr(text),
    })
    .showHelpAfterError("(run 'sysdesign --help' for usage)")
    .helpCommand('help [command]', 'show help for a command');
  for (const command of COMMANDS) command.register(program, ctx);
  return program;
}

export async function main(argv: string[] = process.argv, io: Partial<CliIO> = {}): Promise<number> {
  const ctx: CliContext = { io: { ...defaultIO(), ...io }, exitCode: EXIT_OK, runCli: main };
  const program = createProgram(ctx);
  if (argv.length <= 2) {
    ctx.io.stderr(program.helpInformation());
    return EXIT_USAGE;
  }
  try {
    await program.parseAsync(argv, { from: 'node' });
    return ctx.exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Commander has already printed its message.
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return EXIT_OK;
      if (err.code === 'commander.help') return err.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
      return EXIT_USAGE;
    }
    if (err instanceof UsageError || err instanceof MissingPackageError) {
      ctx.io.stderr(`sysdesign: ${err.message}\n`);
      return EXIT_USAGE;
    }
    const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
    ctx.io.stderr(`sysdesign: internal error: ${detail}\nPlease report this with the input that caused it.\n`);
    return EXIT_USAGE;
  }
}

if (require.main === module) {
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    stdoutClosed = true;
  });
  main(process.argv).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`sysdesign: internal error: ${String(err)}\n`);
      process.exitCode = EXIT_USAGE;
    },
  );
}

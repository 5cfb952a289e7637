// What every CLI command module sees: where to write, where it runs, and how
// to fail. Commands never touch process.stdout / process.exit directly, so the
// tests can run them in-process.
import type { Command } from 'commander';

export interface CliIO {
  /** Writes to standard output (results: diagnostics, JSON, SARIF, formatted text). */
  stdout(text: string): void;
  /** Writes to standard error (usage errors, unreadable files, notes). */
  stderr(text: string): void;
  /** The folder relative paths are resolved against and shown relative to. */
  cwd: string;
  /** Whether standard output is a terminal (colour by default). */
  isTTY: boolean;
  /** Whether standard error is a terminal (progress bars are drawn only there); false when omitted. */
  stderrIsTTY?: boolean;
  /** Width of that terminal in columns, when known. */
  stderrColumns?: number;
  /** Wall clock in milliseconds for the progress bar's delay and redraws [performance.now]; tests inject one. */
  now?: () => number;
  env: Record<string, string | undefined>;
}

/** Exit statuses (README.md, The command line): 0 clean, 1 problems found, 2 bad usage or unreadable input. */
export const EXIT_OK = 0;
export const EXIT_PROBLEMS = 1;
export const EXIT_USAGE = 2;

export interface CliContext {
  io: CliIO;
  /** The status `main` returns; a command's action sets it. */
  exitCode: number;
  /**
   * Runs another command line in-process, with its own output (cli.ts's
   * `main`): `sysdesign mcp` answers each tool call with the very command it
   * stands for. Passed in rather than imported, as cli.ts imports the commands.
   */
  runCli?: (argv: string[], io: Partial<CliIO>) => Promise<number>;
}

/** One subcommand, registered from the table in commands/index.ts. */
export interface CommandModule {
  name: string;
  /** Adds the subcommand (with its options and action) to `program`. */
  register(program: Command, ctx: CliContext): void;
}

/** Bad usage found after commander's own checks (exit status 2). */
export class UsageError extends Error {}

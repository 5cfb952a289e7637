// sysdesign format FILE… [--check]
//
// Rewrites each file in the canonical layout (see format/formatter.ts), only
// when it changes. With --check nothing is written: the files that would
// change are listed and the exit status is 1 if there is any. Folders are
// searched as for `check`. Parts of a file with syntax errors are left as
// written; such files are named on stderr.
import type { Command } from 'commander';
import * as fs from 'fs';
import { formatDocument, MAX_FORMAT_LENGTH } from '../../format/formatter';
import { collectFiles, describeFsError, readDesign, type DesignFile } from '../files';
import { CliContext, CommandModule, EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE } from '../types';
import { terminalSafe } from '../terminal-safe';

interface FormatOptions {
  check?: boolean;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Why `file` is too big to format (checked before reading it), or undefined. */
function sizeProblem(file: DesignFile): string | undefined {
  let bytes: number;
  try {
    bytes = fs.statSync(file.path).size;
  } catch {
    return undefined; // reading it will say why
  }
  // A byte is at most one UTF-16 unit, so a file within the limit in bytes is within it in text.
  if (bytes <= MAX_FORMAT_LENGTH) return undefined;
  const mb = (n: number) => `${(n / (1024 * 1024)).toFixed(1)} MB`;
  return `'${file.display}' is ${mb(bytes)}, above the ${mb(MAX_FORMAT_LENGTH)} that format handles; it was left as written`;
}

async function run(paths: string[], options: FormatOptions, ctx: CliContext): Promise<number> {
  const { io } = ctx;
  const { files, problems } = collectFiles(paths, io.cwd);
  if (files.length === 0 && problems.length === 0) problems.push(`no .sysdesign files found in ${paths.map((p) => `'${p}'`).join(', ')}`);
  const changed: string[] = [];
  let processed = 0;
  for (const file of files) {
    const tooBig = sizeProblem(file);
    if (tooBig) {
      problems.push(tooBig);
      continue;
    }
    const read = readDesign(file);
    if (!read.ok) {
      problems.push(read.problem);
      continue;
    }
    processed++;
    const result = formatDocument(read.text);
    if (result.verbatim.length > 0) {
      io.stderr(`sysdesign: ${terminalSafe(file.display)} has syntax errors; the parts with errors were left as written.\n`);
    } else if (result.outcome === 'unchanged') {
      io.stderr(`sysdesign: ${terminalSafe(file.display)} could not be formatted safely and was left as written; please report this.\n`);
    }
    if (result.text === read.text) continue;
    changed.push(file.display);
    if (options.check) continue;
    try {
      fs.writeFileSync(file.path, result.text, 'utf8');
    } catch (err) {
      problems.push(`cannot write '${file.display}': ${describeFsError(err)}`);
    }
  }
  for (const p of problems) io.stderr(`sysdesign: ${terminalSafe(p)}\n`);
  if (options.check) {
    for (const name of changed) io.stdout(`${terminalSafe(name)}\n`);
    if (problems.length === 0) {
      io.stderr(changed.length
        ? `${plural(changed.length, 'file')} of ${processed} would be reformatted.\n`
        : `All ${plural(processed, 'file')} formatted.\n`);
    }
  } else if (processed > 0) {
    io.stdout(`Formatted ${changed.length} of ${plural(processed, 'file')}.\n`);
  }
  if (problems.length > 0) return EXIT_USAGE;
  return options.check && changed.length > 0 ? EXIT_PROBLEMS : EXIT_OK;
}

export const formatCommand: CommandModule = {
  name: 'format',
  register(program: Command, ctx: CliContext): void {
    program
      .command('format')
      .summary('rewrite design files in the canonical layout')
      .description(
        'Rewrite design files in the one canonical layout (formatting twice changes nothing).\n' +
          'Parts with syntax errors are left as written, and so are files above 4 MB (exit 2).\n\n' +
          'With --check, write nothing: list the files that would change, exit 1 if any.',
      )
      .argument('<files...>', 'files (or folders) to format')
      .option('--check', 'list files that are not formatted and exit 1 if any; write nothing')
      .action(async (files: string[], options: FormatOptions) => {
        ctx.exitCode = await run(files, options, ctx);
      });
  },
};

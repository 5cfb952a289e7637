// sysdesign check [paths…] [--format text|json|sarif] [--max-warnings N]
import * as path from 'path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { analyze, internalError } from '../../analyze';
import { LineIndex } from '../../diagnostics';
import { colors, useColor } from '../colors';
import { describeProblem, loadProjectConfig } from '../../config/project';
import { collectFiles, readDesign } from '../files';
import { renderJson } from '../output/json';
import { renderSarif } from '../output/sarif';
import { renderText } from '../output/text';
import { CheckReport, countBySeverity, FileReport } from '../report';
import { CliContext, CommandModule, EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE } from '../types';
import { terminalSafe } from '../terminal-safe';

export const CHECK_FORMATS = ['text', 'json', 'sarif'] as const;
export type CheckFormat = (typeof CHECK_FORMATS)[number];

interface CheckOptions {
  format: CheckFormat;
  maxWarnings?: number;
  color?: boolean;
}

export function parseCount(value: string): number {
  if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError('expected a whole number, 0 or more.');
  return Number(value.trim());
}

/** Analyzes each file; a crash in the core becomes an internal-error diagnostic, never a dead CLI. */
export function checkFiles(paths: string[], cwd: string): CheckReport {
  const { files, problems } = collectFiles(paths, cwd);
  const reports: FileReport[] = [];
  const warnings: string[] = [];
  const seenConfigs = new Set<string>();
  for (const file of files) {
    const read = readDesign(file);
    if (!read.ok) {
      problems.push(read.problem);
      continue;
    }
    // The nearest sysdesign.json sets rule severities; its own problems are reported once.
    const project = loadProjectConfig(file.path);
    if (project.file && !seenConfigs.has(project.file)) {
      seenConfigs.add(project.file);
      for (const p of project.problems) {
        const line = describeProblem(project, p, path.relative(cwd, project.file) || project.file);
        if (p.severity === 'error') problems.push(line);
        else warnings.push(line);
      }
    }
    let diagnostics;
    try {
      diagnostics = analyze(read.text, { rules: project.rules }).diagnostics;
    } catch (err) {
      diagnostics = [internalError('checking the file', err)];
    }
    reports.push({ file, text: read.text, lines: new LineIndex(read.text), diagnostics });
  }
  if (files.length === 0 && problems.length === 0) {
    problems.push(`no ${'.sysdesign'} files found in ${paths.map((p) => `'${p}'`).join(', ')}`);
  }
  return { files: reports, problems, warnings, cwd };
}

export function checkExitCode(report: CheckReport, maxWarnings: number | undefined): number {
  if (report.problems.length > 0) return EXIT_USAGE;
  const counts = countBySeverity(report.files);
  if (counts.error > 0) return EXIT_PROBLEMS;
  if (maxWarnings !== undefined && counts.warning > maxWarnings) return EXIT_PROBLEMS;
  return EXIT_OK;
}

async function run(paths: string[], options: CheckOptions, ctx: CliContext): Promise<number> {
  const { io } = ctx;
  const report = checkFiles(paths.length ? paths : ['.'], io.cwd);
  for (const p of report.problems) io.stderr(`sysdesign: ${terminalSafe(p)}\n`);
  for (const w of report.warnings ?? []) io.stderr(`sysdesign: ${terminalSafe(w)}\n`);
  switch (options.format) {
    case 'json':
      io.stdout(renderJson(report));
      break;
    case 'sarif':
      io.stdout(renderSarif(report));
      break;
    default:
      if (report.files.length > 0 || report.problems.length === 0) {
        io.stdout(renderText(report, { colors: colors(useColor(io, options.color)), maxWarnings: options.maxWarnings }));
      }
  }
  return checkExitCode(report, options.maxWarnings);
}

export const checkCommand: CommandModule = {
  name: 'check',
  register(program: Command, ctx: CliContext): void {
    program
      .command('check')
      .summary('report syntax errors, semantic errors and design-rule findings')
      .description(
        'Check design files for syntax errors, semantic errors and design-rule findings.\n' +
          'Paths may be files or folders (searched recursively for *.sysdesign, skipping\n' +
          'node_modules and dot-folders); with no path, the current folder is checked.\n\n' +
          'Exit status: 0 clean, 1 errors (or more warnings than --max-warnings),\n' +
          '2 bad usage or unreadable input.',
      )
      .argument('[paths...]', 'files or folders to check (default: the current folder)')
      .addOption(new Option('-f, --format <format>', 'output format').choices(CHECK_FORMATS).default('text'))
      .option('--max-warnings <n>', 'exit with status 1 when there are more than n warnings', parseCount)
      .action(async (paths: string[], options: CheckOptions, command: Command) => {
        const color = (command.optsWithGlobals() as { color?: boolean }).color;
        ctx.exitCode = await run(paths, { ...options, color }, ctx);
      });
  },
};

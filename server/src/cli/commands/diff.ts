// sysdesign diff OLD NEW [--format markdown|json]
//
// What changed between two versions of a design (docs/diff.md). OLD and NEW
// are files, or `git:REF:PATH` read with `git show REF:PATH` in the current
// folder's repository, so a pull request's base and head can be compared
// without checking either out.
//
// Exit status: 0 compared; 1 the new version adds an error-severity finding
// (a CI step can fail on it); 2 bad usage, an unreadable file, not a git
// repository, or a ref or path git does not know.
import { execFileSync } from 'child_process';
import * as path from 'path';
import { Command, Option } from 'commander';
import { analyze, type Analysis } from '../../analyze';
import { loadProjectConfig } from '../../config/project';
import { diffDesigns } from '../../review/diff';
import { diffMarkdown } from '../../review/diff-markdown';
import { displayPath, readDesign } from '../files';
import { terminalSafe } from '../terminal-safe';
import { CliContext, CommandModule, EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, type CliIO } from '../types';

const FORMATS = ['markdown', 'json'] as const;
const GIT_PREFIX = 'git:';

type Source = { ok: true; display: string; text: string; configFrom: string } | { ok: false; problem: string };

/** The text of a `git:REF:PATH` source, by `git show` in `cwd`. */
function readGit(spec: string, cwd: string): Source {
  const rest = spec.slice(GIT_PREFIX.length);
  // Ref names cannot hold ':' (git check-ref-format), so the first one ends the ref.
  const colon = rest.indexOf(':');
  if (colon <= 0 || colon === rest.length - 1) return { ok: false, problem: `'${spec}' is not git:REF:PATH (for example git:main:design.sysdesign)` };
  const ref = rest.slice(0, colon);
  const file = rest.slice(colon + 1);
  try {
    execFileSync('git', ['rev-parse', '--git-dir'], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { ok: false, problem: `cannot read '${spec}': git is not installed` };
    return { ok: false, problem: `cannot read '${spec}': ${cwd} is not inside a git repository` };
  }
  try {
    const text = execFileSync('git', ['show', `${ref}:${file}`], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024 });
    return { ok: true, display: spec, text, configFrom: path.resolve(cwd, file) };
  } catch (err) {
    const stderr = String((err as { stderr?: string | Buffer }).stderr ?? '').trim().split('\n')[0] ?? '';
    return { ok: false, problem: `cannot read '${spec}': ${stderr.replace(/^fatal: /, '') || 'git show failed'}` };
  }
}

function readSource(spec: string, io: CliIO): Source {
  if (spec.startsWith(GIT_PREFIX)) return readGit(spec, io.cwd);
  const absolute = path.resolve(io.cwd, spec);
  const display = displayPath(absolute, io.cwd);
  const read = readDesign({ path: absolute, display });
  return read.ok ? { ok: true, display, text: read.text, configFrom: absolute } : read;
}

function analyzed(source: Extract<Source, { ok: true }>): Analysis {
  return analyze(source.text, { rules: loadProjectConfig(source.configFrom).rules });
}

export const diffCommand: CommandModule = {
  name: 'diff',
  register(program: Command, ctx: CliContext): void {
    program
      .command('diff')
      .summary('what changed between two versions of a design, for a pull request')
      .description(
        'Compare two versions of a design: components added, removed and changed (properties\n' +
          'and connections), findings added and removed (matched by rule and component, so\n' +
          'moved text is no change), and each system\'s estimate (utilization, bottleneck,\n' +
          'response time). OLD and NEW are files or git:REF:PATH (read by `git show REF:PATH`\n' +
          'in the current folder\'s repository; PATH from the repository root, or ./PATH).\n' +
          'Markdown is written for a pull-request comment; JSON is stable (docs/diff.md).\n\n' +
          'Exit status: 0 compared, 1 NEW adds an error-severity finding, 2 bad usage,\n' +
          'unreadable input, not a git repository, or an unknown ref or path.',
      )
      .argument('<old>', 'the earlier version: a file or git:REF:PATH')
      .argument('<new>', 'the later version: a file or git:REF:PATH')
      .addOption(new Option('-f, --format <format>', 'output format').choices(FORMATS).default('markdown'))
      .action((oldSpec: string, newSpec: string, options: { format: (typeof FORMATS)[number] }) => {
        const { io } = ctx;
        const before = readSource(oldSpec, io);
        const after = readSource(newSpec, io);
        for (const s of [before, after]) if (!s.ok) io.stderr(`sysdesign: ${terminalSafe(s.problem)}\n`);
        if (!before.ok || !after.ok) {
          ctx.exitCode = EXIT_USAGE;
          return;
        }
        const diff = diffDesigns(analyzed(before), analyzed(after));
        if (options.format === 'json') io.stdout(`${JSON.stringify(diff, null, 2)}\n`);
        else io.stdout(diffMarkdown(diff, { before: before.display, after: after.display }));
        ctx.exitCode = diff.findings.added.some((f) => f.severity === 'error') ? EXIT_PROBLEMS : EXIT_OK;
      });
  },
};

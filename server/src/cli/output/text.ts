// `check` for people:
//
//   samples/shop.sysdesign:12:5  error  Unknown property 'instancs' … [unknown-property]
//      12 |     instancs: 2
//         |     ^^^^^^^^
//         related: samples/shop.sysdesign:10:3  The service is declared here.
//
// then a summary ("3 errors, 1 warning in 2 files." / "No problems in 6 files.").
// Lines and columns are 1-based, as editors show them.
import type { Diagnostic, LineIndex, Severity } from '../../diagnostics';
import type { Colors } from '../colors';
import { CheckReport, countBySeverity, FileReport } from '../report';
import { terminalSafe } from '../terminal-safe';

export interface TextOptions {
  colors: Colors;
  maxWarnings?: number;
}

const TAB = '    ';
/** Longest source excerpt shown, in characters. */
const MAX_EXCERPT = 160;

export function renderText(report: CheckReport, options: TextOptions): string {
  const c = options.colors;
  const out: string[] = [];
  for (const file of report.files) {
    for (const d of file.diagnostics) out.push(...renderDiagnostic(file, d, c));
  }
  out.push(summary(report, options));
  return `${out.join('\n')}\n`;
}

function severityColor(c: Colors, severity: Severity): (s: string) => string {
  return severity === 'error' ? c.red : severity === 'warning' ? c.yellow : c.blue;
}

function location(file: FileReport, offset: number): string {
  const p = file.lines.position(offset);
  return `${terminalSafe(file.file.display)}:${p.line + 1}:${p.character + 1}`;
}

export function renderDiagnostic(file: FileReport, d: Diagnostic, c: Colors): string[] {
  const paint = severityColor(c, d.severity);
  const lines: string[] = [];
  lines.push(`${c.bold(location(file, d.span.start))}  ${paint(c.bold(d.severity))}  ${terminalSafe(d.message)}  ${c.dim(`[${d.rule}]`)}`);
  const range = file.lines.range(d.span);
  const lineNo = String(range.start.line + 1);
  const gutter = ' '.repeat(Math.max(4, lineNo.length + 1));
  const excerpt = underline(file.lines, range.start.line, range.start.character, range.end.line === range.start.line ? range.end.character : undefined);
  if (excerpt) {
    lines.push(`${c.dim(`${lineNo.padStart(gutter.length)} |`)} ${excerpt.source}`);
    lines.push(`${c.dim(`${gutter} |`)} ${paint(excerpt.caret)}`);
  }
  for (const r of d.related ?? []) {
    lines.push(`${gutter}   ${c.dim('related:')} ${location(file, r.span.start)}  ${terminalSafe(r.message)}`);
  }
  return lines;
}

/**
 * The source line with tabs expanded and control characters escaped, and a caret line under [start, end)
 * (to the end of the line when the range goes on; one `^` when empty).
 * Long lines are cut around the range, marked with `…`.
 */
export function underline(lines: LineIndex, line: number, start: number, end: number | undefined): { source: string; caret: string } | undefined {
  const raw = lines.lineText(line);
  if (raw.trim() === '' && start >= raw.length) return undefined;
  const to = Math.min(raw.length, end ?? raw.length);
  const from = Math.min(start, raw.length);
  // Escaped before measuring, so the carets stay under what is shown.
  const expand = (s: string) => terminalSafe(s.replace(/\t/g, TAB));
  let prefix = expand(raw.slice(0, from));
  let marked = expand(raw.slice(from, Math.max(from, to)));
  let rest = expand(raw.slice(Math.max(from, to)));
  // Cut long lines: keep some context before the range, and no more than MAX_EXCERPT in all.
  let lead = '';
  if (prefix.length > 40 && prefix.length + marked.length > MAX_EXCERPT) {
    prefix = prefix.slice(prefix.length - 30);
    lead = '…';
  }
  if (marked.length > MAX_EXCERPT - prefix.length) marked = marked.slice(0, Math.max(1, MAX_EXCERPT - prefix.length));
  let tail = '';
  const room = MAX_EXCERPT - prefix.length - marked.length;
  if (rest.length > room) {
    rest = rest.slice(0, Math.max(0, room));
    tail = '…';
  }
  const source = `${lead}${prefix}${marked}${rest}${tail}`.replace(/\s+$/, '');
  const caret = `${' '.repeat(lead.length + prefix.length)}${'^'.repeat(Math.max(1, marked.length))}`;
  return { source, caret };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function summary(report: CheckReport, options: TextOptions): string {
  const c = options.colors;
  const counts = countBySeverity(report.files);
  const checked = report.files.length;
  const withProblems = report.files.filter((f) => f.diagnostics.length > 0).length;
  const lines: string[] = [];
  if (withProblems === 0) {
    lines.push(c.green(`No problems in ${plural(checked, 'file')}.`));
  } else {
    const parts: string[] = [];
    if (counts.error) parts.push(c.red(plural(counts.error, 'error')));
    if (counts.warning) parts.push(c.yellow(plural(counts.warning, 'warning')));
    if (counts.info) parts.push(c.blue(`${counts.info} info`));
    const where = withProblems === checked ? plural(checked, 'file') : `${withProblems} of ${plural(checked, 'file')}`;
    lines.push(`${parts.join(', ')} in ${where}.`);
  }
  if (options.maxWarnings !== undefined && counts.warning > options.maxWarnings) {
    lines.push(c.yellow(`Too many warnings: ${counts.warning}, and --max-warnings is ${options.maxWarnings}.`));
  }
  return lines.join('\n');
}

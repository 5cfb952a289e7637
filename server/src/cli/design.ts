// Reading one design for the single-file commands (estimate, render,
// simulate): resolve, read, analyse, and report language errors on stderr the
// way `check` would, so every command says the same thing about a bad file.
import * as path from 'path';
import { analyze, Analysis } from '../analyze';
import { loadProjectConfig } from '../config/project';
import { findSystem, type SystemModel } from '../model/types';
import { readDesign } from './files';
import { EXIT_PROBLEMS, EXIT_USAGE, type CliIO } from './types';
import { terminalSafe } from './terminal-safe';

export interface OpenedDesign {
  display: string;
  analysis: Analysis;
  /** Number of error-severity diagnostics (syntax, semantic, rules). */
  errors: number;
}

export function openDesign(file: string, io: CliIO): OpenedDesign | { problem: string } {
  const absolute = path.resolve(io.cwd, file);
  const relative = path.relative(io.cwd, absolute);
  // Only ever printed: a path holding control characters is shown escaped.
  const display = terminalSafe(relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative.split(path.sep).join('/') : absolute);
  const read = readDesign({ path: absolute, display });
  if (!read.ok) return { problem: read.problem };
  const analysis = analyze(read.text, { rules: loadProjectConfig(absolute).rules });
  const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
  for (const d of errors.slice(0, 5)) {
    const p = analysis.lines.position(d.span.start);
    io.stderr(`${display}:${p.line + 1}:${p.character + 1}  error  ${terminalSafe(d.message)}  [${d.rule}]\n`);
  }
  if (errors.length > 5) io.stderr(`… and ${errors.length - 5} more errors (run sysdesign check ${display}).\n`);
  return { display, analysis, errors: errors.length };
}

/**
 * `openDesign` for a command that works on one of the design's systems
 * (render, simulate): the design, or the exit status after saying why not
 * (unreadable: bad usage; no system, so nothing to `purpose`: problems).
 */
export function openSystemDesign(file: string, io: CliIO, purpose: string): OpenedDesign | number {
  const opened = openDesign(file, io);
  if ('problem' in opened) {
    io.stderr(`sysdesign: ${terminalSafe(opened.problem)}\n`);
    return EXIT_USAGE;
  }
  if (opened.analysis.systems.length === 0) {
    io.stderr(`sysdesign: ${opened.display} declares no system; nothing to ${purpose}.\n`);
    return EXIT_PROBLEMS;
  }
  return opened;
}

/** The system named `name`, or the only/first one; a message when there is none. */
export function pickSystem(analysis: Analysis, name: string | undefined): SystemModel | string {
  if (analysis.systems.length === 0) return 'the file declares no system';
  if (name === undefined) return analysis.systems[0];
  const found = findSystem(analysis.systems, name);
  return found ?? `no system named '${name}' (systems: ${analysis.systems.map((s) => s.name).join(', ')})`;
}

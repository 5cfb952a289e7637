// The result of checking a set of files, shared by every output format.
import type { Diagnostic, LineIndex, Severity } from '../diagnostics';
import type { DesignFile } from './files';

export interface FileReport {
  file: DesignFile;
  text: string;
  lines: LineIndex;
  diagnostics: Diagnostic[];
}

export interface CheckReport {
  files: FileReport[];
  /** Inputs that could not be read (shown on stderr; exit status 2). */
  problems: string[];
  /** Problems in sysdesign.json that do not stop the check (shown on stderr). */
  warnings?: string[];
  cwd: string;
}

export type Counts = Record<Severity, number>;

export function countBySeverity(files: FileReport[]): Counts {
  const counts: Counts = { error: 0, warning: 0, info: 0 };
  for (const f of files) for (const d of f.diagnostics) counts[d.severity]++;
  return counts;
}

// `check --format json`: one entry per file checked, files
// without diagnostics included with an empty array; 0-based ranges as in LSP.
import type { Range, Severity } from '../../diagnostics';
import type { CheckReport } from '../report';

export interface JsonDiagnostic {
  rule: string;
  severity: Severity;
  message: string;
  range: Range;
}

export interface JsonFileResult {
  file: string;
  diagnostics: JsonDiagnostic[];
}

export function toJson(report: CheckReport): JsonFileResult[] {
  return report.files.map((f) => ({
    file: f.file.display,
    diagnostics: f.diagnostics.map((d) => ({
      rule: d.rule,
      severity: d.severity,
      message: d.message,
      range: f.lines.range(d.span),
    })),
  }));
}

export function renderJson(report: CheckReport): string {
  return `${JSON.stringify(toJson(report), null, 2)}\n`;
}

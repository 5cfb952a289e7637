// The one entry point of the language core: text in, model and diagnostics
// out. The language server, the CLI, the tests and the benchmarks all call it;
// it imports nothing from VS Code or the LSP libraries.
import type { IToken } from 'chevrotain';
import type { FileAst } from './syntax/ast';
import { parse } from './syntax';
import { buildModels } from './model/build';
import type { SystemModel } from './model/types';
import { Diagnostic, LineIndex } from './diagnostics';
import { RuleConfig, runRules } from './rules/runner';
import { estimateOf } from './estimate/per-version';
import type { SystemEstimate } from './estimate/propagate';
import { pushAll } from './arrays';

export interface Analysis {
  text: string;
  ast: FileAst;
  tokens: IToken[];
  lines: LineIndex;
  systems: SystemModel[];
  /** Syntax and semantic diagnostics, sorted by position. */
  diagnostics: Diagnostic[];
  /**
   * The capacity estimate of one of `systems`, computed once for this
   * analysis on first use and shared by the rules, hovers, inlay hints, the
   * report and the simulation's comparison. Throws when the design cannot be
   * estimated.
   */
  estimate(system: SystemModel): SystemEstimate;
}

export interface AnalyzeOptions {
  /** Severity overrides from `sysdesign.rules` / sysdesign.json (already validated). */
  rules?: RuleConfig;
}

export function analyze(text: string, options: AnalyzeOptions = {}): Analysis {
  const { ast, tokens } = parse(text);
  const diagnostics: Diagnostic[] = ast.errors.map((e) => ({
    rule: 'syntax',
    severity: 'error',
    message: e.message,
    span: e.span,
    related: e.related,
  }));
  let systems: SystemModel[] = [];
  try {
    systems = buildModels(ast, (d) => diagnostics.push(d));
  } catch (err) {
    // A bug must never take the server down: report it and keep the syntax results.
    diagnostics.push(internalError('building the model', err));
  }
  const lines = new LineIndex(text);
  // Values the model could not read: an invalid value, a statement that did not parse as written.
  const languageErrors = diagnostics.filter((d) => d.severity === 'error' && (d.rule === 'syntax' || d.rule === 'invalid-value'));
  pushAll(diagnostics, runRules({ text, ast, lines, systems, languageErrors }, options.rules));
  diagnostics.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  return { text, ast, tokens, lines, systems, diagnostics, estimate: estimateOf };
}

export function internalError(stage: string, err: unknown): Diagnostic {
  const detail = err instanceof Error ? err.message : String(err);
  return {
    rule: 'internal-error',
    severity: 'error',
    message: `Internal error while ${stage}: ${detail}. Please report this with the design that caused it.`,
    span: { start: 0, end: 0 },
  };
}

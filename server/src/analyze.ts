// The one entry point of the language core: text in, model and diagnostics
// out. The language server, the CLI, the tests and the benchmarks all call it;
// it imports nothing from VS Code or the LSP libraries.
//
// Work is done per system (systems never refer to one another): each has its
// syntax tree, model, link diagnostics and rule findings (`SystemPart`). Given
// the previous analysis of the same document, an edit re-parses and re-checks
// only the systems it touched (reanalysis.ts); the file-wide steps (lexing,
// duplicate system names, suppression comments, sorting) always run.
import type { IToken } from 'chevrotain';
import type { FileAst, SystemDecl } from './syntax/ast';
import { commentsOf, lex, parse } from './syntax';
import { buildSystemModel, reportDuplicateSystems } from './model/build';
import type { SystemModel } from './model/types';
import { Diagnostic, LineIndex } from './diagnostics';
import { applySuppressions, checkSystem, RuleConfig } from './rules/runner';
import { FixBuilder } from './rules/fixes';
import { estimateOf } from './estimate/per-version';
import type { SystemEstimate } from './estimate/propagate';
import { pushAll } from './arrays';
import { keptSystems, type SystemPart } from './reanalysis';

export type { SystemPart } from './reanalysis';

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
  /**
   * Each system's results, for the next analysis of the same document to
   * reuse; undefined when the file has syntax errors (recovery may reach
   * across systems, so the next analysis starts over).
   */
  readonly parts?: readonly SystemPart[];
  /** The rule settings the parts' findings were made with. */
  readonly rulesKey: string;
}

export interface AnalyzeOptions {
  /** Severity overrides from `sysdesign.rules` / sysdesign.json (already validated). */
  rules?: RuleConfig;
  /**
   * The analysis of this document's previous version. Systems the edit did
   * not touch are taken over from it, their offsets moved in place: it is
   * consumed, and must not be used after this call.
   */
  previous?: Analysis;
}

export function analyze(text: string, options: AnalyzeOptions = {}): Analysis {
  const rulesKey = settingsKey(options.rules);
  const lexed = lex(text);
  const kept = options.previous ? keptSystems(options.previous, text, lexed) : undefined;
  if (kept) {
    const ast: FileAst = { systems: kept.map((k) => ('decl' in k ? k.decl : k)), comments: commentsOf(lexed), errors: [] };
    return finish(text, ast, lexed.tokens, kept, [], options.rules, rulesKey);
  }
  const { ast, tokens } = parse(text, lexed);
  const syntax: Diagnostic[] = ast.errors.map((e) => ({
    rule: 'syntax',
    severity: 'error',
    message: e.message,
    span: e.span,
    related: e.related,
  }));
  return finish(text, ast, tokens, ast.systems, syntax, options.rules, rulesKey);
}

/**
 * Builds what `parts` lacks (a declaration alone is a system still to build),
 * checks rules where the settings changed, and puts the file together.
 */
function finish(
  text: string, ast: FileAst, tokens: IToken[], systemsIn: readonly (SystemPart | SystemDecl)[],
  syntax: Diagnostic[], rules: RuleConfig | undefined, rulesKey: string,
): Analysis {
  const fix = new FixBuilder(text);
  const parts = systemsIn.map((p): SystemPart => {
    const part = 'decl' in p ? p : buildPart(p);
    if (part.rulesKey === rulesKey || !part.model) return part;
    return { ...part, findings: checkSystem(part.model, text, fix, rules), rulesKey };
  });
  const systems = parts.flatMap((p) => (p.model ? [p.model] : []));
  const diagnostics = syntax;
  for (const part of parts) pushAll(diagnostics, part.linked);
  reportDuplicateSystems(systems, (d) => diagnostics.push(d));
  const lines = new LineIndex(text);
  // Values the model could not read: an invalid value, a statement that did not parse as written.
  const languageErrors = diagnostics.filter((d) => d.severity === 'error' && (d.rule === 'syntax' || d.rule === 'invalid-value'));
  pushAll(diagnostics, applySuppressions(parts.flatMap((p) => p.findings), { ast, lines, systems, languageErrors }));
  diagnostics.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  return {
    text, ast, tokens, lines, systems, diagnostics, estimate: estimateOf,
    parts: ast.errors.length === 0 ? parts : undefined,
    rulesKey,
  };
}

/** A system's model and link diagnostics; its findings are made by `finish`. */
function buildPart(decl: SystemDecl): SystemPart {
  const linked: Diagnostic[] = [];
  try {
    return { decl, model: buildSystemModel(decl, (d) => linked.push(d)), linked, findings: [], rulesKey: undefined };
  } catch (err) {
    // A bug must never take the server down: report it and keep the syntax results.
    return { decl, model: undefined, linked: [internalError('building the model', err)], findings: [], rulesKey: undefined };
  }
}

/** The same settings give the same key, whatever order they were written in. */
function settingsKey(rules: RuleConfig | undefined): string {
  return rules ? JSON.stringify(Object.keys(rules).sort().map((id) => [id, rules[id]])) : '[]';
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

// Inline designs with markers, for tests that assert exact ranges.
//
//   const m = analyzeMarked(`
//     system s {
//       service a { instances: ⟦0⟧ }
//     }`);
//   expectDiagnostics(m, [{ rule: 'invalid-value', at: 0, message: 'at least 1' }]);
//
// `⟦…⟧` marks a range (numbered in order of their opening marker, from 0);
// `⟦⟧` marks an empty range (where something is missing); `‸` marks a cursor.
// Markers are removed before analysis, so offsets refer to the clean text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, type Analysis } from '../../src/analyze';
import type { Diagnostic } from '../../src/diagnostics';
import type { Span } from '../../src/syntax/ast';

export const OPEN = '⟦';
export const CLOSE = '⟧';
export const CURSOR = '‸';

/** The diagnostics the language itself produces (syntax, linker, validation); design rules are tested elsewhere. */
export const CORE_RULES: readonly string[] = [
  'syntax', 'unknown-reference', 'duplicate-name', 'unknown-property', 'unknown-kind', 'invalid-nesting',
  'invalid-value', 'missing-property', 'invalid-connection', 'internal-error',
];

export interface Marked {
  /** The text with every marker removed. */
  text: string;
  /** Marked ranges, in the order their `⟦` appears. */
  ranges: Span[];
  /** Offset of `‸`, when present. */
  cursor?: number;
}

/** Removes a template literal's common indentation and its first and last empty lines. */
export function dedent(source: string): string {
  const lines = source.replace(/^[ \t]*\r?\n/, '').replace(/\r?\n[ \t]*$/, '').split('\n');
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^[ \t]*/.exec(l)![0].length);
  const cut = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(Math.min(cut, /^[ \t]*/.exec(l)![0].length))).join('\n') + '\n';
}

/** Strips the markers from `source` (not dedented) and records where they were. */
export function unmark(source: string): Marked {
  let text = '';
  const ranges: Span[] = [];
  const open: number[] = [];
  let cursor: number | undefined;
  for (const ch of source) {
    if (ch === OPEN) {
      open.push(ranges.length);
      ranges.push({ start: text.length, end: -1 });
    } else if (ch === CLOSE) {
      const index = open.pop();
      if (index === undefined) throw new Error(`unbalanced ${CLOSE} at offset ${text.length}`);
      ranges[index].end = text.length;
    } else if (ch === CURSOR) {
      if (cursor !== undefined) throw new Error('more than one cursor marker');
      cursor = text.length;
    } else {
      text += ch;
    }
  }
  if (open.length) throw new Error(`unclosed ${OPEN}`);
  return cursor === undefined ? { text, ranges } : { text, ranges, cursor };
}

export interface MarkedAnalysis extends Marked {
  analysis: Analysis;
}

/** Dedents, strips markers and analyses. */
export function analyzeMarked(source: string, options: { dedent?: boolean } = {}): MarkedAnalysis {
  const marked = unmark(options.dedent === false ? source : dedent(source));
  return { ...marked, analysis: analyze(marked.text) };
}

export function coreDiagnostics(a: Analysis): Diagnostic[] {
  return a.diagnostics.filter((d) => CORE_RULES.includes(d.rule));
}

/** `line:character-line:character`, 0-based as in LSP. */
export function formatRange(a: Analysis, span: Span): string {
  const r = a.lines.range(span);
  return `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
}

/** Every core diagnostic on one line each, for assertion messages. */
export function describeDiagnostics(a: Analysis, all = false): string {
  const list = all ? a.diagnostics : coreDiagnostics(a);
  if (!list.length) return '(no diagnostics)';
  return list.map((d) => `  ${formatRange(a, d.span)} ${d.rule}: ${d.message}`).join('\n');
}

export interface ExpectedDiagnostic {
  rule: string;
  /** Index of the marked range the diagnostic must cover exactly. */
  at: number;
  /** Text (or each of several texts) the message must contain, or a pattern it must match. */
  message?: string | string[] | RegExp;
  severity?: Diagnostic['severity'];
}

/**
 * Asserts that the core diagnostics are exactly `expected`: same rules, same
 * ranges (as line/character through `analysis.lines`), nothing more. Messages
 * are checked for the given key words.
 */
export function expectDiagnostics(m: MarkedAnalysis, expected: ExpectedDiagnostic[]): Diagnostic[] {
  const a = m.analysis;
  const actual = coreDiagnostics(a);
  const key = (rule: string, span: Span) => `${rule} ${formatRange(a, span)}`;
  const wanted = expected.map((e) => {
    const span = m.ranges[e.at];
    if (!span) throw new Error(`no marked range #${e.at}`);
    return key(e.rule, span);
  });
  const got = actual.map((d) => key(d.rule, d.span));
  assert.deepEqual([...got].sort(), [...wanted].sort(), `diagnostics differ for:\n${m.text}\n${describeDiagnostics(a)}`);
  const matched: Diagnostic[] = [];
  const unused = new Set(actual);
  const fits = (e: ExpectedDiagnostic, d: Diagnostic) => {
    if (e.message === undefined) return true;
    if (e.message instanceof RegExp) return e.message.test(d.message);
    return (Array.isArray(e.message) ? e.message : [e.message]).every((t) => d.message.includes(t));
  };
  for (const e of expected) {
    const span = m.ranges[e.at];
    const here = [...unused].filter((x) => x.rule === e.rule && x.span.start === span.start && x.span.end === span.end);
    // Several diagnostics may share a range: take the one whose message fits.
    const d = here.find((x) => fits(e, x)) ?? here[0];
    assert.ok(d, `no ${e.rule} at exactly ${span.start}-${span.end}:\n${describeDiagnostics(a)}`);
    unused.delete(d);
    if (e.severity) assert.equal(d.severity, e.severity, d.message);
    const texts = e.message === undefined ? [] : e.message instanceof RegExp ? [] : Array.isArray(e.message) ? e.message : [e.message];
    for (const t of texts) assert.ok(d.message.includes(t), `message of ${e.rule} lacks ${JSON.stringify(t)}: ${d.message}`);
    if (e.message instanceof RegExp) assert.match(d.message, e.message);
    matched.push(d);
  }
  return matched;
}

/** One row of a diagnostic table: a marked design and exactly the core diagnostics it must draw. */
export interface DiagnosticRow {
  name: string;
  design: string;
  expected: ExpectedDiagnostic[];
}

/** One test per row: for the many tests that only analyze a design and compare its diagnostics. */
export function diagnosticTable(rows: readonly DiagnosticRow[]): void {
  for (const row of rows) test(row.name, () => void expectDiagnostics(analyzeMarked(row.design), row.expected));
}

/** Asserts there is no core diagnostic. */
export function expectClean(a: Analysis, what = ''): void {
  assert.equal(coreDiagnostics(a).length, 0, `expected no diagnostics${what ? ` for ${what}` : ''}:\n${a.text}\n${describeDiagnostics(a)}`);
}

/** The text of a span. */
export function slice(text: string, span: Span): string {
  return text.slice(span.start, span.end);
}

// Shared helpers for the rule tests: inline designs with range markers.
//
// A design is written inline with ⟦ and ⟧ around the range where a finding is
// expected; the markers are stripped before analysis, so offsets are those of
// the clean text:
//
//   fires('quorum-overlap', `… quorum { w: 1  r: ⟦1⟧ } …`, ['users'])
//
// asserts that the rule reports exactly the marked ranges, with its default
// severity, and that each message names the given components.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, Analysis } from '../../src/analyze';
import type { Diagnostic, Fix } from '../../src/diagnostics';
import type { Span } from '../../src/syntax/ast';
import { applyEdits } from '../../src/rules/fixes';
import { ruleById } from '../../src/rules/registry';
import { LANGUAGE_DIAGNOSTICS, RuleConfig } from '../../src/rules/runner';

export const OPEN = '⟦';
export const CLOSE = '⟧';

export interface Marked {
  text: string;
  ranges: Span[];
}

/** Strips ⟦ ⟧ markers, returning the clean text and the marked ranges (in order). */
export function mark(source: string): Marked {
  let text = '';
  const ranges: Span[] = [];
  let open: number | undefined;
  for (const ch of source) {
    if (ch === OPEN) {
      if (open !== undefined) throw new Error('nested ⟦ in a test design');
      open = text.length;
    } else if (ch === CLOSE) {
      if (open === undefined) throw new Error('⟧ without ⟦ in a test design');
      ranges.push({ start: open, end: text.length });
      open = undefined;
    } else text += ch;
  }
  if (open !== undefined) throw new Error('⟦ without ⟧ in a test design');
  return { text, ranges };
}

const LANGUAGE_IDS = new Set<string>(LANGUAGE_DIAGNOSTICS);

/** Diagnostics that belong to the language (syntax, references, schema), not to design rules. */
export function languageDiagnostics(analysis: Analysis): Diagnostic[] {
  return analysis.diagnostics.filter((d) => LANGUAGE_IDS.has(d.rule) || d.rule === 'internal-error');
}

/** "3:14-3:20 `text`", for failure messages. */
export function where(analysis: Analysis, span: Span): string {
  const r = analysis.lines.range(span);
  return `${r.start.line + 1}:${r.start.character + 1}-${r.end.line + 1}:${r.end.character + 1} ${JSON.stringify(analysis.text.slice(span.start, span.end))}`;
}

function describeAll(analysis: Analysis, diags: Diagnostic[]): string {
  return diags.map((d) => `  ${d.rule} (${d.severity}) at ${where(analysis, d.span)}: ${d.message}`).join('\n') || '  (none)';
}

/** Asserts that the design is valid as far as the language goes. */
export function assertNoLanguageErrors(analysis: Analysis, what = 'the design'): void {
  const errors = languageDiagnostics(analysis);
  assert.equal(errors.length, 0, `${what} has language diagnostics:\n${describeAll(analysis, errors)}\n--- text ---\n${analysis.text}`);
}

export function findingsOf(analysis: Analysis, id: string): Diagnostic[] {
  return analysis.diagnostics.filter((d) => d.rule === id);
}

export interface Fired {
  analysis: Analysis;
  findings: Diagnostic[];
}

/**
 * Asserts that rule `id` fires exactly on the marked ranges of `source`, with
 * its default severity (or `config`'s), and that every message names each of
 * `names` as a word.
 */
export function fires(id: string, source: string, names: readonly string[], config?: RuleConfig): Fired {
  const rule = ruleById(id);
  assert.ok(rule, `no rule '${id}'`);
  const { text, ranges } = mark(source);
  assert.ok(ranges.length > 0, 'a firing design needs at least one ⟦range⟧');
  const analysis = analyze(text, config ? { rules: config } : {});
  assertNoLanguageErrors(analysis);
  const findings = findingsOf(analysis, id);
  const got = findings.map((d) => where(analysis, d.span)).sort();
  const want = ranges.map((s) => where(analysis, s)).sort();
  assert.deepEqual(got, want, `${id}: findings at the wrong places.\n${describeAll(analysis, findings)}`);
  const severity = config?.[id] ?? rule.severity;
  for (const d of findings) {
    assert.equal(d.severity, severity, `${id}: severity`);
    for (const name of names) {
      assert.match(d.message, new RegExp(`(^|[^A-Za-z0-9_])${escapeRegExp(name)}($|[^A-Za-z0-9_])`), `${id}: the message should name '${name}': ${d.message}`);
    }
  }
  return { analysis, findings };
}

/** Asserts that the (valid) design draws no finding from rule `id`. */
export function silent(id: string, source: string): Analysis {
  assert.ok(ruleById(id), `no rule '${id}'`);
  const { text, ranges } = mark(source);
  assert.equal(ranges.length, 0, 'a silent design has no ⟦range⟧');
  const analysis = analyze(text);
  assertNoLanguageErrors(analysis);
  const findings = findingsOf(analysis, id);
  assert.equal(findings.length, 0, `${id} should stay silent, but reported:\n${describeAll(analysis, findings)}`);
  return analysis;
}

export function applyFix(text: string, fix: Fix): string {
  return applyEdits(text, fix.edits);
}

/**
 * Applies every quick fix of every finding of `id` (each on its own) and
 * asserts that the result is a valid design without that rule's finding.
 * Returns the fixed texts, by title, in order.
 */
export function fixesWork(id: string, fired: Fired): { title: string; text: string; preferred: boolean }[] {
  const results: { title: string; text: string; preferred: boolean }[] = [];
  for (const finding of fired.findings) {
    assert.ok(finding.fixes && finding.fixes.length > 0, `${id}: expected a quick fix at ${where(fired.analysis, finding.span)}`);
    for (const fix of finding.fixes) {
      const text = applyFix(fired.analysis.text, fix);
      assert.notEqual(text, fired.analysis.text, `${id}: fix '${fix.title}' changes nothing`);
      const after = analyze(text);
      assertNoLanguageErrors(after, `after '${fix.title}'`);
      const left = findingsOf(after, id);
      assert.equal(left.length, 0, `${id} still fires after '${fix.title}':\n${describeAll(after, left)}\n--- text ---\n${text}`);
      results.push({ title: fix.title, text, preferred: fix.preferred === true });
    }
  }
  return results;
}

/** The one finding's only or preferred fix, applied. */
export function fixedText(fired: Fired): string {
  assert.equal(fired.findings.length, 1);
  const fixes = fired.findings[0].fixes ?? [];
  const fix = fixes.find((f) => f.preferred) ?? fixes[0];
  assert.ok(fix, 'expected a quick fix');
  return applyFix(fired.analysis.text, fix);
}

/**
 * One row of a rule table: a design and what rule `id` makes of it. With
 * `names` the rule fires on the ⟦marked⟧ ranges and each message names them
 * (see fires); without, it stays silent. `fixed: true` asks that every quick
 * fix leaves a valid design without the finding (fixesWork); a RegExp asks
 * that too, and that the preferred fix's text matches it.
 */
export interface RuleRow {
  name: string;
  design: string;
  names?: readonly string[];
  fixed?: true | RegExp;
}

/** One test per row, all of rule `id`: the shape that many near-identical rule tests share. */
export function ruleTable(id: string, rows: readonly RuleRow[]): void {
  for (const row of rows) {
    test(row.name, () => {
      if (!row.names) {
        assert.equal(row.fixed, undefined, `${row.name}: a silent row has no fix to check`);
        silent(id, row.design);
        return;
      }
      const fired = fires(id, row.design, row.names);
      if (row.fixed === undefined) return;
      fixesWork(id, fired);
      if (row.fixed instanceof RegExp) assert.match(fixedText(fired), row.fixed);
    });
  }
}

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}


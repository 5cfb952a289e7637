// Runs every registered rule over every system, applying the configured
// severities (`sysdesign.rules`, sysdesign.json) and the suppression comments
// `// sysdesign-disable-next-line ID` and `// sysdesign-disable ID`.
// A rule that throws becomes one internal diagnostic; the others still run.
import type { Comment, FileAst, Span } from '../syntax/ast';
import type { Diagnostic, Severity } from '../diagnostics';
import { LineIndex, suggestion } from '../diagnostics';
import { partitionPoint } from '../sorted';
import type { SystemModel } from '../model/types';
import { computeFacts } from './facts';
import { FixBuilder } from './fixes';
import { RULES, ruleById } from './registry';
import type { Finding, Rule } from './types';
import { pushAll } from '../arrays';

export type RuleSetting = Severity | 'off';
export type RuleConfig = Record<string, RuleSetting>;

/** Ids that belong to the language itself: always errors, never configurable. */
export const LANGUAGE_DIAGNOSTICS = [
  'syntax', 'unknown-reference', 'duplicate-name', 'unknown-property', 'unknown-kind', 'invalid-nesting',
  'invalid-value', 'missing-property', 'invalid-connection',
] as const;

const SETTINGS: readonly RuleSetting[] = ['error', 'warning', 'info', 'off'];

export interface ConfigProblem {
  key: string;
  message: string;
}

/** Checks a `{ "<id>": severity }` map from settings or sysdesign.json. */
export function validateRuleConfig(raw: unknown): { config: RuleConfig; problems: ConfigProblem[] } {
  const config: RuleConfig = {};
  const problems: ConfigProblem[] = [];
  if (raw === undefined || raw === null) return { config, problems };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    return { config, problems: [{ key: '', message: 'Rule settings must be an object such as { "no-backup": "off" }.' }] };
  }
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    const problem = unknownRuleMessage(key);
    if (problem) problems.push({ key, message: problem });
    else if (typeof value !== 'string' || !SETTINGS.includes(value as RuleSetting)) {
      problems.push({ key, message: `Rule '${key}' is set to ${JSON.stringify(value)}; use "error", "warning", "info" or "off".` });
    } else config[key] = value as RuleSetting;
  }
  return { config, problems };
}

/** Undefined when `id` is a configurable rule; otherwise why it is not. */
export function unknownRuleMessage(id: string): string | undefined {
  if (ruleById(id)) return undefined;
  if ((LANGUAGE_DIAGNOSTICS as readonly string[]).includes(id)) return `'${id}' is a language error, not a design rule; it cannot be configured or disabled.`;
  const ids = RULES.map((r) => r.id);
  // A typo, else a partial id (`backup` for `no-backup`).
  const hint = suggestion(id, ids) || ((near) => (near ? ` Did you mean '${near}'?` : ''))(ids.find((r) => r.includes(id) || id.includes(r)));
  return `Unknown rule '${id}'.${hint} See docs/rules for the list.`;
}

interface Suppressions {
  fileWide: Set<string>;
  fileWideAll: boolean;
  /** Line number (0-based) -> rule ids disabled on it ('*' = all). */
  nextLine: Map<number, Set<string>>;
}

const DIRECTIVE = /^\/\/\s*sysdesign-(disable-next-line|disable)\b(.*)$/;

function readSuppressions(comments: Comment[], lines: LineIndex, report: (d: Diagnostic) => void): Suppressions {
  const result: Suppressions = { fileWide: new Set(), fileWideAll: false, nextLine: new Map() };
  for (const comment of comments) {
    if (comment.block) continue;
    const m = DIRECTIVE.exec(comment.text);
    if (!m) continue;
    const idsStart = comment.span.start + comment.text.length - m[2].length;
    const ids: { id: string; span: Span }[] = [];
    const idPattern = /[A-Za-z0-9_-]+/g;
    // Text after ` -- ` is an explanation, as in ESLint.
    const listed = m[2].split(/\s--\s/)[0];
    for (let found = idPattern.exec(listed); found; found = idPattern.exec(listed)) {
      ids.push({ id: found[0], span: { start: idsStart + found.index, end: idsStart + found.index + found[0].length } });
    }
    const valid = new Set<string>();
    for (const { id, span } of ids) {
      const problem = unknownRuleMessage(id);
      if (problem) report({ rule: 'unknown-rule', severity: 'warning', message: problem, span });
      else valid.add(id);
    }
    if (m[1] === 'disable') {
      if (ids.length === 0) result.fileWideAll = true;
      for (const id of valid) result.fileWide.add(id);
    } else {
      const line = lines.position(comment.span.start).line + 1;
      const set = result.nextLine.get(line) ?? new Set<string>();
      if (ids.length === 0) set.add('*');
      for (const id of valid) set.add(id);
      result.nextLine.set(line, set);
    }
  }
  return result;
}

function suppressed(s: Suppressions, rule: string, line: number): boolean {
  if (s.fileWideAll || s.fileWide.has(rule)) return true;
  const set = s.nextLine.get(line);
  return !!set && (set.has('*') || set.has(rule));
}

export interface RuleInput {
  text: string;
  ast: FileAst;
  lines: LineIndex;
  systems: SystemModel[];
  /** Syntax errors and invalid values: the rules stay silent in the components and connections that hold them. */
  languageErrors?: readonly Diagnostic[];
}

/**
 * The components and connections that hold a syntax error or an invalid
 * value. What the rules would say about them rests on a value the design
 * does not have (an invalid value counts as absent, not as its default) or
 * on a statement that did not parse as written, so findings located there
 * would only repeat the error in other words: `instances = 2` is not a
 * single point of failure. Regions and groups are boxes around other parts
 * and are not blamed whole.
 */
function brokenParts(systems: readonly SystemModel[], errors: readonly Diagnostic[] | undefined): Span[] {
  if (!errors?.length) return [];
  const starts = errors.map((e) => e.span.start).sort((a, b) => a - b);
  const holdsError = (span: Span) => {
    const i = partitionPoint(starts.length, (k) => starts[k] < span.start);
    return i < starts.length && starts[i] < span.end;
  };
  const parts: Span[] = [];
  for (const system of systems) {
    for (const c of system.components.values()) if (c.kind !== 'region' && c.kind !== 'group' && holdsError(c.span)) parts.push(c.span);
    for (const e of system.edges) if (holdsError(e.span)) parts.push(e.span);
  }
  // Components (regions and groups aside) and connection statements do not overlap: sorted, one search finds the part.
  return parts.sort((a, b) => a.start - b.start);
}

function inPart(parts: readonly Span[], span: Span): boolean {
  const i = partitionPoint(parts.length, (k) => parts[k].start <= span.start) - 1;
  return i >= 0 && span.end <= parts[i].end;
}

export function runRules(input: RuleInput, config: RuleConfig = {}, rules: readonly Rule[] = RULES): Diagnostic[] {
  const fix = new FixBuilder(input.text);
  const found: Diagnostic[] = [];
  for (const system of input.systems) pushAll(found, checkSystem(system, input.text, fix, config, rules));
  return applySuppressions(found, input);
}

/**
 * Every enabled rule's findings on one system, at their configured severity
 * and before suppression comments apply. They depend only on the system and
 * the text inside it, so an edit elsewhere may keep them (analyze.ts).
 */
export function checkSystem(system: SystemModel, text: string, fix: FixBuilder, config: RuleConfig = {}, rules: readonly Rule[] = RULES): Diagnostic[] {
  const out: Diagnostic[] = [];
  const facts = computeFacts(system);
  for (const rule of rules) {
    const setting = config[rule.id] ?? rule.severity;
    if (setting === 'off') continue;
    const report = (finding: Finding) => {
      out.push({ rule: rule.id, severity: setting, message: finding.message, span: finding.span, related: finding.related, fixes: finding.fixes });
    };
    try {
      rule.check({ system, text, facts, fix, report });
    } catch (err) {
      const detail = err instanceof Error ? err.message : String(err);
      out.push({ rule: 'internal-error', severity: 'error', message: `Internal error in rule '${rule.id}': ${detail}. The other rules still ran; please report this with the design.`, span: system.nameSpan });
    }
  }
  return out;
}

/**
 * The findings that no `sysdesign-disable` comment silences and that do not
 * lie in a part holding a language error, and a warning for each unknown id
 * such a comment names. Lines move with every edit, so this runs on every
 * analysis.
 */
export function applySuppressions(found: readonly Diagnostic[], input: Omit<RuleInput, 'text'>): Diagnostic[] {
  const out: Diagnostic[] = [];
  const suppressions = readSuppressions(input.ast.comments, input.lines, (d) => out.push(d));
  const broken = brokenParts(input.systems, input.languageErrors);
  for (const d of found) {
    if (d.rule === 'internal-error') out.push(d);
    else if (!suppressed(suppressions, d.rule, input.lines.position(d.span.start).line) && !inPart(broken, d.span)) out.push(d);
  }
  return out;
}

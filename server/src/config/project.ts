// sysdesign.json: project-wide rule settings, read by the CLI and the
// language server alike. The nearest file up from a design applies:
//
//   { "rules": { "no-backup": "off", "near-capacity": "error" } }
//
// Problems (bad JSON, unknown rule ids, bad severities) carry the position of
// the offending text so the editor can underline it in sysdesign.json itself.
import * as fs from 'fs';
import * as path from 'path';
import { Diagnostic, LineIndex } from '../diagnostics';
import { RuleConfig, validateRuleConfig } from '../rules/runner';

export const PROJECT_FILE = 'sysdesign.json';

export interface ProjectConfig {
  /** Absolute path of the file, when one was found. */
  file?: string;
  text?: string;
  rules: RuleConfig;
  /** In the file's own offsets; rule id `unknown-rule` or `invalid-config`. */
  problems: Diagnostic[];
}

/** Nearest sysdesign.json in `dir` or above it. */
export function findProjectFile(dir: string): string | undefined {
  let current = path.resolve(dir);
  for (;;) {
    const candidate = path.join(current, PROJECT_FILE);
    if (fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}

/** Span of `"key"` as a property name in JSON text, for underlining. */
function keySpan(text: string, key: string): { start: number; end: number } {
  const quoted = JSON.stringify(key);
  const at = text.indexOf(quoted);
  return at >= 0 ? { start: at, end: at + quoted.length } : { start: 0, end: 0 };
}

export function parseProjectConfig(text: string, file?: string): ProjectConfig {
  const problems: Diagnostic[] = [];
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    const at = /position (\d+)/.exec(detail);
    const offset = at ? Number(at[1]) : 0;
    problems.push({ rule: 'invalid-config', severity: 'error', message: `${PROJECT_FILE} is not valid JSON: ${detail}`, span: { start: offset, end: Math.min(text.length, offset + 1) } });
    return { file, text, rules: {}, problems };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    problems.push({ rule: 'invalid-config', severity: 'error', message: `${PROJECT_FILE} must hold an object such as { "rules": { "no-backup": "off" } }.`, span: { start: 0, end: Math.min(1, text.length) } });
    return { file, text, rules: {}, problems };
  }
  const object = raw as Record<string, unknown>;
  for (const key of Object.keys(object)) {
    if (key !== 'rules' && key !== '$schema') {
      problems.push({ rule: 'invalid-config', severity: 'warning', message: `Unknown setting '${key}' in ${PROJECT_FILE}; it holds "rules".`, span: keySpan(text, key) });
    }
  }
  const { config, problems: ruleProblems } = validateRuleConfig(object.rules);
  for (const p of ruleProblems) {
    problems.push({ rule: 'unknown-rule', severity: 'warning', message: p.message, span: p.key ? keySpan(text, p.key) : keySpan(text, 'rules') });
  }
  return { file, text, rules: config, problems };
}

const cache = new Map<string, { mtimeMs: number; config: ProjectConfig }>();

/** The settings that apply to a design file (or to files in a folder). */
export function loadProjectConfig(designPathOrDir: string, isDir = false): ProjectConfig {
  const file = findProjectFile(isDir ? designPathOrDir : path.dirname(designPathOrDir));
  if (!file) return { rules: {}, problems: [] };
  try {
    const stat = fs.statSync(file);
    const cached = cache.get(file);
    if (cached && cached.mtimeMs === stat.mtimeMs) return cached.config;
    const config = parseProjectConfig(fs.readFileSync(file, 'utf8'), file);
    cache.set(file, { mtimeMs: stat.mtimeMs, config });
    return config;
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    return { file, rules: {}, problems: [{ rule: 'invalid-config', severity: 'error', message: `Cannot read ${PROJECT_FILE}: ${detail}`, span: { start: 0, end: 0 } }] };
  }
}

/** Forget cached files (after a change on disk). */
export function clearProjectConfigCache(): void {
  cache.clear();
}

/** `file:line:col` for a problem, for CLI output. */
export function describeProblem(config: ProjectConfig, problem: Diagnostic, displayPath: string): string {
  const position = new LineIndex(config.text ?? '').position(problem.span.start);
  return `${displayPath}:${position.line + 1}:${position.character + 1}  ${problem.severity}  ${problem.message}  [${problem.rule}]`;
}

// The sample designs.
//
// samples/review/*.sysdesign each show one design problem. The comment block
// at the top of each file lists the findings it must produce, one per line:
//
//   // expect: queue-multiple-consumer-types @ 14
//
// (rule id, then the 1-based line where the diagnostic starts). The file must
// produce exactly those findings: no more, no fewer, language errors included.
//
// samples/*.sysdesign (the showcase designs) must stay free of errors and
// warnings; info findings are allowed. The files are read at test time, so
// new samples are covered without editing this test.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze, Analysis } from '../../src/analyze';
import { RULES } from '../../src/rules/registry';
import type { Diagnostic } from '../../src/diagnostics';
import { applyEdits } from '../../src/rules/fixes';
import { findingsOf } from './helpers';
import { repoRoot } from '../helpers/repo';

const ROOT = repoRoot;
const SAMPLES = path.join(ROOT, 'samples');
const REVIEW = path.join(SAMPLES, 'review');

function designs(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.sysdesign')).sort() : [];
}

interface Expectation {
  rule: string;
  line: number;
}

const EXPECT = /^\/\/\s*expect:\s*([a-z][a-z0-9-]*)\s*@\s*(\d+)\s*$/;

/** The `// expect: RULE @ LINE` lines of the leading comment block. */
function expectations(text: string): Expectation[] {
  const out: Expectation[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '') continue;
    if (!line.startsWith('//')) break;
    const m = EXPECT.exec(line);
    if (m) out.push({ rule: m[1], line: Number(m[2]) });
    else if (/^\/\/\s*expect\b/.test(line)) throw new Error(`malformed expectation: ${line}`);
  }
  return out;
}

function key(rule: string, line: number): string {
  return `${rule} @ ${line}`;
}

function found(analysis: Analysis, d: Diagnostic): string {
  return key(d.rule, analysis.lines.position(d.span.start).line + 1);
}

function listing(analysis: Analysis, diags: Diagnostic[]): string {
  return diags.map((d) => `  ${found(analysis, d)} (${d.severity}): ${d.message}`).join('\n') || '  (none)';
}

describe('samples/review', () => {
  const files = designs(REVIEW);

  test('there are at least 10 review samples covering all four rule categories', () => {
    assert.ok(files.length >= 10, `only ${files.length} review samples`);
    const categories = new Set<string>();
    for (const file of files) {
      for (const e of expectations(fs.readFileSync(path.join(REVIEW, file), 'utf8'))) {
        const rule = RULES.find((r) => r.id === e.rule);
        if (rule) categories.add(rule.category);
      }
    }
    for (const c of ['Consistency and CAP', 'Data placement and sharding', 'Messaging', 'Availability and scaling']) {
      assert.ok(categories.has(c), `no review sample for ${c}`);
    }
  });

  for (const file of files) {
    test(file, () => {
      const text = fs.readFileSync(path.join(REVIEW, file), 'utf8');
      const expected = expectations(text);
      assert.ok(expected.length > 0, `${file} lists no // expect: lines`);
      for (const e of expected) assert.ok(RULES.some((r) => r.id === e.rule), `${file}: '${e.rule}' is not a rule id`);
      const analysis = analyze(text);
      const got = analysis.diagnostics.map((d) => found(analysis, d)).sort();
      assert.deepEqual(got, expected.map((e) => key(e.rule, e.line)).sort(), `${file}: findings differ from its // expect: lines.\nFound:\n${listing(analysis, analysis.diagnostics)}`);
    });
  }
});

describe('samples/review quick fixes', () => {
  // On a realistic design a fix must remove its finding and bring no new ones.
  for (const file of designs(REVIEW)) {
    const text = fs.readFileSync(path.join(REVIEW, file), 'utf8');
    const analysis = analyze(text);
    const fixable = analysis.diagnostics.filter((d) => d.fixes?.length);
    if (fixable.length === 0) continue;
    test(file, () => {
      for (const d of fixable) {
        for (const fix of d.fixes!) {
          const after = analyze(applyEdits(text, fix.edits));
          const rest = (a: Analysis) => a.diagnostics.filter((x) => x.rule !== d.rule).map((x) => x.rule).sort();
          assert.deepEqual(rest(after), rest(analysis), `${file}: '${fix.title}' changed other findings:\n${listing(after, after.diagnostics)}`);
          assert.deepEqual(findingsOf(after, d.rule).length, findingsOf(analysis, d.rule).length - 1, `${file}: '${fix.title}' did not remove its finding`);
        }
      }
    });
  }
});

describe('samples', () => {
  for (const file of designs(SAMPLES)) {
    test(`${file} has no errors or warnings`, () => {
      const analysis = analyze(fs.readFileSync(path.join(SAMPLES, file), 'utf8'));
      const serious = analysis.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning');
      assert.equal(serious.length, 0, `${file}:\n${listing(analysis, serious)}`);
    });
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { generatedDocs } from '../../src/reference/generate';
import { RULES } from '../../src/rules/registry';
import { LANGUAGE_DIAGNOSTICS } from '../../src/rules/runner';
import { LANGUAGE_DIAGNOSTIC_DOCS } from '../../src/rules/language-diagnostics';
import { packageRoot, ruleDocPath } from '../../src/docs';
import { analyze } from '../../src/analyze';

test('the committed docs are what the generator writes (run `npm run docs` after changing a rule or the schema)', () => {
  for (const [file, content] of generatedDocs()) {
    const onDisk = path.join(packageRoot(), file);
    assert.ok(fs.existsSync(onDisk), `${file} is missing`);
    assert.equal(fs.readFileSync(onDisk, 'utf8'), content, `${file} is stale`);
  }
});

test('every diagnostic id that can be reported has a documentation page', () => {
  const ids = [...RULES.map((r) => r.id), ...LANGUAGE_DIAGNOSTICS, 'unknown-rule', 'internal-error'];
  for (const id of ids) assert.ok(fs.existsSync(ruleDocPath(id)), `no page for ${id}`);
  for (const id of LANGUAGE_DIAGNOSTICS) assert.ok(LANGUAGE_DIAGNOSTIC_DOCS.some((d) => d.id === id), `no docs entry for ${id}`);
});

test('each language diagnostic example fires its id, and its fixed version has no errors or warnings', () => {
  for (const doc of LANGUAGE_DIAGNOSTIC_DOCS) {
    if (!doc.docs.fires) continue;
    assert.ok(analyze(doc.docs.fires).diagnostics.some((d) => d.rule === doc.id), `${doc.id} example does not fire`);
    const left = analyze(doc.docs.fixed).diagnostics.filter((d) => d.severity !== 'info');
    assert.deepEqual(left.map((d) => `${d.rule}: ${d.message}`), [], `${doc.id} fixed example is not clean`);
  }
});

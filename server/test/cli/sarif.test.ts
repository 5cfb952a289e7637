import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as fs from 'fs';
import * as path from 'path';
import Ajv2020 from 'ajv/dist/2020';
import type * as sarif from 'sarif';
import { ruleDocUrl } from '../../src/docs';
import { repoRoot } from '../helpers/repo';
import { fixturePath, removeTree, runCli, tempTree, WITH_ERROR, WITH_WARNING, CLEAN } from './helpers';

let cached: ReturnType<Ajv2020['compile']> | undefined;

function sarifValidator() {
  if (cached) return cached;
  // The official SARIF 2.1.0 schema (JSON Schema 2020-12), see server/test/fixtures/README.md.
  const schema = JSON.parse(fs.readFileSync(fixturePath('sarif-2.1.0.schema.json'), 'utf8')) as Record<string, unknown>;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  // ajv-formats is not a dependency: check the formats the schema uses with simple rules.
  ajv.addFormat('uri', (s: string) => /^[A-Za-z][A-Za-z0-9+.-]*:/.test(s));
  ajv.addFormat('uri-reference', (s: string) => !/\s/.test(s));
  ajv.addFormat('date-time', (s: string) => !Number.isNaN(Date.parse(s)));
  cached = ajv.compile(schema);
  return cached;
}

describe('sysdesign check --format sarif', () => {
  let root: string;
  before(() => {
    root = tempTree({
      'src/error.sysdesign': WITH_ERROR,
      'src/warning.sysdesign': WITH_WARNING,
      'src/clean.sysdesign': CLEAN,
      'src/with space.sysdesign': 'system s {\n  service a { instances: 2\n',
    });
  });
  after(() => removeTree(root));

  it('validates against the SARIF 2.1.0 schema', async () => {
    const r = await runCli(['check', '--format', 'sarif', 'src'], { cwd: root });
    assert.equal(r.code, 1);
    const log = JSON.parse(r.stdout) as unknown;
    const validate = sarifValidator();
    const valid = validate(log);
    assert.ok(valid, JSON.stringify(validate.errors, null, 2));
    // The validator is not vacuous: a driver without a name, or a 0 line, is rejected.
    assert.equal(validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] }), false);
    const broken = JSON.parse(r.stdout) as sarif.Log;
    broken.runs[0].results![0].locations![0].physicalLocation!.region!.startLine = 0;
    assert.equal(validate(broken), false);
  });

  it('has one run, one rule per rule id, and results pointing at them', async () => {
    const r = await runCli(['check', '--format', 'sarif', 'src'], { cwd: root });
    const log = JSON.parse(r.stdout) as sarif.Log;
    assert.equal(log.version, '2.1.0');
    assert.match(log.$schema ?? '', /sarif-2\.1\.0/);
    assert.equal(log.runs.length, 1);
    const run = log.runs[0];
    assert.equal(run.tool.driver.name, 'sysdesign');
    assert.match(run.tool.driver.version ?? '', /^\d+\.\d+\.\d+/);
    const rules = run.tool.driver.rules ?? [];
    const ids = rules.map((rule) => rule.id);
    assert.deepEqual(ids, [...new Set(ids)].sort(), 'one entry per rule id, sorted');
    assert.deepEqual(ids, ['invalid-value', 'syntax', 'unknown-property']);
    for (const rule of rules) {
      assert.ok(rule.shortDescription?.text, rule.id);
      assert.equal(rule.helpUri, ruleDocUrl(rule.id));
      assert.match(rule.helpUri!, /^https:\/\/github\.com\/sysdesign\/sysdesign\/blob\/main\/docs\/rules\/[a-z-]+\.md$/);
      if (fs.existsSync(path.join(repoRoot, 'docs', 'rules', `${rule.id}.md`))) {
        assert.ok(rule.help?.text && rule.help.markdown, `help from docs/rules/${rule.id}.md`);
      }
    }
    const results = run.results ?? [];
    const byRule = new Map(results.map((res) => [res.ruleId, res]));
    for (const res of results) assert.equal(ids[res.ruleIndex!], res.ruleId);

    const unknown = byRule.get('unknown-property')!;
    assert.equal(unknown.level, 'error');
    assert.match(unknown.message.text ?? '', /instancs/);
    assert.deepEqual(unknown.locations?.[0].physicalLocation, {
      artifactLocation: { uri: 'src/error.sysdesign', uriBaseId: '%SRCROOT%' },
      region: { startLine: 2, startColumn: 17, endLine: 2, endColumn: 25 },
    });
    assert.equal(byRule.get('invalid-value')!.level, 'warning');

    const syntax = byRule.get('syntax')!;
    assert.equal(syntax.locations?.[0].physicalLocation?.artifactLocation?.uri, 'src/with%20space.sysdesign');
    assert.ok((syntax.relatedLocations ?? []).length > 0, 'related information becomes relatedLocations');
    assert.equal(syntax.relatedLocations![0].physicalLocation?.region?.startLine, 1);

    const base = run.originalUriBaseIds?.['%SRCROOT%']?.uri ?? '';
    assert.ok(base.startsWith('file://') && base.endsWith('/'));
    assert.equal(run.invocations?.[0].executionSuccessful, true);
  });

  it('reports unreadable inputs as notifications and exits 2', async () => {
    const r = await runCli(['check', '--format', 'sarif', 'src/clean.sysdesign', 'nope.sysdesign'], { cwd: root });
    assert.equal(r.code, 2);
    const log = JSON.parse(r.stdout) as sarif.Log;
    assert.ok(sarifValidator()(log));
    const invocation = log.runs[0].invocations![0];
    assert.equal(invocation.executionSuccessful, false);
    assert.match(invocation.toolExecutionNotifications![0].message.text ?? '', /nope\.sysdesign/);
    assert.deepEqual(log.runs[0].results, []);
  });
});

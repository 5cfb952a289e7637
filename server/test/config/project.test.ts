import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { findProjectFile, loadProjectConfig, parseProjectConfig } from '../../src/config/project';
import { main } from '../../src/cli';

function tempProject(config: string | undefined, designs: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sysdesign-config-'));
  if (config !== undefined) fs.writeFileSync(path.join(dir, 'sysdesign.json'), config);
  for (const [name, text] of Object.entries(designs)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const NO_BACKUP = 'system notes {\n  database notes: postgres\n}\n';

test('valid rules are read; unknown ids, language ids and bad values are reported at their key', () => {
  const text = '{ "rules": { "no-backup": "error", "no-bakup": "off", "syntax": "off", "sync-cycle": "loud" } }';
  const config = parseProjectConfig(text);
  assert.deepEqual(config.rules, { 'no-backup': 'error' });
  const byKey = (k: string) => config.problems.find((p) => text.slice(p.span.start, p.span.end) === JSON.stringify(k));
  assert.equal(byKey('no-bakup')?.rule, 'unknown-rule');
  assert.match(byKey('no-bakup')!.message, /Did you mean 'no-backup'/);
  assert.match(byKey('syntax')!.message, /language error/);
  assert.match(byKey('sync-cycle')!.message, /"error", "warning", "info" or "off"/);
});

test('broken JSON and unknown top-level settings are reported', () => {
  const broken = parseProjectConfig('{ "rules": ');
  assert.equal(broken.problems[0].rule, 'invalid-config');
  assert.equal(broken.problems[0].severity, 'error');
  const extra = parseProjectConfig('{ "rules": {}, "colour": "blue" }');
  assert.equal(extra.problems[0].rule, 'invalid-config');
  assert.match(extra.problems[0].message, /colour/);
  assert.deepEqual(parseProjectConfig('{}').problems, []);
});

test('the nearest sysdesign.json up from a design applies', () => {
  const dir = tempProject('{ "rules": { "no-backup": "off" } }', { 'a/b/design.sysdesign': NO_BACKUP });
  const design = path.join(dir, 'a/b/design.sysdesign');
  assert.equal(findProjectFile(path.dirname(design)), path.join(dir, 'sysdesign.json'));
  assert.deepEqual(loadProjectConfig(design).rules, { 'no-backup': 'off' });
  fs.writeFileSync(path.join(dir, 'a/sysdesign.json'), '{ "rules": { "no-backup": "info" } }');
  assert.deepEqual(loadProjectConfig(design).rules, { 'no-backup': 'info' });
});

function run(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  return main(['node', 'sysdesign', ...args], { cwd, stdout: (s: string) => (out += s), stderr: (s: string) => (err += s), isTTY: false, env: {} })
    .then((code) => ({ code, out, err }));
}

test('check applies sysdesign.json: a warning made an error fails the run, off silences it', async () => {
  const asError = tempProject('{ "rules": { "no-backup": "error" } }', { 'n.sysdesign': NO_BACKUP });
  const strict = await run(['check', '--format', 'json', '.'], asError);
  assert.equal(strict.code, 1);
  const [file] = JSON.parse(strict.out);
  assert.equal(file.diagnostics[0].rule, 'no-backup');
  assert.equal(file.diagnostics[0].severity, 'error');

  const off = tempProject('{ "rules": { "no-backup": "off" } }', { 'n.sysdesign': NO_BACKUP });
  const quiet = await run(['check', '--format', 'json', '.'], off);
  assert.equal(quiet.code, 0);
  assert.deepEqual(JSON.parse(quiet.out)[0].diagnostics, []);

  const defaults = tempProject(undefined, { 'n.sysdesign': NO_BACKUP });
  const plain = await run(['check', '--format', 'json', '.'], defaults);
  assert.equal(JSON.parse(plain.out)[0].diagnostics[0].severity, 'warning');
});

test('check reports problems in sysdesign.json on stderr; broken JSON is bad input (exit 2)', async () => {
  const unknown = tempProject('{ "rules": { "no-bakup": "off" } }', { 'n.sysdesign': NO_BACKUP });
  const warned = await run(['check', '.'], unknown);
  assert.match(warned.err, /sysdesign\.json:1:\d+ +warning +Unknown rule 'no-bakup'.*\[unknown-rule\]/);
  assert.equal(warned.code, 0);

  const broken = tempProject('{ "rules": ', { 'n.sysdesign': NO_BACKUP });
  const failed = await run(['check', '.'], broken);
  assert.equal(failed.code, 2);
  assert.match(failed.err, /not valid JSON/);
});

test('the rules added by the second design review are configurable in sysdesign.json like the others', async () => {
  const { RULES } = await import('../../src/rules/registry');
  const added = ['health-check-disabled', 'forward-proxy-inbound', 'geo-shard-hotspot', 'write-back-critical-data', 'unindexed-query', 'database-exposed', 'gateway-bypass', 'unauthenticated-entry', 'plaintext-sensitive-data'];
  for (const id of added) {
    const rule = RULES.find((r) => r.id === id)!;
    assert.ok(rule, `no rule ${id}`);
    const settings = `{ "rules": { "${id}": "error" } }`;
    assert.deepEqual(parseProjectConfig(settings).rules, { [id]: 'error' });
    // Each rule's own docs example, checked with the rule raised to error, then turned off.
    const raised = await run(['check', '--format', 'json', '.'], tempProject(settings, { 'd.sysdesign': rule.docs.fires }));
    const [file] = JSON.parse(raised.out);
    const own = file.diagnostics.filter((d: { rule: string }) => d.rule === id);
    assert.ok(own.length > 0, `${id} did not fire on its docs example`);
    for (const d of own) assert.equal(d.severity, 'error', id);
    assert.equal(raised.code, 1, id);
    const off = await run(['check', '--format', 'json', '.'], tempProject(`{ "rules": { "${id}": "off" } }`, { 'd.sysdesign': rule.docs.fires }));
    assert.deepEqual(JSON.parse(off.out)[0].diagnostics.filter((d: { rule: string }) => d.rule === id), [], id);
  }
});

// Generated big designs end in an answer, never an internal error: 150k
// findings (once a stack overflow in analyze's push(...spread)) through
// `check` and the language server, and a 32k fan-out (sync-cycle was
// quadratic in it). No timing assertions: speed is the growth benchmark's job.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../cli/helpers';
import { LspClient } from '../lsp/harness';

const FINDINGS = 150_000;

/** One database per line, each without backup or replica: one `no-backup` finding apiece. */
function manyFindings(n: number): string {
  const lines = ['system s {'];
  for (let i = 0; i < n; i++) lines.push(`  database d${i}`);
  return [...lines, '}', ''].join('\n');
}

/** One client calling `n` services. */
function fanout(n: number): string {
  const lines = ['system s {', '  client users { rate: 10/s }'];
  for (let i = 0; i < n; i++) lines.push(`  service s${i} { instances: 2 }`);
  for (let i = 0; i < n; i++) lines.push(`  users -> s${i}`);
  return [...lines, '}', ''].join('\n');
}

describe('big designs', () => {
  let dir: string;
  before(() => void (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sysdesign-big-'))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test(`check reports ${FINDINGS} findings`, async () => {
    const file = path.join(dir, 'findings.sysdesign');
    fs.writeFileSync(file, manyFindings(FINDINGS));
    const result = await runCli(['check', file, '--format', 'json'], { cwd: dir });
    assert.equal(result.code, 0, result.stderr); // warnings only
    const diagnostics = JSON.parse(result.stdout)[0].diagnostics as { rule: string }[];
    assert.equal(diagnostics.filter((d) => d.rule === 'no-backup').length, FINDINGS);
    assert.ok(!diagnostics.some((d) => d.rule === 'internal-error'));
  });

  test(`the server publishes ${FINDINGS} findings`, async () => {
    const client = new LspClient();
    await client.initialize();
    try {
      const diagnostics = await client.open('file:///w/big/findings.sysdesign', manyFindings(FINDINGS));
      assert.equal(diagnostics.filter((d) => d.code === 'no-backup').length, FINDINGS);
      assert.ok(!diagnostics.some((d) => d.code === 'internal-error'));
    } finally {
      await client.shutdown();
    }
  });

  test('a 32k fan-out checks clean', async () => {
    const file = path.join(dir, 'fanout.sysdesign');
    fs.writeFileSync(file, fanout(32_000));
    const result = await runCli(['check', file], { cwd: dir });
    assert.equal(result.code, 0, result.stderr);
    assert.doesNotMatch(result.stdout + result.stderr, /internal/i);
  });
});

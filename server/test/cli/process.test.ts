// The real entry points, in a child process: `cli` (tsx or compiled) and, in
// the compiled layout, bin/sysdesign.js.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { isCompiledLayout, removeTree, spawnCli, tempTree, WITH_ERROR, CLEAN } from './helpers';
import { repoRoot } from '../helpers/repo';
import { needsTool, requireTool } from '../helpers/tools';

describe('the sysdesign process', () => {
  let root: string;
  before(() => {
    root = tempTree({ 'a.sysdesign': CLEAN, 'b.sysdesign': WITH_ERROR });
  });
  after(() => removeTree(root));

  it('sets the exit status from main()', () => {
    const failing = spawnCli(['check', 'b.sysdesign'], root);
    assert.equal(failing.code, 1);
    assert.match(failing.stdout, /b\.sysdesign:2:17 {2}error/);
    assert.equal(spawnCli(['check', '--nope'], root).code, 2);
  });

  it('does not load the LSP libraries for other commands', () => {
    const entry = isCompiledLayout ? path.resolve(__dirname, '../../src/cli.js') : path.resolve(__dirname, '../../src/cli.ts');
    const script = `
      const { main } = require(${JSON.stringify(entry)});
      main(['node', 'sysdesign', 'check', 'a.sysdesign'], { stdout() {}, stderr() {} }).then((code) => {
        const loaded = Object.keys(require.cache).filter((k) => /vscode-languageserver|[\\\\/]lsp[\\\\/]/.test(k));
        process.stdout.write(JSON.stringify({ code, loaded }));
      });`;
    const args = isCompiledLayout ? ['-e', script] : ['--import', pathToFileURL(require.resolve('tsx')).href, '-e', script];
    const child = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
    const result = JSON.parse(child.stdout) as { code: number; loaded: string[] };
    assert.equal(result.code, 0, child.stderr);
    assert.deepEqual(result.loaded, []);
  });

  it('stops writing quietly when the reader of its output goes away (`| head`)', () => {
    const entry = isCompiledLayout ? [path.resolve(__dirname, '../../src/cli.js')] : ['--import', pathToFileURL(require.resolve('tsx')).href, path.resolve(__dirname, '../../src/cli.ts')];
    const design = path.join(repoRoot, 'samples', 'online-shop.sysdesign');
    // JSON of a simulation is far more than a pipe holds, so the writer meets a closed pipe.
    const command = [process.execPath, ...entry, 'simulate', design, '--duration', '5s', '--format', 'json'].map((a) => `'${a}'`).join(' ');
    const child = spawnSync('bash', ['-c', `set -o pipefail; ${command} | head -c 20; echo; echo "status \${PIPESTATUS[0]}" >&2`], { cwd: root, encoding: 'utf8' });
    assert.match(child.stdout, /^\{/);
    assert.doesNotMatch(child.stderr, /EPIPE|Unhandled/, child.stderr);
    assert.match(child.stderr, /status 0/);
  });

  it('bin/sysdesign.js runs the built CLI', needsTool(isCompiledLayout, 'needs the compiled layout (npm test builds it)'), () => {
    requireTool(isCompiledLayout, 'needs the compiled layout (npm test builds it)');
    const bin = path.join(repoRoot, 'bin', 'sysdesign.js');
    assert.ok(fs.readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node\n'));
    const child = spawnSync(process.execPath, [bin, 'check', 'b.sysdesign'], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    assert.equal(child.status, 1, child.stderr);
    assert.match(child.stdout, /\[unknown-property\]/);
  });
});

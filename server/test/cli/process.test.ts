// The real entry points, in a child process: `cli` (tsx or compiled) and, in
// the compiled layout, bin/sysdesign.js.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { isCompiledLayout, removeTree, repoRoot, spawnCli, tempTree, WITH_ERROR, CLEAN } from './helpers';

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

  it('bin/sysdesign.js runs the built CLI', { skip: !isCompiledLayout && 'needs the compiled layout (npm test)' }, () => {
    const bin = path.join(repoRoot, 'bin', 'sysdesign.js');
    assert.ok(fs.readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node\n'));
    const child = spawnSync(process.execPath, [bin, 'check', 'b.sysdesign'], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    assert.equal(child.status, 1, child.stderr);
    assert.match(child.stdout, /\[unknown-property\]/);
  });
});

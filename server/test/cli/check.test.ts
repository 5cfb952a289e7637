import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as path from 'path';
import { CLEAN, removeTree, runCli, tempTree, WITH_ERROR, WITH_WARNING } from './helpers';

describe('sysdesign check', () => {
  let root: string;
  before(() => {
    root = tempTree({
      'clean.sysdesign': CLEAN,
      'error.sysdesign': WITH_ERROR,
      'warning.sysdesign': WITH_WARNING,
      'nested/deeper/also-clean.sysdesign': CLEAN,
      'nested/notes.txt': 'not a design',
      'node_modules/dep/bad.sysdesign': WITH_ERROR,
      '.hidden/bad.sysdesign': WITH_ERROR,
      'only-clean/a.sysdesign': CLEAN,
      'only-clean/b/c.sysdesign': CLEAN,
      'empty-folder/readme.md': '# nothing here',
      'design.txt': WITH_ERROR,
      'syntax.sysdesign': 'system s {\n  service a { instances: 2\n',
    });
  });
  after(() => removeTree(root));

  describe('exit status', () => {
    it('is 0 for a clean file', async () => {
      const r = await runCli(['check', 'clean.sysdesign'], { cwd: root });
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.match(r.stdout, /No problems in 1 file\./);
      assert.equal(r.stderr, '');
    });

    it('is 1 for a file with an error', async () => {
      const r = await runCli(['check', 'error.sysdesign'], { cwd: root });
      assert.equal(r.code, 1);
      assert.match(r.stdout, /1 error in 1 file\./);
    });

    it('is 1 for a syntax error', async () => {
      const r = await runCli(['check', 'syntax.sysdesign'], { cwd: root });
      assert.equal(r.code, 1);
      assert.match(r.stdout, /\[syntax\]/);
    });

    it('is 0 for warnings alone, and 1 with more warnings than --max-warnings', async () => {
      assert.equal((await runCli(['check', 'warning.sysdesign'], { cwd: root })).code, 0);
      assert.equal((await runCli(['check', 'warning.sysdesign', '--max-warnings', '1'], { cwd: root })).code, 0);
      const over = await runCli(['check', 'warning.sysdesign', '--max-warnings', '0'], { cwd: root });
      assert.equal(over.code, 1);
      assert.match(over.stdout, /Too many warnings: 1, and --max-warnings is 0\./);
    });

    it('is 2 for a missing file, and the other files are still reported', async () => {
      const r = await runCli(['check', 'missing.sysdesign', 'clean.sysdesign', '--format', 'json'], { cwd: root });
      assert.equal(r.code, 2);
      assert.match(r.stderr, /cannot read 'missing\.sysdesign': no such file or folder/);
      assert.deepEqual(JSON.parse(r.stdout), [{ file: 'clean.sysdesign', diagnostics: [] }]);
    });

    it('is 2 for an unknown option, with commander\'s message', async () => {
      const r = await runCli(['check', '--bogus', 'clean.sysdesign'], { cwd: root });
      assert.equal(r.code, 2);
      assert.match(r.stderr, /unknown option '--bogus'/);
    });

    it('is 2 for a bad --format or --max-warnings value', async () => {
      const format = await runCli(['check', '--format', 'xml', 'clean.sysdesign'], { cwd: root });
      assert.equal(format.code, 2);
      assert.match(format.stderr, /'xml' is invalid\. Allowed choices are text, json, sarif/);
      for (const bad of ['-1', 'many', '1.5']) {
        const r = await runCli(['check', '--max-warnings', bad, 'clean.sysdesign'], { cwd: root });
        assert.equal(r.code, 2, bad);
        assert.match(r.stderr, /--max-warnings/);
      }
    });

    it('is 2 for an unknown command, no command, or a folder without designs', async () => {
      assert.equal((await runCli(['chek'], { cwd: root })).code, 2);
      const none = await runCli([], { cwd: root });
      assert.equal(none.code, 2);
      assert.match(none.stderr, /Usage: sysdesign/);
      const empty = await runCli(['check', 'empty-folder'], { cwd: root });
      assert.equal(empty.code, 2);
      assert.match(empty.stderr, /no \.sysdesign files found in 'empty-folder'/);
    });

    it('is 0 for --help and --version', async () => {
      const help = await runCli(['check', '--help'], { cwd: root });
      assert.equal(help.code, 0);
      assert.match(help.stdout, /--max-warnings/);
      const version = await runCli(['--version'], { cwd: root });
      assert.equal(version.code, 0);
      assert.match(version.stdout, /^\d+\.\d+\.\d+/);
    });
  });

  describe('finding files', () => {
    it('searches folders recursively, skipping node_modules and dot-folders', async () => {
      const r = await runCli(['check', '--format', 'json'], { cwd: root });
      const files = (JSON.parse(r.stdout) as { file: string }[]).map((f) => f.file);
      assert.deepEqual(files, [
        'clean.sysdesign',
        'error.sysdesign',
        'nested/deeper/also-clean.sysdesign',
        'only-clean/a.sysdesign',
        'only-clean/b/c.sysdesign',
        'syntax.sysdesign',
        'warning.sysdesign',
      ]);
    });

    it('checks a folder given as a path, relative paths shown from the working folder', async () => {
      const r = await runCli(['check', 'only-clean'], { cwd: root });
      assert.equal(r.code, 0);
      assert.match(r.stdout, /No problems in 2 files\./);
      const nested = await runCli(['check', '--format', 'json', '.'], { cwd: path.join(root, 'nested') });
      assert.deepEqual(JSON.parse(nested.stdout), [{ file: 'deeper/also-clean.sysdesign', diagnostics: [] }]);
    });

    it('takes a file named explicitly whatever its extension, each file once', async () => {
      const r = await runCli(['check', '--format', 'json', 'design.txt', 'clean.sysdesign', './clean.sysdesign'], { cwd: root });
      const files = (JSON.parse(r.stdout) as { file: string }[]).map((f) => f.file);
      assert.deepEqual(files, ['design.txt', 'clean.sysdesign']);
      assert.equal(r.code, 1);
    });

    it('shows files outside the working folder with absolute paths', async () => {
      const r = await runCli(['check', '--format', 'json', path.join(root, 'clean.sysdesign')], { cwd: path.join(root, 'only-clean') });
      assert.deepEqual(JSON.parse(r.stdout), [{ file: path.join(root, 'clean.sysdesign'), diagnostics: [] }]);
    });
  });

  describe('--format json', () => {
    it('prints one entry per file with 0-based LSP ranges', async () => {
      const r = await runCli(['check', '--format', 'json', 'error.sysdesign', 'warning.sysdesign', 'clean.sysdesign'], { cwd: root });
      assert.equal(r.code, 1);
      const parsed = JSON.parse(r.stdout) as unknown;
      assert.deepEqual(parsed, [
        {
          file: 'error.sysdesign',
          diagnostics: [{
            rule: 'unknown-property',
            severity: 'error',
            message: "Unknown property 'instancs' for a service ('api'). Did you mean 'instances'?",
            range: { start: { line: 1, character: 16 }, end: { line: 1, character: 24 } },
          }],
        },
        {
          file: 'warning.sysdesign',
          diagnostics: [{
            rule: 'invalid-value',
            severity: 'warning',
            message: "'postgres' is not a queue (it is used as a database).",
            range: { start: { line: 1, character: 14 }, end: { line: 1, character: 22 } },
          }],
        },
        { file: 'clean.sysdesign', diagnostics: [] },
      ]);
    });

    it('has exactly the documented keys', async () => {
      const r = await runCli(['check', '--format', 'json'], { cwd: root });
      const parsed = JSON.parse(r.stdout) as Record<string, unknown>[];
      assert.ok(Array.isArray(parsed));
      for (const entry of parsed) {
        assert.deepEqual(Object.keys(entry), ['file', 'diagnostics']);
        for (const d of entry.diagnostics as Record<string, unknown>[]) {
          assert.deepEqual(Object.keys(d), ['rule', 'severity', 'message', 'range']);
          assert.ok(['error', 'warning', 'info'].includes(d.severity as string));
          const range = d.range as { start: { line: number; character: number }; end: { line: number; character: number } };
          for (const p of [range.start, range.end]) {
            assert.deepEqual(Object.keys(p), ['line', 'character']);
            assert.ok(Number.isInteger(p.line) && p.line >= 0 && Number.isInteger(p.character) && p.character >= 0);
          }
        }
      }
    });
  });

  describe('text output', () => {
    it('shows file:line:col, severity, message, rule, the source line and a caret underline', async () => {
      const r = await runCli(['check', 'error.sysdesign'], { cwd: root });
      const lines = r.stdout.split('\n');
      assert.equal(lines[0], "error.sysdesign:2:17  error  Unknown property 'instancs' for a service ('api'). Did you mean 'instances'?  [unknown-property]");
      assert.equal(lines[1], '   2 |   service api { instancs: 2 }');
      assert.equal(lines[2], '     |                 ^^^^^^^^');
      assert.equal(lines[3], '1 error in 1 file.');
    });

    it('indents related information under its diagnostic', async () => {
      const r = await runCli(['check', 'syntax.sysdesign'], { cwd: root });
      assert.match(r.stdout, /\n {7}related: syntax\.sysdesign:\d+:\d+ {2}The \S+'s '\{' is here\./);
    });

    it('summarises problems over several files', async () => {
      const r = await runCli(['check', 'error.sysdesign', 'warning.sysdesign', 'clean.sysdesign'], { cwd: root });
      assert.match(r.stdout, /\n1 error, 1 warning in 2 of 3 files\.\n$/);
    });

    it('is coloured only on a terminal, honouring NO_COLOR, FORCE_COLOR and --no-color', async () => {
      const esc = '\u001b[';
      const plain = await runCli(['check', 'error.sysdesign'], { cwd: root });
      assert.ok(!plain.stdout.includes(esc));
      const tty = await runCli(['check', 'error.sysdesign'], { cwd: root, isTTY: true });
      assert.ok(tty.stdout.includes(esc));
      const noColor = await runCli(['check', 'error.sysdesign'], { cwd: root, isTTY: true, env: { NO_COLOR: '1' } });
      assert.ok(!noColor.stdout.includes(esc));
      const forced = await runCli(['check', 'error.sysdesign'], { cwd: root, env: { FORCE_COLOR: '1' } });
      assert.ok(forced.stdout.includes(esc));
      const flag = await runCli(['--no-color', 'check', 'error.sysdesign'], { cwd: root, isTTY: true });
      assert.ok(!flag.stdout.includes(esc));
    });
  });
});

// A design holding ESC, BEL, NUL, DEL, C1 or bidi controls cannot retitle the
// terminal, erase lines of a CI log or reorder what a reviewer reads: every
// command that echoes source text or names prints them escaped (`\x1b`,
// `U+202E`), coloured or not. The only ESC left is our own colour codes.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, tempTree } from './helpers';

const HOSTILE = [
  'system s "Evil \x1b]0;pwned\x07 \u202Etitle" {',
  '  client c { rate: 10/s }',
  '  // erase \x1b[2K\r the line, ring \x07, nul \x00, del \x7f, c1 \x9b, isolate \u2066',
  '  service a "svc \x1b[2K label" { instances: 2 bogus\x01: 1 }',
  '  c -> a',
  '}',
  '',
].join('\n');

/** Our own colour codes (SGR): the one escape sequence the CLI may print. */
const SGR = /\x1b\[[0-9;]*m/g;
const RAW = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/;

function assertNoRawControls(output: string, what: string): void {
  const found = RAW.exec(output.replace(SGR, ''));
  assert.equal(found, null, `${what} printed a raw U+${found?.[0].charCodeAt(0).toString(16).padStart(4, '0')}`);
}

describe('terminal safety', () => {
  const root = tempTree({ 'hostile.sysdesign': HOSTILE });

  for (const [label, args, isTTY] of [
    ['check', ['check', 'hostile.sysdesign'], false],
    ['check on a terminal (coloured)', ['check', 'hostile.sysdesign'], true],
    ['check --no-color', ['--no-color', 'check', 'hostile.sysdesign'], true],
  ] as const) {
    it(`${label} shows control and bidi characters escaped`, async () => {
      const result = await runCli([...args], { cwd: root, isTTY });
      assert.equal(result.code, 1);
      assertNoRawControls(result.stdout + result.stderr, label);
      assert.ok(result.stdout.includes('\\x1b[2K'), 'ESC shown as \\x1b');
      assert.ok(result.stdout.includes('bogus\\x01'), 'SOH shown as \\x01');
      assert.ok(result.stdout.includes('U+202E'), 'the bidi override shown as U+202E');
      assert.match(result.stdout, /\[bidi-control\]/);
    });
  }

  for (const command of [['estimate'], ['estimate', '--format', 'json'], ['simulate', '--duration', '2'], ['render'], ['format', '--check']]) {
    it(`${command.join(' ')} echoes no raw control characters`, async () => {
      const result = await runCli([...command, 'hostile.sysdesign'], { cwd: root, isTTY: true });
      assert.notEqual(result.code, 2, result.stderr);
      assertNoRawControls(result.stderr, `${command.join(' ')} (stderr)`);
      if (command[0] !== 'render') assertNoRawControls(result.stdout, `${command.join(' ')} (stdout)`);
    });
  }

  it('a file name holding control characters is shown escaped by check and format', async () => {
    const folder = tempTree({ 'evil\x1b]0;x\x07.sysdesign': 'system s {\n database   d\n}\n' });
    for (const args of [['check', '.'], ['format', '--check', '.']]) {
      const result = await runCli(args, { cwd: folder, isTTY: true });
      assertNoRawControls(result.stdout + result.stderr, args.join(' '));
      assert.ok((result.stdout + result.stderr).includes('evil\\x1b]0;x\\x07.sysdesign'), args.join(' '));
    }
  });
});

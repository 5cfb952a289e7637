// The scanner against the reference: chevrotain's lexer built from the token
// patterns in tokens.ts. Same tokens (type, text, offset), same comments, same
// unreadable runs, on real designs and on random text built to hit the edges
// (numbers running into units, slashes, escapes, line ends, astral and
// unreadable characters).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from '../helpers/property';
import type { IToken } from 'chevrotain';
import { scan } from '../../src/syntax/scanner';
import { sysdesignLexer } from '../../src/syntax/tokens';
import { generateDesign } from '../../bench/generate';
import { ALL_CONSTRUCTS, SPEC_EXAMPLE } from '../helpers/designs';
import { repoRoot } from '../helpers/repo';


function shape(tokens: readonly IToken[]): string[] {
  return tokens.map((t) => `${t.tokenType.name}@${t.startOffset}:${JSON.stringify(t.image)}`);
}

function assertSameAsReference(text: string): void {
  const reference = sysdesignLexer.tokenize(text);
  assert.deepEqual(reference.errors, [], 'the reference lexer reads every character (Unreadable takes the rest)');
  const scanned = scan(text);
  assert.deepEqual(shape(scanned.tokens), shape(reference.tokens), `tokens of ${JSON.stringify(text.slice(0, 200))}`);
  assert.deepEqual(shape(scanned.comments), shape((reference.groups.comments ?? []) as IToken[]), 'comments');
  assert.deepEqual(shape(scanned.unreadable), shape((reference.groups.unreadable ?? []) as IToken[]), 'unreadable runs');
  // The parser reads tokens through tokenTypeIdx and categories: each must be the type's own.
  for (const t of scanned.tokens) assert.equal(t.tokenTypeIdx, t.tokenType.tokenTypeIdx);
}

function designFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? designFiles(full) : e.name.endsWith('.sysdesign') ? [full] : [];
  });
}

test('scanner: the same tokens as the reference lexer on every sample and test design', () => {
  const files = designFiles(path.join(repoRoot, 'samples'));
  assert.ok(files.length > 10);
  for (const file of files) assertSameAsReference(fs.readFileSync(file, 'utf8'));
  for (const text of [ALL_CONSTRUCTS, SPEC_EXAMPLE, generateDesign({ components: 300, systems: 2, seed: 5 })]) assertSameAsReference(text);
});

test('scanner: the same tokens as the reference on the edge cases of each token', () => {
  const cases = [
    '', ' ', '\ufeffsystem s {}', '\u00a0\t\f\v\r\n',
    // numbers, quantities and rates
    '1 1.5 1. .5 1..2 1.5..2.5 12abc 1.5x 1.x 70% 7%x 2MB/s 10/s 3/ 3/s/x 1//c 1/*c*/ 4..64 1e9 0x10 9_ 5_a 100M/day',
    '10ms/ 10%/ 1.5/s 1.5.5 12__ 1a_b%c/d 1/S',
    // strings and escapes
    '"a" "a\\"b" "a\\\\" "unterminated\n"x\\\n"x\\', '"tab\tin" "\\q" "é🚀" "a\u2028b" "a\\\u2028b"', '"', '"\\', '"\r\n"',
    // comments
    '// line\r\n/* block */ /*/ x */ /* open', '/**/ //', 'a//b', 'a/*b',
    // punctuation and keywords
    '-> - -- ->> .. ... . = : :: , { } ( ) [ ]', 'service services _service system_ at atlas x.y.z a->b',
    ...['client', 'dns', 'cdn', 'loadbalancer', 'region', 'group', 'query', 'scenario', 'table', 'Service'],
    // characters nothing reads
    '§ $$$ a§b 🚀 \u0000 \ud800 \udc00 € - / a-b a/b -§ /§ §-> §// §/*',
  ];
  for (const text of cases) assertSameAsReference(text);
});

test('scanner: the same tokens as the reference on random text (fast-check, 20,000 inputs)', () => {
  const pieces = [
    ...'abzAZ_09{}()[]:,.=-/>*"\\%\n\r\t \u00a0\ufeff\u2028§🚀\u0000'.split(''),
    '->', '..', '//', '/*', '*/', '\\"', 'ms', 'MB', '/s', '/day', 'service', 'system', 'at', 'table', '1.5', '100', '\ud800',
  ];
  const text = fc.array(fc.constantFrom(...pieces), { maxLength: 40 }).map((parts) => parts.join(''));
  fc.assert(fc.property(text, (t) => assertSameAsReference(t)), { numRuns: 15_000, seed: 11, endOnFailure: true });
  fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 30 }), (t) => assertSameAsReference(t)), { numRuns: 5_000, seed: 12, endOnFailure: true });
});

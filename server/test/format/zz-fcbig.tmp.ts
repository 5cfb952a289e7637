import fc from 'fast-check';
import assert from 'node:assert/strict';
import { formatText } from '../../src/format/formatter';
import { ink, tokenStream } from './tokens';
const fragment = fc.constantFrom(
  'system', 's', '"t"', '"e \\" \\\\"', '{', '}', '{', '}', 'service', 'region', 'table', 'query', 'scenario', 'a', 'b.c', ':', ':',
  'postgres', 'instances', '2', '10ms', '20k/s', '70%', '1..5', '->', '(', ')', '[', ']', ',', ',', 'async', 'exp', '=', 'at', '2m',
  'stop', 'stateful', '// line', '/* block */', '/* two\n lines */', '#', '"open', '\n', 'group', 'm', '..', '.', '1', '[1]',
);
const space = fc.constantFrom('', ' ', '  ', '\n', '\n\n\n', '\t', ' \n    ', '\n  ', '\n      ');
const design = fc.array(fc.tuple(space, fragment), { maxLength: 80 }).map((parts) => parts.map(([s, f]) => s + f).join(''));
const systemWrapped = design.map((body) => `system s {${body}\n}\n`);
fc.assert(fc.property(fc.oneof(design, systemWrapped), (input) => {
  const once = formatText(input);
  assert.equal(formatText(once), once, 'idempotent');
  assert.deepEqual(tokenStream(once), tokenStream(input));
  assert.equal(ink(once), ink(input));
}), { numRuns: Number(process.argv[2] ?? 20000), seed: Number(process.argv[3] ?? Date.now() % 100000) });
console.log('ok');

// The marker helper every inline-design test relies on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeMarked, dedent, expectDiagnostics, formatRange, unmark } from './inline';

test('unmark: ranges in order of their opening marker, empty ranges, nesting, a cursor', () => {
  const m = unmark('a ⟦bc⟧ d⟦⟧ ⟦e⟦f⟧g⟧ h‸i');
  assert.equal(m.text, 'a bc d efg hi');
  assert.deepEqual(m.ranges, [{ start: 2, end: 4 }, { start: 6, end: 6 }, { start: 7, end: 10 }, { start: 8, end: 9 }]);
  assert.equal(m.cursor, 12);
  assert.throws(() => unmark('⟦a'), /unclosed/);
  assert.throws(() => unmark('a⟧'), /unbalanced/);
  assert.throws(() => unmark('‸a‸'), /more than one cursor/);
});

test('dedent: common indentation and the first and last empty lines go', () => {
  assert.equal(dedent('\n    a\n      b\n\n    c\n  '), 'a\n  b\n\nc\n');
});

test('analyzeMarked + expectDiagnostics: exact ranges as line/character, nothing more', () => {
  const m = analyzeMarked(`
    system s {
      service a { instances: ⟦0⟧ }
    }`);
  assert.equal(formatRange(m.analysis, m.ranges[0]), '1:25-1:26');
  expectDiagnostics(m, [{ rule: 'invalid-value', at: 0, message: 'at least 1' }]);
  assert.throws(() => expectDiagnostics(m, []), /diagnostics differ/);
  assert.throws(() => expectDiagnostics(m, [{ rule: 'invalid-value', at: 0, message: 'nonsense' }]), /lacks/);
});

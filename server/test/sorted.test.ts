import { test } from 'node:test';
import assert from 'node:assert/strict';
import { partitionPoint } from '../src/sorted';

test('partitionPoint: the first index not before, for every split of a sorted array', () => {
  const a = [1, 3, 3, 5, 8];
  for (const x of [0, 1, 2, 3, 4, 5, 8, 9]) {
    assert.equal(partitionPoint(a.length, (i) => a[i]! < x), a.findIndex((v) => v >= x) === -1 ? a.length : a.findIndex((v) => v >= x), `x = ${x}`);
  }
  assert.equal(partitionPoint(0, () => true), 0);
  assert.equal(partitionPoint(3, () => true), 3);
  assert.equal(partitionPoint(3, () => false), 0);
});

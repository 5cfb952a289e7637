// Source-text rules: what the file holds, not what it designs.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fires, silent } from './helpers';

describe('bidi-control', () => {
  const id = 'bidi-control';

  test('fires on every bidi control, in comments and titles, naming its code point', () => {
    const fired = fires(id, `system shop "Shop⟦\u2067⟧" {
  // admin⟦\u202E⟧ only⟦\u202C⟧
  service api { instances: 2 } // ⟦\u200F⟧
}`, []);
    assert.deepEqual(fired.findings.map((d) => /U\+[0-9A-F]{4}/.exec(d.message)?.[0]), ['U+2067', 'U+202E', 'U+202C', 'U+200F']);
  });

  test('silent on other non-ASCII text', () => {
    silent(id, `system shop "Café – 東京 ✓" {
  // naïve comment, Arabic اختبار and Hebrew שלום are fine
  service api { instances: 2 }
}`);
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from '../helpers/property';
import { num } from '../../src/diagram/shapes';
import { escapeXml, textWidth, truncate, wrapText } from '../../src/diagram/text';

const FONT = { size: 13, bold: false };
const BOLD = { size: 13, bold: true };

describe('text metrics', () => {
  it('measures with the DejaVu Sans table', () => {
    assert.equal(textWidth('', FONT), 0);
    assert.ok(Math.abs(textWidth('Hello', FONT) - 13 * (0.752 + 0.615 + 0.278 + 0.278 + 0.612)) < 1e-9);
    assert.ok(textWidth('Hello', BOLD) > textWidth('Hello', FONT));
    assert.ok(textWidth('WWW', FONT) > textWidth('iii', FONT));
    assert.equal(textWidth('東京', FONT), 26, 'wide characters are one em');
    assert.equal(textWidth('😀', FONT), textWidth('東', FONT), 'astral characters count once');
  });

  it('wraps within the width and line limit, breaking long words and adding an ellipsis', () => {
    const lines = wrapText('postgres · 16 shards · 2 replicas · read from replicas', 120, FONT, 2);
    assert.equal(lines.length, 2);
    for (const l of lines) assert.ok(textWidth(l, FONT) <= 120, l);
    assert.ok(lines[1]!.endsWith('\u2026'));
    const long = wrapText('a'.repeat(80), 100, FONT, 3);
    assert.equal(long.length, 3);
    for (const l of long) assert.ok(textWidth(l, FONT) <= 100);
    assert.deepEqual(wrapText('  short  ', 100, FONT, 2), ['short']);
    assert.deepEqual(wrapText('', 100, FONT, 2), []);
    assert.equal(truncate('abc', 100, FONT), 'abc');
    assert.ok(textWidth(truncate('x'.repeat(100), 50, FONT), FONT) <= 50);
  });

  it('escapes markup characters and drops characters XML cannot hold', () => {
    assert.equal(escapeXml(`<a href="x">&'</a>`), '&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;');
    assert.equal(escapeXml('a\u0000b\u001fc\ud800d\uffff'), 'a\ufffdb\ufffdc\ufffdd\ufffd');
    assert.equal(escapeXml('tab\tnl\n😀'), 'tab\tnl\n😀');
    assert.equal(escapeXml('plain text, 12 ms'), 'plain text, 12 ms');
  });

  it('escapes arbitrary text exactly as the full replacement does (fast-check)', () => {
    const INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
    const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
    const full = (t: string) => t.replace(INVALID, '\uFFFD').replace(/[&<>"']/g, (c) => ESC[c]!);
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (t) => escapeXml(t) === full(t)), { numRuns: 5000 });
  });

  it('formats numbers as String(Math.round(v * 100) / 100), without -0', () => {
    const reference = (v: number) => {
      const r = Math.round(v * 100) / 100;
      return Object.is(r, -0) ? '0' : String(r);
    };
    for (const v of [0, -0, 0.004, -0.004, 0.005, -0.005, 1.005, 2.675, 12.5, -12.5, 0.1, -0.07, 99.99, 100, -100.01, 1e-9, 1e21, -1e21, NaN, Infinity, -Infinity]) {
      assert.equal(num(v), reference(v), `num(${v})`);
    }
    fc.assert(fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), (v) => num(v) === reference(v)), { numRuns: 20000 });
    fc.assert(fc.property(fc.integer({ min: -10_000_000, max: 10_000_000 }), (i) => num(i / 100) === reference(i / 100)), { numRuns: 20000 });
  });
});

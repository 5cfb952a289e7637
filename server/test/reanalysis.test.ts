// Re-analysing only what an edit touched must give exactly what a fresh
// analysis gives: the same syntax tree, the same models (spans included), the
// same diagnostics and quick fixes. Checked over random edit sequences on
// multi-system designs, chaining each analysis from the previous one as the
// language server does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import fc from './helpers/property';
import { repoRoot } from './helpers/repo';
import { analyze, type Analysis } from '../src/analyze';
import { moveSpans } from '../src/reanalysis';
import { generateDesign } from '../bench/generate';

/**
 * A canonical dump of an object graph: Maps as entry lists, a repeated or
 * cyclic object as a back reference by visit order. Two graphs built the same
 * way dump the same; one with a span left unmoved does not.
 */
function dump(root: unknown): string {
  const ids = new Map<object, number>();
  const walk = (v: unknown): unknown => {
    if (typeof v === 'function') return '<fn>';
    if (typeof v !== 'object' || v === null) return v;
    const id = ids.get(v);
    if (id !== undefined) return `#${id}`;
    ids.set(v, ids.size);
    if (Array.isArray(v)) return v.map(walk);
    if (v instanceof Map) return { map: [...v].map(([k, x]) => [k, walk(x)]) };
    if (v instanceof Set) return { set: [...v].map(walk) };
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(v)) out[key] = walk((v as Record<string, unknown>)[key]);
    return out;
  };
  return JSON.stringify(walk(root));
}

function essentials(a: Analysis): { ast: string; systems: string; diagnostics: string } {
  return { ast: dump(a.ast), systems: dump(a.systems), diagnostics: dump(a.diagnostics) };
}

const sample = (name: string) => fs.readFileSync(path.join(repoRoot, 'samples', name), 'utf8');
const DESIGNS = [
  [sample('online-shop.sysdesign'), sample('chat.sysdesign'), sample('social-feed.sysdesign')].join('\n'),
  generateDesign({ components: 60, systems: 4, seed: 7 }),
];

/**
 * Edits as a user makes them: mostly ones that keep the file valid (white
 * space, a digit typed over, a comment line, a new property), and some that
 * break it or change how everything after them lexes.
 */
const edit = fc.oneof(
  { weight: 4, arbitrary: fc.record({
    at: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
    kind: fc.constantFrom('space', 'newline', 'digit', 'comment-line'),
  }) },
  { weight: 1, arbitrary: fc.record({
    at: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
    kind: fc.constant('wild' as const),
    remove: fc.nat({ max: 12 }),
    insert: fc.constantFrom('', 'x', '1', ':', '{', '}', '/*', '*/', '"', '//', 'instances: 3\n', '->', 'system extra { service s }\n', '\u00e9'),
  }) },
);
type Edit = { at: number; kind: 'space' | 'newline' | 'digit' | 'comment-line' } | { at: number; kind: 'wild'; remove: number; insert: string };

function apply(text: string, e: Edit): string {
  let at = Math.floor(e.at * (text.length + 1));
  switch (e.kind) {
    case 'space': return `${text.slice(0, at)} ${text.slice(at)}`;
    case 'newline': {
      // Between two tokens: after the next space.
      at = text.indexOf(' ', at);
      return at < 0 ? `${text}\n` : `${text.slice(0, at)}\n${text.slice(at)}`;
    }
    case 'digit': {
      const digit = /[0-9]/g;
      digit.lastIndex = at;
      const found = digit.exec(text) ?? /[0-9]/.exec(text);
      if (!found) return text;
      return text.slice(0, found.index) + String((Number(found[0]) + 3) % 10) + text.slice(found.index + 1);
    }
    case 'comment-line': {
      const lineStart = text.lastIndexOf('\n', at - 1) + 1;
      return `${text.slice(0, lineStart)}// a note\n${text.slice(lineStart)}`;
    }
    case 'wild': return text.slice(0, at) + e.insert + text.slice(at + e.remove);
  }
}

test('an analysis chained from the previous version equals a fresh one, edit after edit', () => {
  let reused = 0;
  let analysedAgain = 0;
  fc.assert(
    fc.property(fc.constantFrom(...DESIGNS.keys()), fc.array(edit, { minLength: 1, maxLength: 6 }), (which, edits) => {
      let text = DESIGNS[which];
      let chained = analyze(text);
      for (const e of edits) {
        text = apply(text, e);
        const before = new Set(chained.systems);
        chained = analyze(text, { previous: chained });
        if (chained.systems.some((s) => before.has(s))) reused++;
        else analysedAgain++;
        assert.deepEqual(essentials(chained), essentials(analyze(text)));
      }
    }),
    { numRuns: 150 },
  );
  // The property means something only if both paths were taken often.
  assert.ok(reused > 100 && analysedAgain > 50, `kept systems in ${reused} edits, analysed all again in ${analysedAgain}`);
});

test('systems an edit does not touch are kept, moved to their new offsets', () => {
  const text = DESIGNS[1];
  const first = analyze(text);
  assert.equal(first.systems.length, 4);
  // Insert into the second system: the first is kept as is, the last two are kept and moved.
  const at = first.systems[1].nameSpan.end;
  const edited = `${text.slice(0, at)} ${text.slice(at)}`;
  const kept = first.systems.slice();
  const next = analyze(edited, { previous: first });
  assert.equal(next.systems[0], kept[0]);
  assert.notEqual(next.systems[1], kept[1]);
  assert.equal(next.systems[2], kept[2]);
  assert.equal(next.systems[3], kept[3]);
  assert.equal(edited.slice(next.systems[3].nameSpan.start, next.systems[3].nameSpan.end), next.systems[3].name);
  assert.deepEqual(essentials(next), essentials(analyze(edited)));
});

test('a kept system keeps its estimate: it is not computed again', () => {
  const text = DESIGNS[1];
  const first = analyze(text);
  const estimates = first.systems.map((s) => first.estimate(s));
  const at = first.systems[0].nameSpan.end;
  const next = analyze(`${text.slice(0, at)} ${text.slice(at)}`, { previous: first });
  assert.notEqual(next.estimate(next.systems[0]), estimates[0]);
  for (const i of [1, 2, 3]) assert.equal(next.estimate(next.systems[i]), estimates[i]);
});

test('an edit that opens a comment over later systems, or a syntax error, analyses the whole file again', () => {
  const text = DESIGNS[1];
  const first = analyze(text);
  const at = first.systems[1].nameSpan.end;
  const commented = analyze(`${text.slice(0, at)} /* ${text.slice(at)}`, { previous: first });
  assert.ok(commented.diagnostics.some((d) => d.rule === 'syntax'));
  assert.equal(commented.parts, undefined, 'no parts to reuse after a syntax error');
  const again = analyze(text, { previous: commented });
  assert.deepEqual(essentials(again), essentials(analyze(text)));
});

test('changed rule settings check every kept system again', () => {
  const text = DESIGNS[1];
  const first = analyze(text);
  const id = first.diagnostics.find((d) => d.severity === 'warning' && d.rule !== 'syntax')?.rule;
  assert.ok(id, 'the design has a warning to turn off');
  const next = analyze(text, { previous: first, rules: { [id]: 'off' } });
  assert.ok(!next.diagnostics.some((d) => d.rule === id));
  assert.deepEqual(essentials(next), essentials(analyze(text, { rules: { [id]: 'off' } })));
});

test('moveSpans moves each shared span once and leaves other numbers alone', () => {
  const span = { start: 10, end: 12 };
  const graph = { a: span, b: [span, { span }], weight: { start: 1, end: 2, unit: 's' }, map: new Map([['k', { start: 3, end: 4 }]]) };
  moveSpans([graph, graph.b], 5);
  assert.deepEqual(span, { start: 15, end: 17 });
  assert.deepEqual(graph.weight, { start: 1, end: 2, unit: 's' });
  assert.deepEqual(graph.map.get('k'), { start: 8, end: 9 });
});

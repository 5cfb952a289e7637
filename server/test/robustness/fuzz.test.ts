// No input, however malformed, huge or deeply nested, crashes or hangs the
// core. Over ten thousand random and mutated inputs go through
// `analyze` and the formatter: truncations of real designs, token deletions,
// duplications and swaps, random characters, deep nesting, megabyte lines,
// lone surrogates, NUL bytes and every line ending. For each: no exception,
// a bounded time, and every diagnostic range (and quick-fix edit) inside the
// document.
//
// Everything is seeded: a failure names the input's label and reproduces.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from '../helpers/property';
import { analyze, type Analysis } from '../../src/analyze';
import { formatText } from '../../src/format/formatter';
import { sysdesignLexer } from '../../src/syntax/tokens';
import { generateDesign, Prng } from '../../bench/generate';
import { ALL_CONSTRUCTS, SPEC_EXAMPLE } from '../helpers/designs';

/**
 * A hang guard, not a speed target: an input still running after this much
 * CPU time (user + system, so a busy machine does not count) is stuck in a
 * loop. Inputs take milliseconds; the analysis speed targets are in
 * `npm run bench`.
 */
const MAX_MS_PER_INPUT = 40_000;
const MB = 1 << 20;

// ---- seeds -----------------------------------------------------------------

/** The repository's samples/ folder, found from here whether run from source or from out/. */
function samplesDir(): string | undefined {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'samples');
    if (fs.existsSync(candidate) && fs.existsSync(path.join(dir, 'package.json'))) return candidate;
    if (path.dirname(dir) === dir) return undefined;
  }
}

function loadSeeds(): { name: string; text: string }[] {
  const seeds = [
    { name: 'spec-example', text: SPEC_EXAMPLE },
    { name: 'all-constructs', text: ALL_CONSTRUCTS },
    { name: 'generated-60', text: generateDesign({ components: 60, seed: 3 }) },
  ];
  const dir = samplesDir();
  if (dir) {
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.sysdesign')).sort()) {
      seeds.push({ name: file, text: fs.readFileSync(path.join(dir, file), 'utf8') });
    }
  }
  return seeds;
}

const SEEDS = loadSeeds();

/** A window of whole lines from a seed: small inputs keep ten thousand runs fast. */
function window(rng: Prng): string {
  const lines = SEEDS[rng.below(SEEDS.length)].text.split('\n');
  const size = 6 + rng.below(26);
  const start = rng.below(Math.max(1, lines.length - size));
  const body = lines.slice(start, start + size).join('\n');
  // Most windows are put back into a system so the linker and the rules see them too.
  return rng.next() < 0.7 ? `system w {\n${body}\n}\n` : body;
}

// ---- checking one input ------------------------------------------------------

interface Stats {
  inputs: number;
  slowest: { label: string; ms: number };
  analyzeMs: number;
  formatMs: number;
}

const stats: Stats = { inputs: 0, slowest: { label: '', ms: 0 }, analyzeMs: 0, formatMs: 0 };

/** Runs `fn` and returns its result with the CPU milliseconds it took. */
function timed<T>(fn: () => T): { result: T; ms: number } {
  const before = process.cpuUsage();
  const result = fn();
  const used = process.cpuUsage(before);
  return { result, ms: (used.user + used.system) / 1000 };
}

function show(text: string): string {
  const head = text.length > 300 ? `${text.slice(0, 300)}… (${text.length} chars)` : text;
  return JSON.stringify(head);
}

function checkSpan(a: Analysis, span: { start: number; end: number }, what: string, label: string): void {
  const n = a.text.length;
  if (!(Number.isInteger(span.start) && Number.isInteger(span.end) && span.start >= 0 && span.start <= span.end && span.end <= n)) {
    assert.fail(`${label}: ${what} span ${JSON.stringify(span)} outside 0..${n} in ${show(a.text)}`);
  }
  const r = a.lines.range(span);
  if (r.start.line < 0 || r.end.line >= a.lines.lineCount || r.start.character < 0 || r.end.character < 0) {
    assert.fail(`${label}: ${what} range ${JSON.stringify(r)} outside ${a.lines.lineCount} lines`);
  }
}

/** Runs one input through analyze and the formatter and checks the invariants. */
function check(text: string, label: string, options: { format?: boolean } = {}): Analysis {
  stats.inputs++;
  let a: Analysis;
  let ms: number;
  try {
    ({ result: a, ms } = timed(() => analyze(text)));
  } catch (err) {
    assert.fail(`${label}: analyze threw ${(err as Error)?.stack ?? err} on ${show(text)}`);
  }
  stats.analyzeMs += ms;
  if (ms > stats.slowest.ms) stats.slowest = { label: `${label} (analyze)`, ms };
  assert.ok(ms < MAX_MS_PER_INPUT, `${label}: analyze took ${ms.toFixed(0)} ms of CPU on ${show(text)}`);
  const internal = a.diagnostics.filter((d) => d.rule === 'internal-error');
  assert.deepEqual(internal.map((d) => d.message), [], `${label}: internal error on ${show(text)}`);
  for (const d of a.diagnostics) {
    checkSpan(a, d.span, `${d.rule} diagnostic`, label);
    assert.ok(typeof d.message === 'string' && d.message.length > 0, `${label}: empty message for ${d.rule}`);
    for (const r of d.related ?? []) checkSpan(a, r.span, `${d.rule} related`, label);
    for (const fix of (d as { fixes?: { edits: { span: { start: number; end: number } }[] }[] }).fixes ?? []) {
      for (const edit of fix.edits) checkSpan(a, edit.span, `${d.rule} fix edit`, label);
    }
  }
  if (options.format !== false) {
    let out: string;
    try {
      ({ result: out, ms } = timed(() => formatText(text)));
    } catch (err) {
      assert.fail(`${label}: formatText threw ${(err as Error)?.stack ?? err} on ${show(text)}`);
    }
    stats.formatMs += ms;
    if (ms > stats.slowest.ms) stats.slowest = { label: `${label} (format)`, ms };
    assert.equal(typeof out, 'string');
    assert.ok(ms < MAX_MS_PER_INPUT, `${label}: formatText took ${ms.toFixed(0)} ms of CPU on ${show(text)}`);
  }
  return a;
}

/** Fragments that tend to break things: half constructs, brackets, odd units, odd characters. */
const FRAGMENTS = [
  '{', '}', '(', ')', '[', ']', ':', '::', ',', '.', '..', '=', '->', '-', '/', '/*', '*/', '//', '"', '\\', '\n', '\r\n', '\r', '\t',
  'system', 'system s {', 'service', 'service x', 'region r {', 'group g {', 'database d {', 'table t {', 'query q {', 'scenario s {',
  'at', 'at 1m:', 'at 1m: stop', 'stop x[2', 'db.replica[', 'a ->', '-> b', 'a -> b (', '(async', ': "', ': "x"',
  'instances:', 'instances: 0', 'hit_ratio: 101%', '10parsecs', '10/sec', '10/', '1..', '4..64', 'exp(', 'exp(20ms', 'hash(', '[a, b',
  'x: {', 'columns: [', 'join: a.x =', '1e9', '0x10', '9'.repeat(40), '1.', '.5', '20kk', '1B', '500B', '2KiB', '70%',
  '§', '€', '🚀', '\u0000', '\ud800', '\udc00', '\ufeff', '\u2028', '\u00a0', 'é', '"\\q"', '"unterminated',
];

/** Character alphabet for random strings: mostly the language's own characters. */
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz_ABCMKBG0123456789{}()[]:,.=->"\\/%*  \n\n\t\r§🚀\u0000';

function tokenSpans(text: string): { start: number; end: number }[] {
  const lexed = sysdesignLexer.tokenize(text);
  const all = [...lexed.tokens, ...((lexed.groups.comments ?? []) as typeof lexed.tokens)];
  return all.map((t) => ({ start: t.startOffset, end: t.startOffset + t.image.length })).sort((x, y) => x.start - y.start);
}

/** One random edit: token deletion, duplication, swap or replacement; a fragment inserted; a range deleted. */
function mutate(text: string, spans: { start: number; end: number }[], rng: Prng): string {
  if (!spans.length || !text.length) return text + rng.pick(FRAGMENTS);
  const i = rng.below(spans.length);
  const s = spans[i];
  const tok = text.slice(s.start, s.end);
  switch (rng.below(7)) {
    case 0: // delete a token
      return text.slice(0, s.start) + text.slice(s.end);
    case 1: // duplicate a token
      return text.slice(0, s.end) + ' ' + tok + text.slice(s.end);
    case 2: { // swap with a nearby token
      const j = Math.min(spans.length - 1, i + 1 + rng.below(3));
      const t = spans[j];
      if (t.start < s.end) return text;
      return text.slice(0, s.start) + text.slice(t.start, t.end) + text.slice(s.end, t.start) + tok + text.slice(t.end);
    }
    case 3: { // replace with a token from elsewhere
      const other = spans[rng.below(spans.length)];
      return text.slice(0, s.start) + text.slice(other.start, other.end) + text.slice(s.end);
    }
    case 4: { // insert a fragment
      const at = rng.below(text.length + 1);
      return text.slice(0, at) + rng.pick(FRAGMENTS) + text.slice(at);
    }
    case 5: { // delete a range of characters (may split a token or a surrogate pair)
      const at = rng.below(text.length);
      return text.slice(0, at) + text.slice(Math.min(text.length, at + 1 + rng.below(40)));
    }
    default: { // delete a whole line
      const at = rng.below(text.length);
      const start = text.lastIndexOf('\n', at) + 1;
      const end = text.indexOf('\n', at);
      return text.slice(0, start) + (end < 0 ? '' : text.slice(end + 1));
    }
  }
}

// ---- the tests ---------------------------------------------------------------

test('fuzz: every seed analyses without internal errors', () => {
  assert.ok(SEEDS.length >= 3);
  for (const seed of SEEDS) check(seed.text, `seed ${seed.name}`);
});

test('fuzz: truncations of every seed at every N-th offset', () => {
  for (const seed of SEEDS) {
    const step = Math.max(1, Math.floor(seed.text.length / 80));
    for (let cut = 0; cut <= seed.text.length; cut += step) {
      check(seed.text.slice(0, cut), `${seed.name} cut at ${cut}`);
      // The other half too: text that starts in the middle of something.
      if (cut % (step * 4) === 0) check(seed.text.slice(cut), `${seed.name} from ${cut}`);
    }
  }
});

test('fuzz: token deletions, duplications, swaps and replacements (seeded)', () => {
  const rng = new Prng(20261123);
  for (let n = 0; n < 3000; n++) {
    // Every tenth input mutates a whole seed; the others a window of it.
    let text = n % 10 === 0 ? SEEDS[(n / 10) % SEEDS.length].text : window(rng);
    const edits = 1 + rng.below(4);
    for (let e = 0; e < edits; e++) text = mutate(text, tokenSpans(text), rng);
    check(text, `mutation #${n} (${edits} edits, seed 20261123)`);
  }
});

test('fuzz: random strings over the language alphabet (fast-check)', () => {
  const char = fc.constantFrom(...Array.from(ALPHABET));
  const fragment = fc.constantFrom(...FRAGMENTS);
  const piece = fc.oneof({ weight: 3, arbitrary: char }, { weight: 2, arbitrary: fragment }, { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 4 }) });
  const input = fc.array(piece, { maxLength: 120 }).map((parts) => parts.join(''));
  fc.assert(fc.property(input, (text) => {
    check(text, 'random string');
  }), { numRuns: 3300, seed: 42, endOnFailure: true });
});

test('fuzz: random fragments spliced into a valid system (fast-check)', () => {
  const base = SPEC_EXAMPLE;
  const splice = fc.tuple(fc.nat({ max: base.length }), fc.array(fc.constantFrom(...FRAGMENTS), { minLength: 1, maxLength: 6 }));
  fc.assert(fc.property(fc.array(splice, { minLength: 1, maxLength: 4 }), (splices) => {
    let text = base;
    for (const [at, parts] of [...splices].sort((x, y) => y[0] - x[0])) text = text.slice(0, at) + parts.join(' ') + text.slice(at);
    check(text, 'spliced example');
  }), { numRuns: 1000, seed: 7, endOnFailure: true });
});

test('fuzz: structured random designs (valid grammar, random references and values)', () => {
  const name = fc.constantFrom('a', 'b', 'c', 'db', 'q', 'st', 'eu', 'x', 'service', 'table');
  const kind = fc.constantFrom('client', 'dns', 'cdn', 'loadbalancer', 'gateway', 'proxy', 'service', 'worker', 'cache', 'database', 'blob', 'queue', 'stream', 'pubsub', 'orchestrator', 'job', 'region', 'group', 'servce');
  const value = fc.constantFrom('0', '1', '2', '1.5', '20k', '1B', '500B', '2MiB', '70%', '101%', '10ms', '0s', '1m', '10/day', '20k/s', '2MB/s', 'true', 'maybe', 'exp(10ms)', 'normal(1ms, 2ms)', 'hash(user_id)', '[a, b: blob]', '4..64', '64..4', 'a.x = b.y', '"s"', 'AP', 'round_robin', 'a');
  const prop = fc.tuple(fc.constantFrom('instances', 'cores', 'service_time', 'hit_ratio', 'ttl', 'rate', 'origin', 'algorithm', 'columns', 'shards', 'model', 'dau', 'bogus'), value).map(([k, v]) => `${k}: ${v}`);
  const block = fc.tuple(fc.constantFrom('autoscale', 'replication', 'sharding', 'quorum', 'workload', 'frob'), fc.array(prop, { maxLength: 3 })).map(([b, ps]) => `${b} { ${ps.join('  ')} }`);
  const component = fc.tuple(kind, name, fc.array(fc.oneof(prop, block), { maxLength: 4 })).map(([k, n, items]) => `${k} ${n} {\n    ${items.join('\n    ')}\n  }`);
  const connection = fc.tuple(fc.array(name, { minLength: 2, maxLength: 4 }), fc.constantFrom('', ' (async)', ' (weight: 2, on: read)', ' (group: g)', ' : "x"')).map(([refs, tail]) => refs.join(' -> ') + tail);
  const event = fc.tuple(fc.constantFrom('1m', '10s', '2h'), fc.constantFrom('stop', 'start', 'partition', 'heal', 'halt'), fc.constantFrom('a', 'a[2]', 'db.primary', 'db.replica[1]', 'eu', 'zz')).map(([t, act, target]) => `at ${t}: ${act} ${target}`);
  const scenario = fc.array(event, { maxLength: 4 }).map((events) => `scenario sc {\n    ${events.join('\n    ')}\n  }`);
  const design = fc.array(fc.oneof({ weight: 4, arbitrary: component }, { weight: 3, arbitrary: connection }, { weight: 1, arbitrary: scenario }, { weight: 1, arbitrary: prop }), { maxLength: 12 })
    .map((items) => `system s {\n  ${items.join('\n  ')}\n}\n`);
  fc.assert(fc.property(design, (text) => {
    check(text, 'structured design');
  }), { numRuns: 1500, seed: 11, endOnFailure: true });
});

test('fuzz: every line ending (LF, CRLF, CR) gives the same diagnostics at the same line/character', () => {
  for (const seed of SEEDS) {
    const lf = seed.text.replace(/\r\n?/g, '\n');
    const positions = (a: Analysis) => a.diagnostics.map((d) => `${d.rule} ${JSON.stringify(a.lines.range(d.span))}`);
    const expected = positions(check(lf, `${seed.name} LF`));
    for (const [eol, label] of [['\r\n', 'CRLF'], ['\r', 'CR']] as const) {
      const a = check(lf.replace(/\n/g, eol), `${seed.name} ${label}`);
      assert.deepEqual(positions(a), expected, `${seed.name} with ${label}`);
    }
    // Mixed endings.
    let i = 0;
    check(lf.replace(/\n/g, () => ['\n', '\r\n', '\r'][i++ % 3]), `${seed.name} mixed line endings`);
  }
});

test('fuzz: lone surrogates, NUL bytes, BOM and other odd code units anywhere', () => {
  const rng = new Prng(99);
  const odd = ['\ud800', '\udbff', '\udc00', '\udfff', '\u0000', '\ufeff', '\uffff', '\ufffe', '\u2028', '\u2029', '\u0085', '\u000b', '\u000c'];
  for (let n = 0; n < 300; n++) {
    let text = n % 10 === 0 ? SEEDS[(n / 10) % SEEDS.length].text : window(rng);
    for (let k = 0; k < 1 + rng.below(5); k++) {
      const at = rng.below(text.length + 1);
      text = text.slice(0, at) + rng.pick(odd) + text.slice(at);
    }
    check(text, `odd code units #${n}`);
  }
  check('\ud800'.repeat(1000), 'only lone surrogates');
  check('\u0000'.repeat(10_000), 'only NUL');
  check('system s {\u0000service a\u0000}\u0000', 'NUL separators');
  check('system s "\ud800" { service \udc00a }', 'surrogates in a string and a name');
  // A surrogate pair cut in half by a truncation.
  const emoji = 'system s "🚀🚀🚀" { service a }';
  for (let cut = 0; cut <= emoji.length; cut++) check(emoji.slice(0, cut), `emoji cut at ${cut}`);
});

test('fuzz: nesting 10,000 deep: { ( [ and region r {', () => {
  const D = 10_000;
  const cases: [string, string][] = [
    ['{ x10k', '{'.repeat(D)],
    ['{ x10k closed', '{'.repeat(D) + '}'.repeat(D)],
    ['system + { x10k', 'system s ' + '{'.repeat(D) + '}'.repeat(D)],
    ['( x10k in a value', 'system s { x: ' + '('.repeat(D) + ' }'],
    ['f( x10k closed', 'system s { x: ' + 'f('.repeat(D) + '1' + ')'.repeat(D) + ' }'],
    ['[ x10k in a value', 'system s { columns: ' + '['.repeat(D) + ' }'],
    ['[ x10k closed', 'system s { x: ' + '['.repeat(D) + ']'.repeat(D) + ' }'],
    ['({[ mixed', 'system s { x: ' + '({['.repeat(D / 2) + ' }'],
    ['map { x10k', 'system s { x: ' + '{ y: '.repeat(D) + '}'.repeat(D) + ' }'],
    ['region x10k open', 'system s { ' + 'region r { '.repeat(D)],
    ['region x10k closed', 'system s {\n' + 'region r {\n'.repeat(D) + 'service a\n' + '}\n'.repeat(D) + '}\n'],
    ['group/region alternating', 'system s { ' + Array.from({ length: D }, (_, i) => (i % 2 ? `group g${i} { ` : `region r${i} { `)).join('') + '}'.repeat(D + 1)],
    ['blocks x10k', 'system s { service a { ' + 'autoscale { '.repeat(D) + '}'.repeat(D) + ' } }'],
    ['connection attrs (( x10k', 'system s { a -> b ' + '('.repeat(D) + ' }'],
    ['deep then valid', 'system s { x: ' + '['.repeat(D) + ' }\nsystem t {\n  service a\n  service b\n  a -> b\n}\n'],
  ];
  for (const [label, text] of cases) check(text, `nesting: ${label}`);
  // What follows an over-deep part is still analysed.
  const a = check('system s { x: ' + '['.repeat(D) + ' }\nsystem t {\n  service a\n  service b\n  a -> b\n}\n', 'deep then valid (model)');
  assert.equal(a.systems.at(-1)?.edges.length, 1);
});

test('fuzz: megabyte lines (one identifier, string, number, comment) and long repetitions', () => {
  const cases: [string, string][] = [
    ['1 MB identifier', 'system s { service ' + 'a'.repeat(MB) + ' }'],
    ['1 MB identifier alone', 'x'.repeat(MB)],
    ['1 MB string', 'system s "' + 'x'.repeat(MB) + '" { }'],
    ['1 MB unterminated string', 'system s { service a "' + 'x'.repeat(MB)],
    ['1 MB of escapes', 'system s "' + '\\"'.repeat(MB / 2) + '" {}'],
    ['1 MB number', 'system s { service a { instances: ' + '9'.repeat(MB) + ' } }'],
    ['1 MB decimal', 'system s { service a { instances: 1.' + '5'.repeat(MB) + ' } }'],
    ['1 MB unit', 'system s { service a { timeout: 1' + 'm'.repeat(MB) + ' } }'],
    ['1 MB rate unit', 'system s { client a { rate: 1/' + 's'.repeat(MB) + ' } }'],
    ['1 MB line comment', 'system s { // ' + 'c'.repeat(MB) + '\n service a }'],
    ['1 MB unterminated block comment', 'system s { /* ' + 'c'.repeat(MB)],
    // Runs of characters no token reads are one Unreadable token each (the
    // lexer's own recovery tried every pattern at each offset: 1 s a megabyte).
    ['1 MB of one unknown character', '§'.repeat(MB)],
    ['1 MB of unknown characters in a system', 'system s {\n service a\n' + '$%&?'.repeat(MB / 4) + '\n service b\n a -> b\n}'],
    ['1 MB of dashes (not arrows)', '-'.repeat(MB)],
    ['1 MB of slashes and dashes', '/-'.repeat(MB / 2)],
    ['1 MB of control characters', '\u0001\u0002'.repeat(MB / 2)],
    ['1 MB of white space', ' '.repeat(MB)],
    ['1 MB of new lines', '\n'.repeat(MB)],
    ['64k stray closers', '}'.repeat(65_536)],
    ['64k stray closers in a system', 'system s {' + '}'.repeat(65_536)],
    ['20k-hop chain', 'system s { service a ' + 'a -> '.repeat(20_000) + 'a }'],
    ['20k dots', 'system s { x: a' + '.a'.repeat(20_000) + ' }'],
    ['5k systems', 'system s {}\n'.repeat(5_000)],
    ['5k duplicate names', 'system s {\n' + 'service a\n'.repeat(5_000) + '}'],
    ['5k unknown references', 'system s {\n' + Array.from({ length: 5_000 }, (_, i) => `a${i} -> b${i}`).join('\n') + '\n}'],
    // Did-you-mean compares each unknown name with every component: bounded per system.
    ['5k names, 2k distinct unknown names', 'system s {\n' + Array.from({ length: 5_000 }, (_, i) => `service svc_${i}`).join('\n') + '\n' + Array.from({ length: 2000 }, (_, i) => `svc_${i} -> svc_${i}x`).join('\n') + '\n}'],
    ['5k kinds without names (5k syntax errors)', 'system s { ' + 'service\n'.repeat(5_000) + '}'],
    ['50k kinds without names (analyze only)', 'system s { ' + 'service\n'.repeat(50_000) + '}'],
  ];
  for (const [label, text] of cases) check(text, label, { format: !label.includes('analyze only') });
});

// The formatter once looked up every syntax error against every item (15k
// errors took seconds); it now finds each error's items by binary search.
test('fuzz: the formatter on a file with 15k syntax errors', () => {
  check('system s { ' + 'service\n'.repeat(15_000) + '}', '15k kinds without names');
});

test('fuzz: totals', () => {
  assert.ok(stats.inputs >= 10_000, `only ${stats.inputs} inputs`);
  // Shown with --test-reporter=spec; useful when tuning the budget.
  console.log(`fuzz: ${stats.inputs} inputs; CPU time: analyze ${stats.analyzeMs.toFixed(0)} ms, format ${stats.formatMs.toFixed(0)} ms in total; slowest ${stats.slowest.label} ${stats.slowest.ms.toFixed(0)} ms`);
});

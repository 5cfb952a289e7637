// Checks the editor assets against the lexer: the TextMate grammar, the
// language configuration, the snippets and the bundled samples.
//
// VS Code runs the grammar with Oniguruma; these tests run it with a small
// TextMate-style tokenizer on JavaScript's RegExp (the grammar keeps to the
// regex features both engines share, and a test below holds it to that), so
// the scopes a user sees can be asserted without a native dependency.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  COMPONENT_KINDS, DECLARATION_KEYWORDS, EVENT_ACTIONS, EVENT_KEYWORD, sysdesignLexer,
} from '../src/syntax/tokens';
import { repoRoot } from './helpers/repo';

// ---- files -----------------------------------------------------------------

const readText = (rel: string): string => fs.readFileSync(path.join(repoRoot, rel), 'utf8');
const readJson = <T>(rel: string): T => JSON.parse(readText(rel)) as T;

// ---- the grammar's shape ---------------------------------------------------

interface Capture {
  name?: string;
  patterns?: Rule[];
}

interface Rule {
  name?: string;
  contentName?: string;
  comment?: string;
  match?: string;
  begin?: string;
  end?: string;
  while?: string;
  captures?: Record<string, Capture>;
  beginCaptures?: Record<string, Capture>;
  endCaptures?: Record<string, Capture>;
  patterns?: Rule[];
  include?: string;
  repository?: Record<string, Rule>;
}

interface Grammar {
  scopeName: string;
  patterns: Rule[];
  repository: Record<string, Rule>;
}

const grammar = readJson<Grammar>('syntaxes/sysdesign.tmLanguage.json');

interface RegexSite {
  where: string;
  source: string;
  rule: Rule;
}

/** Every regex in the grammar, with where it sits. */
function regexSites(): RegexSite[] {
  const out: RegexSite[] = [];
  const visit = (rule: Rule, where: string): void => {
    for (const key of ['match', 'begin', 'end', 'while'] as const) {
      const source = rule[key];
      if (source !== undefined) out.push({ where: `${where}.${key}`, source, rule });
    }
    rule.patterns?.forEach((r, i) => visit(r, `${where}.patterns[${i}]`));
    for (const key of ['captures', 'beginCaptures', 'endCaptures'] as const) {
      for (const [n, c] of Object.entries(rule[key] ?? {})) c.patterns?.forEach((r, i) => visit(r, `${where}.${key}[${n}].patterns[${i}]`));
    }
    for (const [name, r] of Object.entries(rule.repository ?? {})) visit(r, `${where}#${name}`);
  };
  grammar.patterns.forEach((r, i) => visit(r, `patterns[${i}]`));
  for (const [name, r] of Object.entries(grammar.repository)) visit(r, `#${name}`);
  return out;
}

/** Every scope name a rule assigns, its own and its captures'. */
function scopeNames(rule: Rule): string[] {
  const names = [rule.name, rule.contentName];
  for (const key of ['captures', 'beginCaptures', 'endCaptures'] as const) {
    for (const c of Object.values(rule[key] ?? {})) names.push(c.name);
  }
  return names.filter((n): n is string => n !== undefined);
}

// ---- a small TextMate tokenizer on JavaScript regexes ------------------------

const compiled = new Map<string, RegExp>();

/** Oniguruma's `^`/`$` are line anchors and lines are fed with their '\n', hence 'm'. */
function compile(source: string): RegExp {
  let re = compiled.get(source);
  if (!re) {
    re = new RegExp(source, 'dgm');
    compiled.set(source, re);
  }
  return re;
}

/** Flattens includes into the list of rules that actually match. */
function resolve(patterns: readonly Rule[], seen = new Set<Rule>()): Rule[] {
  const out: Rule[] = [];
  for (const rule of patterns) {
    if (rule.include !== undefined) {
      const target = rule.include === '$self' || rule.include === '$base'
        ? { patterns: grammar.patterns }
        : grammar.repository[rule.include.replace(/^#/, '')];
      assert.ok(target, `unknown include ${rule.include}`);
      if (seen.has(target)) continue;
      seen.add(target);
      out.push(...resolve([target], seen));
      seen.delete(target);
    } else if (rule.match !== undefined || rule.begin !== undefined) {
      out.push(rule);
    } else if (rule.patterns) {
      out.push(...resolve(rule.patterns, seen));
    }
  }
  return out;
}

interface Frame {
  rule: Rule;
  end: RegExp;
  /** Scopes of the begin and end matches. */
  outer: string[];
  /** Scopes of the text in between. */
  inner: string[];
  patterns: Rule[];
}

/** The scopes of every character of `text`, line by line. */
function tokenize(text: string): string[][][] {
  const top = resolve(grammar.patterns);
  const stack: Frame[] = [];
  const result: string[][][] = [];
  for (const line of text.split('\n')) {
    const src = `${line}\n`;
    const scopes: string[][] = [];
    const paint = (from: number, to: number, names: readonly string[]): void => {
      for (let i = from; i < Math.min(to, line.length); i++) scopes[i] = [...names];
    };
    const addCaptures = (m: RegExpExecArray, caps: Record<string, Capture> | undefined): void => {
      const indices = m.indices;
      if (!caps || !indices) return;
      for (const [n, cap] of Object.entries(caps).sort((a, b) => Number(a[0]) - Number(b[0]))) {
        const range = indices[Number(n)];
        if (!range || !cap.name) continue;
        for (let i = range[0]; i < Math.min(range[1], line.length); i++) scopes[i] = [...scopes[i], cap.name];
      }
    };
    let pos = 0;
    let stalled = 0;
    while (pos <= line.length) {
      const frame = stack[stack.length - 1];
      const base = frame ? frame.inner : [grammar.scopeName];
      let best: { m: RegExpExecArray; rule?: Rule } | undefined;
      if (frame) {
        frame.end.lastIndex = pos;
        const m = frame.end.exec(src);
        if (m) best = { m };
      }
      for (const rule of frame ? frame.patterns : top) {
        const re = compile((rule.match ?? rule.begin)!);
        re.lastIndex = pos;
        const m = re.exec(src);
        if (m && (!best || m.index < best.m.index)) best = { m, rule };
      }
      if (!best || best.m.index > line.length || (best.m.index === line.length && best.rule)) {
        paint(pos, line.length, base);
        break;
      }
      const { m, rule } = best;
      const start = m.index;
      const end = start + m[0].length;
      paint(pos, start, base);
      if (!rule) {
        // The end of the innermost begin/end rule.
        paint(start, end, frame!.outer);
        addCaptures(m, frame!.rule.endCaptures ?? frame!.rule.captures);
        stack.pop();
      } else if (rule.match !== undefined) {
        paint(start, end, rule.name ? [...base, rule.name] : base);
        addCaptures(m, rule.captures);
      } else {
        const outer = rule.name ? [...base, rule.name] : base;
        paint(start, end, outer);
        addCaptures(m, rule.beginCaptures ?? rule.captures);
        stack.push({
          rule,
          end: compile(rule.end!),
          outer,
          inner: rule.contentName ? [...outer, rule.contentName] : outer,
          patterns: resolve(rule.patterns ?? []),
        });
      }
      if (end > pos) {
        pos = end;
        stalled = 0;
      } else if (++stalled > 3) {
        // Zero-width matches that make no progress: move on one character.
        paint(pos, pos + 1, base);
        pos++;
        stalled = 0;
      }
    }
    result.push(scopes);
  }
  return result;
}

/**
 * The scopes of the `nth` occurrence of `needle` in `text`. Every character of
 * the needle must carry the same scopes (one token), which is returned.
 */
function scopesOf(text: string, needle: string, nth = 0): string[] {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    assert.ok(at >= 0, `'${needle}' (#${nth}) not found in:\n${text}`);
  }
  const lineNo = text.slice(0, at).split('\n').length - 1;
  const col = at - (text.lastIndexOf('\n', at - 1) + 1);
  const line = tokenize(text)[lineNo];
  const first = line[col];
  for (let i = 1; i < needle.length; i++) {
    assert.deepEqual(line[col + i], first, `'${needle}' is split into several tokens in: ${text.split('\n')[lineNo]}`);
  }
  return first;
}

function assertScope(text: string, needle: string, expected: string, nth = 0): void {
  const scopes = scopesOf(text, needle, nth);
  assert.ok(scopes.some((s) => s === expected || s.startsWith(`${expected}.`)), `'${needle}' in «${text}» has [${scopes.join(', ')}], expected ${expected}`);
}

function assertNoScope(text: string, needle: string, unexpected: string, nth = 0): void {
  const scopes = scopesOf(text, needle, nth);
  assert.ok(!scopes.some((s) => s === unexpected || s.startsWith(`${unexpected}.`)), `'${needle}' in «${text}» has [${scopes.join(', ')}], must not be ${unexpected}`);
}

// ---- regex portability -----------------------------------------------------

/** Oniguruma syntax that JavaScript lacks or reads differently. */
const NON_PORTABLE: { pattern: RegExp; what: string }[] = [
  { pattern: /\\[GAzZhHK]/, what: 'an Oniguruma-only escape (\\G \\A \\z \\Z \\h \\H \\K)' },
  { pattern: /\(\?>/, what: 'an atomic group' },
  { pattern: /\(\?[imxsW-]+[):]/, what: 'inline flags' },
  { pattern: /[*+?}][+]/, what: 'a possessive quantifier' },
  { pattern: /\\p\{\^/, what: 'a negated property \\p{^…}' },
  { pattern: /\[\[:/, what: 'a POSIX bracket [[:alpha:]]' },
  { pattern: /\\[1-9]/, what: 'a backreference (in an end pattern it would refer to the begin match in TextMate)' },
];

/** The bodies of lookbehind groups, which Oniguruma requires to be of fixed length. */
function lookbehinds(source: string): string[] {
  const out: string[] = [];
  for (let i = source.indexOf('(?<'); i >= 0; i = source.indexOf('(?<', i + 1)) {
    if (source[i + 3] !== '=' && source[i + 3] !== '!') continue;
    if (i > 0 && source[i - 1] === '\\') continue;
    let depth = 0;
    let inClass = false;
    for (let j = i; j < source.length; j++) {
      const ch = source[j];
      if (ch === '\\') {
        j++;
        continue;
      }
      if (inClass) {
        if (ch === ']') inClass = false;
        continue;
      }
      if (ch === '[') inClass = true;
      else if (ch === '(') depth++;
      else if (ch === ')' && --depth === 0) {
        out.push(source.slice(i + 4, j));
        break;
      }
    }
  }
  return out;
}

function hasQuantifier(body: string): boolean {
  // Escapes and character classes cannot hold quantifiers; group openers `(?` are not quantifiers.
  const stripped = body.replace(/\\./g, 'e').replace(/\[[^\]]*\]/g, 'c').replace(/\(\?[:=!]|\(\?<[=!]/g, '(');
  return /[*+?{]/.test(stripped);
}

// ---- tests -------------------------------------------------------------------

describe('TextMate grammar', () => {
  test('is a grammar for source.sysdesign with every include resolvable', () => {
    assert.equal(grammar.scopeName, 'source.sysdesign');
    assert.ok(grammar.patterns.length > 0);
    // resolve() asserts that every include names a repository entry.
    resolve(grammar.patterns);
    for (const rule of Object.values(grammar.repository)) resolve([rule]);
  });

  test('every regex compiles under JavaScript RegExp', () => {
    const sites = regexSites();
    assert.ok(sites.length > 20, 'the grammar should have its patterns');
    for (const site of sites) {
      assert.doesNotThrow(() => new RegExp(site.source, 'dgm'), `${site.where}: ${site.source}`);
    }
  });

  test('every regex keeps to what Oniguruma and JavaScript both support', () => {
    for (const site of regexSites()) {
      for (const { pattern, what } of NON_PORTABLE) {
        assert.ok(!pattern.test(site.source), `${site.where} uses ${what}: ${site.source}`);
      }
      for (const body of lookbehinds(site.source)) {
        assert.ok(!hasQuantifier(body), `${site.where}: Oniguruma needs fixed-length lookbehind, got (?<…${body}) in ${site.source}`);
      }
    }
  });

  test('every keyword the lexer defines appears in the grammar\'s keyword patterns', () => {
    const words = new Set<string>();
    for (const site of regexSites()) {
      const keywordScoped = scopeNames(site.rule).some((n) => n.startsWith('keyword.') && !n.startsWith('keyword.operator.') && !n.startsWith('keyword.other.unit.'));
      if (!keywordScoped) continue;
      for (const word of site.source.replace(/\\./g, ' ').match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []) words.add(word);
    }
    const lexerWords = [...COMPONENT_KINDS, ...DECLARATION_KEYWORDS, EVENT_KEYWORD, ...EVENT_ACTIONS];
    const missing = lexerWords.filter((w) => !words.has(w));
    assert.deepEqual(missing, [], `keywords missing from the grammar: ${missing.join(', ')}`);
  });

  test('the component-kind alternation is exactly the lexer\'s COMPONENT_KINDS', () => {
    const rule = grammar.repository['component-declaration'];
    assert.ok(rule?.match, 'repository entry component-declaration');
    const alternation = /\(((?:[a-z_]+\|)+[a-z_]+)\)/.exec(rule.match);
    assert.ok(alternation, 'the kinds are one (a|b|…) group');
    assert.deepEqual(alternation[1].split('|').sort(), [...COMPONENT_KINDS].sort());
  });

  test('a kind followed by a name is a keyword, and the name an entity', () => {
    for (const kind of COMPONENT_KINDS) {
      const text = `system s {\n  ${kind} my_${kind}: tech "Title" {\n  }\n}`;
      assertScope(text, kind, 'keyword.other.component');
      assertScope(text, `my_${kind}`, 'entity.name.type.component');
      assertScope(text, 'tech', 'support.class.technology');
      assertScope(text, 'Title', 'string.quoted.double');
    }
  });

  test('keywords are contextual: a kind word as a property, column, ref or attribute is not a keyword', () => {
    for (const kind of COMPONENT_KINDS) {
      const asProperty = `  x { ${kind}: 10m }`;
      assertScope(asProperty, kind, 'support.type.property-name');
      assertNoScope(asProperty, kind, 'keyword');
      const asColumn = `    table t { columns: [id, ${kind}, name]  shard_key: ${kind} }`;
      assertNoScope(asColumn, kind, 'keyword', 0);
      assertNoScope(asColumn, kind, 'keyword', 1);
      const asRef = `  a -> ${kind}`;
      assertScope(asRef, kind, 'variable.other.component');
      const asSource = `  ${kind} -> b`;
      assertScope(asSource, kind, 'variable.other.component');
    }
    assertScope('  uploads -> thumbnailer (group: thumbnails)', 'group', 'support.type.property-name');
    assertScope('  posts -> uploads : "photo.uploaded"', 'uploads', 'variable.other.component');
    assertNoScope('  posts -> uploads : "photo.uploaded"', 'uploads', 'support.type.property-name');
    assertScope('  stop: 5', 'stop', 'support.type.property-name');
    assertNoScope('  columns: [at, start]', 'at', 'keyword');
    assertNoScope('  columns: [at, start]', 'start', 'keyword');
    assertNoScope('  system: 1', 'system', 'keyword');
    assertNoScope('  query: 1', 'query', 'keyword');
  });

  test('system, query, scenario and table open declarations', () => {
    const text = [
      'system shop "Shop" {',
      '  database db {',
      '    table orders { columns: [id] }',
      '  }',
      '  query recent_orders { from: orders }',
      '  scenario peak { load: 3x }',
      '}',
    ].join('\n');
    assertScope(text, 'system', 'keyword.other.system');
    assertScope(text, 'shop', 'entity.name.namespace');
    assertScope(text, 'table', 'keyword.other.table');
    assertScope(text, 'orders', 'entity.name.type.table');
    assertScope(text, 'query', 'keyword.other.query');
    assertScope(text, 'recent_orders', 'entity.name.function.query');
    assertScope(text, 'scenario', 'keyword.other.scenario');
    assertScope(text, 'peak', 'entity.name.function.scenario');
    assertScope('system "Photo share" {', 'system', 'keyword.other.system');
    assertScope('system {', 'system', 'keyword.other.system');
  });

  test('view opens a declaration; a property called view does not', () => {
    const text = '  view checkout "Checkout path" { include: [lb, orders] }';
    assertScope(text, 'view', 'keyword.other.view');
    assertScope(text, 'checkout', 'entity.name.function.view');
    assertNoScope('  view: 1', 'view', 'keyword');
  });

  test('scenario events: `at` and the actions are keywords in an event', () => {
    for (const action of EVENT_ACTIONS) {
      const text = `    ${EVENT_KEYWORD} 2m: ${action} content.primary   // comment`;
      assertScope(text, EVENT_KEYWORD, 'keyword.control.at');
      assertScope(text, action, 'keyword.control.action');
      assertScope(text, 'content', 'variable.other.component');
      assertScope(text, '2', 'constant.numeric.quantity');
      assertScope(text, 'm', 'keyword.other.unit');
      assertScope(text, ' comment', 'comment.line.double-slash');
    }
    const instance = '  at 90s: stop posts[2]';
    assertScope(instance, 'posts', 'variable.other.component');
    assertScope(instance, '2', 'constant.numeric');
    assertScope(instance, ']', 'meta.event');
    const twoOnALine = '  at 1m: stop a  at 2m: start a';
    assertScope(twoOnALine, 'start', 'keyword.control.action');
    assertScope(twoOnALine, 'at', 'keyword.control.at', 1);
  });

  test('properties, blocks, enum values, functions, flags and operators', () => {
    const line = '  service posts { instances: 4  service_time: exp(800ms)  autoscale { min: 4  max: 40 } }';
    assertScope(line, 'instances', 'support.type.property-name');
    assertScope(line, 'service_time', 'support.type.property-name');
    assertScope(line, 'exp', 'support.function.builtin');
    assertScope(line, 'autoscale', 'storage.type.block');
    assertScope(line, '{', 'punctuation.section.block.begin');
    assertScope('  cap: AP', 'AP', 'constant.language');
    assertScope('  replication { mode: primary_replica  replicas: 2  read_from: replicas }', 'replicas', 'support.type.property-name');
    assertScope('  replication { mode: primary_replica  replicas: 2  read_from: replicas }', 'replicas', 'constant.language', 1);
    assertScope('  replication { mode: primary_replica  replicas: 2  read_from: replicas }', 'primary_replica', 'constant.language');
    assertScope('  algorithm: hash(user_id)', 'hash', 'support.function.builtin');
    assertScope('  strategy: hash', 'hash', 'constant.language');
    assertScope('  algorithm: round_robin', 'round_robin', 'constant.language');
    assertScope('  health_check: true', 'true', 'constant.language.boolean');
    assertScope('  key: user_id', 'user_id', 'variable.other');
    assertScope('  stateful', 'stateful', 'storage.modifier.flag');
    assertScope('  api -> orders (async, path: "/orders")', 'async', 'storage.modifier.flag');
    assertScope('  app -> lb -> api', 'app', 'variable.other.component');
    assertScope('  app -> lb -> api', '->', 'keyword.operator.arrow');
    assertScope('  app -> lb -> api', 'api', 'variable.other.component');
    assertScope('  join: posts.user_id = users.user_id', '=', 'keyword.operator.equals');
    assertScope('  join: posts.user_id = users.user_id', 'user_id', 'variable.other.member');
    assertScope('  shards: 4..64', '..', 'keyword.operator.range');
    assertScope('  shards: 4..64', '64', 'constant.numeric');
  });

  test('numbers, quantities and rates with their units', () => {
    for (const [text, unit] of [['10ms', 'ms'], ['2MB', 'MB'], ['70%', '%'], ['3x', 'x'], ['100M', 'M'], ['1.5GiB', 'GiB'], ['20k', 'k'], ['500B', 'B'], ['30s', 's']] as const) {
      const line = `  v: ${text}`;
      assertScope(line, text.slice(0, text.length - unit.length), 'constant.numeric.quantity');
      assertScope(line, unit, 'keyword.other.unit', line.indexOf(unit) === line.indexOf(text) + text.length - unit.length ? 0 : 1);
    }
    for (const rate of ['20k/s', '10/day', '100/s', '2MB/s', '5/min', '1.5k/h']) {
      assertScope(`  rate: ${rate}`, '/', 'constant.numeric.rate');
      assertScope(`  rate: ${rate}`, '/', 'keyword.operator.per');
    }
    assertScope('  instances: 12', '12', 'constant.numeric');
    assertScope('  ttl: 10mins', 'mins', 'invalid.illegal.unit');
    assertScope('  rate: 5/week', 'week', 'invalid.illegal.unit');
    assertNoScope('  rate: 5/s', 's', 'invalid', 0);
  });

  test('comments and strings', () => {
    assertScope('  // a comment with service posts {', 'service', 'comment.line.double-slash');
    assertNoScope('  // a comment with service posts {', 'service', 'keyword');
    const block = 'a /* one\n  service x {\n  */ b';
    assertScope(block, 'service', 'comment.block');
    assertScope(block, 'b', 'variable.other');
    assertScope('  // sysdesign-disable-next-line single-point-of-failure', 'sysdesign-disable-next-line', 'keyword.other.directive');
    assertScope('  // sysdesign-disable-next-line single-point-of-failure', 'single-point-of-failure', 'constant.other.rule-id');
    const s = '  label: "say \\"hi\\" \\\\ \\n and \\q service x" cap: AP';
    assertScope(s, '\\"', 'constant.character.escape');
    assertScope(s, '\\\\', 'constant.character.escape');
    assertScope(s, '\\n', 'constant.character.escape');
    assertScope(s, '\\q', 'invalid.illegal.unknown-escape');
    assertScope(s, 'service', 'string.quoted.double');
    assertScope(s, 'AP', 'constant.language');
    // A string ends at the end of its line, as in the lexer.
    assertScope('  title: "unterminated\n  cap: CP', 'cap', 'support.type.property-name');
  });

  test('the samples tokenize without invalid scopes and with every keyword recognised', () => {
    for (const file of sampleFiles()) {
      const text = readText(path.join('samples', file));
      const lines = tokenize(text);
      lines.forEach((line, i) => {
        line.forEach((scopes, col) => {
          assert.ok(!scopes.some((s) => s.startsWith('invalid.')), `${file}:${i + 1}:${col + 1} is marked invalid: ${scopes.join(' ')}`);
        });
      });
      // Every lexer keyword token that starts a declaration is coloured as a keyword.
      const source = text.split('\n');
      for (const t of sysdesignLexer.tokenize(text).tokens) {
        if (t.tokenType.name !== 'KindKw') continue;
        const next = text.slice(t.startOffset + t.image.length);
        if (!/^[ \t]+[A-Za-z_]/.test(next)) continue;
        const lineNo = text.slice(0, t.startOffset).split('\n').length - 1;
        const col = t.startOffset - (text.lastIndexOf('\n', t.startOffset - 1) + 1);
        const scopes = lines[lineNo][col];
        if (scopes.some((s) => s.startsWith('comment.') || s.startsWith('string.'))) continue;
        assert.ok(scopes.some((s) => s.startsWith('keyword.other.component')), `${file}:${lineNo + 1}: '${t.image}' in «${source[lineNo]}» is [${scopes.join(', ')}]`);
      }
    }
  });
});

// ---- language configuration ------------------------------------------------------

interface LanguageConfiguration {
  comments: { lineComment: string; blockComment: [string, string] };
  brackets: [string, string][];
  autoClosingPairs: { open: string; close: string; notIn?: string[] }[];
  surroundingPairs: [string, string][];
  folding: { markers: { start: string; end: string } };
  wordPattern: string;
  indentationRules: { increaseIndentPattern: string; decreaseIndentPattern: string };
  onEnterRules: { beforeText: string; afterText?: string; previousLineText?: string; action: { indent: string; appendText?: string } }[];
}

describe('language configuration', () => {
  const config = readJson<LanguageConfiguration>('language-configuration.json');

  test('comments, brackets and pairs', () => {
    assert.deepEqual(config.comments, { lineComment: '//', blockComment: ['/*', '*/'] });
    assert.deepEqual(config.brackets, [['{', '}'], ['[', ']'], ['(', ')']]);
    const quote = config.autoClosingPairs.find((p) => p.open === '"');
    assert.ok(quote && quote.close === '"' && quote.notIn?.includes('string'));
    for (const [open, close] of [['{', '}'], ['[', ']'], ['(', ')'], ['"', '"']]) {
      assert.ok(config.surroundingPairs.some(([a, b]) => a === open && b === close), `surrounding pair ${open}${close}`);
    }
  });

  test('folding markers, indentation rules and the word pattern', () => {
    const start = new RegExp(config.folding.markers.start);
    const end = new RegExp(config.folding.markers.end);
    assert.ok(start.test('  // #region Storage') && !start.test('  // #endregion'));
    assert.ok(end.test('  // #endregion') && !end.test('  // #region'));

    const increase = new RegExp(config.indentationRules.increaseIndentPattern);
    const decrease = new RegExp(config.indentationRules.decreaseIndentPattern);
    for (const line of ['system shop "Shop" {', '  service posts {  // the API', '  replication {', '  columns: [']) assert.ok(increase.test(line), line);
    for (const line of ['  service posts { instances: 2 }', '  // a comment {', '  name: "a {"']) assert.ok(!increase.test(line), line);
    for (const line of ['}', '  }', '  ]']) assert.ok(decrease.test(line), line);
    assert.ok(!decrease.test('  service posts {'));

    const word = new RegExp(config.wordPattern, 'g');
    const words = '  rate: 20k/s  service_time: 10ms  hit_ratio: 95%  shards: 4..64  join: posts.user_id'.match(word);
    assert.deepEqual(words, ['rate', '20k/s', 'service_time', '10ms', 'hit_ratio', '95%', 'shards', '4', '64', 'join', 'posts', 'user_id']);
  });

  test('onEnterRules compile, continue a line comment only inside its text and block comments with *', () => {
    assert.ok(config.onEnterRules.length > 0);
    for (const rule of config.onEnterRules) {
      for (const source of [rule.beforeText, rule.afterText, rule.previousLineText]) if (source !== undefined) assert.doesNotThrow(() => new RegExp(source));
    }
    const applies = (before: string, after: string) => config.onEnterRules.find((r) => new RegExp(r.beforeText).test(before) && (r.afterText === undefined || new RegExp(r.afterText).test(after)));
    assert.equal(applies('  // split this', ' comment')?.action.appendText, '// ');
    assert.equal(applies('  // at the end of a comment', ''), undefined, 'Enter at the end of a // comment starts a plain line');
    assert.equal(applies('  /*', '')?.action.appendText, ' * ');
    assert.equal(applies('   * more', '')?.action.appendText, '* ');
  });
});

// ---- snippets ---------------------------------------------------------------------

interface Snippet {
  prefix: string | string[];
  body: string | string[];
  description: string;
}

/** Expands a snippet body the way VS Code does when every placeholder keeps its default. */
function expandSnippet(body: string): string {
  const defaults = new Map<string, string>();
  const expand = (text: string): string => {
    let out = '';
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if (ch === '\\' && i + 1 < text.length && '$}\\,|'.includes(text[i + 1])) {
        out += text[++i];
        continue;
      }
      if (ch !== '$') {
        out += ch;
        continue;
      }
      const simple = /^\$(\d+)/.exec(text.slice(i));
      if (simple) {
        out += defaults.get(simple[1]) ?? '';
        i += simple[0].length - 1;
        continue;
      }
      if (text[i + 1] !== '{') {
        out += ch;
        continue;
      }
      // ${n}, ${n:default} (default may nest placeholders), ${n|a,b|}
      let depth = 0;
      let j = i + 1;
      for (; j < text.length; j++) {
        if (text[j] === '\\') j++;
        else if (text[j] === '{') depth++;
        else if (text[j] === '}' && --depth === 0) break;
      }
      const inner = text.slice(i + 2, j);
      const m = /^(\d+)(?::([\s\S]*)|\|([\s\S]*)\|)?$/.exec(inner);
      assert.ok(m, `unsupported placeholder \${${inner}} in snippet`);
      const [, n, def, choices] = m;
      let value: string;
      if (def !== undefined) value = expand(def);
      else if (choices !== undefined) value = choices.split(/(?<!\\),/)[0].replace(/\\(.)/g, '$1');
      else value = defaults.get(n) ?? '';
      if (!defaults.has(n)) defaults.set(n, value);
      out += value;
      i = j;
    }
    return out;
  };
  return expand(body);
}

describe('snippets', () => {
  const snippets = readJson<Record<string, Snippet>>('snippets/sysdesign.code-snippets');
  const prefixes = (s: Snippet): string[] => (Array.isArray(s.prefix) ? s.prefix : [s.prefix]);
  const bodyOf = (s: Snippet): string => (Array.isArray(s.body) ? s.body.join('\n') : s.body);

  test('every snippet has a prefix, a body and a description', () => {
    assert.ok(Object.keys(snippets).length > 0);
    for (const [name, s] of Object.entries(snippets)) {
      assert.ok(prefixes(s).length > 0 && prefixes(s).every((p) => p.length > 0), `${name}: prefix`);
      assert.ok(bodyOf(s).trim().length > 0, `${name}: body`);
      assert.ok(typeof s.description === 'string' && s.description.length > 10, `${name}: description`);
    }
  });

  test('the prefixes cover every component kind and the common blocks', () => {
    const all = new Set(Object.values(snippets).flatMap(prefixes));
    const wanted = [...COMPONENT_KINDS, 'system', 'workload', 'autoscale', 'replication', 'sharding', 'table', 'query', 'scenario', 'connection'];
    const missing = wanted.filter((w) => !all.has(w));
    assert.deepEqual(missing, [], `no snippet for: ${missing.join(', ')}`);
  });

  test('a kind snippet declares that kind', () => {
    for (const s of Object.values(snippets)) {
      for (const prefix of prefixes(s)) {
        if (!(COMPONENT_KINDS as readonly string[]).includes(prefix)) continue;
        assert.match(expandSnippet(bodyOf(s)), new RegExp(`^${prefix}\\s+[A-Za-z_]`), `snippet '${prefix}'`);
      }
    }
  });

  test('placeholder expansion handles defaults, mirrors and choices', () => {
    assert.equal(expandSnippet('service ${1:api} { x: ${2|a,b|} } $1 -> ${3:db}$0'), 'service api { x: a } api -> db');
    assert.equal(expandSnippet('${1:outer ${2:inner}} $2'), 'outer inner inner');
  });

  test('every body, with its placeholders filled in, lexes without errors', () => {
    for (const [name, s] of Object.entries(snippets)) {
      const text = expandSnippet(bodyOf(s));
      assert.ok(!text.includes('$'), `${name}: unexpanded placeholder in ${text}`);
      const { errors } = sysdesignLexer.tokenize(text);
      assert.deepEqual(errors.map((e) => e.message), [], `${name}:\n${text}`);
    }
  });
});

// ---- samples ------------------------------------------------------------------------

function sampleFiles(): string[] {
  return fs.readdirSync(path.join(repoRoot, 'samples')).filter((f) => f.endsWith('.sysdesign')).sort();
}

describe('samples', () => {
  test('there are at least six samples and each lexes without errors', () => {
    const files = sampleFiles();
    assert.ok(files.length >= 6, `samples: ${files.join(', ')}`);
    for (const file of files) {
      const { errors } = sysdesignLexer.tokenize(readText(path.join('samples', file)));
      assert.deepEqual(errors.map((e) => `${e.line ?? '?'}: ${e.message}`), [], file);
    }
  });
});

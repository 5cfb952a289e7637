// Lexical rules: comments, identifiers, strings and their
// escapes, numbers with magnitudes, quantities with every unit, rates with
// every per-unit, punctuation, contextual keywords.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from '../../src/syntax';
import { AstBuilder } from '../../src/syntax/build-ast';
import { sysdesignLexer } from '../../src/syntax/tokens';
import { UNITS, RATE_PER } from '../../src/schema/units';

function lex(text: string): { types: string[]; images: string[]; errors: number } {
  const r = sysdesignLexer.tokenize(text);
  return { types: r.tokens.map((t) => t.tokenType.name), images: r.tokens.map((t) => t.image), errors: r.errors.length };
}

test('punctuation tokens, longest match first (-> before -, .. before .)', () => {
  const r = lex('{ } ( ) [ ] : , . = -> ..');
  assert.deepEqual(r.types, ['LCurly', 'RCurly', 'LParen', 'RParen', 'LBracket', 'RBracket', 'Colon', 'Comma', 'Dot', 'Equals', 'Arrow', 'DotDot']);
  assert.equal(r.errors, 0);
  assert.deepEqual(lex('a->b').types, ['Identifier', 'Arrow', 'Identifier']);
  assert.deepEqual(lex('a.b.c').types, ['Identifier', 'Dot', 'Identifier', 'Dot', 'Identifier']);
});

test('identifiers: [A-Za-z_][A-Za-z0-9_]*, case-sensitive; keywords only as whole words', () => {
  assert.deepEqual(lex('posts user_id _x X9').types, ['Identifier', 'Identifier', 'Identifier', 'Identifier']);
  // A keyword prefix of a longer word stays an identifier (longer_alt).
  assert.deepEqual(lex('services systematic queryx atlas tables').types, ['Identifier', 'Identifier', 'Identifier', 'Identifier', 'Identifier']);
  assert.deepEqual(lex('service system query scenario table at Service').types, ['KindKw', 'SystemKw', 'QueryKw', 'ScenarioKw', 'TableKw', 'AtKw', 'Identifier']);
  // Every kind word is a keyword token, longest first (`service` is not `service` cut short, `group` not `g`...).
  const kinds = 'client dns cdn loadbalancer gateway proxy service worker cache database blob queue stream pubsub orchestrator job region group';
  const r = lex(kinds);
  assert.ok(r.types.every((t) => t === 'KindKw'), r.types.join());
  assert.deepEqual(r.images, kinds.split(' '));
});

test('comments: // to end of line and /* */ (not nested), kept in the AST', () => {
  const text = 'system s { // one\n  /* two\n three */ service a /* x */ }\n// last';
  const { ast } = parse(text);
  assert.deepEqual(ast.errors, []);
  assert.deepEqual(ast.comments.map((c) => [c.text, c.block]), [['// one', false], ['/* two\n three */', true], ['/* x */', true], ['// last', false]]);
  for (const c of ast.comments) assert.equal(text.slice(c.span.start, c.span.end), c.text);
  assert.equal(ast.systems[0].items.length, 1);
  // Block comments do not nest: the first */ ends the comment.
  const nested = parse('system s { /* a /* b */ service x }');
  assert.deepEqual(nested.ast.errors, []);
  assert.equal(nested.ast.comments[0].text, '/* a /* b */');
  // `//` inside a string is not a comment.
  const inString = parse('system s "a // b" { }');
  assert.equal(inString.ast.comments.length, 0);
  assert.equal(inString.ast.systems[0].title?.value, 'a // b');
});

test('strings: double quotes, each escape, one line', () => {
  const builder = new AstBuilder('');
  const str = (src: string) => {
    const t = sysdesignLexer.tokenize(src).tokens[0];
    return builder.string(t);
  };
  assert.equal(str('"plain"').value, 'plain');
  assert.equal(str('"say \\"hi\\""').value, 'say "hi"');
  assert.equal(str('"back\\\\slash"').value, 'back\\slash');
  assert.equal(str('"two\\nlines"').value, 'two\nlines');
  assert.equal(str('""').value, '');
  assert.equal(str('"é ü 日本 🚀"').value, 'é ü 日本 🚀');
  assert.deepEqual(builder.errors, []);
  // An unknown escape is reported on exactly the two characters.
  const { ast } = parse('system s "a\\tb" {}');
  assert.equal(ast.errors.length, 1);
  assert.match(ast.errors[0].message, /Unknown escape '\\t'/);
  assert.deepEqual(ast.errors[0].span, { start: 11, end: 13 });
  assert.equal(ast.systems[0].title?.value, 'atb');
  // A string does not run over a line end.
  const r = lex('"abc\n"');
  assert.deepEqual(r.types, ['UnterminatedString', 'UnterminatedString']);
});

test('numbers: integers, decimals, magnitudes k M B', () => {
  const { ast } = parse('system s { workload { a: 123 b: 1.5 c: 20k d: 100M e: 1B f: 2.5k } }');
  const block = ast.systems[0].items[0];
  assert.equal(block.type, 'block');
  const values = (block.type === 'block' ? block.items : []).map((i) => (i.type === 'property' ? i.value : undefined));
  assert.deepEqual(values.map((v) => v?.type), ['number', 'number', 'quantity', 'quantity', 'quantity', 'quantity']);
  assert.deepEqual(values.map((v) => (v?.type === 'number' ? v.value : v?.type === 'quantity' ? [v.number, v.suffix] : undefined)), [123, 1.5, [20, 'k'], [100, 'M'], [1, 'B'], [2.5, 'k']]);
});

test('quantities: a number followed directly by every unit', () => {
  const units = [...UNITS.map((u) => u.unit), 'k', 'M'];
  const text = units.map((u, i) => `${i + 1}${u}`).join(' ');
  const r = lex(text);
  assert.equal(r.errors, 0);
  assert.ok(r.types.every((t) => t === 'QuantityLiteral'), r.types.join());
  assert.deepEqual(r.images, text.split(' '));
  // With a space the unit is a separate word.
  assert.deepEqual(lex('10 ms').types, ['NumberLiteral', 'Identifier']);
  assert.deepEqual(lex('1.5GiB 70%').images, ['1.5GiB', '70%']);
});

test('rates: number or quantity, slash, every time unit', () => {
  for (const per of Object.keys(RATE_PER)) {
    for (const amount of ['100', '20k', '1.5', '2MB']) {
      const r = lex(`${amount}/${per}`);
      assert.deepEqual(r.types, ['RateLiteral'], `${amount}/${per}`);
    }
  }
  const { ast } = parse('system s { client c { rate: 20k/s } }');
  const comp = ast.systems[0].items[0];
  const prop = comp.type === 'declaration' ? comp.body![0] : undefined;
  assert.ok(prop?.type === 'property' && prop.value?.type === 'rate');
  if (prop?.type === 'property' && prop.value?.type === 'rate') {
    assert.deepEqual([prop.value.number, prop.value.suffix, prop.value.per, prop.value.raw], [20, 'k', 's', '20k/s']);
  }
  // A slash that starts a comment is not a rate.
  assert.deepEqual(lex('10// c').types, ['NumberLiteral']);
  assert.deepEqual(lex('10/* c */').types, ['NumberLiteral']);
});

test('ranges and equations lex into their parts', () => {
  assert.deepEqual(lex('4..64').types, ['NumberLiteral', 'DotDot', 'NumberLiteral']);
  assert.deepEqual(lex('10ms..2s').types, ['QuantityLiteral', 'DotDot', 'QuantityLiteral']);
  assert.deepEqual(lex('a.x = b.y').types, ['Identifier', 'Dot', 'Identifier', 'Equals', 'Identifier', 'Dot', 'Identifier']);
});

test('newlines (LF, CRLF, CR), tabs, form feeds and BOM are white space', () => {
  for (const nl of ['\n', '\r\n', '\r']) {
    const text = `\ufeffsystem s {${nl}\tservice a${nl}\fservice b${nl}a -> b${nl}}`;
    const { ast } = parse(text);
    assert.deepEqual(ast.errors, [], JSON.stringify(nl));
    assert.equal(ast.systems[0].items.length, 3);
  }
});

test('characters outside the language are one error per run, with the exact span', () => {
  const { ast } = parse('system s { §§ service a ¤ }');
  assert.deepEqual(ast.errors.map((e) => [e.message, e.span]), [
    ["Unexpected characters '§§'.", { start: 11, end: 13 }],
    ["Unexpected character '¤'.", { start: 24, end: 25 }],
  ]);
  assert.equal(ast.systems[0].items.length, 1);
});

test('a run mixing unknown characters with a lone `-` or `/` is still one error; `->`, `//` and `/*` still read', () => {
  const { ast } = parse('system s {\n service a\n $-/%\u0001\n service b // note\n a -> b /* c */\n}');
  assert.deepEqual(ast.errors.map((e) => [e.message, e.span]), [["Unexpected characters '$-/%\u0001'.", { start: 23, end: 28 }]]);
  assert.deepEqual(ast.systems[0].items.map((i) => i.type), ['declaration', 'declaration', 'connection']);
  assert.equal(ast.comments.length, 2);
});

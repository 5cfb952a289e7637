// Token definitions for the sysdesign lexer. The parser
// matches on these types; `scan` (scanner.ts) makes the tokens, and the
// chevrotain lexer below, built from the patterns here, is the reference its
// tests compare it with.
// Keywords are contextual: every keyword token is also an Identifier (via
// `categories`) so a kind word can still name a property or a column.
import { createToken, Lexer, TokenType } from 'chevrotain';

/** Component kinds, in the order docs/language-reference.md lists them. */
export const COMPONENT_KINDS = [
  'client', 'dns', 'cdn', 'loadbalancer', 'gateway', 'proxy', 'service', 'worker',
  'cache', 'database', 'blob', 'queue', 'stream', 'pubsub', 'orchestrator', 'job',
  'region', 'group',
] as const;
export type ComponentKind = (typeof COMPONENT_KINDS)[number];

/** Keywords that open a declaration other than a component. */
export const DECLARATION_KEYWORDS = ['system', 'query', 'scenario', 'table', 'view'] as const;
/** Scenario event keyword and actions. */
export const EVENT_KEYWORD = 'at';
export const EVENT_ACTIONS = ['stop', 'start', 'partition', 'heal'] as const;

/** Matches every token: lets a body skip one stray token as an item of its own. */
export const AnyToken = createToken({ name: 'AnyToken', pattern: Lexer.NA });

export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\r\n\f\v\u00a0\ufeff]+/, group: Lexer.SKIPPED });
export const LineComment = createToken({ name: 'LineComment', pattern: /\/\/[^\n\r]*/, group: 'comments' });
// An unterminated block comment runs to the end of the file; the AST builder reports it.
export const BlockComment = createToken({ name: 'BlockComment', pattern: /\/\*[\s\S]*?\*\//, group: 'comments', line_breaks: true });
export const UnterminatedBlockComment = createToken({ name: 'UnterminatedBlockComment', pattern: /\/\*[\s\S]*/, group: 'comments', line_breaks: true });

export const StringLiteral = createToken({ name: 'StringLiteral', pattern: Lexer.NA });
export const ClosedString = createToken({ name: 'ClosedString', pattern: /"(?:[^"\\\r\n]|\\.)*"/, categories: [StringLiteral] });
// Kept as a token so the error names the string, and the next line parses normally.
export const UnterminatedString = createToken({ name: 'UnterminatedString', pattern: /"(?:[^"\\\r\n]|\\.)*\\?/, categories: [StringLiteral] });

export const NumericLiteral = createToken({ name: 'NumericLiteral', pattern: Lexer.NA });
/** `100/s`, `20k/s`, `2MB/s`; a missing or odd time unit is reported by the AST builder. */
export const RateLiteral = createToken({
  name: 'RateLiteral',
  pattern: /\d+(?:\.\d+)?[A-Za-z%]*\/(?![/*])[A-Za-z]*/,
  start_chars_hint: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  categories: [NumericLiteral],
});
/** A number directly followed by a magnitude and/or unit: `10ms`, `2MB`, `70%`, `100M`. */
export const QuantityLiteral = createToken({ name: 'QuantityLiteral', pattern: /\d+(?:\.\d+)?[A-Za-z%][A-Za-z0-9_%]*/, categories: [NumericLiteral] });
export const NumberLiteral = createToken({ name: 'NumberLiteral', pattern: /\d+(?:\.\d+)?/, categories: [NumericLiteral] });

export const Arrow = createToken({ name: 'Arrow', pattern: /->/, label: "'->'" });
export const DotDot = createToken({ name: 'DotDot', pattern: /\.\./, label: "'..'" });
export const Dot = createToken({ name: 'Dot', pattern: /\./, label: "'.'" });
export const LCurly = createToken({ name: 'LCurly', pattern: /\{/, label: "'{'" });
export const RCurly = createToken({ name: 'RCurly', pattern: /\}/, label: "'}'" });
export const LParen = createToken({ name: 'LParen', pattern: /\(/, label: "'('" });
export const RParen = createToken({ name: 'RParen', pattern: /\)/, label: "')'" });
export const LBracket = createToken({ name: 'LBracket', pattern: /\[/, label: "'['" });
export const RBracket = createToken({ name: 'RBracket', pattern: /\]/, label: "']'" });
export const Colon = createToken({ name: 'Colon', pattern: /:/, label: "':'" });
export const Comma = createToken({ name: 'Comma', pattern: /,/, label: "','" });
export const Equals = createToken({ name: 'Equals', pattern: /=/, label: "'='" });

export const Identifier = createToken({ name: 'Identifier', pattern: /[A-Za-z_][A-Za-z0-9_]*/ });

/** True for a character some token (or white space) can start with at `i`. */
export function startsToken(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c === 45) return text.charCodeAt(i + 1) === 62; // `->`
  if (c === 47) return text.charCodeAt(i + 1) === 47 || text.charCodeAt(i + 1) === 42; // `//`, `/*`
  if (c >= 128) return c === 0xa0 || c === 0xfeff;
  return TOKEN_STARTS[c] === 1;
}
const TOKEN_STARTS = new Uint8Array(128);
for (const ch of ' \t\r\n\f\v"0123456789.{}()[]:,=_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz') TOKEN_STARTS[ch.charCodeAt(0)] = 1;

/**
 * A run of characters no token starts with (`$$$`, `§`, control characters):
 * one token in its own group, reported as one error by `parse`. Without it the
 * lexer's recovery tries every pattern at every such character (a megabyte of
 * them took a second).
 */
export const Unreadable = createToken({
  name: 'Unreadable',
  pattern: {
    exec(text: string, offset: number): [string] | null {
      let end = offset;
      while (end < text.length && !startsToken(text, end)) end++;
      return end > offset ? [text.slice(offset, end)] : null;
    },
  },
  line_breaks: false,
  // Every first character it can match, as chevrotain's first-character index
  // sees them: each code below 256 and one per bucket above.
  start_chars_hint: unreadableStarts(),
  group: 'unreadable',
});

function unreadableStarts(): string[] {
  const starts: string[] = [];
  for (let c = 0; c < 256; c++) if (c === 45 || c === 47 || (c < 128 ? TOKEN_STARTS[c] === 0 : c !== 0xa0)) starts.push(String.fromCharCode(c));
  // chevrotain files codes above 255 in buckets (255 + code / 255): one of each.
  let bucket = -1;
  for (let c = 256; c < 65536; c++) {
    if (255 + Math.floor(c / 255) === bucket) continue;
    bucket = 255 + Math.floor(c / 255);
    starts.push(String.fromCharCode(c));
  }
  return starts;
}

function keyword(name: string, words: readonly string[]): TokenType {
  return createToken({
    name,
    pattern: new RegExp(words.join('|')),
    longer_alt: Identifier,
    categories: [Identifier],
  });
}

export const SystemKw = keyword('SystemKw', ['system']);
export const QueryKw = keyword('QueryKw', ['query']);
export const ScenarioKw = keyword('ScenarioKw', ['scenario']);
export const TableKw = keyword('TableKw', ['table']);
export const ViewKw = keyword('ViewKw', ['view']);
export const AtKw = keyword('AtKw', [EVENT_KEYWORD]);
// Longest words first so `service` is not cut short by a shorter alternative.
export const KindKw = keyword('KindKw', [...COMPONENT_KINDS].sort((a, b) => b.length - a.length));

export const allTokens: TokenType[] = [
  WhiteSpace, LineComment, BlockComment, UnterminatedBlockComment,
  StringLiteral, ClosedString, UnterminatedString,
  NumericLiteral, RateLiteral, QuantityLiteral, NumberLiteral,
  Arrow, DotDot, Dot, LCurly, RCurly, LParen, RParen, LBracket, RBracket, Colon, Comma, Equals,
  SystemKw, QueryKw, ScenarioKw, TableKw, ViewKw, AtKw, KindKw,
  Identifier, Unreadable,
];

for (const type of allTokens) {
  if (type !== WhiteSpace && type !== AnyToken && type !== Unreadable) type.CATEGORIES = [...(type.CATEGORIES ?? []), AnyToken];
}
allTokens.unshift(AnyToken);

/** The reference lexer (tests and tools); `analyze` uses the faster `scan`. */
export const sysdesignLexer = new Lexer(allTokens, {
  positionTracking: 'onlyOffset',
  ensureOptimizations: false,
});

// The lexer (comments, identifiers, strings, numbers with units), as one pass over the text. tokens.ts defines
// the token types the parser matches on, and their chevrotain patterns are the
// reference this scanner is tested against (test/syntax/scanner.test.ts: same
// tokens on the samples, the fuzz corpus and random text). chevrotain's lexer
// tries pattern after pattern at each position; this reads each character
// once, and took a tenth of `analyze` down to a few milliseconds.
import type { IToken, TokenType } from 'chevrotain';
import {
  Arrow, AtKw, BlockComment, ClosedString, Colon, Comma, COMPONENT_KINDS, Dot, DotDot, Equals, Identifier, KindKw,
  LBracket, LCurly, LineComment, LParen, NumberLiteral, QuantityLiteral, QueryKw, RateLiteral, RBracket, RCurly,
  RParen, ScenarioKw, startsToken, SystemKw, TableKw, Unreadable, UnterminatedBlockComment, UnterminatedString, ViewKw,
} from './tokens';

export interface Scanned {
  /** What the parser reads. */
  tokens: IToken[];
  /** Line and block comments, in order. */
  comments: IToken[];
  /** Runs of characters no token reads, each as one token. */
  unreadable: IToken[];
}

/** Keyword tokens by their word; any other word is an Identifier. */
const KEYWORDS = new Map<string, TokenType>([
  ['system', SystemKw], ['query', QueryKw], ['scenario', ScenarioKw], ['table', TableKw], ['view', ViewKw], ['at', AtKw],
  ...COMPONENT_KINDS.map((kind): [string, TokenType] => [kind, KindKw]),
]);

/** One-character tokens by character code. */
const SINGLE: (TokenType | undefined)[] = [];
for (const [ch, type] of [['{', LCurly], ['}', RCurly], ['(', LParen], [')', RParen], ['[', LBracket], [']', RBracket], [':', Colon], [',', Comma], ['=', Equals]] as const) {
  SINGLE[ch.charCodeAt(0)] = type;
}

// Character classes, by code (all below 128).
const DIGIT = 1;
const LETTER = 2; // A-Z a-z
const WORD = 4; // A-Z a-z 0-9 _
const CLASSES = new Uint8Array(128);
for (let c = 48; c <= 57; c++) CLASSES[c] = DIGIT | WORD;
for (let c = 65; c <= 90; c++) CLASSES[c] = LETTER | WORD;
for (let c = 97; c <= 122; c++) CLASSES[c] = LETTER | WORD;
CLASSES[95] = WORD;

function is(code: number, cls: number): boolean {
  return code < 128 && (CLASSES[code]! & cls) !== 0;
}

const PERCENT = 37;

function isWhiteSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9 || c === 12 || c === 11 || c === 0xa0 || c === 0xfeff;
}

/** What JavaScript's `.` does not match. */
function isLineTerminator(c: number): boolean {
  return c === 10 || c === 13 || c === 0x2028 || c === 0x2029;
}

function token(text: string, start: number, end: number, type: TokenType): IToken {
  return tokenOf(text.slice(start, end), start, type);
}

/** The shape chevrotain's lexer gives with positionTracking 'onlyOffset'. */
function tokenOf(image: string, start: number, type: TokenType): IToken {
  return { image, startOffset: start, tokenTypeIdx: type.tokenTypeIdx!, tokenType: type } as IToken;
}

export function scan(text: string): Scanned {
  const tokens: IToken[] = [];
  const comments: IToken[] = [];
  const unreadable: IToken[] = [];
  const length = text.length;
  let i = 0;
  while (i < length) {
    const c = text.charCodeAt(i);
    if (isWhiteSpace(c)) {
      i++;
      continue;
    }
    const single = SINGLE[c];
    if (single !== undefined) {
      tokens.push(token(text, i, i + 1, single));
      i++;
      continue;
    }
    if (is(c, LETTER) || c === 95) {
      let end = i + 1;
      while (end < length && is(text.charCodeAt(end), WORD)) end++;
      const word = text.slice(i, end);
      const type = KEYWORDS.get(word) ?? Identifier;
      tokens.push(tokenOf(word, i, type));
      i = end;
      continue;
    }
    if (is(c, DIGIT)) {
      i = number(text, i, tokens);
      continue;
    }
    const next = i + 1 < length ? text.charCodeAt(i + 1) : -1;
    if (c === 34) {
      i = string(text, i, tokens);
      continue;
    }
    if (c === 46) {
      const type = next === 46 ? DotDot : Dot;
      const end = type === DotDot ? i + 2 : i + 1;
      tokens.push(token(text, i, end, type));
      i = end;
      continue;
    }
    if (c === 45 && next === 62) {
      tokens.push(token(text, i, i + 2, Arrow));
      i += 2;
      continue;
    }
    if (c === 47 && next === 47) {
      let end = i + 2;
      while (end < length && text.charCodeAt(end) !== 10 && text.charCodeAt(end) !== 13) end++;
      comments.push(token(text, i, end, LineComment));
      i = end;
      continue;
    }
    if (c === 47 && next === 42) {
      const close = text.indexOf('*/', i + 2);
      const end = close < 0 ? length : close + 2;
      comments.push(token(text, i, end, close < 0 ? UnterminatedBlockComment : BlockComment));
      i = end;
      continue;
    }
    // Nothing reads this character: one token for the whole run.
    let end = i + 1;
    while (end < length && !startsToken(text, end)) end++;
    unreadable.push(token(text, i, end, Unreadable));
    i = end;
  }
  return { tokens, comments, unreadable };
}

/**
 * `12`, `1.5`, then a rate (`100/s`, `2MB/s`, `3/` with its unit missing), a
 * quantity (`10ms`, `70%`) or a plain number, in that order of preference.
 * A `/` that starts a comment does not make a rate.
 */
function number(text: string, start: number, tokens: IToken[]): number {
  const length = text.length;
  let end = start + 1;
  while (end < length && is(text.charCodeAt(end), DIGIT)) end++;
  if (text.charCodeAt(end) === 46 && is(text.charCodeAt(end + 1), DIGIT)) {
    end += 2;
    while (end < length && is(text.charCodeAt(end), DIGIT)) end++;
  }
  let unit = end;
  while (unit < length && (is(text.charCodeAt(unit), LETTER) || text.charCodeAt(unit) === PERCENT)) unit++;
  if (text.charCodeAt(unit) === 47) {
    const after = text.charCodeAt(unit + 1);
    if (after !== 47 && after !== 42) {
      let per = unit + 1;
      while (per < length && is(text.charCodeAt(per), LETTER)) per++;
      tokens.push(token(text, start, per, RateLiteral));
      return per;
    }
  }
  if (unit > end) {
    // A unit starts with a letter or `%` and goes on with letters, digits, `_` and `%`.
    let quantity = end + 1;
    while (quantity < length && (is(text.charCodeAt(quantity), WORD) || text.charCodeAt(quantity) === PERCENT)) quantity++;
    tokens.push(token(text, start, quantity, QuantityLiteral));
    return quantity;
  }
  tokens.push(token(text, start, end, NumberLiteral));
  return end;
}

/** A string on one line: `"…"` with `\` escapes, or everything to the line's end when unterminated. */
function string(text: string, start: number, tokens: IToken[]): number {
  const length = text.length;
  let end = start + 1;
  while (end < length) {
    const c = text.charCodeAt(end);
    if (c === 34) {
      tokens.push(token(text, start, end + 1, ClosedString));
      return end + 1;
    }
    if (c === 92) {
      if (end + 1 < length && !isLineTerminator(text.charCodeAt(end + 1))) {
        end += 2;
        continue;
      }
      end++; // a `\` before the line's end belongs to the unterminated string
      break;
    }
    if (c === 10 || c === 13) break;
    end++;
  }
  tokens.push(token(text, start, end, UnterminatedString));
  return end;
}

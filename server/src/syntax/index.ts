// parse(text): lex, guard nesting depth, parse with recovery, build the AST.
import type { IToken, TokenType } from 'chevrotain';
import { tokenSpan } from './build-ast';
import type { Comment, FileAst, Span, SyntaxError, SystemDecl } from './ast';
import { parseTokens } from './parser';
import { scan } from './scanner';
import { Arrow, Colon, Comma, Dot, Equals, Identifier, LBracket, LCurly, LParen, RBracket, RCurly, RParen, SystemKw, UnterminatedBlockComment } from './tokens';
import { pushAll } from '../arrays';

/** Deeper nesting than any real design is cut off so recursion stays bounded. */
export const MAX_NESTING = 64;

export interface ParseResult {
  ast: FileAst;
  tokens: IToken[];
}

export interface Lexed {
  /** What the parser reads (no white space, comments or unreadable characters). */
  tokens: IToken[];
  comments: IToken[];
  /** Runs of characters no token can read, in order, each as long as it goes. */
  unreadable: Span[];
}

export function lex(text: string): Lexed {
  const scanned = scan(text);
  const unreadable = scanned.unreadable.map(tokenSpan);
  return { tokens: scanned.tokens, comments: scanned.comments, unreadable };
}

/** `lexed` is `lex(text)`, when the caller has it already (the formatter lexes for its own use too). */
export function parse(text: string, lexed: Lexed = lex(text)): ParseResult {
  const errors: SyntaxError[] = [];
  lexed = readCommonSlips(text, lexed, errors);
  for (const span of lexed.unreadable) {
    const chars = text.slice(span.start, span.end);
    const shown = chars.length > 20 ? `${chars.slice(0, 20)}…` : chars;
    errors.push({ message: `Unexpected character${chars.length > 1 ? 's' : ''} '${shown}'.`, span });
  }

  const tokens = limitNesting(lexed.tokens, errors);
  const { systems, errors: parseErrors, astErrors } = parseTokens(tokens, text);
  for (const e of parseErrors) {
    const span: Span = Number.isNaN(e.token.startOffset) ? { start: text.length, end: text.length } : tokenSpan(e.token);
    errors.push({ message: simplifyParserMessage(e.message), span });
  }
  pushAll(errors, astErrors);

  const comments = commentsOf(lexed);
  const unterminated = lexed.comments.find((t) => t.tokenType === UnterminatedBlockComment);
  if (unterminated) {
    // The comment runs to the end of the file, so whatever is open before it is
    // cut short by it: one error at the comment, not one per unclosed brace.
    const at = unterminated.startOffset;
    const kept = errors.filter((e) => !(e.span.start <= at && /^Missing '[})\]]'/.test(e.message)));
    errors.length = 0;
    pushAll(errors, kept).push({ message: "Unterminated comment: add '*/'.", span: { start: at, end: at + 2 } });
  }
  errors.sort((a, b) => a.span.start - b.span.start);
  // Unclosed lists or calls nested in one another end at the same place: one error there, not one per level.
  const unique = errors.filter((e, i) => i === 0 || e.message !== errors[i - 1].message || e.span.start !== errors[i - 1].span.start || e.span.end !== errors[i - 1].span.end);
  return { ast: { systems, comments, errors: unique }, tokens };
}

/** The comments of a lexed text, as the syntax tree keeps them. */
export function commentsOf(lexed: Lexed): Comment[] {
  return lexed.comments.map((t) => ({ text: t.image, span: tokenSpan(t), block: t.tokenType.name !== 'LineComment' }));
}

/**
 * Parses a run of whole systems out of a text already lexed: `tokens` is the
 * run's slice of `lex(text).tokens`, so spans stay offsets into all of `text`.
 * Undefined when the run has any syntax error: an error's recovery may reach
 * past the run, so only a parse of the whole file can say what it means.
 */
export function parseSystemsClean(text: string, tokens: IToken[]): SystemDecl[] | undefined {
  const errors: SyntaxError[] = [];
  const kept = limitNesting(tokens, errors);
  const parsed = parseTokens(kept, text);
  if (errors.length > 0 || parsed.errors.length > 0 || parsed.astErrors.length > 0) return undefined;
  return parsed.systems;
}

/**
 * Two common slips, each read as what was meant with one error that names
 * the fix, so the rest of the file parses as intended instead of giving a
 * cascade (an unknown property, an unexpected '=', an unreadable '>', a
 * property without a value):
 * - `a => b` for `a -> b`;
 * - `instances = 2` for `instances: 2`: a name that starts an item (after
 *   `{`, `(`, `,` or at the start of a line) followed by `=`. A query's
 *   `join: a.id = b.id` is an equation and stays as it is.
 */
function readCommonSlips(text: string, lexed: Lexed, errors: SyntaxError[]): Lexed {
  const greaterThan = new Set(lexed.unreadable.filter((u) => text.charCodeAt(u.start) === 62).map((u) => u.start));
  const mistypedArrows = new Set<number>();
  let changed = false;
  const tokens = lexed.tokens.map((t, i, all) => {
    if (t.tokenType !== Equals) return t;
    if (greaterThan.has(t.startOffset + 1)) {
      mistypedArrows.add(t.startOffset + 1);
      errors.push({ message: "Unexpected '=>': did you mean '->'?", span: { start: t.startOffset, end: t.startOffset + 2 } });
      changed = true;
      return { ...t, image: '=>', tokenType: Arrow, tokenTypeIdx: Arrow.tokenTypeIdx! };
    }
    if (startsItem(text, all, i - 1)) {
      errors.push({ message: `Unexpected '=': did you mean '${all[i - 1].image}: …'?`, span: { start: t.startOffset, end: t.startOffset + 1 } });
      changed = true;
      return { ...t, tokenType: Colon, tokenTypeIdx: Colon.tokenTypeIdx! };
    }
    return t;
  });
  if (!changed) return lexed;
  const unreadable = lexed.unreadable
    .map((u) => (mistypedArrows.has(u.start) ? { start: u.start + 1, end: u.end } : u))
    .filter((u) => u.end > u.start);
  return { tokens, comments: lexed.comments, unreadable };
}

/** Is tokens[i] a plain name that begins an item (a property's name), not part of an expression? */
function startsItem(text: string, tokens: readonly IToken[], i: number): boolean {
  const name = tokens[i];
  if (!name || name.tokenType !== Identifier) return false;
  const before = tokens[i - 1];
  if (!before) return false;
  if (before.tokenType === LCurly || before.tokenType === LParen || before.tokenType === Comma) return true;
  if (before.tokenType === Dot || before.tokenType === Colon || before.tokenType === Equals) return false;
  return /[\r\n]/.test(text.slice(before.startOffset + before.image.length, name.startOffset));
}

function simplifyParserMessage(message: string): string {
  const expecting = /Expecting (?:token of type )?--> (.*?) <-- but found --> '(.*?)' <--/.exec(message);
  if (expecting) return `Expected ${expecting[1]} but found '${expecting[2]}'.`;
  return message.split('\n')[0];
}

const OPENERS = new Set<TokenType>([LCurly, LParen, LBracket]);
/** Each closer and the opener it matches. */
const CLOSERS = new Map<TokenType, TokenType>([[RCurly, LCurly], [RParen, LParen], [RBracket, LBracket]]);

/**
 * Drops everything nested deeper than MAX_NESTING, with one error per dropped
 * region. A new `system` header starts again from depth zero (as the parser's
 * bodies end there), so a runaway part stops at the next system.
 */
function limitNesting(tokens: IToken[], errors: SyntaxError[]): IToken[] {
  const systemStart = (i: number) => tokens[i].tokenType === SystemKw && tokens[i + 1]?.tokenType !== Colon;
  // The common case, every design: one quick pass finds nothing too deep.
  let depth = 0;
  let tooDeep = false;
  for (let i = 0; i < tokens.length; i++) {
    const type = tokens[i]!.tokenType;
    if (type === LCurly || type === LParen || type === LBracket) {
      if (++depth > MAX_NESTING) {
        tooDeep = true;
        break;
      }
    } else if (type === RCurly || type === RParen || type === RBracket) {
      if (depth > 0) depth--;
    } else if (type === SystemKw && systemStart(i)) depth = 0;
  }
  if (!tooDeep) return tokens;
  const kept: IToken[] = [];
  depth = 0;
  let skipFrom: IToken | undefined;
  /** Openers inside the skipped part; a closer that matches none of them ends it. */
  const skipStack: TokenType[] = [];
  let last: IToken | undefined;
  const endSkip = (end: number) => {
    errors.push({ message: `Nested more than ${MAX_NESTING} levels deep; this part is ignored.`, span: { start: skipFrom!.startOffset, end } });
    skipFrom = undefined;
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (skipFrom) {
      const opener = CLOSERS.get(t.tokenType);
      const match = opener ? skipStack.lastIndexOf(opener) : -1;
      if (systemStart(i) || (opener && match < 0)) {
        // A new system, or a closer of something outside the skipped part.
        endSkip(last!.startOffset + last!.image.length);
        if (systemStart(i)) depth = 0;
      } else {
        if (OPENERS.has(t.tokenType)) skipStack.push(t.tokenType);
        else if (opener) skipStack.length = match;
        last = t;
        if (skipStack.length === 0) endSkip(t.startOffset + t.image.length);
        continue;
      }
    }
    if (OPENERS.has(t.tokenType)) {
      if (depth === MAX_NESTING) {
        skipFrom = t;
        skipStack.length = 0;
        skipStack.push(t.tokenType);
        last = t;
        continue;
      }
      depth++;
    } else if (CLOSERS.has(t.tokenType) && depth > 0) depth--;
    else if (systemStart(i)) depth = 0;
    kept.push(t);
  }
  if (skipFrom) endSkip(last!.startOffset + last!.image.length);
  return kept;
}

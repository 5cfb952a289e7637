// parse(text): lex, guard nesting depth, parse with recovery, build the AST.
import type { IToken } from 'chevrotain';
import { AstBuilder, tokenSpan } from './build-ast';
import type { Comment, FileAst, Span, SyntaxError } from './ast';
import { parseTokens } from './parser';
import { LBracket, LCurly, LParen, RBracket, RCurly, RParen, sysdesignLexer, UnterminatedBlockComment } from './tokens';

/** Deeper nesting than any real design is cut off so recursion stays bounded. */
export const MAX_NESTING = 64;

export interface ParseResult {
  ast: FileAst;
  tokens: IToken[];
}

export function parse(text: string): ParseResult {
  const errors: SyntaxError[] = [];
  const lexed = sysdesignLexer.tokenize(text);
  let pending: { start: number; end: number } | undefined;
  const flushLexError = () => {
    if (!pending) return;
    const chars = text.slice(pending.start, pending.end);
    const shown = chars.length > 20 ? `${chars.slice(0, 20)}…` : chars;
    errors.push({ message: `Unexpected character${chars.length > 1 ? 's' : ''} '${shown}'.`, span: pending });
    pending = undefined;
  };
  for (const e of lexed.errors) {
    if (pending && pending.end === e.offset) pending.end = e.offset + e.length;
    else {
      flushLexError();
      pending = { start: e.offset, end: e.offset + e.length };
    }
  }
  flushLexError();

  const tokens = limitNesting(lexed.tokens, errors);
  const { cst, errors: parseErrors } = parseTokens(tokens, text);
  const builder = new AstBuilder(text);
  const systems = builder.file(cst);
  for (const e of parseErrors) {
    const span: Span = Number.isNaN(e.token.startOffset) ? { start: text.length, end: text.length } : tokenSpan(e.token);
    errors.push({ message: simplifyParserMessage(e.message), span });
  }
  errors.push(...builder.errors);

  const commentTokens = (lexed.groups.comments ?? []) as IToken[];
  const comments: Comment[] = commentTokens.map((t) => ({
    text: t.image,
    span: tokenSpan(t),
    block: t.tokenType.name !== 'LineComment',
  }));
  const unterminated = commentTokens.find((t) => t.tokenType === UnterminatedBlockComment);
  if (unterminated) {
    // The comment runs to the end of the file, so whatever is open before it is
    // cut short by it: one error at the comment, not one per unclosed brace.
    const at = unterminated.startOffset;
    const kept = errors.filter((e) => !(e.span.start <= at && /^Missing '[})\]]'/.test(e.message)));
    errors.length = 0;
    errors.push(...kept, { message: "Unterminated comment: add '*/'.", span: { start: at, end: at + 2 } });
  }
  errors.sort((a, b) => a.span.start - b.span.start);
  return { ast: { systems, comments, errors }, tokens };
}

function simplifyParserMessage(message: string): string {
  const expecting = /Expecting (?:token of type )?--> (.*?) <-- but found --> '(.*?)' <--/.exec(message);
  if (expecting) return `Expected ${expecting[1]} but found '${expecting[2]}'.`;
  return message.split('\n')[0];
}

const OPENERS = new Set([LCurly, LParen, LBracket]);
const CLOSERS = new Set([RCurly, RParen, RBracket]);

/** Drops everything nested deeper than MAX_NESTING, with one error per dropped region. */
function limitNesting(tokens: IToken[], errors: SyntaxError[]): IToken[] {
  let depth = 0;
  let tooDeep = false;
  for (const t of tokens) {
    if (OPENERS.has(t.tokenType)) depth++;
    else if (CLOSERS.has(t.tokenType) && depth > 0) depth--;
    if (depth > MAX_NESTING) {
      tooDeep = true;
      break;
    }
  }
  if (!tooDeep) return tokens;
  const kept: IToken[] = [];
  depth = 0;
  let skipFrom: IToken | undefined;
  let skipDepth = 0;
  for (const t of tokens) {
    if (skipFrom) {
      if (OPENERS.has(t.tokenType)) skipDepth++;
      else if (CLOSERS.has(t.tokenType)) skipDepth--;
      if (skipDepth === 0) {
        errors.push({ message: `Nested more than ${MAX_NESTING} levels deep; this part is ignored.`, span: { start: skipFrom.startOffset, end: t.startOffset + t.image.length } });
        skipFrom = undefined;
      }
      continue;
    }
    if (OPENERS.has(t.tokenType)) {
      if (depth === MAX_NESTING) {
        skipFrom = t;
        skipDepth = 1;
        continue;
      }
      depth++;
    } else if (CLOSERS.has(t.tokenType) && depth > 0) depth--;
    kept.push(t);
  }
  if (skipFrom) {
    const last = tokens[tokens.length - 1];
    errors.push({ message: `Nested more than ${MAX_NESTING} levels deep; this part is ignored.`, span: { start: skipFrom.startOffset, end: last.startOffset + last.image.length } });
  }
  return kept;
}

// The canonical layout of a .sysdesign file (`sysdesign format`, and the
// language server's document formatting).
//
// The formatter walks the lexer's token stream, comments included, and decides
// only the white space between tokens; the parser's AST tells it where items
// start, which `(` opens a connection's attributes and which `:` introduces a
// connection's label. It never adds, drops or reorders a token, with one
// documented exception (separator commas between items, see below), and it
// checks its own output before returning it.
//
// THE CANONICAL LAYOUT
//
// - Indentation: 2 spaces per body level (`options.indent` changes the width).
// - Bodies (`system`, components, `table`, `query`, `scenario`, blocks such as
//   `autoscale { … }`, and map values) are always expanded: `{` ends its line,
//   one item per line, `}` on a line of its own. An empty body is `{}`.
// - Items: `name: value` (no space before `:`, one after); declarations
//   `kind name: tech "Title" {`; flags as a bare word; events
//   `at 2m: stop db.primary`; connections `a -> b -> c (async, group: g) : "label"`
//   (spaces around `->`, one space before the attribute list, spaces around a
//   label's `:`).
// - Values: lists `[a, b, c]` and calls `exp(10ms)` on one line with `, `
//   between items; refs `a.b`; ranges `1..10`; equations `a.x = b.y`; an
//   instance index `posts[2]`. Lines are never wrapped.
// - Separator commas between items (`{ min: 4, max: 40 }`) are dropped: items
//   are separated by line breaks. One kind is kept, attached to the flag before
//   it: a comma that is what keeps a flag apart from the next item
//   (`stateful, autoscale { … }` would otherwise read as a component of kind
//   `stateful`). Should dropping still change how the file parses, every
//   separator comma is kept.
// - Blank lines: at most one is kept wherever the input had one or more,
//   between items or comments; none right after `{`, before `}` or at the start
//   of the file. The file ends with exactly one line break.
// - Comments stay where they are: a comment that followed a token on the same
//   line stays at the end of that line (one space before it); a comment on a
//   line of its own stays on a line of its own, indented with the items (one
//   level deeper when it sits inside an item, such as between `key:` and its
//   value). Trailing white space is removed from `//` comments; block comments
//   are kept byte for byte. A line break after a comment inside an item is kept
//   (an item continued on the next line is indented one extra level); a block
//   comment that starts a line keeps an item that followed it on that line.
//   Note: expanding a one-line body moves its items to lines of their own, so
//   a `// sysdesign-disable-next-line` above it then covers only the header.
// - Line endings: those of the file's first line (`\r\n` or `\n`).
//
// SYNTAX ERRORS
//
// Whatever the parser reported an error in is left exactly as written: the
// smallest enclosing item (a property, a component, a block…) whose text holds
// the error is copied verbatim, together with stray tokens or characters
// around it, while the rest of the file is formatted. A component whose body
// is fine except for errors in some of its items is formatted around those
// items. A verbatim part starts on a line of its own at the current indent;
// its later lines keep their own indentation. A file with no system at all
// and with errors is returned unchanged.
//
// SAFETY NET
//
// The output is lexed again and must hold the same tokens (same kinds and
// text, in the same order, less the dropped separator commas; comments
// compared without trailing white space) and the same unlexable characters as
// the input, and it is parsed again: the syntax tree (without positions) and
// the syntax errors must be those of the input. If that ever fails, the
// formatter retries keeping the commas and, failing that, returns the input
// unchanged: formatting never damages a file.
import { IToken, tokenMatcher } from 'chevrotain';
import { lex, type Lexed, parse } from '../syntax';
import type {
  Attr, Block, Connection, Item, Span, SyntaxError, SystemDecl, Value,
} from '../syntax/ast';
import { Identifier } from '../syntax/tokens';
import { partitionPoint } from '../sorted';

export interface FormatOptions {
  /** Spaces per indentation level (default 2). */
  indent?: number;
}

/**
 * The largest document formatted, in UTF-16 units (about 4 MB of ASCII). The
 * formatter lexes, parses and checks its own output, which costs about a
 * hundred times the text in memory: 5 MB takes ~0.6 GB, 50 MB would abort out
 * of memory. Real designs are far below this (a 10,000-line design is 0.3 MB).
 */
export const MAX_FORMAT_LENGTH = 4 * 1024 * 1024;

/** Formats a whole document; see the header of this file for the layout. */
export function formatText(text: string, options: FormatOptions = {}): string {
  return formatDocument(text, options).text;
}

export interface FormatResult {
  /** The formatted text (the input itself when nothing changes). */
  text: string;
  /** Parts left as written because they hold syntax errors. */
  verbatim: Span[];
  /**
   * `formatted`: the canonical layout; `kept-separators`: separator commas had to
   * be kept; `unchanged`: the text was returned as it was (a file with errors and
   * no system, or a layout that failed the self-check).
   */
  outcome: 'formatted' | 'kept-separators' | 'unchanged';
}

/** Formats a whole document and tells how it went. */
export function formatDocument(text: string, options: FormatOptions = {}): FormatResult {
  const width = Math.floor(options.indent ?? 2);
  const unit = ' '.repeat(Number.isFinite(width) ? Math.max(0, Math.min(16, width)) : 2);
  const lexed = lex(text);
  const source = lexSummary(text, lexed);
  const { ast } = parse(text, lexed);
  if (ast.systems.length === 0 && (ast.errors.length > 0 || source.lexErrors.length > 0)) {
    return { text, verbatim: text.length ? [{ start: 0, end: text.length }] : [], outcome: 'unchanged' };
  }
  const plan = planLayout(text, ast.systems, ast.errors, source);
  const eol = lineEnding(text);
  let systemsJson: string | undefined;
  for (const dropSeparators of [true, false]) {
    const printed = print(text, source, plan, { unit, eol, dropSeparators });
    const outcome = dropSeparators ? 'formatted' : 'kept-separators';
    if (printed.text === text) return { text, verbatim: plan.verbatim, outcome };
    const printedLexed = lex(printed.text);
    const output = lexSummary(printed.text, printedLexed);
    if (!sameTokens(source, output, printed.dropped)) continue;
    // The parser reads a few line breaks and indents (a kind alone on its line,
    // a component header that starts a line no deeper than its owner), so the
    // tree is compared too, not only the tokens.
    systemsJson ??= normalizedAst(ast.systems, ast.errors);
    const reparsed = parse(printed.text, printedLexed).ast;
    if (normalizedAst(reparsed.systems, reparsed.errors) !== systemsJson) continue;
    return { text: printed.text, verbatim: plan.verbatim, outcome };
  }
  return { text, verbatim: plan.verbatim, outcome: 'unchanged' };
}

// ---------------------------------------------------------------------------
// Lexing

interface LexSummary {
  /** Tokens the parser sees (no comments). */
  tokens: IToken[];
  comments: IToken[];
  /** Characters the lexer could not read, in order. */
  lexErrors: { offset: number; text: string }[];
}

function lexSummary(text: string, lexed: Lexed): LexSummary {
  return {
    tokens: lexed.tokens,
    comments: lexed.comments,
    lexErrors: lexed.unreadable.map((span) => ({ offset: span.start, text: text.slice(span.start, span.end) })),
  };
}

function commentText(t: IToken): string {
  return t.tokenType.name === 'LineComment' ? t.image.replace(/[ \t\f\v\u00a0\ufeff]+$/, '') : t.image;
}

function sameTokens(a: LexSummary, b: LexSummary, dropped: Set<number>): boolean {
  const kept = a.tokens.filter((t) => !dropped.has(t.startOffset));
  if (kept.length !== b.tokens.length) return false;
  for (let i = 0; i < kept.length; i++) {
    if (kept[i].tokenType !== b.tokens[i].tokenType || kept[i].image !== b.tokens[i].image) return false;
  }
  if (a.comments.length !== b.comments.length) return false;
  for (let i = 0; i < a.comments.length; i++) {
    if (a.comments[i].tokenType !== b.comments[i].tokenType || commentText(a.comments[i]) !== commentText(b.comments[i])) return false;
  }
  if (a.lexErrors.map((e) => e.text).join('\u0000') !== b.lexErrors.map((e) => e.text).join('\u0000')) return false;
  return true;
}

function normalizedAst(systems: SystemDecl[], errors: SyntaxError[]): string {
  return JSON.stringify({ systems, errors: errors.map((e) => e.message) }, (key, value: unknown) => {
    if (key === 'span' || key === 'bodySpan' || key === 'attrsSpan') return undefined;
    if (key === 'arrows' && Array.isArray(value)) return value.length;
    return value;
  });
}

function lineEnding(text: string): string {
  const m = /\r\n|\n|\r/.exec(text);
  return m && m[0] === '\r\n' ? '\r\n' : '\n';
}

// ---------------------------------------------------------------------------
// Planning: where items start, and which parts are copied verbatim

interface Plan {
  /** Offsets of the first token of each item that is laid out. */
  itemStarts: Set<number>;
  /** Offsets of `(` that open a connection's attributes (a space goes before them). */
  attrParens: Set<number>;
  /** Offsets of the `:` before a connection's label (spaces on both sides). */
  labelColons: Set<number>;
  /**
   * End offsets of flags. A separator comma after a flag is kept when the next
   * item could otherwise be read as part of it: `stateful, autoscale { … }` is
   * not `stateful autoscale { … }` (a component of kind `stateful`).
   */
  flagEnds: Set<number>;
  /** Text copied as written (parts with syntax errors), sorted, disjoint. */
  verbatim: Span[];
}

interface BodyOf {
  open: number;
  close: number;
  items: Item[];
}

function planLayout(text: string, systems: SystemDecl[], errors: SyntaxError[], source: LexSummary): Plan {
  const tokens = source.tokens;
  const plan: Plan = { itemStarts: new Set(), attrParens: new Set(), labelColons: new Set(), flagEnds: new Set(), verbatim: [] };
  const regions: Span[] = [];

  /** First token starting at or after `offset`. */
  const tokenIndexAt = (offset: number): number => partitionPoint(tokens.length, (i) => tokens[i].startOffset < offset);

  const blockOpen = (block: Block): number | undefined => {
    const i = tokenIndexAt(block.name.span.end);
    const t = tokens[i];
    return t && t.image === '{' ? t.startOffset : undefined;
  };

  const bodyOf = (item: Item | SystemDecl): BodyOf | undefined => {
    switch (item.type) {
      case 'system':
        return item.bodySpan && item.closed ? { open: item.bodySpan.start, close: item.bodySpan.end - 1, items: item.items } : undefined;
      case 'declaration':
        return item.bodySpan && item.body && item.closed ? { open: item.bodySpan.start, close: item.bodySpan.end - 1, items: item.body } : undefined;
      case 'block': {
        const open = blockOpen(item);
        return open !== undefined && item.closed ? { open, close: item.span.end - 1, items: item.items } : undefined;
      }
      case 'property':
        return item.value?.type === 'map' && item.value.closed ? { open: item.value.span.start, close: item.value.span.end - 1, items: item.value.items } : undefined;
      default:
        return undefined;
    }
  };

  const markValue = (value: Value | undefined): void => {
    if (!value) return;
    switch (value.type) {
      case 'map':
        for (const item of value.items) markItem(item);
        break;
      case 'list':
        value.items.forEach(markAttr);
        break;
      case 'call':
        value.args.forEach(markAttr);
        break;
      default:
        break;
    }
  };

  const markAttr = (attr: Attr): void => markValue(attr.value);

  const markConnection = (c: Connection): void => {
    if (c.attrsSpan) plan.attrParens.add(c.attrsSpan.start);
    c.attrs.forEach(markAttr);
    if (c.label) {
      // The label's `:` is the last colon before the label outside the attributes.
      for (let i = tokenIndexAt(c.label.span.start) - 1; i >= 0 && tokens[i].startOffset >= c.span.start; i--) {
        if (tokens[i].image === ':') {
          plan.labelColons.add(tokens[i].startOffset);
          break;
        }
      }
    }
  };

  /** Lays out an item with no errors, and everything inside it. */
  const markItem = (item: Item | SystemDecl): void => {
    plan.itemStarts.add(item.span.start);
    switch (item.type) {
      case 'system':
        item.items.forEach(markItem);
        break;
      case 'declaration':
        item.body?.forEach(markItem);
        break;
      case 'block':
        item.items.forEach(markItem);
        break;
      case 'property':
        markValue(item.value);
        break;
      case 'connection':
        markConnection(item);
        break;
      case 'flag':
        plan.flagEnds.add(item.span.end);
        break;
      default:
        break;
    }
  };

  /** Plans the items of one body; errors are those inside the body. */
  const planItems = (items: (Item | SystemDecl)[], bodyErrors: SyntaxError[]): void => {
    const owned = new Map<Item | SystemDecl, SyntaxError[]>();
    // Items are in source order: a binary search over the running maximum of
    // their ends finds the first one an error can touch, so the cost grows with
    // errors × log(items), not errors × items.
    const reach: number[] = [];
    for (const item of items) reach.push(Math.max(item.span.end, reach.length ? reach[reach.length - 1] : -Infinity));
    for (const e of bodyErrors) {
      let found = false;
      const first = partitionPoint(items.length, (i) => reach[i] < e.span.start);
      for (let i = first; i < items.length && items[i].span.start <= e.span.end; i++) {
        const item = items[i];
        if (e.span.start <= item.span.end && e.span.end >= item.span.start) {
          const list = owned.get(item) ?? [];
          list.push(e);
          owned.set(item, list);
          found = true;
        }
      }
      // An error between items (a stray token, an unreadable character) is copied as written.
      if (!found && e.span.end > e.span.start) regions.push({ start: e.span.start, end: e.span.end });
    }
    for (const item of items) {
      const errs = owned.get(item);
      if (!errs) {
        markItem(item);
        continue;
      }
      const body = bodyOf(item);
      if (body && errs.every((e) => e.span.start > body.open && e.span.end <= body.close)) {
        // The header and the braces are sound: lay them out and look inside.
        plan.itemStarts.add(item.span.start);
        planItems(body.items, errs);
        continue;
      }
      let start = item.span.start;
      let end = item.span.end;
      for (const e of errs) {
        start = Math.min(start, e.span.start);
        end = Math.max(end, e.span.end);
      }
      regions.push({ start, end });
    }
  };

  planItems(systems, errors);
  plan.verbatim = settleRegions(text, regions, [...tokens, ...source.comments]);
  return plan;
}

/** Sorts and merges regions, widening each to whole tokens and comments. */
function settleRegions(text: string, regions: Span[], all: IToken[]): Span[] {
  if (regions.length === 0) return [];
  // Tokens and comments never overlap, so sorted by start they are sorted by end too.
  const spans = all.map((t) => ({ start: t.startOffset, end: t.startOffset + t.image.length })).sort((x, y) => x.start - y.start);
  const firstEndingAfter = (offset: number): number => partitionPoint(spans.length, (i) => spans[i].end <= offset);
  let current = regions.map((r) => ({ start: Math.max(0, r.start), end: Math.min(text.length, r.end) }));
  for (;;) {
    current.sort((x, y) => x.start - y.start);
    const merged: Span[] = [];
    for (const r of current) {
      const last = merged[merged.length - 1];
      if (last && r.start <= last.end) last.end = Math.max(last.end, r.end);
      else merged.push({ ...r });
    }
    let changed = false;
    for (const r of merged) {
      if (r.end <= r.start) continue;
      const first = spans[firstEndingAfter(r.start)];
      if (first && first.start < r.start && first.end > r.start) {
        r.start = first.start;
        changed = true;
      }
      const last = spans[firstEndingAfter(r.end)];
      if (last && last.start < r.end && last.end > r.end) {
        r.end = last.end;
        changed = true;
      }
    }
    current = merged;
    if (!changed) break;
  }
  return current.filter((r) => r.end > r.start);
}

// ---------------------------------------------------------------------------
// Printing

type Piece =
  | { kind: 'token'; start: number; end: number; text: string; token: IToken }
  | { kind: 'comment'; start: number; end: number; text: string; line: boolean }
  | { kind: 'verbatim'; start: number; end: number; text: string };

interface PrintOptions {
  unit: string;
  eol: string;
  dropSeparators: boolean;
}

const NO_SPACE_BEFORE = new Set(['Comma', 'RParen', 'RBracket', 'Dot', 'DotDot']);
const NO_SPACE_AFTER = new Set(['LParen', 'LBracket', 'Dot', 'DotDot']);

function pieces(text: string, source: LexSummary, verbatim: Span[]): Piece[] {
  const out: Piece[] = [];
  for (const t of source.tokens) {
    out.push({ kind: 'token', start: t.startOffset, end: t.startOffset + t.image.length, text: t.image, token: t });
  }
  for (const c of source.comments) {
    out.push({ kind: 'comment', start: c.startOffset, end: c.startOffset + c.image.length, text: commentText(c), line: c.tokenType.name === 'LineComment' });
  }
  out.sort((a, b) => a.start - b.start);
  if (verbatim.length === 0) return out;
  const result: Piece[] = [];
  let r = 0;
  for (const p of out) {
    while (r < verbatim.length && verbatim[r].end <= p.start) {
      result.push({ kind: 'verbatim', start: verbatim[r].start, end: verbatim[r].end, text: text.slice(verbatim[r].start, verbatim[r].end) });
      r++;
    }
    if (r < verbatim.length && p.start >= verbatim[r].start && p.end <= verbatim[r].end) continue;
    result.push(p);
  }
  for (; r < verbatim.length; r++) {
    result.push({ kind: 'verbatim', start: verbatim[r].start, end: verbatim[r].end, text: text.slice(verbatim[r].start, verbatim[r].end) });
  }
  result.sort((a, b) => a.start - b.start);
  return result;
}

function newlinesBetween(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 10) n++;
    else if (ch === 13 && text.charCodeAt(i + 1) !== 10) n++;
  }
  return n;
}

function tokenName(p: Piece | undefined): string | undefined {
  return p && p.kind === 'token' ? p.token.tokenType.name : undefined;
}

function print(text: string, source: LexSummary, plan: Plan, options: PrintOptions): { text: string; dropped: Set<number> } {
  const list = pieces(text, source, plan.verbatim);
  const { unit, eol } = options;
  const dropped = new Set<number>();
  const openers: string[] = [];

  // Separator commas: commas directly inside `{…}`, not inside `(…)` or `[…]`,
  // counting the brackets of every token (those copied verbatim too, so a
  // stray `[` still protects the commas after it). Commas outside any brace
  // are stray text and stay.
  const separator = new Set<number>();
  for (const t of source.tokens) {
    const name = t.tokenType.name;
    if (name === 'LCurly' || name === 'LParen' || name === 'LBracket') openers.push(name);
    else if (name === 'RCurly' || name === 'RParen' || name === 'RBracket') openers.pop();
    else if (name === 'Comma' && openers[openers.length - 1] === 'LCurly') separator.add(t.startOffset);
  }
  // Separators are dropped, except after a flag where the next item could join it (see Plan.flagEnds).
  const droppable = new Set<number>();
  if (options.dropSeparators) {
    const code = list.filter((p) => p.kind !== 'comment');
    let last: Piece | undefined;
    const isSeparator = (p: Piece | undefined) => p !== undefined && p.kind === 'token' && separator.has(p.start);
    for (let i = 0; i < code.length; i++) {
      const p = code[i];
      if (!isSeparator(p)) {
        last = p;
        continue;
      }
      let j = i + 1;
      while (isSeparator(code[j])) j++;
      if (last && plan.flagEnds.has(last.end) && joinsFlag(last, code[j], code[j + 1])) last = p; // keep this one only
      else droppable.add(p.start);
    }
  }
  const skipped = (p: Piece): boolean => p.kind === 'token' && droppable.has(p.start);

  const isItemStart = (p: Piece): boolean => p.kind === 'verbatim' || (p.kind === 'token' && plan.itemStarts.has(p.start));
  const isOpen = (p: Piece | undefined): boolean => tokenName(p) === 'LCurly';
  const isClose = (p: Piece): boolean => tokenName(p) === 'RCurly';
  const indent = (level: number): string => unit.repeat(Math.max(0, level));

  const out: string[] = [];
  let depth = 0;
  let prev: Piece | undefined;
  let prevOwnLine = false;

  for (let i = 0; i < list.length; i++) {
    const p = list[i];
    if (skipped(p)) {
      dropped.add(p.start);
      continue;
    }
    let sep: string;
    let ownLine = false;
    const nl = prev ? newlinesBetween(text, prev.end, p.start) : 0;
    if (!prev) {
      sep = '';
      ownLine = true;
    } else if (prev.kind === 'verbatim' && p.kind === 'verbatim' && /^[ \t]*$/.test(text.slice(prev.end, p.start))) {
      // Two parts copied as written (stray text) on one line keep the spaces between them.
      sep = text.slice(prev.end, p.start);
    } else if (p.kind === 'comment') {
      if (nl === 0 && !(prev.kind === 'comment' && prev.line)) {
        sep = ' ';
      } else {
        let next: Piece | undefined;
        for (let j = i + 1; j < list.length; j++) {
          if (list[j].kind !== 'comment' && !skipped(list[j])) {
            next = list[j];
            break;
          }
        }
        const midItem = next !== undefined && !isItemStart(next) && !isClose(next);
        const blank = nl >= 2 && !isOpen(prev);
        sep = eol.repeat(blank ? 2 : 1) + indent(depth + (midItem ? 1 : 0));
        ownLine = true;
      }
    } else if (isClose(p)) {
      sep = isOpen(prev) ? '' : eol + indent(depth - 1);
    } else if (isItemStart(p)) {
      if (prev.kind === 'comment' && !prev.line && nl === 0 && prevOwnLine) {
        sep = ' ';
      } else {
        const blank = nl >= 2 && !isOpen(prev);
        sep = eol.repeat(blank ? 2 : 1) + indent(depth);
      }
    } else if (p.kind === 'token' && separator.has(p.start) && !(prev.kind === 'comment' && prev.line)) {
      // A separator that is kept stays on the line of the item it ends.
      sep = prev.kind === 'comment' ? ' ' : '';
    } else if (prev.kind === 'comment') {
      sep = prev.line || nl > 0 ? eol + indent(depth + 1) : ' ';
    } else {
      sep = spaceBetween(prev, p, plan);
    }
    out.push(sep, p.text);
    if (isOpen(p)) depth++;
    else if (isClose(p)) depth = Math.max(0, depth - 1);
    prev = p;
    prevOwnLine = p.kind === 'comment' ? ownLine : false;
  }

  let result = out.join('');
  const lastComment = source.comments[source.comments.length - 1];
  const endsInOpenComment = lastComment !== undefined && lastComment.tokenType.name === 'UnterminatedBlockComment';
  if (result.length > 0 && !endsInOpenComment) result += eol;
  return { text: result, dropped };
}

/**
 * Whether `flag next after` (the comma between them gone) would read as one
 * declaration: the parser takes `word word` as a declaration when the first is
 * a keyword, or when `{` or a string follows.
 */
function joinsFlag(flag: Piece, next: Piece | undefined, after: Piece | undefined): boolean {
  if (!next || !isWord(next)) return false;
  if (flag.kind === 'token' && flag.token.tokenType !== Identifier) return true;
  const name = tokenName(after);
  return name === 'LCurly' || name === 'ClosedString' || name === 'UnterminatedString';
}

function isWord(p: Piece): boolean {
  return p.kind === 'token' && tokenMatcher(p.token, Identifier);
}

function spaceBetween(prev: Piece, cur: Piece, plan: Plan): string {
  const before = tokenName(prev);
  const name = tokenName(cur);
  if (before && NO_SPACE_AFTER.has(before)) return '';
  if (!name) return ' ';
  if (NO_SPACE_BEFORE.has(name)) return '';
  if (name === 'Colon') return plan.labelColons.has(cur.start) ? ' ' : '';
  if (name === 'LParen') return plan.attrParens.has(cur.start) ? ' ' : '';
  if (name === 'LBracket') return isWord(prev) ? '' : ' ';
  return ' ';
}

// Where the cursor is, for completion: derived from the tokens just before it
// and the bracket nesting around it, so it works on half-typed and broken text
// (the parser may not have made sense of the line being typed yet). The
// DocumentIndex tells what each bracket opens; the tokens tell the rest.
import { IToken, tokenMatcher } from 'chevrotain';
import type { Analysis } from '../analyze';
import type { Declaration, Span } from '../syntax/ast';
import { AtKw, Identifier, KindKw, NumericLiteral, QueryKw, ScenarioKw, StringLiteral, SystemKw, TableKw, ViewKw } from '../syntax/tokens';
import type { PropertySpec } from '../schema/types';
import { AT_SPEC, DocumentIndex, Opener } from './document-index';
import { declarationScope, propertySpec, Scope } from './scopes';
import { partitionPoint } from '../sorted';
import { lookupTable } from '../records';

export type CursorContext =
  | { type: 'none' }
  /** Outside any system: `system`. */
  | { type: 'top' }
  /** Where a new item may start in a body: kinds, properties, blocks, names for connections. */
  | { type: 'item'; scope: Scope }
  /** After `property:` (or inside its list): values valid for the property. */
  | { type: 'value'; scope: Scope; property: string; spec?: PropertySpec }
  /** `owner.` followed by the partial word: columns of a table, a database's primary/replica. */
  | { type: 'member'; scope?: Scope; owner: string; property?: string; event?: boolean }
  /** A number being typed: units that fit the property. */
  | { type: 'unit'; start: number; digits: string; suffix: string; per?: string; spec?: PropertySpec }
  /** After `->`. */
  | { type: 'connection-target'; scope?: Scope }
  /** After `kind name:`. */
  | { type: 'technology'; kind: string }
  /** After `at 2m:`. */
  | { type: 'action' }
  /** After `at 2m: stop`. */
  | { type: 'event-target'; action: string; scope?: Scope }
  /** Inside a connection's `( … )`, where an attribute name goes. */
  | { type: 'attribute'; scope: Scope & { type: 'connection' } };

export interface Cursor {
  context: CursorContext;
  /** The text the completion replaces (the partial word before the cursor). */
  replace: Span;
  /** The partial word itself. */
  word: string;
}

const NONE: CursorContext = { type: 'none' };

export function cursorContext(analysis: Analysis, index: DocumentIndex, offset: number): Cursor {
  const text = analysis.text;
  offset = Math.max(0, Math.min(offset, text.length));
  const empty: Cursor = { context: NONE, replace: { start: offset, end: offset }, word: '' };
  if (inCommentOrString(analysis, offset)) return empty;
  const line = analysis.lines.position(offset).line;
  const lineStart = analysis.lines.lineStart(line);
  const linePrefix = text.slice(lineStart, offset);

  // A number being typed: `10`, `10m`, `20k/`, `20k/mi`.
  const num = /(^|[^A-Za-z0-9_.])(\d+(?:\.\d+)?)([A-Za-z%]*)(?:\/([A-Za-z]*))?$/.exec(linePrefix);
  if (num) {
    const start = offset - (num[0].length - num[1].length);
    const before = tokensBefore(analysis.tokens, start);
    const stack = openerStack(before, index);
    const spec = numberSpec(before, stack, index);
    return {
      context: { type: 'unit', start, digits: num[2], suffix: num[3], per: num[4], spec },
      replace: { start, end: offset },
      word: text.slice(start, offset),
    };
  }

  const word = /[A-Za-z_][A-Za-z0-9_]*$/.exec(linePrefix)?.[0] ?? '';
  const wordStart = offset - word.length;
  const replace = { start: wordStart, end: offset };

  // `owner.partial`
  if (text[wordStart - 1] === '.' && text[wordStart - 2] !== '.') {
    const owner = /[A-Za-z_][A-Za-z0-9_]*$/.exec(text.slice(lineStart, wordStart - 1))?.[0];
    if (!owner) return { context: NONE, replace, word };
    const ownerStart = wordStart - 1 - owner.length;
    const before = tokensBefore(analysis.tokens, ownerStart);
    const stack = openerStack(before, index);
    const scope = bodyScope(stack, index, ownerStart);
    const [p1, p2, p3, p4] = lastTokens(before, 4);
    const event = !!p1 && isIdent(p1) && isColon(p2) && !!p3 && tokenMatcher(p3, NumericLiteral) && !!p4 && tokenMatcher(p4, AtKw);
    const property = valueProperty(before, stack);
    return { context: { type: 'member', scope, owner, property, event }, replace, word };
  }

  const before = tokensBefore(analysis.tokens, wordStart);
  const stack = openerStack(before, index);
  const top = stack[stack.length - 1];
  const scope = bodyScope(stack, index, wordStart);
  const [p1, p2, p3, p4] = lastTokens(before, 4);
  const ctx = (context: CursorContext): Cursor => ({ context, replace, word });

  if (!p1) return ctx(scope ? { type: 'item', scope } : { type: 'top' });

  // Inside `( … )` or `[ … ]`.
  if (top && top.token.image === '(') {
    const opener = top.opener;
    if (opener?.type !== 'attrs') return ctx(NONE);
    if (p1.image === '(' || p1.image === ',') return ctx({ type: 'attribute', scope: opener.scope });
    if (isColon(p1) && p2 && isIdent(p2)) {
      return ctx({ type: 'value', scope: opener.scope, property: p2.image, spec: propertySpec(opener.scope, p2.image) });
    }
    return ctx(NONE);
  }
  if (top && top.token.image === '[') {
    const opener = top.opener;
    if (opener?.type !== 'list' || !opener.property) return ctx(NONE);
    if (p1.image === '[' || p1.image === ',' || p1.image === '=') {
      return ctx({ type: 'value', scope: opener.scope, property: opener.property, spec: propertySpec(opener.scope, opener.property) });
    }
    return ctx(NONE);
  }

  if (p1.image === '->') return ctx({ type: 'connection-target', scope });

  if (isColon(p1)) {
    if (p2 && tokenMatcher(p2, NumericLiteral) && p3 && tokenMatcher(p3, AtKw)) return ctx({ type: 'action' });
    if (!p2 || !isIdent(p2)) return ctx(NONE);
    // `-> b : "label"`
    if (p3 && (p3.image === '->' || p3.image === ')')) return ctx(NONE);
    // `kind name: tech`
    if (p3 && tokenMatcher(p3, KindKw) && !(p4 && (isColon(p4) || p4.image === '->' || p4.image === '.'))) {
      return ctx({ type: 'technology', kind: p3.image });
    }
    if (!scope) return ctx(NONE);
    return ctx({ type: 'value', scope, property: p2.image, spec: propertySpec(scope, p2.image) });
  }

  if (p1.image === '=') {
    const property = valueProperty(before, stack);
    if (!scope || !property) return ctx(NONE);
    return ctx({ type: 'value', scope, property, spec: propertySpec(scope, property) });
  }

  // `at 2m: stop |`
  if (isIdent(p1) && isColon(p2) && p3 && tokenMatcher(p3, NumericLiteral) && p4 && tokenMatcher(p4, AtKw)) {
    return ctx({ type: 'event-target', action: p1.image, scope });
  }

  if (p1.image === '.' || p1.image === '..' || tokenMatcher(p1, AtKw)) return ctx(NONE);

  if (!scope) return ctx({ type: 'top' });

  const sameLine = analysis.lines.position(p1.startOffset).line === line;
  if (sameLine) {
    // Naming a declaration: `service |`, `service posts |`, `system |`.
    if (isDeclarationKeyword(p1) && isItemBoundary(p2)) return ctx(NONE);
    if (isIdent(p1) && p2 && isDeclarationKeyword(p2) && isItemBoundary(p3)) return ctx(NONE);
    if (isIdent(p1) && p2 && p2.image === '->') return ctx(NONE);
  }
  return ctx({ type: 'item', scope });
}

interface StackEntry {
  token: IToken;
  opener?: Opener;
}

const CLOSERS = lookupTable({ '}': '{', ')': '(', ']': '[' });

function openerStack(tokens: IToken[], index: DocumentIndex): StackEntry[] {
  const stack: StackEntry[] = [];
  tokens.forEach((t, at) => {
    const image = t.image;
    if (image === '{' || image === '(' || image === '[') stack.push({ token: t, opener: repaired(tokens, at, index.openers.get(t.startOffset)) });
    else if (image in CLOSERS) {
      const want = CLOSERS[image];
      // Pop to the matching opener; a stray closer with no match is ignored.
      for (let i = stack.length - 1; i >= 0; i--) {
        if (stack[i].token.image === want) {
          stack.length = i;
          break;
        }
      }
    }
  });
  return stack;
}

/**
 * The parser reads `cache c:` followed by `loadbalancer lb {` on the next line
 * as `cache c: loadbalancer` plus a block `lb { … }`. While the line above is
 * half-typed, trust the words in front of the brace: `KIND name [: tech]
 * ["title"] {` opens a component of that kind.
 */
function repaired(tokens: IToken[], at: number, opener: Opener | undefined): Opener | undefined {
  if (!opener || opener.type !== 'body' || opener.scope.type !== 'block' || opener.scope.spec) return opener;
  let i = at - 1;
  if (tokens[i] && tokenMatcher(tokens[i], StringLiteral)) i--;
  const name = tokens[i];
  const kind = tokens[i - 1];
  if (!name || !kind || !isIdent(name) || !tokenMatcher(kind, KindKw)) return opener;
  const block = opener.scope.node;
  const decl: Declaration = {
    type: 'declaration',
    keyword: { text: kind.image, span: { start: kind.startOffset, end: kind.startOffset + kind.image.length } },
    name: { text: name.image, span: { start: name.startOffset, end: name.startOffset + name.image.length } },
    body: block.items,
    bodySpan: { start: tokens[at].startOffset, end: block.span.end },
    closed: block.closed,
    span: { start: kind.startOffset, end: block.span.end },
  };
  return { type: 'body', scope: declarationScope(decl, opener.scope.parent) };
}

/** The innermost body around the cursor, or undefined at the top level. */
function bodyScope(stack: StackEntry[], index: DocumentIndex, offset: number): Scope | undefined {
  for (let i = stack.length - 1; i >= 0; i--) {
    const o = stack[i].opener;
    if (o?.type === 'body') return o.scope;
  }
  // Inside braces the parser did not attribute (deep nesting cut off): fall back to the system.
  return stack.length ? index.systemAt(offset) : undefined;
}

/** The property whose value is being typed, looking back over `a.b =` and list separators. */
function valueProperty(before: IToken[], stack: StackEntry[]): string | undefined {
  let i = before.length - 1;
  while (i >= 0 && (isIdent(before[i]) || before[i].image === '.' || before[i].image === '=')) i--;
  const t = before[i];
  if (!t) return undefined;
  if (isColon(t) && before[i - 1] && isIdent(before[i - 1])) return before[i - 1].image;
  if (t.image === '[' || t.image === ',') {
    const top = stack[stack.length - 1]?.opener;
    if (top?.type === 'list') return top.property;
  }
  return undefined;
}

/** What the number being typed is for: the property before it, a call's times, an event time. */
function numberSpec(before: IToken[], stack: StackEntry[], index: DocumentIndex): PropertySpec | undefined {
  const [p1, p2] = lastTokens(before, 2);
  const top = stack[stack.length - 1];
  if (top?.token.image === '(' && top.opener?.type === 'call' && top.opener.property) {
    const spec = propertySpec(top.opener.scope, top.opener.property);
    return spec ? { ...spec, value: { type: 'quantity', family: 'time' } } : undefined;
  }
  if (p1 && tokenMatcher(p1, AtKw)) return AT_SPEC;
  if (top?.token.image === '(' && top.opener?.type === 'attrs' && isColon(p1) && p2) return propertySpec(top.opener.scope, p2.image);
  const property = isColon(p1) && p2 && isIdent(p2) ? p2.image : p1?.image === '..' ? valueProperty(before.slice(0, -2), stack) : undefined;
  if (!property) return undefined;
  const scope = bodyScope(stack, index, p1?.startOffset ?? 0);
  return scope ? propertySpec(scope, property) : undefined;
}

function tokensBefore(tokens: IToken[], offset: number): IToken[] {
  return tokens.slice(0, partitionPoint(tokens.length, (i) => tokens[i].startOffset < offset));
}

/** The last n tokens, nearest first. */
function lastTokens(tokens: IToken[], n: number): (IToken | undefined)[] {
  const out: (IToken | undefined)[] = [];
  for (let i = 1; i <= n; i++) out.push(tokens[tokens.length - i]);
  return out;
}

function isIdent(t: IToken | undefined): t is IToken {
  return !!t && tokenMatcher(t, Identifier);
}

function isColon(t: IToken | undefined): boolean {
  return t?.image === ':';
}

function isDeclarationKeyword(t: IToken): boolean {
  return tokenMatcher(t, KindKw) || tokenMatcher(t, QueryKw) || tokenMatcher(t, ScenarioKw) || tokenMatcher(t, TableKw) || tokenMatcher(t, ViewKw) || tokenMatcher(t, SystemKw);
}

/** True when the token ends an item (or there is none): what precedes a declaration keyword. */
function isItemBoundary(t: IToken | undefined): boolean {
  if (!t) return true;
  if (t.image === '{' || t.image === '}' || t.image === ',' || t.image === ')' || t.image === ']') return true;
  return tokenMatcher(t, Identifier) || tokenMatcher(t, NumericLiteral) || tokenMatcher(t, StringLiteral);
}

function inCommentOrString(analysis: Analysis, offset: number): boolean {
  for (const c of analysis.ast.comments) {
    if (c.span.start < offset && (offset < c.span.end || (offset === c.span.end && (!c.block || !c.text.endsWith('*/'))))) return true;
    if (c.span.start >= offset) break;
  }
  const tokens = analysis.tokens;
  // The last token starting before the offset.
  const t = tokens[partitionPoint(tokens.length, (i) => tokens[i].startOffset < offset) - 1];
  if (t && tokenMatcher(t, StringLiteral)) {
    const end = t.startOffset + t.image.length;
    const closed = t.tokenType.name === 'ClosedString';
    return offset < end || (!closed && offset === end);
  }
  return false;
}

// What an edit leaves alone. Systems never refer to one another, so a system
// whose text an edit did not touch keeps its syntax tree, model, link
// diagnostics and rule findings (and, through the model, its estimate and
// semantic facts). A system after the edit has moved by the edit's length:
// its spans are moved in place rather than rebuilt, which costs a walk over
// its objects instead of a parse, a link and every rule.
//
// Anything that could make the reused parts differ from a fresh analysis
// sends the caller back to a full one: syntax errors before or after the
// edit (recovery may reach across systems), characters no token reads, a
// comment left open, or an edit that changes how the text after it lexes.
import type { IToken } from 'chevrotain';
import type { Lexed } from './syntax';
import { parseSystemsClean } from './syntax';
import type { Span, SystemDecl } from './syntax/ast';
import { UnterminatedBlockComment } from './syntax/tokens';
import type { SystemModel } from './model/types';
import type { Diagnostic } from './diagnostics';
import { partitionPoint } from './sorted';

/** One system's share of an analysis. */
export interface SystemPart {
  decl: SystemDecl;
  /** Undefined when building it failed (an internal error is in `linked`). */
  model: SystemModel | undefined;
  /** What linking and validating this system reported. */
  linked: Diagnostic[];
  /** Rule findings at the severities of `rulesKey`, before suppression comments apply. */
  findings: Diagnostic[];
  rulesKey: string | undefined;
}

/** The previous analysis, as far as reuse needs it. */
export interface Previous {
  text: string;
  tokens: IToken[];
  parts?: readonly SystemPart[];
}

/**
 * The new text's systems, in order: a previous part for each system the
 * edit did not touch (moved to its new offsets), the declaration of each
 * system it did, freshly parsed. Undefined when a full analysis is needed,
 * or when nothing can be kept. Consumes `previous`.
 */
export function keptSystems(previous: Previous, text: string, lexed: Lexed): (SystemPart | SystemDecl)[] | undefined {
  const parts = previous.parts;
  if (!parts || parts.length === 0 || lexed.unreadable.length > 0) return undefined;
  if (lexed.comments.some((c) => c.tokenType === UnterminatedBlockComment)) return undefined;
  const old = previous.text;
  const { prefix, suffix } = commonEnds(old, text);
  const delta = text.length - old.length;

  // Systems wholly inside the unchanged start, and wholly inside the unchanged end.
  let before = 0;
  while (before < parts.length && parts[before].decl.span.end <= prefix) before++;
  let after = 0;
  while (after < parts.length - before && parts[parts.length - 1 - after].decl.span.start >= old.length - suffix) after++;
  if (before + after === 0) return undefined;

  // The edited run lies between them; its tokens are parsed on their own.
  const runStart = before > 0 ? parts[before - 1].decl.span.end : 0;
  const oldRunEnd = after > 0 ? parts[parts.length - after].decl.span.start : old.length;
  const runEnd = oldRunEnd + delta;
  const tokens = lexed.tokens;
  const from = firstTokenAtOrAfter(tokens, runStart);
  const to = firstTokenAtOrAfter(tokens, runEnd);
  if (after > 0) {
    // The kept systems after the run must lex as before: the first starts a token
    // exactly where it did (no comment or string opened in the run swallowed it),
    // and as many tokens follow.
    if (tokens[to]?.startOffset !== runEnd) return undefined;
    if (tokens.length - to !== previous.tokens.length - firstTokenAtOrAfter(previous.tokens, oldRunEnd)) return undefined;
  }
  const edited = parseSystemsClean(text, tokens.slice(from, to));
  if (!edited) return undefined;

  const moved = parts.slice(parts.length - after);
  if (delta !== 0) moveSpans(moved, delta);
  return [...parts.slice(0, before), ...edited, ...moved];
}

/** How many characters the two texts share at the start, and then at the end. */
function commonEnds(a: string, b: string): { prefix: number; suffix: number } {
  const max = Math.min(a.length, b.length);
  let prefix = 0;
  while (prefix < max && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < max - prefix && a.charCodeAt(a.length - 1 - suffix) === b.charCodeAt(b.length - 1 - suffix)) suffix++;
  return { prefix, suffix };
}

function firstTokenAtOrAfter(tokens: IToken[], offset: number): number {
  return partitionPoint(tokens.length, (i) => tokens[i].startOffset < offset);
}

/**
 * Adds `delta` to every span reachable from `roots`: syntax trees, models,
 * diagnostics and their fixes all hold plain `{ start, end }` objects, often
 * the same object from several places, so each is moved once. Derived data
 * cached per model (semantic facts, the estimate) refers to the model's own
 * span objects and never makes spans of its own, so it moves with them.
 */
export function moveSpans(roots: readonly unknown[], delta: number): void {
  const seen = new Set<object>();
  const stack: object[] = [];
  const push = (value: unknown) => {
    if (typeof value === 'object' && value !== null) stack.push(value);
  };
  for (const root of roots) push(root);
  while (stack.length > 0) {
    const value = stack.pop()!;
    if (seen.has(value)) continue;
    seen.add(value);
    if (Array.isArray(value)) {
      for (const item of value) push(item);
    } else if (value instanceof Map || value instanceof Set) {
      for (const item of value.values()) push(item);
    } else if (isSpan(value)) {
      value.start += delta;
      value.end += delta;
    } else {
      const record = value as Record<string, unknown>;
      for (const key in record) push(record[key]);
    }
  }
}

function isSpan(value: object): value is Span {
  const o = value as Partial<Span>;
  if (typeof o.start !== 'number' || typeof o.end !== 'number') return false;
  let keys = 0;
  for (const _ in o) keys++;
  return keys === 2;
}

// The typed AST's nodes, made by the parser as it reads (parser.ts calls one
// method per rule with the tokens and parts it found). Reports the syntax
// problems the grammar tolerates on purpose (a missing `}`, `)`, `]`, value,
// name after `->`, bad string) so each error sits exactly where the user has
// to type.
import type { IToken } from 'chevrotain';
import type {
  Attr, Block, CallValue, Connection, Declaration, EquationValue, EventItem, Item, ListValue, MapValue,
  Name, NumberValue, Property, QuantityValue, RangeValue, RateValue, RefValue, Span, StringValue, SyntaxError,
  SystemDecl, Value,
} from './ast';

export function tokenSpan(t: IToken): Span {
  return { start: t.startOffset, end: t.startOffset + t.image.length };
}

function nameOf(t: IToken): Name {
  return { text: t.image, span: tokenSpan(t) };
}

/**
 * The span covering the tokens and spans added, made as one object at the end
 * (chains of `join(span, tokenSpan(t))` made two objects per part: garbage
 * on every property and declaration).
 */
class Extent {
  // Small integers, not ±Infinity: a field that once held a double is a boxed
  // number that every later write allocates anew.
  private start = 0x3fffffff;
  private end = -1;

  token(t: IToken | undefined): this {
    if (t) {
      if (t.startOffset < this.start) this.start = t.startOffset;
      const end = t.startOffset + t.image.length;
      if (end > this.end) this.end = end;
    }
    return this;
  }

  span(s: Span | undefined): this {
    if (s) {
      if (s.start < this.start) this.start = s.start;
      if (s.end > this.end) this.end = s.end;
    }
    return this;
  }

  spans(list: readonly { span: Span }[]): this {
    for (const x of list) this.span(x.span);
    return this;
  }

  done(): Span {
    return { start: this.start, end: this.end };
  }
}

function join(a: Span, b: Span | undefined): Span {
  return b ? { start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) } : a;
}

function describe(t: IToken): string {
  const image = t.image.length > 30 ? `${t.image.slice(0, 30)}…` : t.image;
  return `'${image}'`;
}

const MAGNITUDE_RE = /^(\d+(?:\.\d+)?)(.*)$/;

export class AstBuilder {
  readonly errors: SyntaxError[] = [];
  /** Consecutive stray tokens are reported as one error. */
  private lastStrayEnd = -2;

  constructor(private readonly text: string) {}

  private error(message: string, span: Span, related?: SyntaxError['related']): void {
    this.errors.push(related ? { message, span, related } : { message, span });
  }

  /** A zero-width position right after `t`, where the missing token belongs. */
  private after(t: IToken | Span): Span {
    const end = 'end' in t ? t.end : t.startOffset + t.image.length;
    return { start: end, end };
  }

  /** A token that starts no item where it stands; consecutive ones make one error. */
  stray(t: IToken, where: string): void {
    const span = tokenSpan(t);
    const between = this.text.slice(this.lastStrayEnd, span.start);
    if (this.lastStrayEnd >= 0 && /^\s*$/.test(between) && this.errors.length > 0) {
      // Extend the previous stray-token error instead of adding one per token.
      const last = this.errors[this.errors.length - 1];
      if (last.span.end === this.lastStrayEnd) {
        last.span = { start: last.span.start, end: span.end };
        this.lastStrayEnd = span.end;
        return;
      }
    }
    const message = t.tokenType.name === 'RCurly'
      ? `Unexpected '}' ${where}: it closes nothing.`
      : `Unexpected ${describe(t)} ${where}.`;
    this.error(message, span);
    this.lastStrayEnd = span.end;
  }

  /**
   * `strayCloses` are the `}` that closed the system early; `items` hold the
   * items of every body (one before each of them and one after).
   */
  system(keyword: IToken, name: IToken | undefined, title: IToken | undefined, open: IToken | undefined, items: Item[], strayCloses: IToken[], close: IToken | undefined): SystemDecl {
    if (!open) {
      const at = title ?? name ?? keyword;
      this.error("Expected '{' to open the system's body.", this.after(at));
    }
    let strayRun: Span | undefined;
    const flushStrays = () => {
      if (strayRun) this.error(`Unexpected '${this.text.slice(strayRun.start, strayRun.end).replace(/\s+/g, '')}': it closes the system, but the system goes on after it. Remove it, or add the '{' it belongs to.`, strayRun);
      strayRun = undefined;
    };
    for (const t of strayCloses) {
      const span = tokenSpan(t);
      if (strayRun && /^\s*$/.test(this.text.slice(strayRun.end, span.start))) strayRun = join(strayRun, span);
      else {
        flushStrays();
        strayRun = span;
      }
    }
    flushStrays();
    const span = new Extent().token(keyword).token(name).token(title).token(open).token(close).spans(items).done();
    if (open && !close) this.missingClose(open, span, 'system');
    return {
      type: 'system',
      keyword: nameOf(keyword),
      name: name ? nameOf(name) : undefined,
      title: title ? this.string(title) : undefined,
      items,
      span,
      bodySpan: open ? { start: open.startOffset, end: close ? close.startOffset + 1 : span.end } : undefined,
      closed: !!close,
    };
  }

  private missingClose(open: IToken, span: Span, what: string): void {
    this.error(`Missing '}' to close this ${what}.`, this.after(span), [
      { message: `The ${what}'s '{' is here.`, span: tokenSpan(open) },
    ]);
  }

  flag(t: IToken): Item {
    return { type: 'flag', name: nameOf(t), span: tokenSpan(t) };
  }

  /** `body` is present when the declaration has a `{`, with the items inside it. */
  declaration(keyword: IToken, name: IToken | undefined, tech: IToken | undefined, title: IToken | undefined, open: IToken | undefined, body: Item[] | undefined, close: IToken | undefined): Declaration {
    const extent = new Extent().token(keyword).token(name).token(tech).token(title).token(open).token(close);
    if (body) extent.spans(body);
    const span = extent.done();
    if (!name) this.error(`Expected a name after '${keyword.image}': ${keyword.image} NAME { … }`, this.after(keyword));
    if (open && !close) this.missingClose(open, span, `${keyword.image} '${name?.image ?? ''}'`);
    return {
      type: 'declaration',
      keyword: nameOf(keyword),
      name: name ? nameOf(name) : undefined,
      tech: tech ? nameOf(tech) : undefined,
      title: title ? this.string(title) : undefined,
      body,
      bodySpan: open ? { start: open.startOffset, end: close ? close.startOffset + 1 : span.end } : undefined,
      closed: !open || !!close,
      span,
    };
  }

  block(name: IToken, open: IToken, items: Item[], close: IToken | undefined): Block {
    const span = new Extent().token(name).token(open).token(close).spans(items).done();
    if (!close) this.missingClose(open, span, `block '${name.image}'`);
    return { type: 'block', name: nameOf(name), items, span, closed: !!close };
  }

  property(name: IToken, colon: IToken, extraColon: IToken | undefined, value: Value | undefined): Property {
    if (extraColon) this.error(`Unexpected second ':' after '${name.image}'.`, tokenSpan(extraColon));
    const span = new Extent().token(name).token(extraColon ?? colon).span(value?.span).done();
    if (!value) this.error(`Expected a value after '${name.image}:'.`, this.after(extraColon ?? colon));
    return { type: 'property', name: nameOf(name), value, span };
  }

  event(keyword: IToken, at: IToken, colon: IToken | undefined, action: IToken | undefined, target: RefValue | undefined, indexToken: IToken | undefined, indexClose: IToken | undefined): EventItem {
    const span = new Extent().token(keyword).token(at).token(colon).token(action).token(indexToken).token(indexClose).span(target?.span).done();
    if (indexToken && !indexClose) this.error("Missing ']' after the index.", this.after(indexToken));
    if (!action) this.error('Expected an action after the time: stop, start, partition or heal.', this.after(colon ?? at ?? keyword));
    else if (!target) this.error(`Expected what to ${action.image}: a component, an instance (name[2]), a replica (db.primary) or a region.`, this.after(action));
    return {
      type: 'event',
      at: this.numeric(at),
      action: action ? nameOf(action) : undefined,
      target,
      index: indexToken ? (this.numeric(indexToken) as NumberValue) : undefined,
      span,
    };
  }

  /**
   * `refs` and `arrows` in source order; a ref follows each arrow unless the
   * user has not typed it yet. `open`, `attrs` and `close` are the optional
   * `( … )`, `labelColon` and `label` the optional `: "label"`.
   */
  connection(refs: RefValue[], arrows: IToken[], open: IToken | undefined, attrs: Attr[], close: IToken | undefined, labelColon: IToken | undefined, label: IToken | undefined): Connection {
    const extent = new Extent().spans(refs).token(open).token(close).token(labelColon).token(label).spans(attrs);
    for (const arrow of arrows) extent.token(arrow);
    const span = extent.done();
    // Each arrow must be followed by a target. refs[i + 1] follows arrows[i] when present.
    let refIndex = 1;
    for (let i = 0; i < arrows.length; i++) {
      const arrow = arrows[i];
      const next = refs[refIndex];
      const following = arrows[i + 1];
      if (next && next.span.start > arrow.startOffset && (!following || next.span.start < following.startOffset)) refIndex++;
      else this.error("Expected a component name after '->'.", this.after(arrow));
    }
    let attrsSpan: Span | undefined;
    if (open) {
      attrsSpan = { start: open.startOffset, end: close ? close.startOffset + 1 : attrs.length ? attrs[attrs.length - 1].span.end : open.startOffset + 1 };
      if (!close) this.error("Missing ')' to close the connection's attributes.", this.after(attrsSpan), [{ message: "The '(' is here.", span: tokenSpan(open) }]);
    }
    if (labelColon && !label) this.error("Expected a quoted label after ':' (for example : \"order.placed\").", this.after(labelColon));
    return {
      type: 'connection',
      refs,
      arrows: arrows.map(tokenSpan),
      attrs,
      attrsSpan,
      label: label ? this.string(label) : undefined,
      span,
    };
  }

  ref(parts: IToken[]): RefValue {
    const names = parts.map(nameOf);
    return { type: 'ref', parts: names, span: join(names[0].span, names[names.length - 1].span) };
  }

  /** A one-word ref (`least_connections`, `user_id`). */
  word(t: IToken): RefValue {
    const part = nameOf(t);
    return { type: 'ref', parts: [part], span: { start: part.span.start, end: part.span.end } };
  }

  attr(name: IToken | undefined, colon: IToken | undefined, value: Value | undefined): Attr {
    // A positional argument shares its value's span.
    const span = name || colon ? new Extent().token(name).token(colon).span(value?.span).done() : value?.span;
    if (name && !value) this.error(`Expected a value after '${name.image}:'.`, this.after(colon ?? name));
    return { name: name ? nameOf(name) : undefined, value, span: span ?? { start: 0, end: 0 } };
  }

  call(name: IToken, open: IToken, args: Attr[], close: IToken | undefined): CallValue {
    const span = new Extent().token(name).token(open).token(close).spans(args).done();
    if (!close) this.error(`Missing ')' to close '${name.image}('.`, this.after(span), [{ message: "The '(' is here.", span: tokenSpan(open) }]);
    return { type: 'call', name: nameOf(name), args, span, closed: !!close };
  }

  list(open: IToken, items: Attr[], close: IToken | undefined): ListValue {
    const span = new Extent().token(open).token(close).spans(items).done();
    if (!close) this.error("Missing ']' to close this list.", this.after(span), [{ message: "The '[' is here.", span: tokenSpan(open) }]);
    return { type: 'list', items, span, closed: !!close };
  }

  map(open: IToken, items: Item[], close: IToken | undefined): MapValue {
    const span = new Extent().token(open).token(close).spans(items).done();
    if (!close) this.missingClose(open, span, 'map');
    return { type: 'map', items, span, closed: !!close };
  }

  range(fromToken: IToken, dots: IToken, toToken: IToken | undefined): RangeValue {
    const from = this.numeric(fromToken) as NumberValue | QuantityValue;
    const to = toToken ? (this.numeric(toToken) as NumberValue | QuantityValue) : undefined;
    if (!to) this.error("Expected the upper bound after '..'.", this.after(dots));
    return { type: 'range', from, to, span: join(join(from.span, tokenSpan(dots)), to?.span) };
  }

  equation(left: RefValue, eq: IToken, right: RefValue | undefined): EquationValue {
    if (!right) this.error("Expected a column after '=' (for example posts.user_id = users.user_id).", this.after(eq));
    return { type: 'equation', left, right, span: join(join(left.span, tokenSpan(eq)), right?.span) };
  }

  numeric(t: IToken): NumberValue | QuantityValue | RateValue {
    const span = tokenSpan(t);
    const raw = t.image;
    if (t.tokenType.name === 'NumberLiteral') return { type: 'number', value: Number(raw), raw, span };
    if (t.tokenType.name === 'RateLiteral') {
      const slash = raw.indexOf('/');
      const m = MAGNITUDE_RE.exec(raw.slice(0, slash))!;
      const per = raw.slice(slash + 1);
      if (per === '') this.error(`Expected a time unit after '/' in '${raw}': s, min, h or day.`, { start: span.start + slash + 1, end: span.end });
      return { type: 'rate', number: Number(m[1]), suffix: m[2], per, raw, span };
    }
    const m = MAGNITUDE_RE.exec(raw)!;
    return { type: 'quantity', number: Number(m[1]), suffix: m[2], raw, span };
  }

  string(t: IToken): StringValue {
    const raw = t.image;
    const terminated = t.tokenType.name === 'ClosedString';
    const inner = terminated ? raw.slice(1, -1) : raw.slice(1);
    // Most strings have no escape: no character-by-character copy.
    let value = inner.includes('\\') ? '' : inner;
    for (let i = value === inner ? inner.length : 0; i < inner.length; i++) {
      const ch = inner[i];
      if (ch !== '\\') {
        value += ch;
        continue;
      }
      const next = inner[++i];
      if (next === 'n') value += '\n';
      else if (next === '"' || next === '\\') value += next;
      else if (next === undefined) break;
      else {
        const at = t.startOffset + 1 + i - 1;
        this.error(`Unknown escape '\\${next}' in a string: use \\", \\\\ or \\n.`, { start: at, end: at + 2 });
        value += next;
      }
    }
    if (!terminated) this.error('Unterminated string: add the closing \'"\' on the same line.', tokenSpan(t));
    return { type: 'string', value, raw, span: tokenSpan(t), terminated };
  }
}

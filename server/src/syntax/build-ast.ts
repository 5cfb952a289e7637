// CST -> typed AST. Reports the syntax problems the grammar tolerates on
// purpose (a missing `}`, `)`, `]`, value, name after `->`, bad string) so
// each error sits exactly where the user has to type.
import { CstNode, IToken, tokenMatcher } from 'chevrotain';
import { Comma, Identifier } from './tokens';
import type {
  Attr, Block, CallValue, Connection, Declaration, EquationValue, EventItem, Item, ListValue, MapValue,
  Name, NumberValue, Property, QuantityValue, RangeValue, RateValue, RefValue, Span, StringValue, SyntaxError,
  SystemDecl, Value,
} from './ast';

/**
 * A node's children by label. The parser stores a label's only element as it
 * is and makes an array when a second one comes (see `cstPostTerminal` in
 * parser.ts), so both shapes are read here.
 */
type Children = Record<string, CstNode | IToken | (CstNode | IToken)[] | undefined>;

/** Shared result for an absent label: looking one up allocates nothing. */
const NONE: never[] = [];

function children(node: CstNode): Children {
  return node.children as unknown as Children;
}

/** Every element under `key`, in order. */
function all(node: CstNode, key: string): (CstNode | IToken)[] {
  const v = children(node)[key];
  return v === undefined ? NONE : Array.isArray(v) ? v : [v];
}

/** The first element under `key`. */
function first(node: CstNode, key: string): CstNode | IToken | undefined {
  const v = children(node)[key];
  return Array.isArray(v) ? v[0] : v;
}

function tokens(node: CstNode, key: string): IToken[] {
  return all(node, key) as IToken[];
}

function token(node: CstNode, key: string): IToken | undefined {
  return first(node, key) as IToken | undefined;
}

function nodes(node: CstNode, key: string): CstNode[] {
  return all(node, key) as CstNode[];
}

function subnode(node: CstNode, key: string): CstNode | undefined {
  return first(node, key) as CstNode | undefined;
}

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

  private stray(t: IToken, where: string): void {
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

  file(cst: CstNode): SystemDecl[] {
    const systems: SystemDecl[] = [];
    // `file` children come grouped by kind; merge them back into source order.
    const entries: { offset: number; node?: CstNode; stray?: IToken }[] = [];
    for (const s of nodes(cst, 'system')) entries.push({ offset: token(s, 'keyword')!.startOffset, node: s });
    for (const t of tokens(cst, 'stray')) entries.push({ offset: t.startOffset, stray: t });
    entries.sort((a, b) => a.offset - b.offset);
    for (const entry of entries) {
      if (entry.node) systems.push(this.system(entry.node));
      else if (entry.stray) this.stray(entry.stray, 'outside a system; a design file holds `system NAME { … }` blocks');
    }
    return systems;
  }

  private system(node: CstNode): SystemDecl {
    const keyword = token(node, 'keyword')!;
    const name = token(node, 'name');
    const title = token(node, 'title');
    const open = token(node, 'open');
    const close = token(node, 'close');
    if (!open) {
      const at = title ?? name ?? keyword;
      this.error("Expected '{' to open the system's body.", this.after(at));
    }
    // Several bodies when a stray `}` closed the system early (see the parser's earlyCloses).
    const items: Item[] = [];
    for (const body of nodes(node, 'body')) items.push(...this.body(body, 'in a system'));
    let strayRun: Span | undefined;
    const flushStrays = () => {
      if (strayRun) this.error(`Unexpected '${this.text.slice(strayRun.start, strayRun.end).replace(/\s+/g, '')}': it closes the system, but the system goes on after it. Remove it, or add the '{' it belongs to.`, strayRun);
      strayRun = undefined;
    };
    for (const t of tokens(node, 'strayClose')) {
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

  /** A body's `items` are rule nodes and tokens in source order (see the parser's `body`). */
  private body(node: CstNode, where: string): Item[] {
    const out: Item[] = [];
    for (const element of all(node, 'items')) {
      const built = this.item(element, where);
      if (built) out.push(built);
    }
    return out;
  }

  private item(element: CstNode | IToken, where: string): Item | undefined {
    if ('children' in element) {
      switch (element.name) {
        case 'declaration': return this.declaration(element);
        case 'property': return this.property(element);
        case 'connection': return this.connection(element);
        case 'block': return this.block(element);
        case 'event': return this.event(element);
      }
      return undefined;
    }
    if (tokenMatcher(element, Identifier)) return { type: 'flag', name: nameOf(element), span: tokenSpan(element) };
    if (element.tokenType !== Comma) this.stray(element, where); // a comma separates items
    return undefined;
  }

  private declaration(node: CstNode): Declaration {
    const keyword = token(node, 'keyword')!;
    const name = token(node, 'name');
    const tech = token(node, 'tech');
    const title = token(node, 'title');
    const open = token(node, 'open');
    const close = token(node, 'close');
    const bodyNode = subnode(node, 'body');
    const body = bodyNode ? this.body(bodyNode, `in ${keyword.image} '${name?.image ?? ''}'`) : undefined;
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

  private block(node: CstNode): Block {
    const name = token(node, 'name')!;
    const open = token(node, 'open')!;
    const close = token(node, 'close');
    const bodyNode = subnode(node, 'body');
    const items = bodyNode ? this.body(bodyNode, `in block '${name.image}'`) : [];
    const span = new Extent().token(name).token(open).token(close).spans(items).done();
    if (!close) this.missingClose(open, span, `block '${name.image}'`);
    return { type: 'block', name: nameOf(name), items, span, closed: !!close };
  }

  private property(node: CstNode): Property {
    const name = token(node, 'name')!;
    const colon = token(node, 'Colon')!;
    const extraColon = token(node, 'extraColon');
    if (extraColon) this.error(`Unexpected second ':' after '${name.image}'.`, tokenSpan(extraColon));
    const value = this.value(node);
    const span = new Extent().token(name).token(extraColon ?? colon).span(value?.span).done();
    if (!value) this.error(`Expected a value after '${name.image}:'.`, this.after(extraColon ?? colon));
    return { type: 'property', name: nameOf(name), value, span };
  }

  private event(node: CstNode): EventItem {
    const keyword = token(node, 'keyword')!;
    const at = token(node, 'at');
    const colon = token(node, 'Colon');
    const action = token(node, 'action');
    const targetNode = subnode(node, 'target');
    const target = targetNode ? this.ref(targetNode) : undefined;
    const indexToken = token(node, 'index');
    const indexClose = token(node, 'indexClose');
    const span = new Extent().token(keyword).token(at).token(colon).token(action).token(indexToken).token(indexClose).span(target?.span).done();
    if (indexToken && !indexClose) this.error("Missing ']' after the index.", this.after(indexToken));
    if (!action) this.error('Expected an action after the time: stop, start, partition or heal.', this.after(colon ?? at ?? keyword));
    else if (!target) this.error(`Expected what to ${action.image}: a component, an instance (name[2]), a replica (db.primary) or a region.`, this.after(action));
    return {
      type: 'event',
      at: at ? this.numeric(at) : undefined,
      action: action ? nameOf(action) : undefined,
      target,
      index: indexToken ? (this.numeric(indexToken) as NumberValue) : undefined,
      span,
    };
  }

  private connection(node: CstNode): Connection {
    const refs = nodes(node, 'refs').map((r) => this.ref(r));
    const arrows = tokens(node, 'arrows');
    const open = token(node, 'open');
    const close = token(node, 'close');
    const labelColon = token(node, 'labelColon');
    const label = token(node, 'label');
    const attrListNode = subnode(node, 'attrList');
    const attrs = attrListNode ? this.attrList(attrListNode) : [];
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

  private ref(node: CstNode): RefValue {
    const parts = tokens(node, 'parts').map(nameOf);
    return { type: 'ref', parts, span: join(parts[0].span, parts[parts.length - 1].span) };
  }

  private attrList(node: CstNode): Attr[] {
    return nodes(node, 'attr').map((a) => this.attr(a));
  }

  private attr(node: CstNode): Attr {
    const name = token(node, 'name');
    const colon = token(node, 'Colon');
    const value = this.value(node);
    // A positional argument shares its value's span.
    const span = name || colon ? new Extent().token(name).token(colon).span(value?.span).done() : value?.span;
    if (name && !value) this.error(`Expected a value after '${name.image}:'.`, this.after(colon ?? name));
    return { name: name ? nameOf(name) : undefined, value, span: span ?? { start: 0, end: 0 } };
  }

  /** The value parsed inside `node` (a property or an attribute), if any. */
  private value(node: CstNode): Value | undefined {
    const c = children(node);
    if (c.numeric) return this.numeric(token(node, 'numeric')!);
    if (c.string) return this.string(token(node, 'string')!);
    if (c.word) {
      const part = nameOf(token(node, 'word')!);
      return { type: 'ref', parts: [part], span: { start: part.span.start, end: part.span.end } };
    }
    if (c.ref) return this.ref(subnode(node, 'ref')!);
    if (c.call) return this.call(subnode(node, 'call')!);
    if (c.list) return this.list(subnode(node, 'list')!);
    if (c.map) return this.map(subnode(node, 'map')!);
    if (c.range) return this.range(subnode(node, 'range')!);
    if (c.equation) return this.equation(subnode(node, 'equation')!);
    return undefined;
  }

  private call(node: CstNode): CallValue {
    const name = token(node, 'name')!;
    const open = token(node, 'open')!;
    const close = token(node, 'close');
    const args = this.attrList(subnode(node, 'attrList')!);
    const span = new Extent().token(name).token(open).token(close).spans(args).done();
    if (!close) this.error(`Missing ')' to close '${name.image}('.`, this.after(span), [{ message: "The '(' is here.", span: tokenSpan(open) }]);
    return { type: 'call', name: nameOf(name), args, span, closed: !!close };
  }

  private list(node: CstNode): ListValue {
    const open = token(node, 'open')!;
    const close = token(node, 'close');
    const items = this.attrList(subnode(node, 'attrList')!);
    const span = new Extent().token(open).token(close).spans(items).done();
    if (!close) this.error("Missing ']' to close this list.", this.after(span), [{ message: "The '[' is here.", span: tokenSpan(open) }]);
    return { type: 'list', items, span, closed: !!close };
  }

  private map(node: CstNode): MapValue {
    const open = token(node, 'open')!;
    const close = token(node, 'close');
    const bodyNode = subnode(node, 'body');
    const items = bodyNode ? this.body(bodyNode, 'in a map') : [];
    const span = new Extent().token(open).token(close).spans(items).done();
    if (!close) this.missingClose(open, span, 'map');
    return { type: 'map', items, span, closed: !!close };
  }

  private range(node: CstNode): RangeValue {
    const from = this.numeric(token(node, 'from')!) as NumberValue | QuantityValue;
    const dots = token(node, 'DotDot')!;
    const toToken = token(node, 'to');
    const to = toToken ? (this.numeric(toToken) as NumberValue | QuantityValue) : undefined;
    if (!to) this.error("Expected the upper bound after '..'.", this.after(dots));
    return { type: 'range', from, to, span: join(join(from.span, tokenSpan(dots)), to?.span) };
  }

  private equation(node: CstNode): EquationValue {
    const left = this.ref(subnode(node, 'left')!);
    const eq = token(node, 'Equals')!;
    const rightNode = subnode(node, 'right');
    const right = rightNode ? this.ref(rightNode) : undefined;
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

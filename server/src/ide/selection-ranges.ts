// Smart select: word → value → property or item → body → declaration → …
// → system, built from the syntax tree's spans.
import type { Analysis } from '../analyze';
import type { Attr, Item, Name, RefValue, Span, Value } from '../syntax/ast';

/** The spans to select at `offset`, outermost (the whole text) first, each inside the one before. */
export function selectionAt(analysis: Analysis, offset: number): Span[] {
  const spans = spansAt(analysis, offset);
  // Outermost first; drop duplicates and anything that does not nest.
  const chain: Span[] = [];
  for (const s of spans) {
    const outer = chain[chain.length - 1];
    if (outer && (!rangeContains(outer, s) || (outer.start === s.start && outer.end === s.end))) continue;
    chain.push(s);
  }
  if (chain.length === 0) chain.push({ start: offset, end: offset });
  return chain;
}

function rangeContains(outer: Span, inner: Span): boolean {
  return outer.start <= inner.start && inner.end <= outer.end;
}

function within(span: Span | undefined, offset: number): span is Span {
  return !!span && span.start <= offset && offset <= span.end;
}

function spansAt(analysis: Analysis, offset: number): Span[] {
  const out: Span[] = [{ start: 0, end: analysis.text.length }];
  const name = (n: Name | undefined) => {
    if (within(n?.span, offset)) out.push(n!.span);
  };
  const ref = (r: RefValue) => {
    if (!within(r.span, offset)) return false;
    out.push(r.span);
    r.parts.forEach(name);
    return true;
  };
  const attr = (a: Attr) => {
    if (!within(a.span, offset)) return false;
    out.push(a.span);
    name(a.name);
    if (a.value) value(a.value);
    return true;
  };
  const value = (v: Value): boolean => {
    if (!within(v.span, offset)) return false;
    out.push(v.span);
    switch (v.type) {
      case 'ref':
        v.parts.forEach(name);
        break;
      case 'call':
        name(v.name);
        v.args.some(attr);
        break;
      case 'list':
        v.items.some(attr);
        break;
      case 'map':
        items(v.items);
        break;
      case 'range':
        value(v.from) || (v.to && value(v.to));
        break;
      case 'equation':
        ref(v.left) || (v.right && ref(v.right));
        break;
      default:
        break;
    }
    return true;
  };
  const items = (list: Item[]) => {
    for (const i of list) if (item(i)) return;
  };
  const item = (i: Item): boolean => {
    if (!within(i.span, offset)) return false;
    out.push(i.span);
    switch (i.type) {
      case 'declaration':
        [i.keyword, i.name, i.tech].forEach(name);
        if (within(i.title?.span, offset)) out.push(i.title!.span);
        if (within(i.bodySpan, offset)) {
          out.push(i.bodySpan);
          items(i.body ?? []);
        }
        break;
      case 'block':
        name(i.name);
        items(i.items);
        break;
      case 'property':
        name(i.name);
        if (i.value) value(i.value);
        break;
      case 'flag':
        break;
      case 'connection':
        if (i.refs.some(ref)) break;
        if (within(i.attrsSpan, offset)) {
          out.push(i.attrsSpan);
          i.attrs.some(attr);
        }
        if (within(i.label?.span, offset)) out.push(i.label!.span);
        break;
      case 'event':
        if (i.at) value(i.at);
        name(i.action);
        if (i.target) ref(i.target);
        if (i.index) value(i.index);
        break;
    }
    return true;
  };
  for (const s of analysis.ast.systems) {
    if (!within(s.span, offset)) continue;
    out.push(s.span);
    name(s.name);
    if (within(s.bodySpan, offset)) {
      out.push(s.bodySpan);
      items(s.items);
    }
    break;
  }
  return out;
}

// Typed syntax tree with source spans. Spans are UTF-16 offsets into the
// document text, end exclusive; `LineIndex` turns them into line/character.

export interface Span {
  start: number;
  end: number;
}

/** An identifier occurrence. */
export interface Name {
  text: string;
  span: Span;
}

export type Value =
  | NumberValue
  | QuantityValue
  | RateValue
  | StringValue
  | RefValue
  | CallValue
  | ListValue
  | MapValue
  | RangeValue
  | EquationValue;

export interface NumberValue {
  type: 'number';
  value: number;
  raw: string;
  span: Span;
}

/** A number followed directly by a magnitude and/or unit: `10ms`, `2MB`, `100M`. */
export interface QuantityValue {
  type: 'quantity';
  number: number;
  suffix: string;
  raw: string;
  span: Span;
}

/** `20k/s`, `10/day`, `2MB/s`. `suffix` is what precedes the slash, `per` what follows. */
export interface RateValue {
  type: 'rate';
  number: number;
  suffix: string;
  per: string;
  raw: string;
  span: Span;
}

export interface StringValue {
  type: 'string';
  value: string;
  raw: string;
  span: Span;
  terminated: boolean;
}

/** `name` or `a.b.c`. */
export interface RefValue {
  type: 'ref';
  parts: Name[];
  span: Span;
}

export interface CallValue {
  type: 'call';
  name: Name;
  args: Attr[];
  span: Span;
  closed: boolean;
}

export interface ListValue {
  type: 'list';
  items: Attr[];
  span: Span;
  closed: boolean;
}

export interface MapValue {
  type: 'map';
  items: Item[];
  span: Span;
  closed: boolean;
}

export interface RangeValue {
  type: 'range';
  from: NumberValue | QuantityValue;
  to?: NumberValue | QuantityValue;
  span: Span;
}

export interface EquationValue {
  type: 'equation';
  left: RefValue;
  right?: RefValue;
  span: Span;
}

/** `[name:] value` inside a call, list or connection attributes. */
export interface Attr {
  name?: Name;
  value?: Value;
  span: Span;
}

export type Item = Property | Flag | Block | Declaration | Connection | EventItem;

export interface Property {
  type: 'property';
  name: Name;
  value?: Value;
  span: Span;
}

export interface Flag {
  type: 'flag';
  name: Name;
  span: Span;
}

/** `identifier { items }`: autoscale, replication, workload, … */
export interface Block {
  type: 'block';
  name: Name;
  items: Item[];
  span: Span;
  closed: boolean;
}

/**
 * `KEYWORD name [: tech] ["title"] [{ items }]`: a component (the keyword is a
 * kind), a `table`, a `query` or a `scenario`. Unknown keywords are kept so the
 * declaration still names something while the user fixes the typo.
 */
export interface Declaration {
  type: 'declaration';
  keyword: Name;
  name?: Name;
  tech?: Name;
  title?: StringValue;
  body?: Item[];
  bodySpan?: Span;
  closed: boolean;
  span: Span;
}

/** `a -> b -> c (attr, …) : "label"`. */
export interface Connection {
  type: 'connection';
  refs: RefValue[];
  /** Spans of the arrows, one fewer than refs when complete. */
  arrows: Span[];
  attrs: Attr[];
  attrsSpan?: Span;
  label?: StringValue;
  span: Span;
}

/** `at 2m: stop db.primary` inside a scenario. */
export interface EventItem {
  type: 'event';
  at?: Value;
  action?: Name;
  target?: RefValue;
  /** `[n]` after the target. */
  index?: NumberValue;
  span: Span;
}

export interface SystemDecl {
  type: 'system';
  keyword: Name;
  name?: Name;
  title?: StringValue;
  items: Item[];
  span: Span;
  bodySpan?: Span;
  closed: boolean;
}

export interface Comment {
  text: string;
  span: Span;
  block: boolean;
}

export interface SyntaxError {
  message: string;
  span: Span;
  related?: { message: string; span: Span }[];
}

export interface FileAst {
  systems: SystemDecl[];
  comments: Comment[];
  errors: SyntaxError[];
}

export function spanOf(a: Span, b: Span): Span {
  return { start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) };
}

export function contains(span: Span, offset: number): boolean {
  return offset >= span.start && offset <= span.end;
}

export function refText(ref: RefValue): string {
  return ref.parts.map((p) => p.text).join('.');
}

// Checks one syntax value against its schema ValueSpec and normalises it
// (base units, plain JS data). Errors carry the exact span to underline.
import type { Attr, RefValue, Span, Value } from '../syntax/ast';
import type { EnumValue, ValueSpec } from '../schema/types';
import { familyDescription, interpretMoney, interpretQuantity, interpretRate, type UnitFamily } from '../schema/units';
import { suggestion } from '../diagnostics';
import type { Algorithm, ColumnSpec, CountRange, Distribution, NameRef } from './types';
import { lookupTable } from '../records';

export type Checked = { ok: true; value: unknown } | { ok: false; message: string; span: Span };

const fail = (message: string, span: Span): Checked => ({ ok: false, message, span });

/** A one-part reference's name, e.g. the `AP` of `cap: AP`. */
export function bareName(value: Value | undefined): string | undefined {
  return value?.type === 'ref' && value.parts.length === 1 ? value.parts[0].text : undefined;
}

function describeValue(value: Value): string {
  switch (value.type) {
    case 'number':
    case 'quantity':
    case 'rate':
      return `'${value.raw}'`;
    case 'string':
      return 'a string';
    case 'ref':
      return `'${value.parts.map((x) => x.text).join('.')}'`;
    case 'call':
      return `'${value.name.text}(…)'`;
    case 'list':
      return 'a list';
    case 'map':
      return 'a block';
    case 'range':
      return 'a range';
    case 'equation':
      return 'an equation';
  }
}

function enumList(values: EnumValue[]): string {
  return values.map((v) => v.name).join(' | ');
}

function formatBound(n: number, family: UnitFamily): string {
  if (family === 'percent') return `${+(n * 100).toPrecision(6)}%`;
  if (family === 'time') return `${n}s`;
  if (family === 'size') return `${n}B`;
  if (family === 'multiplier') return `${n}x`;
  return String(n);
}

function checkRange(n: number, spec: { min?: number; max?: number; integer?: boolean; exclusiveMin?: boolean }, family: UnitFamily, raw: string, span: Span, propName: string): Checked {
  if (!Number.isFinite(n)) return fail(`'${raw}' is too large.`, span);
  if (spec.integer && !Number.isInteger(n)) return fail(`'${propName}' must be a whole number; '${raw}' is not.`, span);
  if (spec.min !== undefined && (spec.exclusiveMin ? n <= spec.min : n < spec.min)) {
    const bound = spec.exclusiveMin ? `greater than ${formatBound(spec.min, family)}` : `at least ${formatBound(spec.min, family)}`;
    return fail(`'${propName}' must be ${bound}; ${raw} is out of range.`, span);
  }
  if (spec.max !== undefined && n > spec.max) {
    const range = spec.min !== undefined ? `between ${formatBound(spec.min, family)} and ${formatBound(spec.max, family)}` : `at most ${formatBound(spec.max, family)}`;
    return fail(`'${propName}' must be ${range}; ${raw} is out of range.`, span);
  }
  return { ok: true, value: n };
}

function checkQuantity(value: Value, spec: Extract<ValueSpec, { type: 'quantity' }>, propName: string): Checked {
  if (value.type !== 'number' && value.type !== 'quantity') {
    if (value.type === 'rate') return fail(`Expected ${familyDescription(spec.family)}, but '${value.raw}' is a rate.`, value.span);
    return fail(`Expected ${familyDescription(spec.family)} for '${propName}', got ${describeValue(value)}.`, value.span);
  }
  const number = value.type === 'number' ? value.value : value.number;
  const suffix = value.type === 'number' ? '' : value.suffix;
  const result = interpretQuantity(number, suffix, spec.family);
  if (!result.ok) return fail(result.message, value.span);
  return checkRange(result.value, spec, spec.family, value.raw, value.span, propName);
}

function checkDistribution(value: Value, propName: string): Checked {
  if (value.type === 'number' || value.type === 'quantity') {
    const t = checkQuantity(value, { type: 'quantity', family: 'time', min: 0, exclusiveMin: true }, propName);
    if (!t.ok) return t;
    return { ok: true, value: { kind: 'exp', mean: t.value as number } satisfies Distribution };
  }
  if (value.type !== 'call') return fail(`Expected a time (10ms) or a distribution (exp(10ms), const(10ms), normal(10ms, 2ms), lognormal(10ms, 5ms)) for '${propName}', got ${describeValue(value)}.`, value.span);
  const fn = value.name.text;
  const arity = lookupTable({ exp: 1, const: 1, normal: 2, lognormal: 2 });
  if (!(fn in arity)) return fail(`Unknown distribution '${fn}': use exp, const, normal or lognormal.${suggestion(fn, Object.keys(arity))}`, value.name.span);
  if (value.args.length !== arity[fn]) {
    return fail(`${fn}(…) takes ${arity[fn] === 1 ? 'one time: ' + fn + '(10ms)' : 'a mean and a standard deviation: ' + fn + '(10ms, 2ms)'}.`, value.span);
  }
  const times: number[] = [];
  for (let i = 0; i < value.args.length; i++) {
    const arg = value.args[i];
    if (!arg.value) return fail('Expected a time.', arg.span);
    const t = checkQuantity(arg.value, { type: 'quantity', family: 'time', min: 0, exclusiveMin: i === 0 }, propName);
    if (!t.ok) return t;
    times.push(t.value as number);
  }
  const dist: Distribution = fn === 'exp' ? { kind: 'exp', mean: times[0] }
    : fn === 'const' ? { kind: 'const', value: times[0] }
    : fn === 'normal' ? { kind: 'normal', mean: times[0], sd: times[1] }
    : { kind: 'lognormal', mean: times[0], sd: times[1] };
  return { ok: true, value: dist };
}

function checkEnum(value: Value, values: EnumValue[], propName: string): Checked {
  const name = bareName(value);
  if (name === undefined) return fail(`Expected one of ${enumList(values)} for '${propName}', got ${describeValue(value)}.`, value.span);
  if (!values.some((v) => v.name === name)) {
    return fail(`'${name}' is not a valid '${propName}': expected ${enumList(values)}.${suggestion(name, values.map((v) => v.name))}`, value.span);
  }
  return { ok: true, value: name };
}

function checkColumns(value: Value): Checked {
  const items: Attr[] = value.type === 'list' ? value.items : [{ value, span: value.span }];
  const columns: ColumnSpec[] = [];
  for (const item of items) {
    const name = item.name?.text ?? bareName(item.value);
    if (!name) return fail('Expected a column name (or name: type).', item.value?.span ?? item.span);
    const type = item.name ? bareName(item.value) : undefined;
    if (item.name && item.value && !type) return fail(`Expected a column type after '${item.name.text}:' (for example blob, text, int).`, item.value.span);
    columns.push({ name, type, span: item.name?.span ?? item.span });
  }
  return { ok: true, value: columns };
}

/** A name, as a reference the linker resolves later. */
function checkName(value: Value, propName: string): Checked {
  const name = bareName(value);
  if (name === undefined) return fail(`Expected a name for '${propName}', got ${describeValue(value)}.`, value.span);
  return { ok: true, value: name };
}

/** A list of names (or one name), each with its span so an unknown one is reported where it is written. */
function checkNames(value: Value, propName: string): Checked {
  const items: Value[] = value.type === 'list' ? value.items.map((a) => a.value).filter((v): v is Value => !!v) : [value];
  const names: NameRef[] = [];
  for (const item of items) {
    const name = bareName(item);
    if (name === undefined) return fail(`Expected a list of names for '${propName}': [a, b]; got ${describeValue(item)}.`, item.span);
    names.push({ name, span: item.span });
  }
  return { ok: true, value: names };
}

function checkColumnRefs(value: Value): Checked {
  const items: Value[] = value.type === 'list' ? value.items.map((a) => a.value).filter((v): v is Value => !!v) : [value];
  const refs: RefValue[] = [];
  for (const item of items) {
    if (item.type !== 'ref' || item.parts.length > 2) return fail('Expected a column: column or table.column.', item.span);
    refs.push(item);
  }
  return { ok: true, value: refs };
}

export function checkValue(spec: ValueSpec, value: Value, propName: string): Checked {
  switch (spec.type) {
    case 'enum':
      return checkEnum(value, spec.values, propName);
    case 'quantity':
      return checkQuantity(value, spec, propName);
    case 'rate': {
      if (value.type !== 'rate') {
        const example = spec.of === 'size' ? '2MB/s' : '100/s';
        return fail(`Expected a rate for '${propName}' (${example}, 10/day), got ${describeValue(value)}.`, value.span);
      }
      if (value.per === '') return { ok: false, message: '', span: value.span }; // already reported by the parser
      const r = interpretRate(value.number, value.suffix, value.per, spec.of);
      if (!r.ok) return fail(r.message, value.span);
      return checkRange(r.value, { min: spec.min, max: spec.max }, 'count', value.raw, value.span, propName);
    }
    case 'money': {
      if (value.type !== 'rate') return fail(`Expected US dollars over a period for '${propName}' (0.20/h, 40k/month), got ${describeValue(value)}.`, value.span);
      if (value.per === '') return { ok: false, message: '', span: value.span }; // already reported by the parser
      const m = interpretMoney(value.number, value.suffix, value.per);
      if (!m.ok) return fail(m.message, value.span);
      return checkRange(m.value, { min: spec.min }, 'count', value.raw, value.span, propName);
    }
    case 'boolean': {
      const name = bareName(value);
      if (name === 'true' || name === 'false') return { ok: true, value: name === 'true' };
      return fail(`Expected true or false for '${propName}', got ${describeValue(value)}.`, value.span);
    }
    case 'string':
      return value.type === 'string' ? { ok: true, value: value.value } : fail(`Expected a quoted string for '${propName}', got ${describeValue(value)}.`, value.span);
    case 'component':
      return spec.list ? checkNames(value, propName) : checkName(value, propName);
    case 'table':
    case 'column':
    case 'identifier': {
      const name = bareName(value);
      if (name === undefined) return fail(`Expected a name for '${propName}', got ${describeValue(value)}.`, value.span);
      return { ok: true, value: name };
    }
    case 'columns':
      return checkColumns(value);
    case 'columnRefs':
      return checkColumnRefs(value);
    case 'distribution':
      return checkDistribution(value, propName);
    case 'algorithm': {
      const keyed = ['hash', 'consistent_hash'];
      if (value.type === 'call') {
        const fn = value.name.text;
        if (!keyed.includes(fn)) return fail(`Only hash(key) and consistent_hash(key) take an argument; '${fn}(…)' is not an algorithm.${suggestion(fn, keyed)}`, value.name.span);
        const key = value.args.length === 1 ? bareName(value.args[0].value) : undefined;
        if (!key) return fail(`${fn}(…) takes one key: ${fn}(user_id).`, value.span);
        return { ok: true, value: { name: fn, key } satisfies Algorithm };
      }
      const name = bareName(value);
      if (name !== undefined && keyed.includes(name)) return fail(`${name} needs the key it hashes: ${name}(user_id).`, value.span);
      const e = checkEnum(value, spec.values.filter((v) => !keyed.includes(v.name)).concat([{ name: 'hash(key)', doc: '' }, { name: 'consistent_hash(key)', doc: '' }]), propName);
      return e.ok ? { ok: true, value: { name: e.value as string } satisfies Algorithm } : e;
    }
    case 'equation': {
      if (value.type !== 'equation') return fail(`Expected a join condition such as posts.user_id = users.user_id for '${propName}'.`, value.span);
      if (!value.right) return { ok: false, message: '', span: value.span };
      for (const side of [value.left, value.right]) {
        if (side.parts.length !== 2) return fail('Each side of a join is table.column.', side.span);
      }
      return { ok: true, value: { left: value.left, right: value.right } };
    }
    case 'countOrRange': {
      if (value.type === 'range') {
        if (!value.to) return { ok: false, message: '', span: value.span };
        const lo = checkQuantity(value.from, { type: 'quantity', family: 'count', min: spec.min, max: spec.max, integer: true }, propName);
        if (!lo.ok) return lo;
        const hi = checkQuantity(value.to, { type: 'quantity', family: 'count', min: spec.min, max: spec.max, integer: true }, propName);
        if (!hi.ok) return hi;
        if ((hi.value as number) < (lo.value as number)) return fail(`The range ${value.from.raw}..${value.to.raw} runs backwards.`, value.span);
        return { ok: true, value: { min: lo.value as number, max: hi.value as number } satisfies CountRange };
      }
      const n = checkQuantity(value, { type: 'quantity', family: 'count', min: spec.min, max: spec.max, integer: true }, propName);
      return n.ok ? { ok: true, value: { min: n.value as number, max: n.value as number } satisfies CountRange } : n;
    }
    case 'oneOf': {
      let first: Checked | undefined;
      for (const option of spec.options) {
        const r = checkValue(option, value, propName);
        if (r.ok) return r;
        first ??= r;
      }
      return first!;
    }
  }
}

// Words for schema entries and resolved values, shared by hover and
// completion: "a time (10ms, 30s, 5m, 7d)", "exp(10ms)", "80%".
import type { EnumValue, PropertySpec, ValueSpec } from '../schema/types';
import { familyDescription, UnitFamily } from '../schema/units';
import type { Algorithm, ColumnSpec, CountRange, Distribution, ResolvedValue } from '../model/types';
import type { RefValue } from '../syntax/ast';

export function describeValueSpec(spec: ValueSpec): string {
  switch (spec.type) {
    case 'enum':
      return `one of ${spec.values.map((v) => v.name).join(' | ')}`;
    case 'quantity': {
      let text = familyDescription(spec.family);
      if (spec.integer && spec.family === 'count') text = 'a whole number (4, 20k)';
      const bounds: string[] = [];
      if (spec.min !== undefined && (spec.min !== 0 || spec.exclusiveMin)) bounds.push(`${spec.exclusiveMin ? '>' : '≥'} ${formatNumber(spec.min, spec.family)}`);
      if (spec.max !== undefined) bounds.push(`≤ ${formatNumber(spec.max, spec.family)}`);
      return bounds.length ? `${text}, ${bounds.join(', ')}` : text;
    }
    case 'rate':
      return spec.of === 'size' ? 'a rate of bytes (2MB/s)' : 'a rate (100/s, 20k/s, 10/day)';
    case 'money':
      return 'US dollars per period (0.20/h, 40k/month; /h, /day, /month, /year)';
    case 'boolean':
      return 'true or false';
    case 'string':
      return 'a quoted string';
    case 'component':
      if (spec.list) return 'a list of component names: [lb, orders]';
      return spec.kinds ? `a component name (${spec.kinds.join(', ')})` : 'a component name';
    case 'table':
      return 'a table name';
    case 'column':
      return 'a column of this table';
    case 'columns':
      return 'a list of columns: [id, name, photo: blob]';
    case 'columnRefs':
      return 'table.column, a column of the query\'s table, or a list of them';
    case 'identifier':
      return 'a name';
    case 'distribution':
      return 'a time or a distribution: exp(10ms), const(10ms), normal(10ms, 2ms), lognormal(10ms, 5ms)';
    case 'algorithm':
      return `one of ${spec.values.map((v) => (isKeyedAlgorithm(v) ? `${v.name}(key)` : v.name)).join(' | ')}`;
    case 'equation':
      return 'table.column = table.column';
    case 'countOrRange':
      return 'a whole number or a range (4..64)';
    case 'oneOf':
      return spec.options.map(describeValueSpec).join(', or ');
  }
}

/** One line for completion details: type, default, required. */
export function propertyDetail(spec: PropertySpec): string {
  const parts = [describeValueSpec(spec.value)];
  const def = defaultText(spec);
  if (def) parts.push(`default ${def}`);
  if (spec.required) parts.push('required');
  if (spec.repeatable) parts.push('repeatable');
  return parts.join(' · ');
}

export function defaultText(spec: PropertySpec): string | undefined {
  if (spec.defaultText) return spec.defaultText;
  if (spec.default !== undefined) return formatValue(spec.default, spec.value);
  return undefined;
}

export function formatNumber(n: number, family: UnitFamily | undefined): string {
  switch (family) {
    case 'time':
      return formatSeconds(n);
    case 'size':
      return formatBytes(n);
    case 'percent':
      return `${round(n * 100)}%`;
    case 'multiplier':
      return `${round(n)}x`;
    default:
      return formatCount(n);
  }
}

function round(n: number): string {
  return String(+n.toPrecision(6));
}

function formatSeconds(s: number): string {
  if (s === 0) return '0s';
  if (s < 1e-3) return `${round(s * 1e6)}us`;
  if (s < 1) return `${round(s * 1e3)}ms`;
  if (s < 60) return `${round(s)}s`;
  if (s < 3_600) return `${round(s / 60)}m`;
  if (s < 86_400) return `${round(s / 3_600)}h`;
  if (s < 365 * 86_400) return `${round(s / 86_400)}d`;
  return `${round(s / (365 * 86_400))}y`;
}

function formatBytes(b: number): string {
  const units: [number, string][] = [[1e15, 'PB'], [1e12, 'TB'], [1e9, 'GB'], [1e6, 'MB'], [1e3, 'KB']];
  for (const [factor, unit] of units) if (b >= factor) return `${round(b / factor)}${unit}`;
  return `${round(b)}B`;
}

function formatCount(n: number): string {
  const units: [number, string][] = [[1e9, 'B'], [1e6, 'M'], [1e3, 'k']];
  for (const [factor, unit] of units) if (Math.abs(n) >= factor && Number.isInteger(n / factor * 1000)) return `${round(n / factor)}${unit}`;
  return round(n);
}

function familyOf(spec: ValueSpec | undefined): UnitFamily | undefined {
  if (!spec) return undefined;
  if (spec.type === 'quantity') return spec.family;
  if (spec.type === 'distribution') return 'time';
  if (spec.type === 'oneOf') {
    for (const o of spec.options) {
      const f = familyOf(o);
      if (f) return f;
    }
  }
  return undefined;
}

/** A normalised model value written back the way a design would write it. */
export function formatValue(value: unknown, spec?: ValueSpec): string {
  if (value === undefined || value === null) return '—';
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') {
    if (spec?.type === 'rate') return `${round(value)}/s`;
    if (spec?.type === 'money') return `${round(value)}/month`;
    return formatNumber(value, familyOf(spec));
  }
  if (typeof value === 'string') return spec?.type === 'string' ? JSON.stringify(value) : value;
  if (Array.isArray(value)) {
    return `[${value.map((v) => (isColumn(v) ? (v.type ? `${v.name}: ${v.type}` : v.name) : isRef(v) ? v.parts.map((p) => p.text).join('.') : formatValue(v))).join(', ')}]`;
  }
  if (typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o.kind === 'string' && ('mean' in o || 'value' in o)) {
      const d = value as Distribution;
      switch (d.kind) {
        case 'exp':
          return `exp(${formatSeconds(d.mean)})`;
        case 'const':
          return `const(${formatSeconds(d.value)})`;
        default:
          return `${d.kind}(${formatSeconds(d.mean)}, ${formatSeconds(d.sd)})`;
      }
    }
    if (typeof o.name === 'string') {
      const a = value as Algorithm;
      return a.key ? `${a.name}(${a.key})` : a.name;
    }
    if (typeof o.min === 'number' && typeof o.max === 'number') {
      const r = value as CountRange;
      return r.min === r.max ? String(r.min) : `${r.min}..${r.max}`;
    }
    if ('left' in o && 'right' in o) {
      const e = value as { left: RefValue; right: RefValue };
      return `${e.left.parts.map((p) => p.text).join('.')} = ${e.right.parts.map((p) => p.text).join('.')}`;
    }
  }
  return String(value);
}

function isColumn(v: unknown): v is ColumnSpec {
  return typeof v === 'object' && v !== null && typeof (v as ColumnSpec).name === 'string' && 'span' in v && !('parts' in v);
}

function isRef(v: unknown): v is RefValue {
  return typeof v === 'object' && v !== null && (v as RefValue).type === 'ref';
}

/** How a resolved property reads in hover: the source text when written, else the default. */
export function resolvedText(text: string, resolved: ResolvedValue | undefined, spec: PropertySpec | undefined): { text: string; isDefault: boolean } | undefined {
  if (resolved?.explicit) {
    const source = resolved.valueSpan ? text.slice(resolved.valueSpan.start, resolved.valueSpan.end) : formatValue(resolved.value, spec?.value);
    return { text: source.length > 80 ? `${source.slice(0, 79)}…` : source, isDefault: false };
  }
  if (resolved) {
    const fromSpec = spec && spec.default !== undefined && spec.default === resolved.value ? spec.defaultText : undefined;
    return { text: fromSpec ?? formatValue(resolved.value, spec?.value), isDefault: true };
  }
  if (spec?.defaultText) return { text: spec.defaultText, isDefault: true };
  return undefined;
}

/** Escapes text from the design so markdown renders it literally. */
export function escapeMarkdown(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

/** Code span that survives backticks in the content. */
export function code(s: string): string {
  const fence = s.includes('`') ? '``' : '`';
  return `${fence}${s.includes('`') ? ` ${s} ` : s}${fence}`;
}

/** Algorithms written with a key, `hash(user_id)`: the schema documents them as `name(key): …`. */
export function isKeyedAlgorithm(v: EnumValue): boolean {
  return v.doc.startsWith(`${v.name}(key)`);
}

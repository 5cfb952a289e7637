// The resolved model of a design: what rules, estimation, the diagram and the
// simulation read. Values are normalised to base units (seconds, bytes,
// fractions, per-second rates); every value keeps the span it came from so a
// diagnostic can point at it.
import type { Block, Connection, Declaration, EventItem, Property, Span, SystemDecl } from '../syntax/ast';
import type { ComponentKind } from '../syntax/tokens';
import type { PropertyName } from '../schema/property-names';

export type Distribution =
  | { kind: 'exp'; mean: number }
  | { kind: 'const'; value: number }
  | { kind: 'normal'; mean: number; sd: number }
  | { kind: 'lognormal'; mean: number; sd: number };

export interface Algorithm {
  name: string;
  /** The key of `hash(key)`. */
  key?: string;
}

export interface ColumnSpec {
  name: string;
  type?: string;
  span: Span;
}

export interface CountRange {
  min: number;
  max: number;
}

/** One resolved property. `explicit` is false for schema defaults. */
export interface ResolvedValue {
  value: unknown;
  explicit: boolean;
  /** The whole `name: value` (or flag) in the source, when explicit. */
  span?: Span;
  /** Just the value, when explicit. */
  valueSpan?: Span;
  /** The property's name, when explicit. */
  nameSpan?: Span;
  node?: Property;
}

export class PropertyBag {
  /**
   * What the design writes, and defaults particular to this bag (a
   * technology's); made on the first write (most connections write nothing).
   */
  private values: Map<string, ResolvedValue> | undefined;
  /** The schema's defaults, shared by every bag of the same kind (see `useDefaults`). */
  private defaults: ReadonlyMap<string, ResolvedValue> | undefined;
  /**
   * Properties written more than once (`join:`), every occurrence in order;
   * made on the first repeat (most bags have none).
   */
  private repeats: Map<string, ResolvedValue[]> | undefined;

  set(name: string, value: ResolvedValue): void {
    this.values ??= new Map();
    // Only `set` stores explicit values (defaults never replace them), so an explicit one here was set before.
    const previous = this.values.get(name);
    this.values.set(name, value);
    if (!previous?.explicit) return;
    this.repeats ??= new Map();
    const list = this.repeats.get(name);
    if (list) list.push(value);
    else this.repeats.set(name, [previous, value]);
  }

  /** Sets a default only where nothing explicit is present. */
  setDefault(name: string, value: unknown): void {
    this.values ??= new Map();
    if (!this.values.has(name)) this.values.set(name, { value, explicit: false });
  }

  /**
   * The schema's defaults for whatever this bag leaves unset. The map is
   * shared, not copied: 1,500 components would otherwise each hold a copy.
   */
  useDefaults(defaults: ReadonlyMap<string, ResolvedValue>): void {
    this.defaults = defaults;
  }

  get(name: PropertyName): ResolvedValue | undefined {
    return this.values?.get(name) ?? this.defaults?.get(name);
  }

  /** Every explicit occurrence of `name`, in source order. */
  all(name: PropertyName): ResolvedValue[] {
    const list = this.repeats?.get(name);
    if (list) return list;
    const value = this.values?.get(name);
    return value?.explicit ? [value] : [];
  }

  /** True only when the design writes the property. */
  has(name: PropertyName): boolean {
    return this.values?.get(name)?.explicit === true;
  }

  value<T>(name: PropertyName): T | undefined {
    return this.get(name)?.value as T | undefined;
  }

  num(name: PropertyName): number | undefined {
    const v = this.get(name)?.value;
    return typeof v === 'number' ? v : undefined;
  }

  str(name: PropertyName): string | undefined {
    const v = this.get(name)?.value;
    return typeof v === 'string' ? v : undefined;
  }

  bool(name: PropertyName): boolean | undefined {
    const v = this.get(name)?.value;
    return typeof v === 'boolean' ? v : undefined;
  }

  /** Best span to report a problem with this property, falling back to `fallback`. */
  span(name: PropertyName, fallback: Span): Span {
    return this.values?.get(name)?.span ?? fallback;
  }

  /** The names set here, then the schema defaults not overridden, in schema order. */
  names(): string[] {
    return this.entries().map(([name]) => name);
  }

  entries(): [string, ResolvedValue][] {
    const out = this.values ? [...this.values.entries()] : [];
    if (this.defaults) for (const entry of this.defaults) if (!this.values?.has(entry[0])) out.push(entry);
    return out;
  }
}

export interface BlockModel {
  name: string;
  props: PropertyBag;
  span: Span;
  decl: Block;
}

export interface TableModel {
  name: string;
  database: ComponentModel;
  columns: ColumnSpec[];
  props: PropertyBag;
  span: Span;
  nameSpan: Span;
  decl: Declaration;
}

export interface ComponentModel {
  name: string;
  /** Undefined when the keyword is not a known kind (reported as unknown-kind). */
  kind: ComponentKind | undefined;
  keyword: string;
  tech?: string;
  techSpan?: Span;
  title?: string;
  decl: Declaration;
  span: Span;
  nameSpan: Span;
  /** The enclosing region or group. */
  parent?: ComponentModel;
  children: ComponentModel[];
  props: PropertyBag;
  blocks: Map<string, BlockModel>;
  tables: TableModel[];
  /** Connections from and to this component, in declaration order. */
  outgoing: EdgeModel[];
  incoming: EdgeModel[];
}

export interface EdgeModel {
  from: ComponentModel;
  to: ComponentModel;
  /** The whole connection statement. */
  span: Span;
  /** `from -> to` of this hop. */
  hopSpan: Span;
  fromSpan: Span;
  toSpan: Span;
  connection: Connection;
  attrs: PropertyBag;
  /** The caller does not wait: explicit `async`, or the target is messaging. */
  async: boolean;
  /** The source is a queue, stream or pub/sub channel: the target consumes. */
  consumer: boolean;
  on: 'read' | 'write' | 'all';
  weight: number;
  /** Consumer group on a stream (defaults to the consumer's name). */
  group?: string;
  label?: string;
  /** Declaration order across the system. */
  index: number;
}

export interface ColumnRefModel {
  table?: TableModel;
  column: string;
  span: Span;
}

export interface QueryModel {
  name: string;
  props: PropertyBag;
  from?: TableModel;
  joins: { left: ColumnRefModel; right: ColumnRefModel; span: Span }[];
  where: ColumnRefModel[];
  rate?: number;
  kind: 'read' | 'write';
  span: Span;
  nameSpan: Span;
  decl: Declaration;
}

export interface EventTarget {
  component?: ComponentModel;
  /** 1-based instance number from `name[2]`. */
  instance?: number;
  /** `db.primary` or `db.replica[n]` (1-based). */
  replica?: 'primary' | number;
  text: string;
}

export interface ScenarioEvent {
  at: number;
  action: 'stop' | 'start' | 'partition' | 'heal';
  target: EventTarget;
  span: Span;
  node: EventItem;
}

export interface ScenarioModel {
  name: string;
  props: PropertyBag;
  events: ScenarioEvent[];
  span: Span;
  nameSpan: Span;
  decl: Declaration;
}

/** A name written in a list (`include: [a, b]`), with where it is written. */
export interface NameRef {
  name: string;
  span: Span;
}

/**
 * `view NAME ["title"] { … }`: part of the system drawn on its own. Exactly
 * one form is set; names are resolved (unknown ones are reported and left
 * out). What each form selects is `model/semantic/views.ts`'s to say.
 */
export type ViewSelector =
  | { form: 'include'; components: ComponentModel[] }
  | { form: 'focus'; focus: ComponentModel; depth: number }
  | { form: 'path'; request: 'read' | 'write'; from: ComponentModel };

export interface ViewModel {
  name: string;
  title?: string;
  props: PropertyBag;
  /** Undefined when the view is incomplete or names something unknown (reported). */
  selector?: ViewSelector;
  span: Span;
  nameSpan: Span;
  decl: Declaration;
}

export interface SystemModel {
  /** The identifier, else the title, else `system`. */
  name: string;
  title?: string;
  decl: SystemDecl;
  span: Span;
  nameSpan: Span;
  props: PropertyBag;
  workload?: BlockModel;
  /** The system's `slo { … }` block (docs/slo.md). */
  slo?: BlockModel;
  /** In declaration order (a Map keeps it). */
  components: Map<string, ComponentModel>;
  tables: Map<string, TableModel>;
  edges: EdgeModel[];
  queries: QueryModel[];
  scenarios: ScenarioModel[];
  /** In declaration order. */
  views: ViewModel[];
}

/** The system named `name`, else the one titled so (names win: they are unique, titles need not be). */
export function findSystem(systems: readonly SystemModel[], name: string): SystemModel | undefined {
  return systems.find((s) => s.name === name) ?? systems.find((s) => s.title === name);
}

// One walk over the syntax tree that every position-based feature shares:
// which names are declared and referenced where (definition, references,
// rename, highlights), what each word is (hover, semantic tokens), and which
// body, list or argument list each bracket opens (completion). Built once per
// analysis and cached with it.
import type { IToken } from 'chevrotain';
import type { Analysis } from '../analyze';
import type { Attr, Block, Connection, Declaration, EventItem, Item, Name, Property, RefValue, Span, SystemDecl, Value } from '../syntax/ast';
import { CONNECTION_ATTRIBUTES, findProperty } from '../schema/schema';
import type { BlockSpec, KindSpec, PropertySpec, ValueSpec } from '../schema/types';
import {
  blockScope, ComponentScope, declarationScope, enclosingComponent, enclosingTable, propertySpec, Scope,
  scopeBlocks, SystemScope, systemScope,
} from './scopes';
import { partitionPoint } from '../sorted';

export type OccurrenceKind = 'component' | 'table' | 'column' | 'query' | 'scenario' | 'view';

/** One mention of a named thing. Occurrences with the same key name the same thing. */
export interface Occurrence {
  kind: OccurrenceKind;
  key: string;
  name: string;
  span: Span;
  declaration: boolean;
  systemIndex: number;
  /** For columns: the table. */
  table?: string;
  /**
   * A database-wide column name (`sharding { key: user_id }`) that may stand
   * for the same column in several tables: found by references, but renamed
   * only when it is unambiguous.
   */
  weak?: boolean;
}

/** What a word in the document is, for hover and semantic tokens. */
export type Mark =
  | { role: 'system-keyword'; span: Span; scope: SystemScope }
  | { role: 'system-name'; span: Span; scope: SystemScope }
  | { role: 'kind'; span: Span; kind: KindSpec }
  | { role: 'keyword'; span: Span; word: 'query' | 'scenario' | 'table' | 'view' | 'at' }
  | { role: 'name'; span: Span; occurrences: Occurrence[] }
  | { role: 'tech'; span: Span; name: string; kind?: KindSpec }
  | { role: 'property'; span: Span; name: string; spec?: PropertySpec; scope: Scope; flag?: boolean }
  | { role: 'block'; span: Span; name: string; spec?: BlockSpec; scope: Scope }
  | { role: 'enum'; span: Span; value: string; spec: PropertySpec }
  | { role: 'number'; span: Span; raw: string; spec?: PropertySpec }
  | { role: 'call'; span: Span; name: string; spec?: PropertySpec }
  | { role: 'action'; span: Span; name: string }
  | { role: 'replica'; span: Span; name: string };

/** What an opening bracket starts, keyed by the bracket's offset. */
export type Opener =
  | { type: 'body'; scope: Scope }
  | { type: 'attrs'; scope: Scope & { type: 'connection' } }
  | { type: 'call'; name: string; property?: string; scope: Scope }
  | { type: 'list'; property?: string; scope: Scope };

export const componentKey = (system: number, name: string) => `component:${system}:${name}`;
export const tableKey = (system: number, name: string) => `table:${system}:${name}`;
export const columnKey = (system: number, table: string, column: string) => `column:${system}:${table}:${column}`;

export class DocumentIndex {
  readonly occurrences: Occurrence[] = [];
  readonly marks: Mark[] = [];
  readonly openers = new Map<number, Opener>();
  readonly systems: SystemScope[] = [];
  private readonly byKeyMap = new Map<string, Occurrence[]>();
  private readonly markByStart = new Map<number, Mark>();

  constructor(readonly analysis: Analysis) {
    new Walker(this, analysis.tokens).file(analysis.ast.systems);
    this.occurrences.sort((a, b) => a.span.start - b.span.start);
    this.marks.sort((a, b) => a.span.start - b.span.start);
    for (const o of this.occurrences) {
      const list = this.byKeyMap.get(o.key);
      if (list) list.push(o);
      else this.byKeyMap.set(o.key, [o]);
    }
    for (const m of this.marks) if (!this.markByStart.has(m.span.start)) this.markByStart.set(m.span.start, m);
  }

  byKey(key: string): Occurrence[] {
    return this.byKeyMap.get(key) ?? [];
  }

  /** Occurrences whose span holds the offset (the cursor may sit right after the name). */
  occurrencesAt(offset: number): Occurrence[] {
    const exact = this.occurrences.filter((o) => o.span.start <= offset && offset < o.span.end);
    return exact.length ? exact : this.occurrences.filter((o) => o.span.end === offset);
  }

  /** The mark under the offset, preferring one that starts at or before it over one that just ended. */
  markAt(offset: number): Mark | undefined {
    // The last mark starting at or before the offset.
    const found = partitionPoint(this.marks.length, (i) => this.marks[i].span.start <= offset) - 1;
    if (found < 0) return undefined;
    const m = this.marks[found];
    if (offset < m.span.end) return m;
    if (offset === m.span.end) return m;
    return undefined;
  }

  /** The system whose text holds the offset, or the last one that starts before it. */
  systemAt(offset: number): SystemScope | undefined {
    let best: SystemScope | undefined;
    for (const s of this.systems) if (s.node.span.start <= offset) best = s;
    return best;
  }

  add(o: Occurrence): Occurrence {
    this.occurrences.push(o);
    return o;
  }
}

const cache = new WeakMap<Analysis, DocumentIndex>();

export function documentIndex(analysis: Analysis): DocumentIndex {
  let index = cache.get(analysis);
  if (!index) {
    index = new DocumentIndex(analysis);
    cache.set(analysis, index);
  }
  return index;
}

class Walker {
  constructor(private readonly index: DocumentIndex, private readonly tokens: IToken[]) {}

  private mark(m: Mark): void {
    this.index.marks.push(m);
  }

  private occurrence(kind: OccurrenceKind, key: string, name: Name, scope: Scope, declaration: boolean, extra: Partial<Occurrence> = {}): Occurrence {
    return this.index.add({ kind, key, name: name.text, span: name.span, declaration, systemIndex: scope.system.index, ...extra });
  }

  private named(kind: OccurrenceKind, key: string, name: Name, scope: Scope, declaration: boolean, extra: Partial<Occurrence> = {}): void {
    this.mark({ role: 'name', span: name.span, occurrences: [this.occurrence(kind, key, name, scope, declaration, extra)] });
  }

  /** The first token at or after `offset` (binary search). */
  private tokenFrom(offset: number): IToken | undefined {
    return this.tokens[partitionPoint(this.tokens.length, (i) => this.tokens[i].startOffset < offset)];
  }

  file(systems: SystemDecl[]): void {
    systems.forEach((node, i) => {
      const scope = systemScope(node, i);
      this.index.systems.push(scope);
      this.mark({ role: 'system-keyword', span: node.keyword.span, scope });
      if (node.name) this.mark({ role: 'system-name', span: node.name.span, scope });
      if (node.bodySpan) this.index.openers.set(node.bodySpan.start, { type: 'body', scope });
      this.items(node.items, scope);
    });
  }

  private items(items: Item[], scope: Scope): void {
    for (const item of items) {
      try {
        this.item(item, scope);
      } catch {
        // A half-built node must not cost the rest of the index.
      }
    }
  }

  private item(item: Item, scope: Scope): void {
    switch (item.type) {
      case 'declaration':
        return this.declaration(item, scope);
      case 'block':
        return this.block(item, scope);
      case 'property':
        return this.property(item, scope);
      case 'flag': {
        const spec = propertySpec(scope, item.name.text);
        const block = scopeBlocks(scope).find((b) => b.name === item.name.text);
        if (block && !spec) this.mark({ role: 'block', span: item.name.span, name: item.name.text, spec: block, scope });
        else this.mark({ role: 'property', span: item.name.span, name: item.name.text, spec, scope, flag: true });
        return;
      }
      case 'connection':
        return this.connection(item, scope);
      case 'event':
        return this.event(item, scope);
    }
  }

  private declaration(node: Declaration, parent: Scope): void {
    const scope = declarationScope(node, parent);
    const keyword = node.keyword.text;
    const system = parent.system.index;
    if (scope.type === 'component') {
      if (scope.kind) this.mark({ role: 'kind', span: node.keyword.span, kind: scope.kind });
      if (node.name) this.named('component', componentKey(system, node.name.text), node.name, scope, true);
      if (node.tech) this.mark({ role: 'tech', span: node.tech.span, name: node.tech.text, kind: scope.kind });
    } else {
      this.mark({ role: 'keyword', span: node.keyword.span, word: keyword as 'query' | 'scenario' | 'table' | 'view' });
      if (node.name) {
        if (scope.type === 'table') this.named('table', tableKey(system, node.name.text), node.name, scope, true);
        else if (scope.type === 'query') this.named('query', `query:${system}:${node.name.text}`, node.name, scope, true);
        else if (scope.type === 'scenario') this.named('scenario', `scenario:${system}:${node.name.text}`, node.name, scope, true);
        else if (scope.type === 'view') this.named('view', `view:${system}:${node.name.text}`, node.name, scope, true);
      }
    }
    if (node.bodySpan) this.index.openers.set(node.bodySpan.start, { type: 'body', scope });
    this.items(node.body ?? [], scope);
  }

  private block(node: Block, parent: Scope): void {
    const scope = blockScope(node, parent);
    this.mark({ role: 'block', span: node.name.span, name: node.name.text, spec: scope.type === 'block' ? scope.spec : undefined, scope: parent });
    const open = this.tokenFrom(node.name.span.end);
    if (open && open.image === '{') this.index.openers.set(open.startOffset, { type: 'body', scope });
    this.items(node.items, scope);
  }

  private property(node: Property, scope: Scope): void {
    const spec = propertySpec(scope, node.name.text);
    const block = !spec ? scopeBlocks(scope).find((b) => b.name === node.name.text) : undefined;
    if (block) this.mark({ role: 'block', span: node.name.span, name: node.name.text, spec: block, scope });
    else this.mark({ role: 'property', span: node.name.span, name: node.name.text, spec, scope });
    if (node.value) this.value(node.value, scope, node.name.text, spec);
  }

  private value(value: Value, scope: Scope, property: string, spec: PropertySpec | undefined, valueSpec: ValueSpec | undefined = spec?.value): void {
    switch (value.type) {
      case 'number':
      case 'quantity':
      case 'rate':
        this.mark({ role: 'number', span: value.span, raw: value.raw, spec });
        return;
      case 'range':
        this.mark({ role: 'number', span: value.from.span, raw: value.from.raw, spec });
        if (value.to) this.mark({ role: 'number', span: value.to.span, raw: value.to.raw, spec });
        return;
      case 'string':
        return;
      case 'ref':
        return this.ref(value, scope, property, spec, valueSpec);
      case 'equation':
        this.ref(value.left, scope, property, spec, valueSpec);
        if (value.right) this.ref(value.right, scope, property, spec, valueSpec);
        return;
      case 'call': {
        this.mark({ role: 'call', span: value.name.span, name: value.name.text, spec });
        const open = this.tokenFrom(value.name.span.end);
        if (open && open.image === '(') this.index.openers.set(open.startOffset, { type: 'call', name: value.name.text, property, scope });
        for (const arg of value.args) {
          if (arg.name) this.mark({ role: 'property', span: arg.name.span, name: arg.name.text, scope });
          if (!arg.value) continue;
          // hash(key) names a request field; distribution arguments are times.
          if (arg.value.type === 'ref') continue;
          this.value(arg.value, scope, property, spec, { type: 'quantity', family: 'time' });
        }
        return;
      }
      case 'list': {
        this.index.openers.set(value.span.start, { type: 'list', property, scope });
        if (valueSpec?.type === 'columns' && property === 'columns' && scope.type === 'table') {
          for (const item of value.items) this.columnDeclaration(item, scope);
          return;
        }
        for (const item of value.items) {
          if (item.name) this.mark({ role: 'property', span: item.name.span, name: item.name.text, scope });
          if (item.value) this.value(item.value, scope, property, spec, valueSpec);
        }
        return;
      }
      case 'map': {
        const mapScope: Scope = { type: 'map', node: value, parent: scope, system: scope.system };
        this.index.openers.set(value.span.start, { type: 'body', scope: mapScope });
        this.items(value.items, mapScope);
        return;
      }
    }
  }

  private columnDeclaration(item: Attr, scope: Scope & { type: 'table' }): void {
    const name = item.name ?? (item.value?.type === 'ref' && item.value.parts.length === 1 ? item.value.parts[0] : undefined);
    if (!name || !scope.node.name) return;
    this.named('column', columnKey(scope.system.index, scope.node.name.text, name.text), name, scope, true, { table: scope.node.name.text });
  }

  /** A reference in a property value, interpreted by what the property expects. */
  private ref(ref: RefValue, scope: Scope, property: string, spec: PropertySpec | undefined, valueSpec: ValueSpec | undefined): void {
    const system = scope.system.index;
    const first = ref.parts[0];
    const type = valueSpec?.type;
    const options = valueSpec?.type === 'oneOf' ? valueSpec.options : valueSpec ? [valueSpec] : [];
    const enumLike = options.find((o) => o.type === 'enum' || o.type === 'boolean' || o.type === 'algorithm');
    if (enumLike && spec && ref.parts.length === 1) {
      this.mark({ role: 'enum', span: first.span, value: first.text, spec });
      return;
    }
    switch (type) {
      case 'component':
        this.named('component', componentKey(system, first.text), first, scope, false);
        return;
      case 'table':
        this.named('table', tableKey(system, first.text), first, scope, false);
        return;
      case 'column': {
        const table = enclosingTable(scope)?.node.name?.text;
        if (table && ref.parts.length === 1) this.named('column', columnKey(system, table, first.text), first, scope, false, { table });
        return;
      }
      case 'columns': {
        const table = enclosingTable(scope)?.node.name?.text;
        if (ref.parts.length !== 1) return;
        if (property === 'columns' && scope.type === 'table') this.columnDeclaration({ value: ref, span: ref.span }, scope);
        else if (table) this.named('column', columnKey(system, table, first.text), first, scope, false, { table });
        else this.weakColumn(first, scope);
        return;
      }
      case 'columnRefs':
      case 'equation':
        this.columnRef(ref, scope);
        return;
      case 'identifier':
        if (property === 'key' && scope.type === 'block' && (scope.spec?.name === 'sharding' || scope.spec?.name === 'partitioning') && ref.parts.length === 1) {
          this.weakColumn(first, scope);
        }
        return;
      default:
        return;
    }
  }

  /** `table.column`, or a bare column of the query's `from` table. */
  private columnRef(ref: RefValue, scope: Scope): void {
    const system = scope.system.index;
    if (ref.parts.length === 2) {
      const [table, column] = ref.parts;
      this.named('table', tableKey(system, table.text), table, scope, false);
      this.named('column', columnKey(system, table.text, column.text), column, scope, false, { table: table.text });
      return;
    }
    if (ref.parts.length === 1 && scope.type === 'query' && scope.from) {
      this.named('column', columnKey(system, scope.from, ref.parts[0].text), ref.parts[0], scope, false, { table: scope.from });
    }
  }

  /** A database-wide column name: the same-named column of every table of the database. */
  private weakColumn(name: Name, scope: Scope): void {
    const database = enclosingComponent(scope) as ComponentScope | undefined;
    if (!database?.tables) return;
    const occurrences: Occurrence[] = [];
    for (const [table, columns] of database.tables) {
      if (!columns.includes(name.text)) continue;
      occurrences.push(this.occurrence('column', columnKey(scope.system.index, table, name.text), name, scope, false, { table, weak: true }));
    }
    if (occurrences.length) this.mark({ role: 'name', span: name.span, occurrences });
  }

  private connection(node: Connection, scope: Scope): void {
    const system = scope.system.index;
    for (const ref of node.refs) this.named('component', componentKey(system, ref.parts[0].text), ref.parts[0], scope, false);
    const attrScope: Scope & { type: 'connection' } = { type: 'connection', node, parent: scope, system: scope.system };
    if (node.attrsSpan) this.index.openers.set(node.attrsSpan.start, { type: 'attrs', scope: attrScope });
    for (const attr of node.attrs) {
      const name = attr.name ?? (attr.value?.type === 'ref' && attr.value.parts.length === 1 ? attr.value.parts[0] : undefined);
      const spec = name ? findProperty(CONNECTION_ATTRIBUTES, name.text) : undefined;
      if (name) this.mark({ role: 'property', span: name.span, name: name.text, spec, scope: attrScope, flag: !attr.name });
      if (attr.name && attr.value) this.value(attr.value, attrScope, attr.name.text, spec);
    }
  }

  private event(node: EventItem, scope: Scope): void {
    const keywordSpan = { start: node.span.start, end: node.span.start + 2 };
    this.mark({ role: 'keyword', span: keywordSpan, word: 'at' });
    if (node.at && (node.at.type === 'number' || node.at.type === 'quantity' || node.at.type === 'rate')) {
      this.mark({ role: 'number', span: node.at.span, raw: node.at.raw, spec: AT_SPEC });
    }
    if (node.action) this.mark({ role: 'action', span: node.action.span, name: node.action.text });
    if (node.target) {
      const [first, second] = node.target.parts;
      this.named('component', componentKey(scope.system.index, first.text), first, scope, false);
      if (second) this.mark({ role: 'replica', span: second.span, name: second.text });
    }
    if (node.index) this.mark({ role: 'number', span: node.index.span, raw: node.index.raw });
  }
}

/** The time of an `at` event, described like a property for hover. */
export const AT_SPEC: PropertySpec = {
  name: 'at',
  doc: 'When the event happens, counted from the start of the run.',
  value: { type: 'quantity', family: 'time', min: 0 },
};

// What a body is and what the schema allows in it. A Scope is the LSP side's
// view of "where am I": the system, a component of some kind, a block, a
// table, a query, a scenario, a view, a connection's attributes. Completion, hover,
// the document index and semantic tokens all ask the schema through here.
import type { Block, Connection, Declaration, Item, MapValue, SystemDecl } from '../syntax/ast';
import { CONNECTION_ATTRIBUTES, findProperty, kindSpec, QUERY, SCENARIO, SYSTEM, unnamedBlocks, VIEW } from '../schema/schema';
import type { BlockSpec, KindSpec, PropertySpec } from '../schema/types';

export type Scope =
  | SystemScope
  | { type: 'component'; node: Declaration; kind?: KindSpec; parent: Scope; system: SystemScope; tables?: Map<string, string[]> }
  | { type: 'table'; node: Declaration; parent: Scope; system: SystemScope }
  | { type: 'query'; node: Declaration; parent: Scope; system: SystemScope; from?: string }
  | { type: 'scenario'; node: Declaration; parent: Scope; system: SystemScope }
  | { type: 'view'; node: Declaration; parent: Scope; system: SystemScope }
  | { type: 'block'; node: Block; spec?: BlockSpec; parent: Scope; system: SystemScope }
  | { type: 'connection'; node: Connection; parent: Scope; system: SystemScope }
  | { type: 'map'; node: MapValue; parent: Scope; system: SystemScope };

export interface SystemScope {
  type: 'system';
  node: SystemDecl;
  /** Index into `analysis.systems` (and `ast.systems`). */
  index: number;
  system: SystemScope;
}

export type ComponentScope = Extract<Scope, { type: 'component' }>;

let tableSpecCache: BlockSpec | undefined;

/** The `table NAME { … }` block of the database kind. */
export function tableSpec(): BlockSpec {
  tableSpecCache ??= kindSpec('database')!.blocks.find((b) => b.name === 'table')!;
  return tableSpecCache;
}

export function systemScope(node: SystemDecl, index: number): SystemScope {
  const scope = { type: 'system', node, index } as SystemScope;
  scope.system = scope;
  return scope;
}

/** The scope a declaration's body opens. */
export function declarationScope(node: Declaration, parent: Scope): Scope {
  const system = parent.system;
  const keyword = node.keyword.text;
  if (keyword === 'table') return { type: 'table', node, parent, system };
  if (keyword === 'query') return { type: 'query', node, parent, system, from: bareProperty(node.body ?? [], 'from') };
  if (keyword === 'scenario') return { type: 'scenario', node, parent, system };
  if (keyword === 'view') return { type: 'view', node, parent, system };
  const kind = kindSpec(keyword);
  const scope: ComponentScope = { type: 'component', node, kind, parent, system };
  if (kind?.name === 'database') scope.tables = tablesOf(node);
  return scope;
}

export function blockScope(node: Block, parent: Scope): Scope {
  return { type: 'block', node, spec: blockSpecIn(parent, node.name.text), parent, system: parent.system };
}

export function blockSpecIn(parent: Scope, name: string): BlockSpec | undefined {
  if (parent.type === 'system') return SYSTEM.blocks.find((b) => b.name === name);
  if (parent.type === 'component') return parent.kind?.blocks.find((b) => b.name === name && !b.named);
  return undefined;
}

/** Properties (and flags) allowed directly in this scope. */
export function scopeProperties(scope: Scope): PropertySpec[] {
  switch (scope.type) {
    case 'system':
      return SYSTEM.properties;
    case 'component':
      return scope.kind?.properties ?? [];
    case 'table':
      return tableSpec().properties;
    case 'query':
      return QUERY.properties;
    case 'scenario':
      return SCENARIO.properties;
    case 'view':
      return VIEW.properties;
    case 'block':
      return scope.spec?.properties ?? [];
    case 'connection':
      return CONNECTION_ATTRIBUTES;
    case 'map':
      return [];
  }
}

/** Unnamed blocks (`autoscale { … }`) allowed directly in this scope. */
export function scopeBlocks(scope: Scope): BlockSpec[] {
  if (scope.type === 'system') return SYSTEM.blocks;
  if (scope.type === 'component') return scope.kind ? unnamedBlocks(scope.kind) : [];
  return [];
}

export function propertySpec(scope: Scope, name: string): PropertySpec | undefined {
  return findProperty(scopeProperties(scope), name);
}

/** The items of the body this scope stands for. */
export function scopeItems(scope: Scope): Item[] {
  switch (scope.type) {
    case 'system':
      return scope.node.items;
    case 'block':
      return scope.node.items;
    case 'map':
      return scope.node.items;
    case 'connection':
      return [];
    default:
      return scope.node.body ?? [];
  }
}

/** Human name of a scope for hover text: "a service", "block 'autoscale'". */
export function describeScope(scope: Scope): string {
  switch (scope.type) {
    case 'system':
      return 'the system';
    case 'component':
      return scope.kind ? scope.kind.noun : `'${scope.node.keyword.text}'`;
    case 'table':
      return 'a table';
    case 'query':
      return 'a query';
    case 'scenario':
      return 'a scenario';
    case 'view':
      return 'a view';
    case 'block':
      return `the ${scope.node.name.text} block`;
    case 'connection':
      return 'a connection';
    case 'map':
      return 'a map';
  }
}

/** The nearest enclosing table scope (for `key:` inside a table). */
export function enclosingTable(scope: Scope): Extract<Scope, { type: 'table' }> | undefined {
  for (let s: Scope | undefined = scope; s; s = s.type === 'system' ? undefined : s.parent) {
    if (s.type === 'table') return s;
  }
  return undefined;
}

/** The nearest enclosing database component (for `sharding { key }`). */
export function enclosingComponent(scope: Scope): ComponentScope | undefined {
  for (let s: Scope | undefined = scope; s; s = s.type === 'system' ? undefined : s.parent) {
    if (s.type === 'component') return s;
  }
  return undefined;
}

/** `from: posts` -> "posts", read straight from the syntax so half-typed queries work. */
export function bareProperty(items: Item[], name: string): string | undefined {
  for (const item of items) {
    if (item.type === 'property' && item.name.text === name && item.value?.type === 'ref' && item.value.parts.length === 1) {
      return item.value.parts[0].text;
    }
  }
  return undefined;
}

/** Column names listed in a table body's `columns:`. */
export function columnsOf(table: Declaration): string[] {
  const out: string[] = [];
  for (const item of table.body ?? []) {
    if (item.type !== 'property' || item.name.text !== 'columns' || !item.value) continue;
    const entries = item.value.type === 'list' ? item.value.items : [{ value: item.value, name: undefined }];
    for (const entry of entries) {
      if (entry.name) out.push(entry.name.text);
      else if (entry.value?.type === 'ref' && entry.value.parts.length === 1) out.push(entry.value.parts[0].text);
    }
  }
  return out;
}

/** Tables declared in a database body, with their columns. */
export function tablesOf(database: Declaration): Map<string, string[]> {
  const tables = new Map<string, string[]>();
  for (const item of database.body ?? []) {
    if (item.type === 'declaration' && item.keyword.text === 'table' && item.name && !tables.has(item.name.text)) {
      tables.set(item.name.text, columnsOf(item));
    }
  }
  return tables;
}

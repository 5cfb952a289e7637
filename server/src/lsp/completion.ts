// Completion: kinds and keywords where an item starts, properties valid for
// the kind/block/query/scenario/connection (minus those already set), values
// valid for the property, names in scope, technologies, units, scenario
// actions. The cursor's context comes from completion-context.ts; every list
// comes from the schema table.
import {
  CompletionItem, CompletionItemKind, CompletionList, CompletionParams, InsertTextFormat, MarkupKind,
} from 'vscode-languageserver';
import type { Analysis } from '../analyze';
import { COMPONENT_KINDS, EVENT_ACTIONS } from '../syntax/tokens';
import type { Item, Span } from '../syntax/ast';
import { EVENT_ACTIONS_DOC, kindSpec, QUERY, SCENARIO, SYSTEM, TECHNOLOGIES, VIEW } from '../schema/schema';
import type { BlockSpec, EnumValue, PropertySpec, ValueSpec } from '../schema/types';
import { MAGNITUDES, MONEY_PER, RATE_PER, UnitFamily, unitsOf } from '../schema/units';
import type { DocumentStore } from './documents';
import { documentIndex, DocumentIndex } from '../ide/document-index';
import { cursorContext, CursorContext } from '../ide/completion-context';
import { toOffset, toRange } from './convert';
import { isKeyedAlgorithm, propertyDetail } from '../ide/describe';
import { scopeBlocks, scopeItems, scopeProperties, Scope, tableSpec } from '../ide/scopes';

export const COMPLETION_TRIGGER_CHARACTERS = [':', '.', '>', '(', '[', ',', '/', '='];

const TRIGGER_SUGGEST = { title: 'Suggest values', command: 'editor.action.triggerSuggest' };

export function provideCompletion(store: DocumentStore, params: CompletionParams): CompletionList {
  const doc = store.get(params.textDocument.uri);
  if (!doc) return { isIncomplete: false, items: [] };
  const analysis = doc.analysis;
  const index = documentIndex(analysis);
  const offset = toOffset(analysis, params.position);
  const cursor = cursorContext(analysis, index, offset);
  const items = new Completer(analysis, index, cursor.replace).complete(cursor.context);
  return { isIncomplete: false, items };
}

class Completer {
  private readonly items: CompletionItem[] = [];
  private readonly seen = new Set<string>();

  constructor(private readonly analysis: Analysis, private readonly index: DocumentIndex, private readonly replace: Span) {}

  complete(context: CursorContext): CompletionItem[] {
    switch (context.type) {
      case 'none':
        break;
      case 'top':
        this.add({ label: 'system', kind: CompletionItemKind.Keyword, detail: 'system NAME { … }', documentation: md(SYSTEM.doc) }, 'system ${1:name} {\n\t$0\n}');
        break;
      case 'item':
        this.itemStart(context.scope);
        break;
      case 'value':
        if (context.spec) this.valueSpec(context.spec.value, context.spec, context.scope);
        break;
      case 'member':
        this.member(context.owner, context.scope, context.event === true);
        break;
      case 'unit':
        this.units(context.digits, context.suffix, context.per, context.spec?.value);
        break;
      case 'connection-target':
        this.componentNames(context.scope, '0');
        break;
      case 'technology':
        this.technologies(context.kind);
        break;
      case 'action':
        for (const action of EVENT_ACTIONS) this.add({ label: action, kind: CompletionItemKind.Event, detail: 'scenario action', documentation: md(EVENT_ACTIONS_DOC[action]) }, `${action} `);
        break;
      case 'event-target':
        this.componentNames(context.scope, '0', context.action === 'partition' || context.action === 'heal' ? ['region'] : undefined);
        break;
      case 'attribute':
        this.properties(context.scope);
        break;
    }
    return this.items.sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label));
  }

  private add(item: CompletionItem, insert?: string, snippet = insert?.includes('$') ?? false): void {
    const key = `${item.label}\u0000${item.kind ?? ''}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    const newText = insert ?? item.label;
    item.textEdit = { range: toRange(this.analysis, this.replace), newText };
    if (snippet) item.insertTextFormat = InsertTextFormat.Snippet;
    this.items.push(item);
  }

  private systemIndex(scope: Scope | undefined): number | undefined {
    return scope?.system.index ?? this.index.systemAt(this.replace.start)?.index;
  }

  // ---- item starts ----------------------------------------------------------

  private itemStart(scope: Scope): void {
    const container = scope.type === 'system' || (scope.type === 'component' && scope.kind?.container === true);
    if (container) {
      for (const kind of COMPONENT_KINDS) {
        const spec = kindSpec(kind)!;
        this.add({ label: kind, kind: CompletionItemKind.Keyword, detail: `component: ${spec.noun}`, documentation: md(spec.doc), sortText: `1${kind}` }, `${kind} `);
      }
    }
    if (scope.type === 'system') {
      this.add({ label: 'query', kind: CompletionItemKind.Keyword, detail: 'query NAME { from: table … }', documentation: md(QUERY.doc), sortText: '1query' }, 'query ${1:name} {\n\tfrom: $2\n}');
      this.add({ label: 'scenario', kind: CompletionItemKind.Keyword, detail: 'scenario NAME { duration … at … }', documentation: md(SCENARIO.doc), sortText: '1scenario' }, 'scenario ${1:name} {\n\tduration: ${2:60s}\n\t$0\n}');
      this.add({ label: 'view', kind: CompletionItemKind.Keyword, detail: 'view NAME { include | focus | path … }', documentation: md(VIEW.doc), sortText: '1view' }, 'view ${1:name} { include: [$0] }');
    }
    if (scope.type === 'component' && scope.kind?.name === 'database') {
      const table = tableSpec();
      this.add({ label: 'table', kind: CompletionItemKind.Keyword, detail: 'table NAME { columns … }', documentation: md(table.doc), sortText: '1table' }, 'table ${1:name} {\n\tcolumns: [$2]\n\tkey: $3\n}');
    }
    if (scope.type === 'scenario') {
      this.add({ label: 'at', kind: CompletionItemKind.Keyword, detail: 'at TIME: action target', documentation: md('A fault or recovery at a point in the run: `at 2m: stop db.primary`.\n\n' + EVENT_ACTIONS.map((a) => `- \`${a}\`: ${EVENT_ACTIONS_DOC[a]}`).join('\n')), sortText: '1at' }, 'at ${1:30s}: ${2|stop,start,partition,heal|} $0');
    }
    this.properties(scope);
    for (const block of scopeBlocks(scope)) this.block(block, scope);
    if (container) this.componentNames(scope, '3');
  }

  /** Property names of the scope that are not set yet (repeatable ones always). */
  private properties(scope: Scope): void {
    const present = this.presentNames(scope);
    for (const spec of scopeProperties(scope)) {
      if (present.has(spec.name) && !spec.repeatable) continue;
      const bareFlag = spec.flag === true && spec.value.type === 'boolean';
      const item: CompletionItem = {
        label: spec.name,
        kind: CompletionItemKind.Property,
        detail: propertyDetail(spec),
        documentation: md(spec.doc),
        sortText: `${spec.required ? '0' : '2'}${spec.name}`,
      };
      if (bareFlag) {
        item.labelDetails = { description: 'flag' };
        this.add(item, spec.name);
        continue;
      }
      if (wantsValueSuggestions(spec.value)) item.command = TRIGGER_SUGGEST;
      this.add(item, `${spec.name}: `);
    }
  }

  private block(block: BlockSpec, scope: Scope): void {
    if (this.presentNames(scope).has(block.name) && !block.repeatable) return;
    const required = block.properties.filter((p) => p.required);
    const body = required.length ? required.map((p, i) => `\t${p.name}: $${i + 1}`).join('\n') + '\n\t$0' : '\t$0';
    this.add({
      label: block.name,
      kind: CompletionItemKind.Module,
      detail: `${block.name} { ${block.properties.map((p) => p.name).join(' ')} }`,
      documentation: md(block.doc),
      sortText: `2${block.name}`,
    }, `${block.name} {\n${body}\n}`);
  }

  /** Names already written in the body, except the item under the cursor. */
  private presentNames(scope: Scope): Set<string> {
    const names = new Set<string>();
    const at = this.replace.start;
    const visit = (item: Item) => {
      if (item.span.start <= at && at <= item.span.end) return;
      if (item.type === 'property' || item.type === 'flag' || item.type === 'block') names.add(item.name.text);
    };
    if (scope.type === 'connection') {
      for (const attr of scope.node.attrs) {
        if (attr.span.start <= at && at <= attr.span.end) continue;
        const name = attr.name?.text ?? (attr.value?.type === 'ref' && attr.value.parts.length === 1 ? attr.value.parts[0].text : undefined);
        if (name) names.add(name);
      }
      return names;
    }
    for (const item of scopeItems(scope)) visit(item);
    return names;
  }

  // ---- names ------------------------------------------------------------------

  private componentNames(scope: Scope | undefined, sortPrefix: string, preferKinds?: string[]): void {
    const si = this.systemIndex(scope);
    if (si === undefined) return;
    const model = this.analysis.systems[si];
    const names = new Set<string>();
    for (const o of this.index.occurrences) {
      if (o.kind === 'component' && o.declaration && o.systemIndex === si) names.add(o.name);
    }
    for (const name of names) {
      const c = model?.components.get(name);
      const kind = c?.keyword;
      const detail = [kind, c?.tech ? `: ${c.tech}` : '', c?.title ? ` "${c.title}"` : ''].join('');
      const preferred = !preferKinds || (c?.kind !== undefined && preferKinds.includes(c.kind));
      this.add({
        label: name,
        kind: CompletionItemKind.Variable,
        detail: detail || 'component',
        documentation: c?.kind ? md(kindSpec(c.kind)!.doc) : undefined,
        sortText: `${preferred ? sortPrefix : '9'}${name}`,
      });
    }
  }

  private readonly tableCache = new Map<number, Map<string, string[]>>();

  /** Tables declared in the system, with their columns (read from the index, so broken text still counts). */
  private tables(si: number): Map<string, string[]> {
    const cached = this.tableCache.get(si);
    if (cached) return cached;
    const tables = new Map<string, string[]>();
    this.tableCache.set(si, tables);
    for (const o of this.index.occurrences) {
      if (o.systemIndex !== si || !o.declaration) continue;
      if (o.kind === 'table' && !tables.has(o.name)) tables.set(o.name, []);
    }
    for (const o of this.index.occurrences) {
      if (o.systemIndex !== si || !o.declaration || o.kind !== 'column' || !o.table) continue;
      const cols = tables.get(o.table);
      if (cols && !cols.includes(o.name)) cols.push(o.name);
    }
    return tables;
  }

  private tableNames(si: number): void {
    for (const [name, columns] of this.tables(si)) {
      this.add({ label: name, kind: CompletionItemKind.Struct, detail: `table (${columns.join(', ')})`, sortText: `1${name}` });
    }
  }

  private columnItems(table: string, columns: string[], sortPrefix: string, qualified: boolean): void {
    for (const column of columns) {
      const label = qualified ? `${table}.${column}` : column;
      this.add({ label, kind: CompletionItemKind.Field, detail: `column of ${table}`, sortText: `${sortPrefix}${label}` });
    }
  }

  /** `owner.` : columns of a table, or primary/replica of a database in an event. */
  private member(owner: string, scope: Scope | undefined, event: boolean): void {
    const si = this.systemIndex(scope);
    if (si === undefined) return;
    const model = this.analysis.systems[si];
    const component = model?.components.get(owner);
    if (event || (component?.kind === 'database' && !this.tables(si).has(owner))) {
      if (component?.kind === 'database') {
        this.add({ label: 'primary', kind: CompletionItemKind.EnumMember, detail: 'the primary copy', documentation: md('The database\'s primary (the copy that takes writes).') });
        this.add({ label: 'replica', kind: CompletionItemKind.EnumMember, detail: 'a replica: replica[1]', documentation: md('A replica; pick one with `[n]` (1-based).') }, 'replica[${1:1}]');
      }
      return;
    }
    const columns = this.tables(si).get(owner);
    if (columns) this.columnItems(owner, columns, '0', false);
  }

  // ---- values -----------------------------------------------------------------

  private valueSpec(value: ValueSpec, spec: PropertySpec, scope: Scope): void {
    const si = scope.system.index;
    switch (value.type) {
      case 'enum':
        return this.enumValues(value.values, spec);
      case 'algorithm':
        this.enumValues(value.values.filter((v) => !isKeyedAlgorithm(v)), spec);
        for (const v of value.values.filter(isKeyedAlgorithm)) {
          this.add({ label: `${v.name}(key)`, kind: CompletionItemKind.Function, detail: spec.name, documentation: md(v.doc), filterText: v.name, sortText: `1${v.name}` }, `${v.name}(\${1:user_id})`);
        }
        return;
      case 'boolean':
        for (const b of ['true', 'false']) {
          const isDefault = spec.default === (b === 'true');
          this.add({ label: b, kind: CompletionItemKind.Value, detail: isDefault ? 'default' : undefined, sortText: `${isDefault ? '1' : '0'}${b}` });
        }
        return;
      case 'component': {
        this.componentNames(scope, '0', value.kinds);
        return;
      }
      case 'table':
        return this.tableNames(si);
      case 'column': {
        const table = scope.type === 'table' ? scope.node.name?.text : undefined;
        if (table) this.columnItems(table, this.tables(si).get(table) ?? [], '0', false);
        return;
      }
      case 'columns': {
        if (spec.name === 'columns') return; // new names: nothing to suggest
        if (scope.type === 'table' && scope.node.name) this.columnItems(scope.node.name.text, this.tables(si).get(scope.node.name.text) ?? [], '0', false);
        else this.databaseColumns(scope);
        return;
      }
      case 'identifier':
        if (spec.name === 'key' && scope.type === 'block') this.databaseColumns(scope);
        return;
      case 'columnRefs':
      case 'equation': {
        const from = scope.type === 'query' ? scope.from : undefined;
        const tables = this.tables(si);
        if (from && tables.has(from) && value.type === 'columnRefs') this.columnItems(from, tables.get(from)!, '0', false);
        for (const [table, columns] of tables) {
          this.columnItems(table, columns, table === from ? '1' : '2', true);
          this.add({ label: table, kind: CompletionItemKind.Struct, detail: 'table', sortText: `3${table}`, command: TRIGGER_SUGGEST });
        }
        return;
      }
      case 'distribution':
        for (const [fn, args, doc] of DISTRIBUTIONS) {
          this.add({ label: `${fn}(…)`, kind: CompletionItemKind.Function, detail: 'distribution', documentation: md(doc), filterText: fn }, `${fn}(${args})`);
        }
        return;
      case 'oneOf':
        for (const option of value.options) this.valueSpec(option, spec, scope);
        return;
      default:
        return;
    }
  }

  private enumValues(values: EnumValue[], spec: PropertySpec): void {
    const defaultName = typeof spec.default === 'string' ? spec.default : (spec.default as { name?: string } | undefined)?.name;
    for (const v of values) {
      const isDefault = v.name === defaultName;
      this.add({
        label: v.name,
        kind: CompletionItemKind.EnumMember,
        detail: isDefault ? `${spec.name} (default)` : spec.name,
        documentation: md(v.doc),
        sortText: `0${values.indexOf(v).toString().padStart(2, '0')}`,
      });
    }
  }

  /** Columns of every table of the enclosing database (for sharding keys and database-wide indexes). */
  private databaseColumns(scope: Scope): void {
    let s: Scope | undefined = scope;
    while (s && s.type !== 'component') s = s.type === 'system' ? undefined : s.parent;
    if (!s?.tables) return;
    for (const [table, columns] of s.tables) {
      for (const column of columns) this.add({ label: column, kind: CompletionItemKind.Field, detail: `column of ${table}` });
    }
  }

  private technologies(kind: string): void {
    for (const tech of TECHNOLOGIES) {
      const fits = tech.kinds.includes(kind);
      const implies = tech.implies ? Object.entries(tech.implies).map(([k, v]) => `${k}: ${String(v)}`).join(', ') : '';
      this.add({
        label: tech.name,
        kind: CompletionItemKind.Module,
        detail: fits ? tech.kinds.join(', ') : `a ${tech.kinds.join(' or ')} technology`,
        documentation: md(tech.doc + (implies ? `\n\nImplies ${implies}.` : '')),
        sortText: `${fits ? '0' : '9'}${tech.name}`,
      });
    }
  }

  // ---- units --------------------------------------------------------------------

  private units(digits: string, suffix: string, per: string | undefined, value: ValueSpec | undefined): void {
    if (value?.type === 'money') {
      // Amounts of US dollars: `0.20/h` per instance-hour, `40k/month` for a budget.
      const magnitude = suffix in MAGNITUDES ? suffix : '';
      for (const unit of Object.keys(MONEY_PER)) this.unitItem(`${digits}${magnitude}/${unit}`, `${magnitude}/${unit}`, `US dollars per ${unit}`);
      return;
    }
    if (per !== undefined) {
      for (const [unit, seconds] of Object.entries(RATE_PER)) {
        this.unitItem(`${digits}${suffix}/${unit}`, `/${unit}`, `per ${RATE_WORDS[unit] ?? unit} (${seconds} s)`);
      }
      return;
    }
    const families = new Set<UnitFamily>();
    let rate = false;
    const collect = (v: ValueSpec | undefined) => {
      if (!v) return;
      if (v.type === 'quantity') families.add(v.family);
      else if (v.type === 'distribution') families.add('time');
      else if (v.type === 'rate') rate = true;
      else if (v.type === 'countOrRange') families.add('count');
      else if (v.type === 'oneOf') v.options.forEach(collect);
    };
    collect(value);
    if (!value) {
      (['time', 'size', 'percent', 'multiplier', 'count'] as const).forEach((f) => families.add(f));
      rate = true;
    }
    for (const family of families) {
      if (family === 'count') {
        for (const [m, factor] of Object.entries(MAGNITUDES)) this.unitItem(`${digits}${m}`, m, `× ${factor.toExponential().replace('e+', 'e')} (${MAGNITUDE_WORDS[m]})`);
        continue;
      }
      for (const u of unitsOf(family)) this.unitItem(`${digits}${u.unit}`, u.unit, u.doc);
    }
    if (rate) {
      const magnitude = suffix in MAGNITUDES ? suffix : '';
      for (const m of magnitude ? [magnitude] : ['', 'k', 'M']) {
        for (const unit of Object.keys(RATE_PER)) this.unitItem(`${digits}${m}/${unit}`, `${m}/${unit}`, `${m ? MAGNITUDE_WORDS[m] + ' ' : ''}per ${RATE_WORDS[unit]}`);
      }
    }
  }

  private unitItem(newText: string, label: string, doc: string): void {
    this.add({ label, kind: CompletionItemKind.Unit, detail: doc, filterText: newText, sortText: `0${String(this.items.length).padStart(3, '0')}` }, newText, false);
  }
}

const RATE_WORDS: Record<string, string> = { s: 'second', min: 'minute', h: 'hour', day: 'day' };
const MAGNITUDE_WORDS: Record<string, string> = { k: 'thousand', M: 'million', B: 'billion' };

const DISTRIBUTIONS: [string, string, string][] = [
  ['exp', '${1:10ms}', 'Exponentially distributed with this mean (the same as a bare time): many short requests, a few long ones.'],
  ['const', '${1:10ms}', 'Always exactly this long.'],
  ['normal', '${1:10ms}, ${2:2ms}', 'Normally distributed: mean and standard deviation (negative draws are cut at zero).'],
  ['lognormal', '${1:10ms}, ${2:5ms}', 'Log-normally distributed: mean and standard deviation. A long right tail, like real latencies.'],
];

function wantsValueSuggestions(value: ValueSpec): boolean {
  switch (value.type) {
    case 'enum':
    case 'boolean':
    case 'component':
    case 'table':
    case 'column':
    case 'columnRefs':
    case 'equation':
    case 'algorithm':
    case 'distribution':
      return true;
    case 'oneOf':
      return value.options.some(wantsValueSuggestions);
    default:
      return false;
  }
}

function md(value: string): { kind: 'markdown'; value: string } {
  return { kind: MarkupKind.Markdown, value };
}


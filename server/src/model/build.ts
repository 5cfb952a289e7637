// AST -> SystemModel: declares names, validates every item against the schema,
// applies defaults, then resolves references (connections, origins, tables,
// columns, scenario targets, the names in views). Reports unknown-reference, duplicate-name,
// unknown-property, unknown-kind, invalid-nesting, invalid-value,
// missing-property and invalid-connection. Nothing here throws on bad input:
// incomplete nodes (from syntax errors) are skipped, not guessed at.
import type { Attr, Block, Connection, Declaration, EventItem, FileAst, Item, Name, Property, RefValue, Span, SystemDecl, Value } from '../syntax/ast';
import { refText } from '../syntax/ast';
import type { ComponentKind } from '../syntax/tokens';
import { EVENT_ACTIONS } from '../syntax/tokens';
import {
  CONNECTION_ATTRIBUTES, findProperty, kindSpec, kindsWithProperty, KINDS, QUERY, SCENARIO, SCENARIO_DEFAULTS, SYSTEM, technology, TECHNOLOGIES, unnamedBlocks, VIEW,
} from '../schema/schema';
import type { BlockSpec, KindSpec, PropertySpec } from '../schema/types';
import { Diagnostic, suggestion } from '../diagnostics';
import { bareName, checkValue } from './values';
import {
  BlockModel, ColumnRefModel, ColumnSpec, ComponentModel, EdgeModel, EventTarget, PropertyBag, QueryModel,
  ResolvedValue, ScenarioEvent, ScenarioModel, SystemModel, TableModel, ViewModel,
} from './types';
import { resolveView } from './view-links';

type Report = (d: Diagnostic) => void;

interface Container {
  /** What the body belongs to, for messages: "a service", "block 'autoscale'". */
  what: string;
  properties: PropertySpec[];
  blocks: BlockSpec[];
}

const KIND_NAMES = KINDS.map((k) => k.name);
/** Connection attributes whose defaults apply as is (`on` depends on the target). */
const CONNECTION_DEFAULTS = CONNECTION_ATTRIBUTES.filter((a) => a.name !== 'on');

/**
 * Name comparisons one system may spend on did-you-mean hints (a few hundred
 * milliseconds at most). A renamed component leaves many references to one
 * unknown name, which the per-word cache answers; only a file with thousands
 * of distinct unknown names among thousands of components runs out, and its
 * later unknown references then come without a hint.
 */
const SUGGESTION_BUDGET = 500_000;

export function buildModels(ast: FileAst, report: Report): SystemModel[] {
  const models = ast.systems.map((s) => buildSystemModel(s, report));
  reportDuplicateSystems(models, report);
  return models;
}

/** One system's model; systems never refer to one another, so each is built alone. */
export function buildSystemModel(decl: SystemDecl, report: Report): SystemModel {
  return new SystemBuilder(decl, report).build();
}

/** Two systems of one file with the same name: the one check that spans systems. */
export function reportDuplicateSystems(models: readonly SystemModel[], report: Report): void {
  const seen = new Map<string, SystemModel>();
  for (const m of models) {
    if (!m.decl.name) continue;
    const first = seen.get(m.name);
    if (first) report({ rule: 'duplicate-name', severity: 'error', message: `Another system in this file is already named '${m.name}'.`, span: m.nameSpan, related: [{ message: 'First declared here.', span: first.nameSpan }] });
    else seen.set(m.name, m);
  }
}

class SystemBuilder {
  private readonly components = new Map<string, ComponentModel>();
  private readonly tables = new Map<string, TableModel>();
  private readonly connections: Connection[] = [];
  private readonly pendingQueries: QueryModel[] = [];
  private readonly scenarios: ScenarioModel[] = [];
  private readonly views: ViewModel[] = [];
  private workload?: BlockModel;
  private slo?: BlockModel;
  private readonly props = new PropertyBag();

  constructor(private readonly decl: SystemDecl, private readonly report: Report) {}

  private error(rule: string, message: string, span: Span, related?: Diagnostic['related']): void {
    this.report(related ? { rule, severity: 'error', message, span, related } : { rule, severity: 'error', message, span });
  }

  build(): SystemModel {
    const decl = this.decl;
    const name = decl.name?.text ?? decl.title?.value ?? 'system';
    const nameSpan = decl.name?.span ?? decl.title?.span ?? decl.keyword.span;
    this.items(decl.items, { what: 'a system', properties: SYSTEM.properties, blocks: SYSTEM.blocks }, this.props, undefined, 'system');
    applyDefaults(this.props, SYSTEM.properties);

    const model: SystemModel = {
      name,
      title: decl.title?.value,
      decl,
      span: decl.span,
      nameSpan,
      props: this.props,
      workload: this.workload,
      slo: this.slo,
      components: this.components,
      tables: this.tables,
      edges: [],
      queries: [],
      scenarios: this.scenarios,
      views: this.views,
    };
    for (const component of this.components.values()) this.resolveComponentRefs(component);
    model.edges = this.resolveConnections();
    model.queries = this.pendingQueries.map((q) => this.resolveQuery(q));
    for (const s of this.scenarios) this.resolveScenario(s);
    for (const v of this.views) resolveView(v, this.components, this.report, (word) => this.suggestName(word, this.components));
    return model;
  }

  // ---- items ---------------------------------------------------------------

  /**
   * Validates the items of one body. `owner` is the component whose body this
   * is (for nested components and tables); `place` says what may nest here.
   */
  private items(items: Item[], container: Container, bag: PropertyBag, owner: ComponentModel | undefined, place: 'system' | 'container' | 'database' | 'leaf' | 'block', blocks?: Map<string, BlockModel>): void {
    for (const item of items) {
      switch (item.type) {
        case 'property':
          this.property(item, container, bag);
          break;
        case 'flag':
          this.flag(item.name, container, bag);
          break;
        case 'block':
          this.block(item, container, owner, blocks, place);
          break;
        case 'declaration':
          this.declaration(item, owner, place);
          break;
        case 'connection':
          if (place === 'system' || place === 'container') this.connections.push(item);
          else this.error('invalid-nesting', `Connections go in the system or in a region or group, not inside ${container.what}.`, item.span);
          break;
        case 'event':
          this.error('invalid-nesting', '`at` events belong inside a scenario.', item.span);
          break;
      }
    }
  }

  private property(item: Property, container: Container, bag: PropertyBag): void {
    const name = item.name.text;
    const spec = findProperty(container.properties, name);
    if (!spec) {
      const block = container.blocks.find((b) => b.name === name);
      if (block) {
        this.error('unknown-property', `'${name}' is a block: write ${name} { … } without the colon.`, item.name.span);
        return;
      }
      this.unknownProperty(item.name, container);
      return;
    }
    if (bag.has(spec.name) && !spec.repeatable) {
      const first = bag.get(spec.name)!;
      this.error('duplicate-name', `'${name}' is set twice in ${container.what}; remove one.`, item.name.span, first.nameSpan ? [{ message: 'First set here.', span: first.nameSpan }] : undefined);
      return;
    }
    if (!item.value || isIncomplete(item.value)) {
      this.written(bag).add(name); // reported as a syntax error; not also missing
      return;
    }
    const checked = checkValue(spec.value, item.value, name);
    if (!checked.ok) {
      if (checked.message) this.error('invalid-value', checked.message, checked.span);
      this.written(bag).add(name); // one error for a bad value, not also "missing"
      return;
    }
    bag.set(name, { value: checked.value, explicit: true, span: item.span, valueSpan: item.value.span, nameSpan: item.name.span, node: item });
  }

  private flag(name: Name, container: Container, bag: PropertyBag): void {
    const spec = findProperty(container.properties, name.text);
    if (spec?.flag) {
      bag.set(name.text, { value: true, explicit: true, span: name.span, valueSpan: name.span, nameSpan: name.span });
      return;
    }
    if (spec) {
      this.error('invalid-value', `'${name.text}' needs a value: ${name.text}: …`, name.span);
      return;
    }
    const block = container.blocks.find((b) => b.name === name.text);
    if (block) {
      this.error('invalid-value', `'${name.text}' is a block: ${name.text} { … }`, name.span);
      return;
    }
    this.unknownProperty(name, container);
  }

  /**
   * A technology the table does not know is allowed (the design still
   * works with the kind's defaults), but a hint says so: it may be a typo,
   * and none of a known technology's defaults apply. Kinds the table has no
   * technologies for (services, workers: `service orders: java`) take any
   * label without a hint.
   */
  private unknownTechnology(tech: Name, spec: KindSpec): void {
    const sameKind = TECHNOLOGIES.filter((t) => t.kinds.includes(spec.name)).map((t) => t.name);
    if (sameKind.length === 0) return;
    const hint = suggestion(tech.text, sameKind) || suggestion(tech.text, TECHNOLOGIES.map((t) => t.name));
    const known = ` Known for ${spec.noun}: ${sameKind.join(', ')}.`;
    this.report({
      rule: 'invalid-value',
      severity: 'info',
      message: `Unknown technology '${tech.text}': it is kept as a label, and ${spec.noun}'s own defaults apply.${hint}${known}`,
      span: tech.span,
    });
  }

  private unknownProperty(name: Name, container: Container): void {
    const candidates = [...container.properties.map((x) => x.name), ...container.blocks.map((b) => b.name)];
    const hint = suggestion(name.text, candidates);
    let elsewhere = '';
    if (!hint) {
      const kinds = kindsWithProperty(name.text);
      if (kinds.length) elsewhere = ` It is a property of ${kinds.slice(0, 3).map((k) => kindSpec(k)!.noun).join(', ')}${kinds.length > 3 ? ', …' : ''}.`;
    }
    this.error('unknown-property', `Unknown property '${name.text}' for ${container.what}.${hint}${elsewhere}`, name.span);
  }

  private block(item: Block, container: Container, owner: ComponentModel | undefined, blocks: Map<string, BlockModel> | undefined, place: string): void {
    const name = item.name.text;
    const spec = container.blocks.find((b) => b.name === name && !b.named);
    if (!spec) {
      if (isKindWord(name)) {
        this.error('missing-property', `This ${name} needs a name: ${name} NAME { … }`, item.name.span);
        return;
      }
      if (findProperty(container.properties, name)) {
        this.error('invalid-value', `'${name}' is a property: ${name}: value`, item.name.span);
        return;
      }
      const candidates = container.blocks.filter((b) => !b.named).map((b) => b.name);
      this.error('unknown-property', `Unknown block '${name}' in ${container.what}.${suggestion(name, candidates)}`, item.name.span);
      return;
    }
    const bag = new PropertyBag();
    const target = (name === 'workload' || name === 'slo') && place === 'system' ? name : blocks ? 'component' : undefined;
    if (target === 'component' && blocks!.has(name)) {
      this.error('duplicate-name', `'${name}' is given twice in ${container.what}.`, item.name.span, [{ message: 'First given here.', span: blocks!.get(name)!.span }]);
      return;
    }
    const previous = target === 'workload' ? this.workload : target === 'slo' ? this.slo : undefined;
    if (previous) {
      this.error('duplicate-name', `A system has one ${name} block.`, item.name.span, [{ message: 'First given here.', span: previous.span }]);
      return;
    }
    this.items(item.items, { what: `block '${name}'`, properties: spec.properties, blocks: [] }, bag, owner, 'block');
    this.requireProperties(bag, spec.properties, item.name, `The ${name} block`);
    applyDefaults(bag, spec.properties);
    const model: BlockModel = { name, props: bag, span: item.span, decl: item };
    if (target === 'workload') this.workload = model;
    else if (target === 'slo') this.slo = model;
    else if (target === 'component') blocks!.set(name, model);
  }

  private declaration(item: Declaration, owner: ComponentModel | undefined, place: 'system' | 'container' | 'database' | 'leaf' | 'block'): void {
    const keyword = item.keyword.text;
    if (!item.name) return;
    if (keyword === 'query' || keyword === 'scenario' || keyword === 'view') {
      if (place !== 'system') {
        this.error('invalid-nesting', `A ${keyword} belongs directly in the system, not inside another declaration.`, item.keyword.span);
        return;
      }
      if (keyword === 'query') this.query(item);
      else if (keyword === 'scenario') this.scenario(item);
      else this.view(item);
      return;
    }
    if (keyword === 'table') {
      if (place !== 'database' || !owner) {
        this.error('invalid-nesting', 'A table belongs inside a database.', item.keyword.span);
        return;
      }
      this.table(item, owner);
      return;
    }
    const spec = kindSpec(keyword);
    if (!spec) {
      this.error('unknown-kind', `Unknown component kind '${keyword}'.${suggestion(keyword, KIND_NAMES)} Kinds: ${KIND_NAMES.join(', ')}.`, item.keyword.span);
    } else if (place !== 'system' && place !== 'container') {
      this.error('invalid-nesting', `${capitalise(spec.noun)} cannot sit inside ${owner ? kindSpec(owner.keyword)?.noun ?? `'${owner.name}'` : 'a block'}; only regions and groups hold components. Is a '}' missing above?`, item.keyword.span);
    }
    this.component(item, spec, owner && owner.kind && kindSpec(owner.kind)?.container ? owner : undefined);
  }

  private declareName(map: Map<string, { nameSpan: Span }>, name: Name, what: string): boolean {
    const first = map.get(name.text);
    if (first) {
      this.error('duplicate-name', `${what} '${name.text}' is already declared in this system. Names must be unique.`, name.span, [{ message: 'First declared here.', span: first.nameSpan }]);
      return false;
    }
    return true;
  }

  private component(item: Declaration, spec: KindSpec | undefined, parent: ComponentModel | undefined): void {
    const name = item.name!;
    const component: ComponentModel = {
      name: name.text,
      kind: spec?.name as ComponentKind | undefined,
      keyword: item.keyword.text,
      tech: item.tech?.text,
      techSpan: item.tech?.span,
      title: item.title?.value,
      decl: item,
      span: item.span,
      nameSpan: name.span,
      parent,
      children: [],
      props: new PropertyBag(),
      blocks: new Map(),
      tables: [],
      outgoing: [],
      incoming: [],
    };
    const fresh = this.declareName(this.components, name, 'A component');
    if (fresh) this.components.set(name.text, component);
    parent?.children.push(component);
    if (!spec) return;

    if (item.tech) {
      const tech = technology(item.tech.text);
      if (tech && !tech.kinds.includes(spec.name)) {
        this.report({ rule: 'invalid-value', severity: 'warning', message: `'${tech.name}' is not ${spec.noun} (it is used as ${tech.kinds.map((k) => kindSpec(k)!.noun).join(' or ')}).`, span: item.tech.span });
      } else if (!tech) this.unknownTechnology(item.tech, spec);
    }
    const place = spec.container ? 'container' : spec.name === 'database' ? 'database' : 'leaf';
    this.items(item.body ?? [], { what: `${spec.noun} ('${name.text}')`, properties: spec.properties, blocks: unnamedBlocks(spec) }, component.props, component, place, component.blocks);
    this.requireProperties(component.props, spec.properties, name, capitalise(spec.noun) + ` '${name.text}'`);
    const implied = item.tech ? technology(item.tech.text)?.implies : undefined;
    for (const [key, value] of Object.entries(implied ?? {})) {
      if (spec.properties.some((x) => x.name === key)) component.props.setDefault(key, value);
    }
    if (spec.name === 'database') {
      component.props.setDefault('model', 'relational');
      component.props.setDefault('consistency', component.props.str('model') === 'relational' ? 'strong' : 'eventual');
    }
    applyDefaults(component.props, spec.properties);
  }

  /** Properties written with a value that is invalid or cut short, per bag. */
  private readonly invalidWritten = new WeakMap<PropertyBag, Set<string>>();

  private written(bag: PropertyBag): Set<string> {
    let set = this.invalidWritten.get(bag);
    if (!set) this.invalidWritten.set(bag, (set = new Set()));
    return set;
  }

  private requireProperties(bag: PropertyBag, specs: PropertySpec[], at: Name, what: string): void {
    const written = this.invalidWritten.get(bag);
    for (const spec of specs) {
      if (spec.required && !bag.has(spec.name) && !written?.has(spec.name)) {
        this.error('missing-property', `${what} needs '${spec.name}': ${lowerFirst(spec.doc)}`, at.span);
      }
    }
  }

  private table(item: Declaration, database: ComponentModel): void {
    const name = item.name!;
    const props = new PropertyBag();
    const spec = kindSpec('database')!.blocks.find((b) => b.name === 'table')!;
    this.items(item.body ?? [], { what: `table '${name.text}'`, properties: spec.properties, blocks: [] }, props, database, 'block');
    if (!item.body) this.error('missing-property', `Table '${name.text}' needs its columns: table ${name.text} { columns: [id, …] }`, name.span);
    else this.requireProperties(props, spec.properties, name, `Table '${name.text}'`);
    const columns = props.value<ColumnSpec[]>('columns') ?? [];
    const seen = new Map<string, ColumnSpec>();
    for (const c of columns) {
      const first = seen.get(c.name);
      if (first) this.error('duplicate-name', `Column '${c.name}' appears twice in table '${name.text}'.`, c.span, [{ message: 'First listed here.', span: first.span }]);
      else seen.set(c.name, c);
    }
    // `key` and `indexes` name columns of this very table; `shard_key` is left to the shard-key-missing rule.
    for (const prop of ['key'] as const) {
      const v = props.get(prop);
      if (v?.explicit && typeof v.value === 'string' && columns.length && !seen.has(v.value)) {
        this.error('unknown-reference', `Table '${name.text}' has no column '${v.value}'.${suggestion(v.value, seen.keys())}`, v.valueSpan!);
      }
    }
    for (const idx of props.value<ColumnSpec[]>('indexes') ?? []) {
      if (columns.length && !seen.has(idx.name)) this.error('unknown-reference', `Table '${name.text}' has no column '${idx.name}' to index.${suggestion(idx.name, seen.keys())}`, idx.span);
    }
    const table: TableModel = { name: name.text, database, columns, props, span: item.span, nameSpan: name.span, decl: item };
    database.tables.push(table);
    if (this.declareName(this.tables, name, 'A table')) this.tables.set(name.text, table);
  }

  private query(item: Declaration): void {
    const name = item.name!;
    const props = new PropertyBag();
    this.items(item.body ?? [], { what: `query '${name.text}'`, properties: QUERY.properties, blocks: [] }, props, undefined, 'block');
    this.requireProperties(props, QUERY.properties, name, `Query '${name.text}'`);
    applyDefaults(props, QUERY.properties);
    const existing = this.pendingQueries.find((q) => q.name === name.text);
    if (existing) this.error('duplicate-name', `A query named '${name.text}' already exists.`, name.span, [{ message: 'First declared here.', span: existing.nameSpan }]);
    this.pendingQueries.push({ name: name.text, props, joins: [], where: [], kind: (props.str('kind') as 'read' | 'write') ?? 'read', rate: props.num('rate'), span: item.span, nameSpan: name.span, decl: item });
  }

  private scenario(item: Declaration): void {
    const name = item.name!;
    const props = new PropertyBag();
    const events: EventItem[] = [];
    const body = (item.body ?? []).filter((i) => {
      if (i.type === 'event') {
        events.push(i);
        return false;
      }
      return true;
    });
    this.items(body, { what: `scenario '${name.text}'`, properties: SCENARIO.properties, blocks: [] }, props, undefined, 'block');
    applyDefaults(props, SCENARIO.properties);
    const existing = this.scenarios.find((s) => s.name === name.text);
    if (existing) this.error('duplicate-name', `A scenario named '${name.text}' already exists.`, name.span, [{ message: 'First declared here.', span: existing.nameSpan }]);
    const model: ScenarioModel = { name: name.text, props, events: [], span: item.span, nameSpan: name.span, decl: item };
    (model as ScenarioModel & { pending: EventItem[] }).pending = events;
    this.scenarios.push(model);
  }

  private view(item: Declaration): void {
    const name = item.name!;
    const props = new PropertyBag();
    this.items(item.body ?? [], { what: `view '${name.text}'`, properties: VIEW.properties, blocks: [] }, props, undefined, 'block');
    applyDefaults(props, VIEW.properties);
    const existing = this.views.find((v) => v.name === name.text);
    if (existing) this.error('duplicate-name', `A view named '${name.text}' already exists.`, name.span, [{ message: 'First declared here.', span: existing.nameSpan }]);
    this.views.push({ name: name.text, title: item.title?.value, props, span: item.span, nameSpan: name.span, decl: item });
  }

  // ---- references ------------------------------------------------------------

  /** Did-you-mean hints for unknown names, once per word and map. */
  private readonly hints = new Map<Map<string, unknown>, Map<string, string>>();
  /** Name comparisons spent on hints in this system; see SUGGESTION_BUDGET. */
  private hintWork = 0;

  private suggestName(word: string, names: Map<string, unknown>): string {
    let cache = this.hints.get(names);
    if (!cache) this.hints.set(names, (cache = new Map()));
    let hint = cache.get(word);
    if (hint !== undefined) return hint;
    if (this.hintWork > SUGGESTION_BUDGET) return '';
    this.hintWork += names.size;
    hint = suggestion(word, names.keys());
    cache.set(word, hint);
    return hint;
  }

  private lookupComponent(ref: RefValue | Name, what: string): ComponentModel | undefined {
    const text = 'parts' in ref ? ref.parts[0].text : ref.text;
    const span = 'parts' in ref ? ref.parts[0].span : ref.span;
    const found = this.components.get(text);
    if (!found) {
      this.error('unknown-reference', `Unknown component '${text}'${what}.${this.suggestName(text, this.components)}`, span);
    }
    return found;
  }

  private resolveComponentRefs(component: ComponentModel): void {
    const spec = component.kind ? kindSpec(component.kind) : undefined;
    if (!spec) return;
    for (const prop of spec.properties) {
      if (prop.value.type !== 'component') continue;
      const v = component.props.get(prop.name);
      if (!v?.explicit || typeof v.value !== 'string' || !v.valueSpan) continue;
      const target = this.components.get(v.value);
      if (!target) this.error('unknown-reference', `Unknown component '${v.value}' in '${prop.name}'.${this.suggestName(v.value, this.components)}`, v.valueSpan);
    }
  }

  private resolveConnections(): EdgeModel[] {
    const edges: EdgeModel[] = [];
    for (const connection of this.connections) {
      const attrs = this.connectionAttributes(connection.attrs);
      const resolved = connection.refs.map((ref) => this.resolveEndpoint(ref));
      for (let i = 0; i + 1 < connection.refs.length; i++) {
        const from = resolved[i];
        const to = resolved[i + 1];
        if (!from || !to) continue;
        const fromRef = connection.refs[i];
        const toRef = connection.refs[i + 1];
        const hopSpan = { start: fromRef.span.start, end: toRef.span.end };
        if (!this.validHop(from, to, fromRef.span, toRef.span, hopSpan)) continue;
        const fromSpec = from.kind ? kindSpec(from.kind) : undefined;
        const toSpec = to.kind ? kindSpec(to.kind) : undefined;
        const consumer = !!fromSpec?.messaging;
        const publishes = !!toSpec?.messaging;
        const isLast = i + 2 === connection.refs.length;
        const group = attrs.str('group') ?? (consumer && from.kind === 'stream' ? to.name : undefined);
        if (attrs.has('group') && from.kind !== 'stream' && isLast) {
          this.error('invalid-value', `'group:' names a consumer group on a stream; '${from.name}' is ${fromSpec?.noun ?? 'not a stream'}.`, attrs.get('group')!.span!);
        }
        const edge: EdgeModel = {
          from,
          to,
          span: connection.span,
          hopSpan,
          fromSpan: fromRef.span,
          toSpan: toRef.span,
          connection,
          attrs,
          async: (attrs.bool('async') ?? false) || publishes,
          consumer,
          on: (attrs.str('on') as EdgeModel['on'] | undefined) ?? (publishes ? 'write' : 'all'),
          weight: attrs.num('weight') ?? 1,
          group,
          label: connection.label?.value,
          index: edges.length,
        };
        edges.push(edge);
        from.outgoing.push(edge);
        to.incoming.push(edge);
      }
    }
    return edges;
  }

  private resolveEndpoint(ref: RefValue): ComponentModel | undefined {
    const component = this.lookupComponent(ref, '');
    if (component && ref.parts.length > 1) {
      this.error('invalid-connection', `Connections join components; write '${component.name}' rather than '${refText(ref)}'.`, ref.span);
      return undefined;
    }
    return component;
  }

  private validHop(from: ComponentModel, to: ComponentModel, fromSpan: Span, toSpan: Span, hopSpan: Span): boolean {
    const fromSpec = from.kind ? kindSpec(from.kind) : undefined;
    const toSpec = to.kind ? kindSpec(to.kind) : undefined;
    if (!fromSpec || !toSpec) return true; // unknown kinds are reported already
    const fail = (message: string, span: Span) => {
      this.error('invalid-connection', message, span);
      return false;
    };
    if (from === to) return fail(`'${from.name}' is connected to itself.`, hopSpan);
    if (fromSpec.container) return fail(`${capitalise(fromSpec.noun)} is a box in the diagram, not something that sends requests; connect the components inside '${from.name}'.`, fromSpan);
    if (toSpec.container) return fail(`${capitalise(toSpec.noun)} is a box in the diagram, not something that can be called; connect to a component inside '${to.name}'.`, toSpan);
    if (to.kind === 'client') return fail(`'${to.name}' is a client: clients send requests and are not called by other components. Did you mean ${to.name} -> ${from.name}?`, toSpan);
    if (fromSpec.messaging) {
      if (toSpec.messaging) return fail(`${capitalise(fromSpec.noun)} cannot feed ${toSpec.noun} directly: put a worker between them that consumes '${from.name}' and publishes to '${to.name}'.`, hopSpan);
      if (fromSpec.calls && !fromSpec.calls.includes(toSpec.name)) return fail(`${capitalise(toSpec.noun)} cannot consume from ${fromSpec.noun}: consumers are services, workers and jobs.`, toSpan);
      return true;
    }
    if ((from.kind === 'database' || from.kind === 'blob') && !toSpec.messaging) {
      return fail(`${capitalise(fromSpec.noun)} does not call other components; it only answers. Connect the service that uses '${from.name}' to '${to.name}' instead (or publish its changes to a stream).`, hopSpan);
    }
    return true;
  }

  private connectionAttributes(attrs: Attr[]): PropertyBag {
    const bag = new PropertyBag();
    const container: Container = { what: 'a connection', properties: CONNECTION_ATTRIBUTES, blocks: [] };
    for (const attr of attrs) {
      if (attr.name) {
        if (attr.value) this.property({ type: 'property', name: attr.name, value: attr.value, span: attr.span }, container, bag);
        continue;
      }
      const flag = bareName(attr.value);
      if (flag) this.flag({ text: flag, span: attr.span }, container, bag);
      else if (attr.value) this.error('invalid-value', 'Expected a connection attribute: async, weight: 2, path: "/x", on: read, rate: 10/s, protocol: grpc or group: name.', attr.value.span);
    }
    applyDefaults(bag, CONNECTION_DEFAULTS);
    return bag;
  }

  private resolveQuery(query: QueryModel): QueryModel {
    const fromName = query.props.str('from');
    if (fromName) {
      query.from = this.tables.get(fromName);
      if (!query.from) this.error('unknown-reference', `Unknown table '${fromName}' in query '${query.name}'.${this.suggestName(fromName, this.tables)}`, query.props.get('from')!.valueSpan!);
    }
    for (const join of query.props.all('join')) {
      const eq = join.value as { left: RefValue; right: RefValue };
      const left = this.resolveColumn(eq.left, query);
      const right = this.resolveColumn(eq.right, query);
      if (left && right) query.joins.push({ left, right, span: join.valueSpan! });
    }
    const where = query.props.value<RefValue[]>('where') ?? [];
    for (const ref of where) {
      const col = this.resolveColumn(ref, query);
      if (col) query.where.push(col);
    }
    return query;
  }

  /** `table.column`, or a bare column of the query's `from` table. */
  private resolveColumn(ref: RefValue, query: QueryModel): ColumnRefModel | undefined {
    let table: TableModel | undefined;
    let column: Name;
    if (ref.parts.length === 2) {
      table = this.tables.get(ref.parts[0].text);
      if (!table) {
        this.error('unknown-reference', `Unknown table '${ref.parts[0].text}'.${this.suggestName(ref.parts[0].text, this.tables)}`, ref.parts[0].span);
        return undefined;
      }
      column = ref.parts[1];
    } else {
      table = query.from;
      column = ref.parts[0];
      if (!table) return undefined;
    }
    if (table.columns.length && !table.columns.some((c) => c.name === column.text)) {
      this.error('unknown-reference', `Table '${table.name}' has no column '${column.text}'.${suggestion(column.text, table.columns.map((c) => c.name))}`, column.span);
      return undefined;
    }
    return { table, column: column.text, span: ref.span };
  }

  private resolveScenario(scenario: ScenarioModel): void {
    const pending = (scenario as ScenarioModel & { pending?: EventItem[] }).pending ?? [];
    delete (scenario as ScenarioModel & { pending?: EventItem[] }).pending;
    for (const event of pending) {
      if (!event.at || !event.action || !event.target) continue;
      const at = checkValue({ type: 'quantity', family: 'time', min: 0 }, event.at, 'at');
      if (!at.ok) {
        if (at.message) this.error('invalid-value', at.message, at.span);
        continue;
      }
      const action = event.action.text;
      if (!(EVENT_ACTIONS as readonly string[]).includes(action)) {
        this.error('invalid-value', `Unknown action '${action}': use stop, start, partition or heal.${suggestion(action, EVENT_ACTIONS)}`, event.action.span);
        continue;
      }
      const target = this.eventTarget(event, action);
      if (!target) continue;
      const duration = scenario.props.num('duration') ?? SCENARIO_DEFAULTS.duration;
      if ((at.value as number) > duration) {
        this.report({ rule: 'invalid-value', severity: 'warning', message: `This event at ${event.at.type === 'quantity' ? event.at.raw : ''} is after the scenario ends (duration ${duration}s); it never happens.`, span: event.at.span });
      }
      scenario.events.push({ at: at.value as number, action: action as ScenarioEvent['action'], target, span: event.span, node: event });
    }
  }

  private eventTarget(event: EventItem, action: string): EventTarget | undefined {
    const ref = event.target!;
    const component = this.lookupComponent(ref, ` in this ${action} event`);
    if (!component) return undefined;
    const text = refText(ref) + (event.index ? `[${event.index.raw}]` : '');
    const isRegion = component.kind === 'region';
    if ((action === 'partition' || action === 'heal') && !isRegion) {
      this.error('invalid-value', `Only a region can be ${action === 'partition' ? 'partitioned' : 'healed'}; '${component.name}' is ${component.kind ? kindSpec(component.kind)!.noun : 'not a region'}.`, ref.span);
      return undefined;
    }
    const target: EventTarget = { component, text };
    if (ref.parts.length === 1) {
      if (event.index) {
        const n = event.index.value;
        const max = component.props.num('instances') ?? 1;
        const maxScaled = component.blocks.get('autoscale')?.props.num('max') ?? max;
        if (!Number.isInteger(n) || n < 1 || n > Math.max(max, maxScaled)) {
          this.error('invalid-value', `'${component.name}' has instances 1 to ${Math.max(max, maxScaled)}; there is no instance ${event.index.raw}.`, event.index.span);
          return undefined;
        }
        target.instance = n;
      }
      return target;
    }
    const part = ref.parts[1];
    if (component.kind !== 'database' || ref.parts.length > 2 || (part.text !== 'primary' && part.text !== 'replica')) {
      this.error('unknown-reference', `'${refText(ref)}': write a component, an instance (${component.name}[2])${component.kind === 'database' ? `, ${component.name}.primary or ${component.name}.replica[1]` : ''}.`, ref.span);
      return undefined;
    }
    if (part.text === 'primary') {
      target.replica = 'primary';
      return target;
    }
    const replicas = component.blocks.get('replication')?.props.num('replicas') ?? 0;
    const n = event.index?.value ?? 1;
    if (!Number.isInteger(n) || n < 1 || n > replicas) {
      this.error('invalid-value', replicas === 0 ? `'${component.name}' has no replicas.` : `'${component.name}' has replicas 1 to ${replicas}.`, event.index?.span ?? part.span);
      return undefined;
    }
    target.replica = n;
    return target;
  }
}

function applyDefaults(bag: PropertyBag, specs: PropertySpec[]): void {
  let defaults = DEFAULTS.get(specs);
  if (!defaults) {
    defaults = new Map();
    for (const spec of specs) if (spec.default !== undefined) defaults.set(spec.name, Object.freeze({ value: spec.default, explicit: false }));
    DEFAULTS.set(specs, defaults);
  }
  bag.useDefaults(defaults);
}
/** The schema's defaults per property list, made once. */
const DEFAULTS = new WeakMap<PropertySpec[], Map<string, ResolvedValue>>();

/** Values cut short by a syntax error are not second-guessed. */
function isIncomplete(value: Value): boolean {
  if ((value.type === 'call' || value.type === 'list' || value.type === 'map') && !value.closed) return true;
  if (value.type === 'string' && !value.terminated) return true;
  if (value.type === 'rate' && value.per === '') return true;
  return (value.type === 'range' && !value.to) || (value.type === 'equation' && !value.right);
}

function isKindWord(word: string): boolean {
  return kindSpec(word) !== undefined;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}


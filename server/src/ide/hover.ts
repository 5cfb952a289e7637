// Hover: what the word under the cursor is and why it matters, in the
// schema's own words; for a component, everything about it as resolved
// (defaults marked), its blocks, tables, connections and estimated load; for
// the workload, the back-of-the-envelope figures with their arithmetic.
// Markdown text and source spans only: lsp/hover-request.ts turns them into LSP.
import { selectView } from '../model/semantic/views';
import type { Analysis } from '../analyze';
import { EVENT_ACTIONS_DOC, kindSpec, QUERY, SCENARIO, SYSTEM, technology, unnamedBlocks, VIEW } from '../schema/schema';
import type { BlockSpec, KindSpec, PropertySpec } from '../schema/types';
import { interpretQuantity, interpretRate, MAGNITUDES, RATE_PER, suffixFamily, unitInfo, UnitFamily } from '../schema/units';
import type { ComponentModel, PropertyBag, SystemModel, TableModel } from '../model/types';
import { componentHoverMarkdown, workloadHoverMarkdown } from '../estimate/report';
import { estimateOrNull } from '../estimate/per-version';
import { columnRoles, tableShardKey } from '../model/semantic/tables';
import type { Span } from '../syntax/ast';
import { documentIndex, Mark, Occurrence } from './document-index';
import { code, defaultText, isKeyedAlgorithm, describeValueSpec, escapeMarkdown, formatNumber, resolvedText } from './describe';
import { describeScope, Scope, tableSpec } from './scopes';
import { lookupTable, ownValue } from '../records';
import { pushAll } from '../arrays';

/** What a hover shows: markdown about the word at `span`. */
export interface HoverInfo {
  markdown: string;
  span: Span;
}

/** The hover at `offset` (UTF-16, like the core's spans), or null when there is nothing to say. */
export function hoverAt(analysis: Analysis, offset: number): HoverInfo | null {
  const mark = documentIndex(analysis).markAt(offset);
  if (!mark) return null;
  const markdown = hoverText(analysis, mark);
  if (!markdown) return null;
  return { markdown, span: mark.span };
}

function hoverText(analysis: Analysis, mark: Mark): string | undefined {
  switch (mark.role) {
    case 'system-keyword':
    case 'system-name':
      return systemHover(analysis, analysis.systems[mark.scope.index]);
    case 'kind':
      return kindHover(mark.kind);
    case 'keyword':
      return keywordHover(mark.word);
    case 'name':
      return nameHover(analysis, mark.occurrences);
    case 'tech':
      return techHover(mark.name, mark.kind);
    case 'property':
      return mark.spec ? propertyHover(mark.spec, mark.scope) : undefined;
    case 'block': {
      if (!mark.spec) return undefined;
      const system = mark.scope.type === 'system' && mark.spec.name === 'workload' ? analysis.systems[mark.scope.index] : undefined;
      return blockHover(mark.spec) + (system ? workloadText(system) : '');
    }
    case 'enum':
      return enumHover(mark.value, mark.spec);
    case 'number':
      return numberHover(mark.raw, mark.spec);
    case 'call':
      return callHover(mark.name, mark.spec);
    case 'action':
      {
      const doc = ownValue(EVENT_ACTIONS_DOC, mark.name);
      return doc ? `**${mark.name}** *(scenario action)*\n\n${doc}` : undefined;
    }
    case 'replica':
      return mark.name === 'primary'
        ? '**primary**: the database copy that takes writes.'
        : mark.name === 'replica' ? '**replica**: a read copy of the database; pick one with `[n]` (1-based).' : undefined;
  }
}

// ---- schema entries ----------------------------------------------------------

function kindHover(kind: KindSpec): string {
  const lines = [`**${kind.name}** *(component kind: ${kind.noun})*`, '', kind.doc];
  if (kind.properties.length) {
    lines.push('', '| property | value | default |', '| --- | --- | --- |');
    for (const p of kind.properties) lines.push(`| ${p.name}${p.required ? ' *(required)*' : ''} | ${cell(describeValueSpec(p.value))} | ${cell(defaultText(p) ?? '')} |`);
  }
  const blocks = unnamedBlocks(kind);
  if (blocks.length) lines.push('', `Blocks: ${blocks.map((b) => code(`${b.name} { … }`)).join(', ')}`);
  if (kind.name === 'database') lines.push('', `Tables: ${code('table NAME { columns: [...] key: id }')}`);
  return lines.join('\n');
}

function keywordHover(word: 'query' | 'scenario' | 'table' | 'view' | 'at'): string {
  switch (word) {
    case 'query':
      return `**query** NAME { … }\n\n${QUERY.doc}\n\n${propertyList(QUERY.properties)}`;
    case 'scenario':
      return `**scenario** NAME { … }\n\n${SCENARIO.doc}\n\n${propertyList(SCENARIO.properties)}`;
    case 'view':
      return `**view** NAME ["title"] { … }\n\n${VIEW.doc}\n\n${propertyList(VIEW.properties)}`;
    case 'table':
      return `**table** NAME { … }\n\n${tableSpec().doc}\n\n${propertyList(tableSpec().properties)}`;
    case 'at':
      return `**at** TIME: ACTION TARGET\n\nA fault or recovery at a point in the simulated run, e.g. ${code('at 2m: stop db.primary')}.\n\n${Object.entries(EVENT_ACTIONS_DOC).map(([a, d]) => `- ${code(a)}: ${d}`).join('\n')}`;
  }
}

function propertyList(props: PropertySpec[]): string {
  return props.map((p) => `- ${code(p.name)}: ${describeValueSpec(p.value)}${defaultText(p) ? ` (default ${defaultText(p)})` : ''}${p.required ? ' — required' : ''}`).join('\n');
}

function propertyHover(spec: PropertySpec, scope: Scope): string {
  const where = scope.type === 'connection' ? 'connection attribute' : `property of ${describeScope(scope)}`;
  const lines = [`**${spec.name}** *(${where})*`, '', spec.doc, '', `- Value: ${describeValueSpec(spec.value)}`];
  const def = defaultText(spec);
  if (def) lines.push(`- Default: ${def}`);
  if (spec.required) lines.push('- Required');
  if (spec.repeatable) lines.push('- May be repeated');
  if (spec.flag) lines.push(`- May be written as a bare flag: ${code(spec.name)}`);
  if (spec.value.type === 'enum' || spec.value.type === 'algorithm') {
    const algorithm = spec.value.type === 'algorithm';
    lines.push('', ...spec.value.values.map((v) => `- ${code(algorithm && isKeyedAlgorithm(v) ? `${v.name}(key)` : v.name)}: ${v.doc}`));
  }
  return lines.join('\n');
}

function blockHover(spec: BlockSpec): string {
  return `**${spec.name}** { … } *(block)*\n\n${spec.doc}\n\n${propertyList(spec.properties)}`;
}

function enumHover(value: string, spec: PropertySpec): string | undefined {
  const values = spec.value.type === 'enum' || spec.value.type === 'algorithm' ? spec.value.values
    : spec.value.type === 'oneOf' ? spec.value.options.flatMap((o) => (o.type === 'enum' ? o.values : [])) : [];
  const entry = values.find((v) => v.name === value);
  if (entry) {
    const def = defaultText(spec) === value ? ' *(the default)*' : '';
    return `**${value}** *(${spec.name})*${def}\n\n${entry.doc}`;
  }
  if (spec.value.type === 'boolean' && (value === 'true' || value === 'false')) return `**${spec.name}: ${value}**\n\n${spec.doc}`;
  return undefined;
}

function techHover(name: string, kind: KindSpec | undefined): string | undefined {
  const tech = technology(name);
  if (!tech) return `**${escapeMarkdown(name)}** *(technology)*\n\nNot a technology sysdesign knows; it is shown as a label and implies no defaults.`;
  const lines = [`**${tech.name}** *(technology: ${tech.kinds.join(', ')})*`, '', tech.doc];
  if (tech.implies) lines.push('', `Implies ${Object.entries(tech.implies).map(([k, v]) => code(`${k}: ${String(v)}`)).join(', ')} unless the design says otherwise.`);
  if (kind && !tech.kinds.includes(kind.name)) lines.push('', `⚠ ${tech.name} is not usually ${kind.noun}.`);
  return lines.join('\n');
}

function callHover(name: string, spec: PropertySpec | undefined): string | undefined {
  const docs = lookupTable({
    exp: '**exp(mean)**: exponentially distributed times with this mean (the same as a bare time). Many short requests, a few long ones: the M in M/M/c.',
    const: '**const(t)**: every request takes exactly this long.',
    normal: '**normal(mean, sd)**: normally distributed times; negative draws are cut at zero.',
    lognormal: '**lognormal(mean, sd)**: log-normally distributed times with this mean and standard deviation: a long right tail, like real latencies.',
    hash: '**hash(key)**: the same key always reaches the same instance (sticky sessions, stateful services). Adding an instance remaps most keys.',
  });
  const keyed = spec?.value.type === 'algorithm' ? spec.value.values.find((v) => v.name === name && isKeyedAlgorithm(v)) : undefined;
  const doc = keyed ? `**${name}(key)**: ${keyed.doc.replace(/^[a-z_]+\(key\):\s*/, '')}` : docs[name];
  if (!doc) return undefined;
  return spec ? `${doc}\n\n*Value of ${code(spec.name)}.*` : doc;
}

function numberHover(raw: string, spec: PropertySpec | undefined): string | undefined {
  const m = /^(\d+(?:\.\d+)?)([A-Za-z%]*)(?:\/([A-Za-z]*))?$/.exec(raw);
  if (!m) return undefined;
  const number = Number(m[1]);
  const suffix = m[2];
  const per = m[3];
  const lines: string[] = [];
  if (per !== undefined) {
    const r = interpretRate(number, suffix, per, 'count');
    if (!r.ok) return r.message;
    lines.push(`**${raw}** = ${formatNumber(r.value, 'count')} per second`);
    const perWord = lookupTable({ s: 'second', min: 'minute', h: 'hour', day: 'day' });
    if (per in RATE_PER) lines.push('', `${suffix ? `${suffix in MAGNITUDES ? magnitudeWord(suffix) : unitInfo(suffix)?.doc ?? suffix} ` : ''}per ${perWord[per]}.`);
  } else {
    const family = familyFor(spec) ?? suffixFamily(suffix);
    if (!family) return undefined;
    const q = interpretQuantity(number, suffix, family);
    if (!q.ok) return q.message;
    const base: Record<UnitFamily, string> = { time: 's', size: 'B', percent: '', multiplier: 'x', count: '' };
    const exact = family === 'percent' ? `${+(q.value).toPrecision(6)} (a fraction)` : `${+q.value.toPrecision(9)}${base[family] ? ` ${base[family]}` : ''}`;
    lines.push(`**${raw}** = ${exact}`);
    const info = suffix ? (family === 'count' ? magnitudeWord(suffix) : unitInfo(suffix)?.doc) : undefined;
    if (info) lines.push('', `${code(suffix)}: ${info}.`);
  }
  if (spec) lines.push('', `*Value of ${code(spec.name)}: ${describeValueSpec(spec.value)}.*`);
  return lines.join('\n');
}

function magnitudeWord(m: string): string {
  return { k: 'thousand (10^3)', M: 'million (10^6)', B: 'billion (10^9)' }[m] ?? m;
}

function familyFor(spec: PropertySpec | undefined): UnitFamily | undefined {
  const v = spec?.value;
  if (!v) return undefined;
  if (v.type === 'quantity') return v.family;
  if (v.type === 'distribution') return 'time';
  if (v.type === 'countOrRange') return 'count';
  return undefined;
}

// ---- things the design declares ------------------------------------------------

function nameHover(analysis: Analysis, occurrences: Occurrence[]): string | undefined {
  const o = occurrences[0];
  const system = analysis.systems[o.systemIndex];
  if (!system) return undefined;
  switch (o.kind) {
    case 'component': {
      const c = system.components.get(o.name);
      return c ? componentHover(analysis, system, c) : `**${escapeMarkdown(o.name)}**: no component of this name is declared in this system.`;
    }
    case 'table': {
      const t = system.tables.get(o.name);
      return t ? tableHover(analysis, t) : `**${escapeMarkdown(o.name)}**: no table of this name is declared in this system.`;
    }
    case 'column':
      return occurrences.map((x) => columnHover(system, x)).join('\n\n---\n\n');
    case 'query':
      return queryHover(analysis, system, o.name);
    case 'scenario':
      return scenarioHover(analysis, system, o.name);
    case 'view':
      return viewHover(system, o.name);
  }
}

function componentHover(analysis: Analysis, system: SystemModel, c: ComponentModel): string {
  const spec = c.kind ? kindSpec(c.kind) : undefined;
  const head = [`**${escapeMarkdown(c.keyword)}** ${code(c.name)}`];
  if (c.tech) head.push(`: ${code(c.tech)}`);
  if (c.title) head.push(` — *${escapeMarkdown(c.title)}*`);
  const lines = [head.join('')];
  if (c.parent) lines.push('', `In ${c.parent.keyword} ${code(c.parent.name)}.`);
  if (!spec) {
    lines.push('', `${code(c.keyword)} is not a component kind.`);
    return lines.join('\n');
  }
  lines.push('', spec.doc);
  const tech = c.tech ? technology(c.tech) : undefined;
  if (tech) lines.push('', `*${tech.name}*: ${tech.doc}`);
  lines.push('', ...propertyTable(analysis.text, c.props, spec.properties, tech?.implies));
  for (const block of spec.blocks) {
    const model = c.blocks.get(block.name);
    if (!model || block.named) continue;
    lines.push('', `**${block.name}**`, '', ...propertyTable(analysis.text, model.props, block.properties));
  }
  if (c.tables.length) {
    lines.push('', `**Tables:** ${c.tables.map((t) => `${code(t.name)} (${t.columns.map((col) => escapeMarkdown(col.name)).join(', ')})`).join(', ')}`);
  }
  if (c.children.length) lines.push('', `**Contains:** ${c.children.map((x) => code(x.name)).join(', ')}`);
  const load = estimateLine(system, c);
  if (load) lines.push('', load);
  const outgoing = unique(c.outgoing.map((e) => e.to.name));
  const incoming = unique(c.incoming.map((e) => e.from.name));
  const consumerWord = spec.messaging ? 'Consumed by' : 'Calls';
  if (outgoing.length) lines.push('', `**${consumerWord}:** ${outgoing.map(code).join(', ')}`);
  if (incoming.length) lines.push('', `**${spec.messaging ? 'Published to by' : 'Called by'}:** ${incoming.map(code).join(', ')}`);
  return lines.join('\n');
}

/** The component's estimated load with the arithmetic, from the shared estimate report. */
function estimateLine(system: SystemModel, c: ComponentModel): string | undefined {
  const estimate = estimateOrNull(system);
  const e = estimate?.byName.get(c.name);
  if (!estimate || !e || (e.rateRps === 0 && !e.hasCapacity)) return undefined;
  return componentHoverMarkdown(e, estimate.peakFactor, estimate.cost.byName.get(e.name));
}

/** Every property the model resolved, in schema order; defaults marked. */
function propertyTable(text: string, bag: PropertyBag, specs: PropertySpec[], implies?: Record<string, unknown>): string[] {
  const rows: string[] = [];
  for (const spec of specs) {
    const resolved = resolvedText(text, bag.get(spec.name), spec);
    if (!resolved) continue;
    const fromTech = resolved.isDefault && implies && spec.name in implies && bag.get(spec.name)?.value === implies[spec.name];
    const note = resolved.isDefault ? (fromTech ? ' *(from technology)*' : ' *(default)*') : '';
    rows.push(`| ${spec.name} | ${cell(code(resolved.text))}${note} |`);
  }
  if (!rows.length) return ['*No properties.*'];
  return ['| property | value |', '| --- | --- |', ...rows];
}

function tableHover(analysis: Analysis, t: TableModel): string {
  const lines = [`**table** ${code(t.name)} in ${t.database.keyword} ${code(t.database.name)}`, ''];
  lines.push(`**Columns:** ${t.columns.map((c) => code(c.type ? `${c.name}: ${c.type}` : c.name)).join(', ') || '*none*'}`);
  lines.push('', ...propertyTable(analysis.text, t.props, tableSpec().properties.filter((p) => p.name !== 'columns')));
  const shard = tableShardKey(t)?.key;
  if (shard) lines.push('', `Sharded on ${code(shard)}.`);
  return lines.join('\n');
}

function columnHover(system: SystemModel, o: Occurrence): string {
  const table = o.table ? system.tables.get(o.table) : undefined;
  if (!table) return `**column** ${code(o.name)}${o.table ? ` of ${code(o.table)}` : ''}`;
  const col = table.columns.find((c) => c.name === o.name);
  if (!col) return `**${escapeMarkdown(o.name)}**: table ${code(table.name)} has no such column.`;
  const facts: string[] = [];
  if (col.type) facts.push(`type ${code(col.type)}`);
  const roles = columnRoles(table, col.name);
  if (roles.primaryKey) facts.push('primary key');
  if (tableShardKey(table)?.key === col.name) facts.push('shard key');
  if (roles.indexed) facts.push('indexed');
  return `**column** ${code(`${table.name}.${col.name}`)} in ${table.database.keyword} ${code(table.database.name)}${facts.length ? `\n\n${facts.join(' · ')}` : ''}`;
}

function queryHover(analysis: Analysis, system: SystemModel, name: string): string {
  const q = system.queries.find((x) => x.name === name);
  const lines = [`**query** ${code(name)}`, '', QUERY.doc];
  if (!q) return lines.join('\n');
  lines.push('', ...propertyTable(analysis.text, q.props, QUERY.properties));
  if (q.from) lines.push('', `Reads ${code(q.from.name)} in ${code(q.from.database.name)}.`);
  return lines.join('\n');
}

function scenarioHover(analysis: Analysis, system: SystemModel, name: string): string {
  const s = system.scenarios.find((x) => x.name === name);
  const lines = [`**scenario** ${code(name)}`, '', SCENARIO.doc];
  if (!s) return lines.join('\n');
  lines.push('', ...propertyTable(analysis.text, s.props, SCENARIO.properties));
  if (s.events.length) {
    pushAll(lines, ['', '**Events:**', ...s.events.map((e) => `- at ${formatNumber(e.at, 'time')}: ${e.action} ${code(e.target.text)}`)]);
  }
  return lines.join('\n');
}

/** A view: its form as written, then what it shows (model/semantic/views.ts). */
function viewHover(system: SystemModel, name: string): string {
  const v = system.views.find((x) => x.name === name);
  const lines = [`**view** ${code(name)}${v?.title ? ` — *${escapeMarkdown(v.title)}*` : ''}`];
  const selection = v ? selectView(system, v) : undefined;
  if (!selection) return [...lines, '', 'This view has errors and shows nothing yet.'].join('\n');
  const names = (list: { name: string }[]) => list.map((c) => code(c.name)).join(', ');
  lines.push('', `Shows ${selection.components.length === 1 ? '1 component' : `${selection.components.length} components`}: ${names(selection.components)}.`);
  if (selection.containers.length) lines.push('', `Inside: ${names(selection.containers)}.`);
  lines.push('', `${selection.edges.length === 1 ? '1 connection' : `${selection.edges.length} connections`} drawn.`);
  return lines.join('\n');
}

function systemHover(analysis: Analysis, system: SystemModel | undefined): string {
  if (!system) return `**system**\n\n${SYSTEM.doc}`;
  const lines = [`**system** ${code(system.name)}${system.title && system.title !== system.name ? ` — *${escapeMarkdown(system.title)}*` : ''}`, '', SYSTEM.doc, ''];
  const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  lines.push(`${count(system.components.size, 'component')}, ${count(system.edges.length, 'connection')}, ${count(system.tables.size, 'table')}, ${count(system.queries.length, 'query').replace('querys', 'queries')}, ${count(system.scenarios.length, 'scenario')}.`);
  lines.push('', ...propertyTable(analysis.text, system.props, SYSTEM.properties));
  if (system.workload) {
    const workload = SYSTEM.blocks.find((b) => b.name === 'workload')!;
    lines.push('', '**workload**', '', ...propertyTable(analysis.text, system.workload.props, workload.properties));
    const figures = workloadText(system);
    if (figures) lines.push(figures.trimStart());
  }
  return lines.join('\n');
}

/** The back-of-the-envelope figures of the `workload` block, with the arithmetic (estimate/workload.ts). */
function workloadText(system: SystemModel): string {
  const figures = estimateOrNull(system)?.workload;
  return figures ? `\n\n${workloadHoverMarkdown(figures)}` : '';
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|');
}

function unique(names: string[]): string[] {
  return [...new Set(names)];
}


// Generates docs/rules/<id>.md (one page per diagnostic id) and
// docs/language-reference.md from the rule registry and the schema table,
// and schemas/sysdesign.schema.json (sysdesign.json's JSON schema).
// `npm run docs` writes them; a test checks the committed pages are current.
import * as fs from 'fs';
import * as path from 'path';
import { PROJECT_SCHEMA_FILE, projectJsonSchemaText } from '../config/json-schema';
import { RULES } from '../rules/registry';
import { LANGUAGE_DIAGNOSTIC_DOCS } from '../rules/language-diagnostics';
import type { Rule, RuleDocs } from '../rules/types';
import { CONNECTION_ATTRIBUTES, EVENT_ACTIONS_DOC, KINDS, QUERY, SCENARIO, SYSTEM, TECHNOLOGIES, VIEW } from '../schema/schema';
import type { BlockSpec, PropertySpec, ValueSpec } from '../schema/types';
import { MONEY_PER, RATE_PER, UNITS } from '../schema/units';

const SEVERITY_WORD = { error: 'Error', warning: 'Warning', info: 'Information' } as const;

function examples(docs: RuleDocs): string {
  if (!docs.fires) return '';
  return `## Example\n\nThis design gets the finding:\n\n\`\`\`sysdesign\n${docs.fires}\n\`\`\`\n\nFixed:\n\n\`\`\`sysdesign\n${docs.fixed}\n\`\`\`\n`;
}

export function renderRulePage(rule: Rule): string {
  return [
    `# ${rule.id}`,
    '',
    `**${SEVERITY_WORD[rule.severity]}** by default · ${rule.category}${rule.quickFix ? ` · quick fix: ${rule.quickFix}` : ''}`,
    '',
    `> ${rule.summary}`,
    '',
    '## What it checks',
    '',
    rule.docs.checks,
    '',
    '## Why it matters',
    '',
    rule.docs.why,
    '',
    examples(rule.docs),
    '## Configuring',
    '',
    `Change its severity or turn it off in the \`sysdesign.rules\` setting or in \`sysdesign.json\` at the workspace root: \`{ "rules": { "${rule.id}": "off" } }\`. Silence one finding with \`// sysdesign-disable-next-line ${rule.id}\` on the line above it, or the whole file with \`// sysdesign-disable ${rule.id}\`.`,
    '',
  ].join('\n');
}

export function renderLanguagePage(doc: (typeof LANGUAGE_DIAGNOSTIC_DOCS)[number]): string {
  return [
    `# ${doc.id}`,
    '',
    '**Error** · language diagnostic (always on)',
    '',
    `> ${doc.summary}`,
    '',
    '## What it checks',
    '',
    doc.docs.checks,
    '',
    '## Why it matters',
    '',
    doc.docs.why,
    '',
    examples(doc.docs),
  ].join('\n');
}

export function renderRuleIndex(): string {
  const lines = ['# Sysdesign diagnostics', '', 'Every finding has an id; each links here. Design rules can be configured; language diagnostics cannot.', ''];
  const categories = [...new Set(RULES.map((r) => r.category))];
  for (const category of categories) {
    lines.push(`## ${category}`, '', '| id | default | quick fix | what |', '| --- | --- | --- | --- |');
    for (const r of RULES.filter((x) => x.category === category)) lines.push(`| [${r.id}](${r.id}.md) | ${r.severity} | ${r.quickFix ?? ''} | ${r.summary} |`);
    lines.push('');
  }
  lines.push('## Language diagnostics', '', '| id | what |', '| --- | --- |');
  for (const d of LANGUAGE_DIAGNOSTIC_DOCS) lines.push(`| [${d.id}](${d.id}.md) | ${d.summary} |`);
  lines.push('');
  return lines.join('\n');
}

function describeValue(v: ValueSpec): string {
  switch (v.type) {
    case 'enum':
      return v.values.map((x) => `\`${x.name}\``).join(' \\| ');
    case 'algorithm':
      return v.values.map((x) => (x.name === 'hash' || x.name === 'consistent_hash' ? `\`${x.name}(key)\`` : `\`${x.name}\``)).join(' \\| ');
    case 'quantity':
      return { time: 'time', size: 'size', percent: 'percentage', multiplier: 'multiplier', count: 'number' }[v.family];
    case 'rate':
      return v.of === 'size' ? 'size rate' : 'rate';
    case 'money':
      return 'US dollars per period';
    case 'boolean':
      return '`true` \\| `false`';
    case 'string':
      return 'string';
    case 'component':
      if (v.list) return 'list of components';
      return v.kinds ? `component (${v.kinds.join(', ')})` : 'component';
    case 'table':
      return 'table';
    case 'column':
      return 'column';
    case 'columns':
      return 'list of columns';
    case 'columnRefs':
      return 'column or list of columns';
    case 'identifier':
      return 'name';
    case 'distribution':
      return 'time or distribution';
    case 'equation':
      return '`table.column = table.column`';
    case 'countOrRange':
      return 'number or range';
    case 'oneOf':
      return v.options.map(describeValue).join(' or ');
  }
}

function propertyTable(props: PropertySpec[]): string[] {
  if (props.length === 0) return ['No properties.', ''];
  const rows = ['| property | value | default | meaning |', '| --- | --- | --- | --- |'];
  for (const p of props) {
    const flags = [p.required ? 'required' : '', p.repeatable ? 'repeatable' : '', p.flag ? 'also a bare flag' : ''].filter(Boolean).join(', ');
    rows.push(`| \`${p.name}\` | ${describeValue(p.value)} | ${p.defaultText ?? ''} | ${p.doc}${flags ? ` (${flags})` : ''} |`);
  }
  rows.push('');
  return rows;
}

function blockSection(b: BlockSpec, level: string): string[] {
  return [`${level} \`${b.named ? `${b.name} NAME` : b.name} { … }\``, '', b.doc, '', ...propertyTable(b.properties)];
}

export function renderLanguageReference(): string {
  const out = ['# Sysdesign language reference', '', 'Generated from the schema table that also drives validation, completion and hover.', ''];
  out.push('## system', '', SYSTEM.doc, '', ...propertyTable(SYSTEM.properties), ...SYSTEM.blocks.flatMap((b) => blockSection(b, '###')));
  out.push('## Component kinds', '');
  for (const k of KINDS) {
    out.push(`### ${k.name}`, '', k.doc, '', ...propertyTable(k.properties));
    for (const b of k.blocks) out.push(...blockSection(b, '####'));
  }
  out.push('## query', '', QUERY.doc, '', ...propertyTable(QUERY.properties));
  out.push('## scenario', '', SCENARIO.doc, '', ...propertyTable(SCENARIO.properties), '| event action | meaning |', '| --- | --- |');
  for (const [a, d] of Object.entries(EVENT_ACTIONS_DOC)) out.push(`| \`${a}\` | ${d} |`);
  out.push('', '## view', '', VIEW.doc, '', ...propertyTable(VIEW.properties).slice(0, -1));
  out.push('', '## Connection attributes', '', 'Written in parentheses after a connection: `a -> b (async, weight: 2)`.', '', ...propertyTable(CONNECTION_ATTRIBUTES));
  out.push('## Units', '', '| unit | family | meaning |', '| --- | --- | --- |');
  for (const u of UNITS) out.push(`| \`${u.unit}\` | ${u.family} | ${u.doc} |`);
  out.push('', `Rates: a number or size, \`/\`, then ${Object.keys(RATE_PER).map((x) => `\`${x}\``).join(', ')}. Magnitudes: \`k\` (10^3), \`M\` (10^6), \`B\` (10^9; \`B\` is bytes where a size is expected).`, '');
  out.push(`Money (\`price\`, \`budget\`): US dollars, \`/\`, then ${Object.keys(MONEY_PER).map((x) => `\`${x}\``).join(', ')}: \`0.20/h\`, \`40k/month\`. Amounts are normalised to dollars per month with 730 hours a month.`, '');
  out.push('## Technologies', '', '| technology | kinds | implies |', '| --- | --- | --- |');
  for (const t of TECHNOLOGIES) out.push(`| \`${t.name}\` | ${t.kinds.join(', ')} | ${t.implies ? Object.entries(t.implies).map(([k, v]) => `${k}: ${String(v)}`).join(', ') : ''} |`);
  out.push('');
  return out.join('\n');
}

/** Every generated file, relative to the package root. */
export function generatedDocs(): Map<string, string> {
  const files = new Map<string, string>();
  for (const rule of RULES) files.set(`docs/rules/${rule.id}.md`, renderRulePage(rule));
  for (const doc of LANGUAGE_DIAGNOSTIC_DOCS) files.set(`docs/rules/${doc.id}.md`, renderLanguagePage(doc));
  files.set('docs/rules/README.md', renderRuleIndex());
  files.set('docs/language-reference.md', renderLanguageReference());
  files.set(PROJECT_SCHEMA_FILE, projectJsonSchemaText());
  return files;
}

if (require.main === module) {
  const root = process.argv[2] ?? process.cwd();
  for (const [file, content] of generatedDocs()) {
    const target = path.join(root, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, content);
  }
  console.log(`Wrote ${generatedDocs().size} generated files (documentation pages under ${path.join(root, 'docs')}, ${PROJECT_SCHEMA_FILE}).`);
}

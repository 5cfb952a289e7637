// The Markdown of `sysdesign diff --format markdown`: a pull-request comment.
// A heading with the verdict, then only the sections that have something:
// components, findings, and each system's figures with signed deltas
// (✅ better, ⚠️ worse). Text from the design is escaped for table cells.
import { formatDuration, formatPercent, formatRate } from '../estimate/human';
import type { DesignDiff } from './diff';
import type { SloFigure, SystemFigures } from './figures';
import type { JsonNumber } from '../estimate/report';
import type { Finding } from './findings';

/** A table cell: pipes escaped, one line. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r\n|\r|\n/g, ' ').replace(/</g, '&lt;');
}

/** Inline code holding any text (a longer fence when the text has backticks). */
function code(text: string): string {
  const runs = text.match(/`+/g) ?? [];
  const fence = '`'.repeat(Math.max(0, ...runs.map((r) => r.length)) + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return cell(`${fence}${pad}${text}${pad}${fence}`);
}

function where(f: { system: string; component: string }, multi: boolean): string {
  const name = f.component || '(system)';
  return code(multi && f.system ? `${f.system}.${name}` : name);
}

const SEVERITY: Record<Finding['severity'], string> = { error: '⛔ error', warning: '⚠️ warning', info: 'ℹ️ info' };

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** `80% → 60% (−20 pp) ✅`: lower is better. */
function compare(before: number | null | undefined, after: number | null | undefined, show: (n: number) => string, delta: (d: number) => string): string {
  const text = (n: number | null | undefined) => (n === null ? '∞' : n === undefined ? '—' : show(n));
  // Equal as shown: no change worth a reviewer's eye (floating point noise in the last digits).
  if (text(before) === text(after)) return text(after);
  if (before === undefined || after === undefined) return `${text(before)} → ${text(after)}`;
  const worse = before === null ? false : after === null ? true : after > before;
  const change = before === null || after === null ? '' : ` (${delta(after - before)})`;
  return `${text(before)} → ${text(after)}${change} ${worse ? '⚠️' : '✅'}`;
}

const signed = (text: string) => (text.startsWith('-') ? `−${text.slice(1)}` : `+${text}`);
const points = (d: number) => signed(`${Number((d * 100).toPrecision(3))} pp`);

/** A figure the estimate may carry whose shape this comment does not know: shown as compact JSON. */
/** US dollars a month: "$7,383". */
function usd(n: number): string {
  return `$${Math.round(n).toLocaleString('en-US')}`;
}

/** An SLO target as the estimate sees it: "p99 ≤ 50 ms: about 7.1 ms ✅". */
function sloText(f: SloFigure | undefined): string {
  if (!f) return '—';
  const latency = f.metric !== 'availability';
  const show = (x: JsonNumber) => (x === null ? '∞' : latency ? formatDuration(x / 1000) : formatPercent(x));
  return `${show(f.estimate)} ${f.holds ? '✅' : '⚠️'}`;
}

function sloLabel(f: SloFigure): string {
  const latency = f.metric !== 'availability';
  const target = f.target === null ? '∞' : latency ? formatDuration(f.target / 1000) : formatPercent(f.target);
  return `SLO ${f.metric}${f.client ? ` of ${code(f.client)}` : ''} ${latency ? '≤' : '≥'} ${target}`;
}

function systemRows(name: string, before: SystemFigures | null, after: SystemFigures | null): string[] {
  const rows: string[] = [];
  const row = (label: string, value: string) => rows.push(`| ${label} | ${value} |`);
  const status = !before ? ' (new)' : !after ? ' (removed)' : '';
  rows.push(`| **${cell(name)}**${status} | |`);
  row('max utilization', compare(before?.max_utilization, after?.max_utilization, formatPercent, points));
  const bottleneck = (f: SystemFigures | null) => (f?.bottleneck ? code(f.bottleneck) : '—');
  row('bottleneck', bottleneck(before) === bottleneck(after) ? bottleneck(after) : `${bottleneck(before)} → ${bottleneck(after)}`);
  row('peak requests', compare(before?.peak_rps, after?.peak_rps, formatRate, (d) => signed(formatRate(d))).replace(/ (✅|⚠️)$/, ''));
  row('mean response', compare(before?.mean_response_ms, after?.mean_response_ms, (ms) => formatDuration(ms / 1000), (d) => signed(formatDuration(d / 1000))));
  row('cost per month', compare(before?.cost.monthly_usd, after?.cost.monthly_usd, usd, (d) => `${d < 0 ? '−' : '+'}${usd(Math.abs(d))}`));
  // Each target of either version, matched by metric and client.
  const key = (f: SloFigure) => `${f.metric}\u0000${f.client ?? ''}`;
  const targets = new Map<string, { before?: SloFigure; after?: SloFigure }>();
  for (const f of before?.slo ?? []) targets.set(key(f), { before: f });
  for (const f of after?.slo ?? []) targets.set(key(f), { ...targets.get(key(f)), after: f });
  for (const { before: b, after: a } of targets.values()) {
    const shown = sloText(b) === sloText(a) ? sloText(a) : `${sloText(b)} → ${sloText(a)}`;
    row(sloLabel((a ?? b)!), shown);
  }
  return rows;
}

function changed(before: SystemFigures | null, after: SystemFigures | null): boolean {
  return JSON.stringify(before) !== JSON.stringify(after);
}

export function diffMarkdown(diff: DesignDiff, names: { before: string; after: string }): string {
  const multi = Object.keys(diff.systems).length > 1;
  const out: string[] = [];
  const { components, findings } = diff;
  const newErrors = findings.added.filter((f) => f.severity === 'error').length;
  const verdict =
    newErrors > 0 ? `⛔ ${plural(newErrors, 'new error')}` : findings.added.length > 0 ? `⚠️ ${plural(findings.added.length, 'new finding')}` : '✅ no new findings';
  out.push(`## sysdesign: ${code(names.before)} → ${code(names.after)}`, '');
  const counts = [
    verdict,
    findings.removed.length ? `✅ ${plural(findings.removed.length, 'finding')} resolved` : '',
    `${components.added.length} added, ${components.removed.length} removed, ${components.changed.length} changed ${components.added.length + components.removed.length + components.changed.length === 1 ? 'component' : 'components'}`,
  ].filter(Boolean);
  out.push(counts.join(' · '), '');

  if (components.added.length + components.removed.length + components.changed.length > 0) {
    out.push('### Components', '', '| | component | kind | what changed |', '| --- | --- | --- | --- |');
    for (const c of components.added) out.push(`| ➕ | ${where({ system: c.system, component: c.name }, multi)} | ${cell(c.kind)} | added |`);
    for (const c of components.removed) out.push(`| ➖ | ${where({ system: c.system, component: c.name }, multi)} | ${cell(c.kind)} | removed |`);
    for (const c of components.changed) {
      const parts = [
        ...c.properties.map((p) => `${code(p.property)}: ${p.before === null ? '(unset)' : code(p.before)} → ${p.after === null ? '(unset)' : code(p.after)}`),
        ...c.connections.added.map((t) => `➕ ${code(t)}`),
        ...c.connections.removed.map((t) => `➖ ${code(t)}`),
      ];
      out.push(`| ✏️ | ${where({ system: c.system, component: c.name }, multi)} | ${cell(c.kind)} | ${parts.join('<br>')} |`);
    }
    out.push('');
  }

  if (findings.added.length + findings.removed.length > 0) {
    out.push('### Findings', '', '| | severity | rule | where | message |', '| --- | --- | --- | --- | --- |');
    for (const f of findings.added) out.push(`| ➕ new | ${SEVERITY[f.severity]} | ${code(f.rule)} | ${where(f, multi)} (line ${f.line}) | ${cell(f.message)} |`);
    for (const f of findings.removed) out.push(`| ✅ fixed | ${SEVERITY[f.severity]} | ${code(f.rule)} | ${where(f, multi)} | ${cell(f.message)} |`);
    out.push('');
  }

  const systems = Object.entries(diff.systems).filter(([, s]) => changed(s.before, s.after));
  if (systems.length > 0) {
    out.push('### Estimates at peak', '', '| | |', '| --- | --- |');
    for (const [name, s] of systems) out.push(...systemRows(name, s.before, s.after));
    out.push('');
  }
  const nothing = components.added.length + components.removed.length + components.changed.length + findings.added.length + findings.removed.length + systems.length === 0;
  if (nothing) out.push('No changes to components, findings or estimates.', '');
  return out.join('\n');
}

// The HTML page of `sysdesign report` (docs/report.md): one self-contained,
// offline file with, per system, the diagram (inline SVG), the findings with
// links to their documentation, the estimate (the same presentation as the
// editor's Show Estimates report, its monthly cost included), each SLO target
// (estimated, and simulated after a run), and optionally the simulation's
// figures and charts.
//
// Security: the page has no script, no external resource and a CSP that
// forbids both. Text from the design is escaped (escapeXml) wherever it
// lands; the estimate's Markdown is rendered by markdown-it with raw HTML off.
import MarkdownIt from 'markdown-it';
import type { Analysis } from '../analyze';
import { escapeXml } from '../diagram/text';
import { formatCount, formatDuration, formatNumberExact, formatRate } from '../estimate/human';
import type { SystemEstimate } from '../estimate/propagate';
import { estimateMarkdown } from '../estimate/report';
import type { SimJson } from '../sim';
import type { SimJsonSlo } from '../sim/results';
import { lineChartSvg, type ChartSeries } from './charts-svg';
import { findingsOf, type Finding } from './findings';
import type { SloFigure } from './figures';
import { reportCss } from './report-style';

export interface ReportSystem {
  name: string;
  title?: string;
  /** The drawing as inline SVG (diagram/svg.ts, not standalone: its colours follow the page), or why there is none. */
  diagram: { svg: string } | { problem: string };
  estimate: SystemEstimate | { problem: string };
  /** With `--simulate`: the run's JSON (sim/results.ts toJson), or why there is none. */
  simulation?: SimJson | { problem: string };
  /** The design's SLO targets as the estimate sees them (review/figures.ts); absent when it declares none. */
  slo?: SloFigure[];
}

export interface ReportInput {
  /** The design file as shown to people. */
  file: string;
  /** sysdesign's version, in the footer. */
  version: string;
  analysis: Analysis;
  systems: ReportSystem[];
  /** Where a rule's documentation is (https, or relative to the page). */
  docLink(rule: string): string;
}

const e = escapeXml;

const md = new MarkdownIt({ html: false, linkify: false, typographer: false });

function has<K extends string>(value: object, key: K): value is Record<K, unknown> {
  return key in value;
}

/** A message with its `names` as code, everything escaped. */
function codeSpans(text: string): string {
  return e(text).replace(/`([^`]+)`/g, '<code>$1</code>');
}

function findingsHtml(findings: Finding[], docLink: (rule: string) => string): string {
  if (findings.length === 0) return '<p class="ok">No findings.</p>';
  const items = findings.map((f) => {
    const where = f.component ? `<code>${e(f.component)}</code> · line ${f.line}` : `line ${f.line}`;
    return (
      `<li class="${f.severity}" data-rule="${e(f.rule)}"><div class="finding-head"><span class="severity">${f.severity}</span>` +
      `<a class="rule" href="${e(docLink(f.rule))}">${e(f.rule)}</a><span class="where">${where}</span></div>` +
      `<div class="finding-message">${codeSpans(f.message)}</div></li>`
    );
  });
  return `<ul class="findings">${items.join('')}</ul>`;
}

/** The estimate as the editor's report shows it, minus its own page and system headings. */
function estimateHtml(estimate: SystemEstimate): string {
  const markdown = estimateMarkdown([estimate])
    .split('\n')
    .filter((line) => !/^#{1,2} /.test(line))
    .join('\n')
    .replace(/^### /gm, '#### ');
  return `<div class="estimate">${md.render(markdown).replace(/<table>/g, '<div class="table-wrap"><table>').replace(/<\/table>/g, '</table></div>')}</div>`;
}

/** A figure the estimate carries whose shape the page does not know in advance (SLOs): a key/value table. */
/**
 * One row per SLO target: the target, the estimate's value (approximate for
 * percentiles, docs/slo.md) and, after a simulation, the measured value, each
 * with its verdict.
 */
function sloHtml(targets: SloFigure[], simulated: SimJsonSlo[] | undefined): string {
  const show = (metric: string, x: number | null) => (x === null ? '∞' : metric === 'availability' ? `${formatNumberExact(Number((x * 100).toPrecision(6)))} %` : formatDuration(x / 1000));
  const verdict = (ok: boolean, good: string, bad: string) => `<span class="${ok ? 'slo-met' : 'slo-missed'}">${ok ? '✓' : '✗'} ${good && ok ? good : bad}</span>`;
  const rows = targets.map((t) => {
    const measured = simulated?.find((s) => s.metric === t.metric && s.client === t.client);
    const label = `${t.metric}${t.client ? ` of ${t.client}` : ''} ${t.metric === 'availability' ? '≥' : '≤'} ${show(t.metric, t.target)}`;
    const estimated = `${show(t.metric, t.estimate)} ${verdict(t.holds, 'holds', 'at risk')}`;
    const cells = [`<th>${e(label)}</th>`, `<td>${estimated}</td>`];
    if (simulated) cells.push(`<td>${measured ? `${show(t.metric, measured.value)} ${verdict(measured.met, 'met', 'missed')}` : '—'}</td>`);
    return `<tr>${cells.join('')}</tr>`;
  });
  const head = `<tr><th>target</th><th>estimate</th>${simulated ? '<th>simulated</th>' : ''}</tr>`;
  return `<h3>SLOs</h3><div class="table-wrap"><table>${head}${rows.join('')}</table></div>`;
}

function figure(label: string, value: string): string {
  return `<div class="figure"><div class="label">${e(label)}</div><div class="value">${e(value)}</div></div>`;
}

function seconds(ms: number | null): string {
  return ms === null ? '—' : formatDuration(ms / 1000);
}

/** The series with the given prefix whose peak is largest, at most `top` of them, named by component. */
function topSeries(series: SimJson['series'], prefix: string, top: number, scale = 1): ChartSeries[] {
  const picked: { name: string; values: (number | null)[]; peak: number }[] = [];
  for (const [key, values] of Object.entries(series)) {
    if (!key.startsWith(prefix)) continue;
    let peak = 0;
    for (const v of values) if (v !== null && v > peak) peak = v;
    picked.push({ name: key.slice(prefix.length), values: values.map((v) => (v === null ? null : v * scale)), peak });
  }
  return picked.sort((a, b) => b.peak - a.peak).slice(0, top);
}

function simulationHtml(sim: SimJson): string {
  const r = sim.requests;
  const l = sim.latency_ms;
  const out = [
    `<h3>Simulation</h3>`,
    `<p>${sim.scenario ? `Scenario <code>${e(sim.scenario)}</code>` : 'Default run (no scenario)'}, seed ${sim.seed}, ${e(sim.duration_s === null ? '—' : formatDuration(sim.duration_s))} simulated, ${e(formatCount(sim.events))} events${sim.stop_message ? ` — ${e(sim.stop_message)}` : ''}.</p>`,
    `<div class="figures">`,
    figure('completed', formatCount(r.completed)),
    figure('failed + dropped', formatCount(r.failed + r.dropped)),
    figure('throughput', sim.throughput_rps === null ? '—' : formatRate(sim.throughput_rps)),
    figure('latency p50', seconds(l.p50)),
    figure('latency p95', seconds(l.p95)),
    figure('latency p99', seconds(l.p99)),
    `</div>`,
  ];
  const times = sim.series.t_s ?? [];
  const charts = [
    lineChartSvg({ title: 'Client latency', unit: '', format: (ms) => (ms === 0 ? '0' : formatDuration(ms / 1000)), times, series: ['p50', 'p95', 'p99'].map((p) => ({ name: p, values: sim.series[`latency_${p}_ms`] ?? [] })) }),
    lineChartSvg({ title: 'Client requests per second', unit: '/s', times, series: [{ name: 'completed', values: sim.series.throughput_rps ?? [] }, { name: 'failed or dropped', values: sim.series.errors_rps ?? [] }] }),
  ];
  const utilization = topSeries(sim.series, 'utilization.', 5, 100);
  if (utilization.length) charts.push(lineChartSvg({ title: 'Utilization, busiest components', unit: '%', times, series: utilization }));
  const queues = topSeries(sim.series, 'queue.', 5);
  if (queues.length) charts.push(lineChartSvg({ title: 'Requests waiting, longest queues', unit: '', times, series: queues }));
  out.push(`<div class="charts">${charts.join('')}</div>`);
  return out.join('');
}

function systemHtml(system: ReportSystem, findings: Finding[], docLink: (rule: string) => string): string {
  const out = [`<section class="system" id="system-${e(system.name)}">`, `<h2>${e(system.title ?? system.name)}</h2>`];
  if (system.title && system.title !== system.name) out.push(`<p class="subtitle">system <code>${e(system.name)}</code></p>`);
  out.push(has(system.diagram, 'svg') ? `<div class="diagram">${system.diagram.svg}</div>` : `<p class="problem">No diagram: ${e(system.diagram.problem)}</p>`);
  out.push(`<h3>Findings</h3>`, findingsHtml(findings, docLink));
  out.push(`<h3>Estimate</h3>`);
  if (has(system.estimate, 'problem')) out.push(`<p class="problem">No estimate: ${e(String(system.estimate.problem))}</p>`);
  else {
    out.push(estimateHtml(system.estimate));
    // The cost is part of the estimate's own tables (docs/cost.md).
  }
  if (system.slo?.length) out.push(sloHtml(system.slo, system.simulation && !has(system.simulation, 'problem') ? system.simulation.slo : undefined));
  if (system.simulation) {
    out.push(has(system.simulation, 'problem') ? `<h3>Simulation</h3><p class="problem">Not simulated: ${e(String(system.simulation.problem))}</p>` : simulationHtml(system.simulation));
  }
  out.push('</section>');
  return out.join('\n');
}

export function reportHtml(input: ReportInput): string {
  const findings = findingsOf(input.analysis);
  const count = (s: Finding['severity']) => findings.filter((f) => f.severity === s).length;
  const [errors, warnings, infos] = [count('error'), count('warning'), count('info')];
  const summary = [
    `<li>${input.systems.length} system${input.systems.length === 1 ? '' : 's'}</li>`,
    errors ? `<li class="error">${errors} error${errors === 1 ? '' : 's'}</li>` : '',
    warnings ? `<li class="warning">${warnings} warning${warnings === 1 ? '' : 's'}</li>` : '',
    infos ? `<li>${infos} note${infos === 1 ? '' : 's'}</li>` : '',
    findings.length === 0 ? '<li class="ok">no findings</li>' : '',
  ].join('');
  const outside = findings.filter((f) => !input.systems.some((s) => s.name === f.system));
  const body = input.systems.map((s) => systemHtml(s, findings.filter((f) => f.system === s.name), input.docLink));
  if (outside.length) body.unshift(`<section class="system"><h2>Outside any system</h2>${findingsHtml(outside, input.docLink)}</section>`);
  const title = `${input.file} — sysdesign report`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="generator" content="sysdesign ${e(input.version)}">
<title>${e(title)}</title>
<style>${reportCss()}</style>
</head>
<body>
<main>
<header class="page"><h1>${e(input.file)}</h1><p>Design report by sysdesign ${e(input.version)}: diagram, findings and estimates${input.systems.some((s) => s.simulation) ? ', simulation' : ''}.</p>
<ul class="summary">${summary}</ul></header>
${body.join('\n')}
<footer>Estimates are the analytic model (M/M/c queues at peak); the simulation is a seeded discrete-event run. Rule pages explain each finding and how to fix it.</footer>
</main>
</body>
</html>
`;
}

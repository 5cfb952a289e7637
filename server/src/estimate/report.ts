// Presentation of the analytic estimate (the workload arithmetic and the
// capacity figures of docs/rules/README.md, "Capacity"): the stable JSON of `sysdesign estimate --format json`, the
// aligned text of `sysdesign estimate`, the markdown report of the editor's
// "Show Estimates" command, the hover texts and the inlay hints. Pure
// functions of the estimate: no I/O, no VS Code, no LSP.
import type { ComponentEstimate, StationEstimate, SystemEstimate } from './propagate';
import type { WorkloadFigures } from './workload';
import { formatDuration, formatNumberExact, formatPercent, formatRate, formatUsd } from './human';
import type { ComponentCost, SystemCost } from './cost';
import { PRICE_TABLE_DATE, PRICE_TABLE_REGION } from './prices';
import { namedRecord } from '../records';
import { maxOf } from '../arrays';

/** Utilization at which the `overload` rule fires (docs/rules/overload.md). */
export const OVERLOAD_UTILIZATION = 1;
/** Utilization at which the `near-capacity` rule fires; equal to NEAR_CAPACITY of rules/capacity.ts. */
export const NEAR_CAPACITY_UTILIZATION = 0.8;

// ---- JSON ------------------------------------------------------------------

/** A figure in the JSON: 6 significant digits, or null when not finite. */
export type JsonNumber = number | null;

export interface WorkloadJson {
  dau: number;
  writes_per_day: number;
  reads_per_day: number;
  writes_per_s: number;
  reads_per_s: number;
  peak_writes_per_s: number;
  peak_reads_per_s: number;
  storage_per_day_bytes: number;
  storage_total_bytes: number;
}

export interface ComponentJson {
  kind: string;
  /** Offered load at peak, requests per second. */
  rate_rps: number;
  avg_rate_rps: number;
  reads_rps: number;
  writes_rps: number;
  /** Capacity figures: null for components without CPU capacity (CDN, DNS, messaging). */
  cores_needed: JsonNumber;
  servers_needed: JsonNumber;
  instances: JsonNumber;
  utilization: JsonNumber;
  avg_utilization: JsonNumber;
  /** Mean response at peak including the synchronous calls the component makes; null when unbounded. */
  mean_response_ms: JsonNumber;
  hit_ratio?: number;
  /** Autoscaled components only: the bounds and the steady state for the peak load (v2 §1). */
  instances_min?: number;
  instances_max?: number;
  instances_steady?: number;
  /**
   * True when mean_response_ms (and blocking) are closed forms for what the
   * simulator runs, false when an approximation is involved (docs/estimate.md).
   * Rates, cores and utilizations are arithmetic on the design: always exact.
   */
  exact: boolean;
  /** Bounded queues (`max_queue`) only: share of arrivals turned away at peak, and their rate. */
  blocking?: JsonNumber;
  lost_rps?: JsonNumber;
}

export interface ClientJson {
  rate_rps: number;
  mean_response_ms: JsonNumber;
  /** mean_response_ms is exact: every station on the path is. */
  exact: boolean;
}

/** A query with a `rate`: the shards each run asks and the wait for the slowest. */
export interface QueryJson {
  database: string;
  rate_rps: number;
  shards_asked: number;
  mean_response_ms: JsonNumber;
  exact: boolean;
}

/** US dollars per month, in cents (docs/cost.md). */
export interface CostJson {
  monthly_usd: number;
  components: Record<string, number>;
}

export interface SystemJson {
  system: string;
  peak_factor: number;
  workload: WorkloadJson | null;
  components: Record<string, ComponentJson>;
  clients: Record<string, ClientJson>;
  queries: Record<string, QueryJson>;
  cost: CostJson;
}

export interface EstimateJson {
  systems: SystemJson[];
}

/**
 * Rounds to 6 significant digits, so the JSON does not change with the last
 * bits of floating point arithmetic (11574.074074074075 → 11574.1; exact
 * figures such as 200.5e12 stay exact). JSON has no Infinity or NaN: an
 * overloaded station's unbounded response time (Infinity) and any other
 * non-finite figure are written as null. −0 is written as 0.
 */
export function round6(n: number): JsonNumber {
  if (!Number.isFinite(n)) return null;
  const r = Number(n.toPrecision(6));
  return r === 0 ? 0 : r;
}

/** Like {@link round6} for figures that are always finite (rates, counts). */
function finite6(n: number): number {
  return round6(n) ?? 0;
}

/** Kinds shown in the component tables: everything but clients (shown apart) and diagram boxes. */
function tabulated(e: ComponentEstimate): boolean {
  return e.kind !== 'client' && e.kind !== 'region' && e.kind !== 'group';
}

function ms(seconds: number): JsonNumber {
  return round6(seconds * 1000);
}

function workloadJson(w: WorkloadFigures): WorkloadJson {
  return {
    dau: finite6(w.dau),
    writes_per_day: finite6(w.writesPerDay),
    reads_per_day: finite6(w.readsPerDay),
    writes_per_s: finite6(w.writesPerSecond),
    reads_per_s: finite6(w.readsPerSecond),
    peak_writes_per_s: finite6(w.peakWritesPerSecond),
    peak_reads_per_s: finite6(w.peakReadsPerSecond),
    storage_per_day_bytes: finite6(w.storagePerDayBytes),
    storage_total_bytes: finite6(w.storageTotalBytes),
  };
}

function componentJson(e: ComponentEstimate): ComponentJson {
  const capacity = (n: number | undefined): JsonNumber => (e.hasCapacity && n !== undefined ? round6(n) : null);
  const out: ComponentJson = {
    kind: e.kind,
    rate_rps: finite6(e.rateRps),
    avg_rate_rps: finite6(e.avgRateRps),
    reads_rps: finite6(e.peak.reads),
    writes_rps: finite6(e.peak.writes),
    cores_needed: capacity(e.coresNeeded),
    servers_needed: capacity(e.serversNeeded),
    instances: capacity(e.instances),
    utilization: capacity(e.utilization),
    avg_utilization: capacity(e.avgUtilization),
    mean_response_ms: ms(e.pathResponse),
    exact: e.pathExact,
  };
  if (e.hasCapacity && e.boundedQueue) {
    out.blocking = round6(e.blocking);
    out.lost_rps = round6(e.lostRps);
  }
  if (e.hitRatio !== undefined) out.hit_ratio = finite6(e.hitRatio);
  if (e.autoscaleRange && e.instancesSteady !== undefined) {
    out.instances_min = e.autoscaleRange.min;
    out.instances_max = e.autoscaleRange.max;
    out.instances_steady = e.instancesSteady;
  }
  return out;
}

/** Dollars rounded to the cent: a bill has no finer unit. */
function cents(usd: number): number {
  const r = Math.round(usd * 100) / 100;
  return r === 0 || !Number.isFinite(r) ? 0 : r;
}

/** The `cost` object of the estimate JSON: dollars a month, in total and per priced component. */
export function costJson(cost: SystemCost): CostJson {
  const components = namedRecord<number>();
  for (const c of cost.components) components[c.name] = cents(c.monthlyUsd);
  return { monthly_usd: cents(cost.monthlyUsd), components };
}

/**
 * The stable JSON of `sysdesign estimate --format json`:
 *
 *     { "systems": [ { "system", "peak_factor",
 *                      "workload": { dau, writes_per_day, reads_per_day, writes_per_s, reads_per_s,
 *                                    peak_writes_per_s, peak_reads_per_s,
 *                                    storage_per_day_bytes, storage_total_bytes } | null,
 *                      "components": { NAME: { kind, rate_rps, avg_rate_rps, reads_rps, writes_rps,
 *                                              cores_needed, servers_needed, instances, utilization,
 *                                              avg_utilization, mean_response_ms, hit_ratio?,
 *                                              instances_min?, instances_max?, instances_steady?,
 *                                              exact, blocking?, lost_rps? } },
 *                      "clients": { NAME: { rate_rps, mean_response_ms, exact } },
 *                      "queries": { NAME: { database, rate_rps, shards_asked, mean_response_ms, exact } },
 *                      "cost": { monthly_usd, components: { NAME: monthly_usd } } } ] }
 *
 * Rates are per second at peak (avg_* on average), utilizations fractions
 * (1 = 100 %), times in milliseconds. Components are listed in declaration
 * order; clients appear under `clients` only, regions and groups not at all.
 * Capacity fields are null for components without CPU capacity; a response
 * time is null when it is unbounded (a station on the path is overloaded):
 * JSON has no Infinity. Every number has at most 6 significant digits.
 * Queries are those with a `rate`; a scatter–gather query asks every shard
 * and its response is the slowest shard's (docs/estimate.md).
 * `exact` says whether the response time (and `blocking`, given for
 * components with a bounded queue) is a closed form or an approximation.
 * Costs are US dollars per month rounded to the cent, for every priced
 * component (not clients, regions or groups), from the average load
 * (docs/cost.md).
 */
export function estimateJson(systems: SystemEstimate[]): EstimateJson {
  return {
    systems: systems.map((s) => {
      const components = namedRecord<ComponentJson>();
      for (const e of s.components) if (tabulated(e)) components[e.name] = componentJson(e);
      const clients = namedRecord<ClientJson>();
      for (const c of s.clients) clients[c.name] = { rate_rps: finite6(c.rateRps), mean_response_ms: ms(c.meanResponse), exact: c.exact };
      const queries = namedRecord<QueryJson>();
      for (const q of s.queries) queries[q.name] = { database: q.database, rate_rps: finite6(q.rateRps), shards_asked: q.shardsAsked, mean_response_ms: ms(q.meanResponse), exact: q.exact };
      return {
        system: s.system,
        peak_factor: finite6(s.peakFactor),
        workload: s.workload ? workloadJson(s.workload) : null,
        components,
        clients,
        queries,
        cost: costJson(s.cost),
      };
    }),
  };
}

// ---- shared wording --------------------------------------------------------

type Level = 'overload' | 'near' | undefined;

function level(utilization: number | undefined): Level {
  if (utilization === undefined || Number.isNaN(utilization)) return undefined;
  if (utilization >= OVERLOAD_UTILIZATION) return 'overload';
  if (utilization >= NEAR_CAPACITY_UTILIZATION) return 'near';
  return undefined;
}

/** Significant digits for a count of cores: 100 → "100", 2.345678 → "2.35". */
function cores(n: number): string {
  if (!Number.isFinite(n)) return formatNumberExact(n);
  return formatNumberExact(Number(n.toPrecision(3)));
}

/** "1 core", "2.5 cores". */
function coresOf(n: number): string {
  const text = cores(n);
  return `${text} core${text === '1' ? '' : 's'}`;
}

/** A number as written in a design or an exact step: 4, 0.5, 1,000. */
function num(n: number): string {
  return formatNumberExact(Number(n.toPrecision(12)));
}

function plural(n: number, word: string): string {
  return `${num(n)} ${word}${n === 1 ? '' : 's'}`;
}

function response(seconds: number): string {
  return Number.isFinite(seconds) ? formatDuration(seconds) : '∞ (overloaded)';
}

function flowText(e: ComponentEstimate, which: 'peak' | 'average'): string {
  const f = e[which];
  const totalRate = which === 'peak' ? e.rateRps : e.avgRateRps;
  if (f.reads > 0 && f.writes > 0) return `${formatRate(totalRate)} (${formatRate(f.reads)} reads + ${formatRate(f.writes)} writes)`;
  if (f.writes > 0) return `${formatRate(totalRate)} (all writes)`;
  if (f.reads > 0) return `${formatRate(totalRate)} (all reads)`;
  return formatRate(totalRate);
}

/** An identifier as it is, a title in quotes: `shop`, `"Photo share"`. */
function systemName(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : JSON.stringify(name);
}

// ---- text (CLI) ------------------------------------------------------------

export type ColorKind = 'error' | 'warning' | 'dim' | 'bold';

export interface TextOptions {
  /** Paints a piece of text; identity when absent (no colour). */
  color?: (kind: ColorKind, s: string) => string;
}

interface Column {
  title: string;
  right: boolean;
}

const TABLE_COLUMNS: Column[] = [
  { title: 'component', right: false },
  { title: 'kind', right: false },
  { title: 'rate (peak)', right: true },
  { title: 'cores needed', right: true },
  { title: 'servers', right: true },
  { title: 'instances', right: true },
  { title: 'utilization peak', right: true },
  { title: 'utilization avg', right: true },
  { title: 'response', right: true },
];

const DASH = '—';
const MARK: Record<'overload' | 'near', string> = { overload: '!!', near: '!' };

/** Utilization with its marker: "125% !!" at or above capacity, "85% !" from 80 %. */
function utilizationCell(u: number | undefined): string {
  if (u === undefined) return DASH;
  const l = level(u);
  return `${formatPercent(u)}${l ? ` ${MARK[l]}` : ''}`;
}

function tableRow(e: ComponentEstimate): string[] {
  const cap = e.hasCapacity;
  const idle = !cap && e.rateRps === 0;
  return [
    e.name,
    e.kind,
    formatRate(e.rateRps),
    cap && e.coresNeeded !== undefined ? cores(e.coresNeeded) : DASH,
    cap && e.serversNeeded !== undefined ? num(e.serversNeeded) : DASH,
    cap && e.instances !== undefined ? num(e.instances) : DASH,
    cap ? utilizationCell(e.utilization) : DASH,
    cap ? utilizationCell(e.avgUtilization) : DASH,
    idle ? DASH : Number.isFinite(e.pathResponse) ? formatDuration(e.pathResponse) : '∞',
  ];
}

/**
 * The text of `sysdesign estimate`: per system a header, the workload
 * arithmetic, a table of the components at peak (numeric columns right
 * aligned, every row padded to the same width; utilization at or above
 * 100 % marked `!!` and painted as an error, from 80 % marked `!` and
 * painted as a warning), the response time each client sees, and notes.
 */
export function estimateText(systems: SystemEstimate[], options: TextOptions = {}): string {
  const paint = options.color ?? ((_kind: ColorKind, s: string) => s);
  const out: string[] = [];
  systems.forEach((s, i) => {
    if (i > 0) out.push('');
    out.push(paint('bold', `System ${systemName(s.system)}`) + paint('dim', ` (peak factor ${num(s.peakFactor)})`));
    out.push('');
    out.push(paint('bold', 'Workload'));
    if (s.workload) {
      for (const step of s.workload.steps) out.push(`  ${step}`);
    } else {
      out.push(paint('dim', '  No workload block: rates come from the clients alone.'));
    }

    const rows = s.components.filter(tabulated).map((e) => ({ e, cells: tableRow(e) }));
    out.push('');
    out.push(paint('bold', 'Components at peak'));
    if (rows.length) {
      const widths = TABLE_COLUMNS.map((col, c) => maxOf([col.title.length, ...rows.map((r) => r.cells[c].length)]));
      const pad = (text: string, c: number) => (TABLE_COLUMNS[c].right ? text.padStart(widths[c]) : text.padEnd(widths[c]));
      out.push('  ' + paint('dim', TABLE_COLUMNS.map((col, c) => pad(col.title, c)).join('  ')));
      let marked = false;
      for (const { e, cells } of rows) {
        const line = cells.map((text, c) => {
          const padded = pad(text, c);
          const u = c === 6 ? e.utilization : c === 7 ? e.avgUtilization : undefined;
          const l = e.hasCapacity ? level(u) : undefined;
          if (l) marked = true;
          return l === 'overload' ? paint('error', padded) : l === 'near' ? paint('warning', padded) : padded;
        });
        out.push('  ' + line.join('  '));
      }
      if (marked) out.push(paint('dim', `  ${MARK.overload} at or above capacity (overload)   ${MARK.near} at 80 % or more (near capacity)`));
    } else {
      out.push(paint('dim', '  No components.'));
    }

    if (s.clients.length) {
      out.push('');
      out.push(paint('bold', 'Clients'));
      const width = maxOf(s.clients.map((c) => c.name.length));
      for (const c of s.clients) {
        const resp = Number.isFinite(c.meanResponse)
          ? `mean response ${formatDuration(c.meanResponse)}`
          : paint('error', 'mean response unbounded: a component on its path is overloaded');
        out.push(`  ${c.name.padEnd(width)}  sends ${formatRate(c.rateRps)}, ${resp}`);
      }
    }

    out.push('', paint('bold', 'Cost per month') + paint('dim', ` (${PRICE_TABLE_REGION}, prices of ${PRICE_TABLE_DATE}; docs/cost.md)`));
    out.push(...costTextLines(s.cost));

    const notes = systemNotes(s);
    if (notes.length) {
      out.push('');
      out.push(paint('bold', 'Notes'));
      for (const n of notes) out.push(`  - ${n.replace(/`/g, '')}`);
    }
  });
  return `${out.join('\n')}\n`;
}

/** `  api   $280.32  2 instances (EC2 m6i.xlarge) × 730 h × $0.192/h`, one line per bill line, then the total. */
function costTextLines(cost: SystemCost): string[] {
  const priced = cost.components;
  if (!priced.length) return ['  Nothing to price.'];
  const nameWidth = maxOf(priced.map((c) => c.name.length).concat(['total'.length]));
  const usdWidth = maxOf(priced.map((c) => formatUsd(c.monthlyUsd).length).concat([formatUsd(cost.monthlyUsd).length]));
  const out: string[] = [];
  for (const c of priced) {
    const how = c.lines.map((l) => l.text).join(' + ');
    out.push(`  ${c.name.padEnd(nameWidth)}  ${formatUsd(c.monthlyUsd).padStart(usdWidth)}  ${how}`);
  }
  out.push(`  ${'total'.padEnd(nameWidth)}  ${formatUsd(cost.monthlyUsd).padStart(usdWidth)}`);
  return out;
}

/** The estimate's own notes plus what the reader should not miss. */
function systemNotes(s: SystemEstimate): string[] {
  const notes = [...s.notes];
  for (const e of s.components) {
    if (e.rejectedRps) notes.push(`Gateway \`${e.name}\` rejects ${formatRate(e.rejectedRps)} at peak: its rate limit is below the ${formatRate(e.rateRps)} it receives.`);
    // Below one in ten thousand the loss is a rounding error, not news.
    if (e.boundedQueue && e.blocking >= 1e-4) notes.push(`\`${e.name}\` turns away ${formatPercent(e.blocking)} of its arrivals (${formatRate(e.lostRps)}) at peak: its queue is bounded by max_queue.`);
  }
  for (const x of s.rateExcess) notes.push(`\`${x.edge.from.name} -> ${x.edge.to.name}\` is fixed at ${formatRate(x.fixed)} but only ${formatRate(x.arriving)} arrive: it carries what arrives.`);
  const approximate = s.components.filter((e) => tabulated(e) && e.hasCapacity && !e.exact && Number.isFinite(e.ownResponse)).map((e) => `\`${e.name}\``);
  if (approximate.length) notes.push(`Response times at ${approximate.join(', ')} are approximations (service shape, balancing or fork–join: docs/estimate.md); the others are exact for the model.`);
  return notes;
}

// ---- markdown (Show Estimates) ---------------------------------------------

/**
 * Escapes what markdown would interpret inside a line (emphasis, code,
 * links, HTML, table cells). Only inline syntax: every escaped text is
 * placed after other text on its line, so block syntax (`#`, `-`) cannot start.
 */
function escapeMarkdown(s: string): string {
  return s.replace(/[\\`*_[\]<>|~]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

/** A code span for a name; `|` is escaped so it cannot end a table cell. */
function code(s: string): string {
  const fence = s.includes('`') ? '``' : '`';
  const pad = s.startsWith('`') || s.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${s.replace(/\r?\n/g, ' ')}${pad}${fence}`.replace(/\|/g, '\\|');
}

function mdUtilization(u: number | undefined): string {
  if (u === undefined) return DASH;
  const l = level(u);
  return l === 'overload' ? `**${formatPercent(u)}** ⚠` : l === 'near' ? `${formatPercent(u)} ⚠` : formatPercent(u);
}

function workloadBullets(w: WorkloadFigures): string[] {
  const lines = w.steps.map((step) => `- ${escapeMarkdown(step)}`);
  if (w.readRatio !== undefined) lines.push(`- read share = reads / (reads + writes) = ${formatPercent(w.readRatio)} (the default \`read_ratio\` of clients)`);
  return lines;
}

/**
 * The markdown report of the "Show Estimates" command: per system the
 * workload arithmetic, a table of the components at peak and on average,
 * the clients' response times and notes. Names are code spans with `|`
 * escaped, titles escaped as markdown.
 */
export function estimateMarkdown(systems: SystemEstimate[]): string {
  const out: string[] = ['# Estimates', ''];
  if (!systems.length) out.push('*No systems in this file.*', '');
  for (const s of systems) {
    out.push(`## System ${escapeMarkdown(systemName(s.system))}`, '');
    out.push(`Peak factor: ${num(s.peakFactor)} (peak = average × ${num(s.peakFactor)}).`, '');
    out.push('### Workload', '');
    if (s.workload) out.push(...workloadBullets(s.workload), '');
    else out.push('*No workload block: rates come from the clients alone.*', '');

    out.push('### Components', '');
    const rows = s.components.filter(tabulated);
    if (rows.length) {
      out.push('| component | kind | rate (peak) | rate (avg) | cores needed | servers needed | instances | utilization (peak) | utilization (avg) | response |');
      out.push('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
      for (const e of rows) {
        const cap = e.hasCapacity;
        const cells = [
          code(e.name),
          escapeMarkdown(e.kind),
          formatRate(e.rateRps),
          formatRate(e.avgRateRps),
          cap && e.coresNeeded !== undefined ? cores(e.coresNeeded) : DASH,
          cap && e.serversNeeded !== undefined ? num(e.serversNeeded) : DASH,
          cap && e.instances !== undefined ? num(e.instances) : DASH,
          cap ? mdUtilization(e.utilization) : DASH,
          cap ? mdUtilization(e.avgUtilization) : DASH,
          !cap && e.rateRps === 0 ? DASH : Number.isFinite(e.pathResponse) ? formatDuration(e.pathResponse) : '∞',
        ];
        out.push(`| ${cells.join(' | ')} |`);
      }
      out.push('');
      out.push('Cores needed = rate × service time; servers needed = ⌈cores needed ÷ cores per instance⌉; utilization = cores needed ÷ (instances × cores), on the busiest station. ⚠ marks 80 % or more; **bold** is at or above capacity. Response includes the synchronous calls a component makes.', '');
    } else {
      out.push('*No components.*', '');
    }

    out.push('### Cost per month', '');
    out.push(...costMarkdownLines(s.cost), '');

    if (s.clients.length) {
      out.push('### Clients', '');
      for (const c of s.clients) {
        const resp = Number.isFinite(c.meanResponse) ? `mean response ${formatDuration(c.meanResponse)}` : 'mean response unbounded (a component on its path is overloaded)';
        out.push(`- ${code(c.name)} sends ${formatRate(c.rateRps)} at peak; ${resp}`);
      }
      out.push('');
    }
    const notes = systemNotes(s);
    if (notes.length) {
      out.push('### Notes', '');
      for (const n of notes) out.push(`- ${n.replace(/\|/g, '\\|')}`);
      out.push('');
    }
  }
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}

/**
 * Dollars in markdown: `$` escaped, since renderers with math support (VS
 * Code's Markdown preview) read the text between two `$` as a formula.
 */
function mdUsd(usd: number): string {
  return formatUsd(usd).replace(/\$/g, '\\$');
}

/** A bill line in markdown: escaped, dollars included. */
function mdCostText(c: ComponentCost): string {
  return escapeMarkdown(c.lines.map((l) => l.text).join(' + ')).replace(/\$/g, '\\$');
}

function costMarkdownLines(cost: SystemCost): string[] {
  if (!cost.components.length) return ['*Nothing to price.*'];
  const lines = ['| component | per month | how |', '| --- | ---: | --- |'];
  for (const c of cost.components) lines.push(`| ${code(c.name)} | ${mdUsd(c.monthlyUsd)} | ${mdCostText(c)} |`);
  lines.push(`| **total** | **${mdUsd(cost.monthlyUsd)}** | |`);
  lines.push('', `Prices: ${PRICE_TABLE_REGION}, as listed in ${PRICE_TABLE_DATE}; from the average load; a component's \`price:\` replaces the table (docs/cost.md).`);
  return lines;
}

// ---- hovers ----------------------------------------------------------------

/** The workload hover: every figure with the arithmetic that produced it. */
export function workloadHoverMarkdown(figures: WorkloadFigures): string {
  const lines = ['**Workload estimate** (back of the envelope)', '', ...workloadBullets(figures)];
  lines.push('', `Peak = average × peak factor ${num(figures.peakFactor)}; a day has 86,400 s. Clients without a \`rate\` share the peak: ${formatRate(figures.peakReadsPerSecond + figures.peakWritesPerSecond)}.`);
  return lines.join('\n');
}

function stationLine(s: StationEstimate, serviceTime: number): string {
  const demand = s.rate * serviceTime;
  const each = s.count > 1 ? ' each' : '';
  return `- ${num(s.count)} × ${escapeMarkdown(s.label)}: ${formatRate(s.rate)}${each} × ${formatDuration(serviceTime)} = ${cores(demand)} of ${plural(s.cores, 'core')} → ${mdUtilization(s.utilization)} at peak, ${formatPercent(s.avgUtilization)} on average; ${response(s.meanResponse)} per request`;
}

/**
 * A component's hover: offered rate at peak and on average (reads and
 * writes), CPU demand (rate × service time = cores), servers needed
 * (cores ÷ cores per instance, rounded up), utilization at peak and on
 * average, the stations of a database, and the response times.
 */
export function componentHoverMarkdown(e: ComponentEstimate, peakFactor: number, cost?: ComponentCost): string {
  const lines = [`**Estimated load on ${code(e.name)}** (${escapeMarkdown(e.kind)}, at peak)`, ''];
  const isClient = e.kind === 'client';
  lines.push(`- ${isClient ? 'Sends' : 'Offered'} at peak: ${flowText(e, 'peak')}`);
  lines.push(`- On average: ${flowText(e, 'average')} = peak ÷ ${num(peakFactor)}`);
  if (e.hitRatio !== undefined) {
    const missed = e.peak.reads * (1 - e.hitRatio);
    lines.push(`- Hit ratio ${formatPercent(e.hitRatio)}: ${formatRate(e.peak.reads)} reads × (1 − ${formatPercent(e.hitRatio)}) = ${formatRate(missed)} reads miss and go on${e.peak.writes > 0 ? `, with the ${formatRate(e.peak.writes)} writes` : ''}`);
  }
  if (e.rejectedRps) lines.push(`- Rate limit: ${formatRate(e.rejectedRps)} rejected at peak (429); only ${formatRate(e.rateRps - e.rejectedRps)} passes`);

  if (e.hasCapacity && e.serviceTime !== undefined && e.coresNeeded !== undefined) {
    const per = e.coresPerInstance ?? 1;
    const isDb = e.kind === 'database';
    const demandRate = isDb ? e.stations.reduce((sum, s) => sum + s.count * s.rate, 0) : e.rateRps;
    const work = isDb && Math.abs(demandRate - e.rateRps) > 1e-9 * Math.max(1, e.rateRps) ? ' (every copy applies every write: station arrivals)' : '';
    lines.push(`- Demand: ${formatRate(demandRate)}${work} × ${formatDuration(e.serviceTime)} = ${coresOf(e.coresNeeded)} of work`);
    lines.push(`- Servers needed: ⌈${coresOf(e.coresNeeded)} ÷ ${plural(per, 'core')} per ${isDb ? 'node' : 'instance'}⌉ = ${num(e.serversNeeded ?? 0)}`);
    if (e.utilization !== undefined) {
      const instances = e.instances ?? 1;
      const how = isDb && e.stations.length > 0
        ? 'on the busiest station'
        : `${cores(e.coresNeeded)} ÷ (${plural(instances, 'instance')} × ${plural(per, 'core')})`;
      const verdict = level(e.utilization) === 'overload' ? (e.boundedQueue ? ` — saturated: its bounded queue turns away ${formatPercent(e.blocking)} of requests` : ' — overloaded: the queue grows without bound') : level(e.utilization) === 'near' ? ' — near capacity: waiting grows steeply' : '';
      lines.push(`- Utilization at peak: ${how} = ${mdUtilization(e.utilization)}${verdict}`);
    }
    if (e.avgUtilization !== undefined) {
      const avgCores = e.avgCoresNeeded ?? e.coresNeeded / peakFactor;
      // Autoscaled components run at their steady state for each load, so the counts differ.
      const avgInstances = !isDb && e.avgUtilization > 0 ? Math.round(avgCores / (e.avgUtilization * per)) : e.instances;
      const how = isDb || avgInstances === undefined ? `${coresOf(avgCores)} of work` : `${cores(avgCores)} ÷ (${plural(avgInstances, 'instance')} × ${plural(per, 'core')})`;
      lines.push(`- Utilization on average: ${how} = ${formatPercent(e.avgUtilization)}`);
      const range = e.autoscaleRange;
      if (!isDb && range) lines.push(`- Autoscaling (${num(range.min)}–${num(range.max)}, target ${formatPercent(range.targetCpu)}): steady state ⌈work ÷ (${plural(per, 'core')} × ${formatPercent(range.targetCpu)})⌉ = ${plural(e.instances ?? 1, 'instance')} at peak and ${num(avgInstances ?? 1)} on average`);
    }
    if (isDb && e.stations.length) {
      lines.push('', '**Stations**', '');
      for (const s of e.stations) lines.push(stationLine(s, e.serviceTime));
      lines.push('');
    }
  }
  if (e.hasCapacity || e.rateRps > 0) {
    if (!isClient) lines.push(`- Response here: ${response(e.ownResponse)}${Number.isFinite(e.ownResponse) && !e.exact ? ' (an approximation)' : ''}`);
    if (e.boundedQueue && e.blocking >= 1e-4) lines.push(`- Turned away by its full queue (max_queue): ${formatPercent(e.blocking)} of arrivals, ${formatRate(e.lostRps)}`);
    lines.push(`- Response ${isClient ? 'seen' : 'including the calls it makes'}: ${response(e.pathResponse)}`);
  }
  if (cost) {
    const source = cost.overridden ? 'its own `price:`' : `price table of ${PRICE_TABLE_DATE}`;
    lines.push(`- Cost: ${mdUsd(cost.monthlyUsd)} a month (${source}): ${mdCostText(cost)}`);
  }
  return lines.join('\n').replace(/\n{3,}/g, '\n\n');
}

// ---- inlay hints -----------------------------------------------------------

/**
 * The short text after a component: `⟵ 1.2k/s · 63%` (offered rate at peak
 * and utilization at peak, `⚠` from 80 %), `⟵ 1.2k/s` without capacity,
 * `⟶ 20k/s` for a client (what it sends), then the monthly cost when there
 * is one (`$280/mo`). Undefined when no load reaches it (its hover still
 * gives the cost).
 */
export function inlayHintText(e: ComponentEstimate, cost?: ComponentCost): string | undefined {
  if (!(e.rateRps > 0)) return undefined;
  if (e.kind === 'client') return `⟶ ${formatRate(e.rateRps)}`;
  const parts = [`⟵ ${formatRate(e.rateRps)}`];
  if (e.hasCapacity && e.utilization !== undefined) parts.push(`${formatPercent(e.utilization)}${level(e.utilization) ? ' ⚠' : ''}`);
  if (cost && cost.monthlyUsd > 0) parts.push(`${formatUsd(cost.monthlyUsd)}/mo`);
  return parts.join(' · ');
}

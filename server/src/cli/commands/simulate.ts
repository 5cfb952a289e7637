// sysdesign simulate FILE [--system NAME] [--scenario NAME] [--duration T] [--seed N] [--load Nx]
//                        [--warmup T] [--replications N] [--trace N] [--format text|json]
//
// Runs the discrete-event simulation (docs/simulation.md) of one system of a
// design, with one of its scenarios or a plain run, and prints a summary
// table (text) or the stable JSON of docs/simulation.md (`toJsonText`: byte-identical
// for the same design, scenario, options and seed).
//
// - Options override the scenario's own `duration`, `seed`, `load` and `warmup`.
// - Without a warm-up (neither --warmup nor the scenario's `warmup`), one is
//   chosen by MSER-5 on a first run of the first seed (sim/mser.ts).
// - --replications N runs seeds seed … seed + N − 1 in worker threads
//   (sim/replications.ts) and reports means with 95 % half-widths.
// - The system is the one named by --system, else the one that declares
//   --scenario, else the first.
// - A design with errors is still simulated as far as it could be read (the
//   errors go to stderr) and the exit status is then 1.
// - A progress bar is drawn on stderr when it is a terminal and the run takes
//   longer than a second.
//
// Exit status: 0 simulated; 1 the design has errors (what could be read was
// simulated), declares no system, or an SLO of the design was missed
// (docs/slo.md); 2 bad usage, unreadable file, unknown
// --system or --scenario.
import { Command, Option } from 'commander';
import type { Analysis } from '../../analyze';
import { formatCount, formatDuration, formatPercent, formatRate } from '../../estimate/human';
import type { ScenarioModel, SystemModel } from '../../model/types';
import { interpretQuantity, type UnitFamily } from '../../schema/units';
import { findBottlenecks } from '../../sim/bottlenecks';
import { MAX_LOAD } from '../../sim/limits';
import { runSizeProblem, settingsProblem } from '../../sim/run-size';
import { buildSimModel, findScenario, MAX_TRACES, Simulation, STOP_MESSAGES, type SimModel, type SimOptions, type SimResult } from '../../sim';
import { autoWarmup, type StepSeries } from '../../sim/mser';
import { replicatedSlo, runReplications, toReplicatedJson, toReplicatedJsonText, withSeed, type WarmupMethod } from '../../sim/replications';
import type { SloVerdict } from '../../sim/slo';
import { tracesText } from '../trace-text';
import { colors, useColor, type Colors } from '../colors';
import { openSystemDesign, pickSystem } from '../design';
import { ProgressBar } from '../progress';
import { CliContext, CommandModule, EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, UsageError } from '../types';
import { maxOf } from '../../arrays';
import { terminalSafe } from '../terminal-safe';

const FORMATS = ['text', 'json'] as const;

interface SimulateOptions {
  system?: string;
  scenario?: string;
  duration?: string;
  seed?: string;
  load?: string;
  warmup?: string;
  replications?: string;
  trace?: string;
  format: (typeof FORMATS)[number];
}

/** Most replications one command may ask for (each is a whole run). */
export const MAX_REPLICATIONS = 1000;

// ---- options -----------------------------------------------------------------------

const FLAG_NAMES = { duration: '--duration', load: '--load' };

/** `--warmup`: `10s`, `2m`, or a plain number of seconds; 0 or more. */
export function parseWarmup(text: string): number {
  const seconds = quantity(text, 'time', '--warmup', 'a time such as 10s or 2m (a plain number is seconds)');
  if (!(seconds >= 0)) throw new UsageError(`--warmup must be 0 or more, got '${text}'`);
  return seconds;
}

/** `--replications`: an integer from 1 to MAX_REPLICATIONS. */
export function parseReplications(text: string): number {
  const trimmed = text.trim();
  const n = Number(trimmed);
  if (!/^\d+$/.test(trimmed) || !(n >= 1) || n > MAX_REPLICATIONS) {
    throw new UsageError(`--replications must be an integer from 1 to ${MAX_REPLICATIONS}, got '${text}'`);
  }
  return n;
}

function quantity(text: string, family: UnitFamily, what: string, example: string): number {
  const m = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*([A-Za-z%µ]*)\s*$/.exec(text);
  if (!m) throw new UsageError(`${what} must be ${example}, got '${text}'`);
  const n = Number(m[1]);
  // A plain number is seconds for --duration (and a multiplier for --load).
  if (m[2] === '' && family === 'time') return n;
  const value = interpretQuantity(n, m[2], family);
  if (!value.ok) throw new UsageError(`${what}: ${value.message}`);
  return value.value;
}

/** `--duration`: `30s`, `10m`, `1.5h`, or a plain number of seconds; above 0. */
export function parseDuration(text: string): number {
  const seconds = quantity(text, 'time', '--duration', 'a time such as 30s or 10m (a plain number is seconds)');
  if (!(seconds > 0)) throw new UsageError(`--duration must be above 0, got '${text}'`);
  const tooLong = settingsProblem({ duration: seconds }, FLAG_NAMES);
  if (tooLong) throw new UsageError(tooLong);
  return seconds;
}

/** `--load`: `3x` or `3`; above 0. */
export function parseLoad(text: string): number {
  const load = quantity(text, 'multiplier', '--load', 'a multiplier such as 3x or 0.5');
  if (!(load > 0)) throw new UsageError(`--load must be above 0, got '${text}'`);
  const tooMuch = settingsProblem({ load }, FLAG_NAMES);
  if (tooMuch) throw new UsageError(tooMuch);
  return load;
}

/** `--seed`: an integer. */
export function parseSeed(text: string): number {
  const trimmed = text.trim();
  const seed = Number(trimmed);
  if (!/^-?\d+$/.test(trimmed) || !Number.isSafeInteger(seed)) throw new UsageError(`--seed must be an integer, got '${text}'`);
  return seed;
}

/** `--trace`: how many client requests to follow, 1 to MAX_TRACES. */
export function parseTrace(text: string): number {
  const trimmed = text.trim();
  const n = Number(trimmed);
  if (!/^\d+$/.test(trimmed) || n < 1 || n > MAX_TRACES) throw new UsageError(`--trace must be a whole number from 1 to ${MAX_TRACES}, got '${text}'`);
  return n;
}

// ---- text output ---------------------------------------------------------------------

function plural(n: number, word: string): string {
  return `${formatCount(n)} ${word}${n === 1 ? '' : 's'}`;
}

type Align = 'left' | 'right';

/** Aligned columns; `cells[0]` is the header. Widths count UTF-16 units (our cells are ASCII plus — and %). */
function table(cells: string[][], align: Align[], paint: Colors): string {
  const widths = align.map((_, i) => maxOf(cells.map((row) => row[i].length)));
  return cells
    .map((row, r) => {
      const line = row
        .map((cell, i) => (align[i] === 'left' ? cell.padEnd(widths[i]) : cell.padStart(widths[i])))
        .join('  ')
        .trimEnd();
      return `  ${r === 0 ? paint.bold(line) : line}\n`;
    })
    .join('');
}

const DASH = '—';

/** A time-average queue length: "0", "<0.01", "0.215", "3.39k". */
function queueMean(n: number): string {
  if (n > 0 && n < 0.01) return '<0.01';
  return formatCount(Number(n.toPrecision(3)));
}

function ms(seconds: number): string {
  return formatDuration(seconds);
}

/** The readable summary of `sysdesign simulate`: header, requests, latency, per-component table, bottlenecks, notes. */
export function simulationText(result: SimResult, options: { color?: Colors; warmupMethod?: WarmupMethod } = {}): string {
  const paint = options.color ?? colors(false);
  const lines: string[] = [];
  const scenario = result.scenario ? `scenario ${result.scenario}` : 'default run (no scenario)';
  lines.push(paint.bold(`Simulation of ${result.system}, ${scenario}`));
  const covered = result.stopped === 'duration'
    ? formatDuration(result.simulated)
    : `${formatDuration(result.simulated)} of ${formatDuration(result.duration)}`;
  lines.push(`  seed ${result.seed} · load ${formatCount(result.load)}x · simulated ${covered} · ${plural(result.events, 'event')} · ${result.stopped === 'duration' ? STOP_MESSAGES.duration : paint.red(STOP_MESSAGES[result.stopped])}`);
  lines.push(paint.dim(`  ${warmupLine(result.warmup, result.measured, options.warmupMethod ?? 'given')}`));
  lines.push('');

  const r = result.requests;
  const failed = r.failed > 0 ? paint.red(`${formatCount(r.failed)} failed`) : '0 failed';
  const dropped = r.dropped > 0 ? paint.red(`${formatCount(r.dropped)} dropped`) : '0 dropped';
  const stale = r.stale > 0 ? paint.yellow(`${formatCount(r.stale)} stale`) : '0 stale';
  lines.push(`${paint.bold('Requests  ')}  ${formatCount(r.completed)} completed · ${failed} · ${dropped} · ${stale}`);
  const f = result.inFlight;
  if (f.dropped > 0) lines.push(paint.red(`  ${formatCount(f.dropped)} shed because the simulator's cap was reached (${formatCount(f.limit)} requests in flight, or 3/4 of its memory ceiling), which keeps its memory bounded`));
  lines.push(`${paint.bold('Throughput')}  ${formatRate(result.throughput)}`);
  const l = result.latency;
  lines.push(`${paint.bold('Latency   ')}  mean ${ms(l.mean)} · p50 ${ms(l.p50)} · p95 ${ms(l.p95)} · p99 ${ms(l.p99)} · max ${ms(l.max)}`);
  lines.push('');

  if (result.slo.length) {
    lines.push(paint.bold('SLOs'));
    lines.push(...sloLines(result.slo, paint), '');
  }

  const withStations = new Set(result.stations.map((s) => s.component));
  const rows: string[][] = [['Component', 'Throughput', 'Util.', 'Queue mean', 'Queue max', 'Backlog max', 'Failed', 'Latency mean', 'p95', 'Instances', 'Hit ratio']];
  for (const c of result.components) {
    if (c.kind === 'region' || c.kind === 'group') continue;
    const stations = withStations.has(c.name);
    rows.push([
      c.name,
      formatRate(c.throughput),
      stations ? formatPercent(c.utilization) : DASH,
      stations ? queueMean(c.meanQueue) : DASH,
      stations ? formatCount(c.maxQueue) : DASH,
      c.backlogMax === null ? DASH : formatCount(c.backlogMax),
      c.failed + c.dropped > 0 ? formatCount(c.failed + c.dropped) : '0',
      ms(c.latency.mean),
      ms(c.latency.p95),
      stations ? formatCount(c.instancesMax) : DASH,
      c.hitRatio === null ? DASH : formatPercent(c.hitRatio),
    ]);
  }
  if (rows.length > 1) {
    lines.push(paint.bold('Components'));
    lines.push(table(rows, ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'], paint).trimEnd());
    lines.push('');
  }

  const bottlenecks = findBottlenecks(result);
  lines.push(paint.bold('Bottlenecks'));
  const outages = result.components.filter((c) => c.stoppedByScenario && c.failed + c.dropped > 0 && !bottlenecks.some((b) => b.component === c.name));
  if (bottlenecks.length === 0) {
    lines.push(outages.length === 0 ? '  none: no component saturated, dropped or failed requests' : '  none: no component saturated, and only the stopped parts below failed requests');
  }
  const nameWidth = maxOf([0, ...bottlenecks.map((b) => b.component.length)]);
  for (const b of bottlenecks) lines.push(`  ${paint.yellow(b.component.padEnd(nameWidth))}  ${b.summary}`);
  if (outages.length > 0) {
    lines.push('');
    lines.push(paint.bold('Stopped by the scenario'));
    const width = maxOf(outages.map((c) => c.name.length));
    for (const c of outages) {
      const failovers = c.failovers > 0 ? `; ${plural(c.failovers, 'replica')} promoted to primary` : '';
      lines.push(`  ${c.name.padEnd(width)}  failed ${formatCount(c.failed + c.dropped)} requests while stopped${failovers}`);
    }
  }

  if (result.notes.length > 0) {
    lines.push('');
    lines.push(paint.bold('Notes'));
    for (const note of result.notes) lines.push(paint.dim(`  - ${note}`));
  }
  return `${lines.join('\n')}\n`;
}

function warmupLine(warmup: number, measured: number, method: WarmupMethod): string {
  const chosen = method === 'mser5' ? ' (chosen by MSER-5; --warmup sets it)' : '';
  return warmup > 0
    ? `statistics cover ${formatDuration(measured)}: the first ${formatDuration(warmup)} are the warm-up${chosen}`
    : `statistics cover the whole ${formatDuration(measured)}: no warm-up${chosen}`;
}

/** "12.3 ms ± 0.4 ms" (± omitted when unknown). */
function withCi(value: number | null, ci: number | null, show: (x: number) => string): string {
  if (value === null) return DASH;
  return ci === null ? show(value) : `${show(value)} ± ${show(ci)}`;
}

/** The summary of `--replications N`: means with 95 % half-widths (docs/simulation.md, Statistics). */
export function replicationsText(results: readonly SimResult[], method: WarmupMethod, options: { color?: Colors } = {}): string {
  const paint = options.color ?? colors(false);
  const json = toReplicatedJson(results, method);
  const first = results[0];
  const lines: string[] = [];
  const scenario = first.scenario ? `scenario ${first.scenario}` : 'default run (no scenario)';
  lines.push(paint.bold(`Simulation of ${first.system}, ${scenario}: ${json.replications} replications`));
  lines.push(`  seeds ${first.seed}…${first.seed + results.length - 1} · load ${formatCount(first.load)}x · simulated ${formatDuration(first.duration)} each · ${json.stopped === 'duration' ? STOP_MESSAGES.duration : paint.red(STOP_MESSAGES[json.stopped])}`);
  lines.push(paint.dim(`  ${warmupLine(first.warmup, first.measured, method)}`));
  lines.push(paint.dim('  figures are means over the replications ± the 95 % confidence half-width (Student t)'));
  lines.push('');
  const r = json.requests;
  const count = (x: number) => formatCount(Number(x.toPrecision(4)));
  lines.push(`${paint.bold('Requests  ')}  ${withCi(r.completed, r.completed_ci95, count)} completed · ${withCi(r.failed, r.failed_ci95, count)} failed · ${withCi(r.dropped, r.dropped_ci95, count)} dropped · ${withCi(r.stale, r.stale_ci95, count)} stale`);
  lines.push(`${paint.bold('Throughput')}  ${withCi(json.throughput_rps, json.throughput_rps_ci95, formatRate)}`);
  const l = json.latency_ms;
  const t = (x: number) => ms(x / 1000);
  lines.push(`${paint.bold('Latency   ')}  mean ${withCi(l.mean, l.mean_ci95, t)} · p95 ${withCi(l.p95, l.p95_ci95, t)} · p99 ${withCi(l.p99, l.p99_ci95, t)}`);
  lines.push('');
  const slo = replicatedSlo(results);
  if (slo.length) {
    lines.push(paint.bold('SLOs'));
    lines.push(...sloLines(slo, paint), '');
  }
  const withStations = new Set(first.stations.map((st) => st.component));
  const rows: string[][] = [['Component', 'Throughput', 'Util.', 'Latency mean', 'Failed']];
  for (const [name, c] of Object.entries(json.components)) {
    rows.push([
      name,
      withCi(c.throughput_rps, c.throughput_rps_ci95, formatRate),
      withStations.has(name) ? withCi(c.utilization, c.utilization_ci95, formatPercent) : DASH,
      withCi(c.latency_ms.mean, c.latency_ms.mean_ci95, t),
      count(c.failed + c.dropped),
    ]);
  }
  if (rows.length > 1) {
    lines.push(paint.bold('Components'));
    lines.push(table(rows, ['left', 'right', 'right', 'right', 'right'], paint).trimEnd());
  }
  return `${lines.join('\n')}\n`;
}

/** `  p99 of web  ≤ 90 ms   93.6 ms   missed`: one line per target, the verdict painted. */
function sloLines(verdicts: readonly SloVerdict[], paint: Colors): string[] {
  const rows = verdicts.map((v) => {
    const latency = v.metric !== 'availability';
    const show = (x: number) => (Number.isFinite(x) ? (latency ? ms(x) : formatPercent(x)) : 'not measured');
    return {
      name: v.client === undefined ? v.metric : `${v.metric} of ${v.client}`,
      target: `${latency ? '≤' : '≥'} ${show(v.target)}`,
      value: show(v.value),
      met: v.met,
    };
  });
  const w = (k: 'name' | 'target' | 'value') => maxOf(rows.map((r) => r[k].length));
  return rows.map((r) => `  ${r.name.padEnd(w('name'))}  ${r.target.padEnd(w('target'))}  ${r.value.padStart(w('value'))}  ${r.met ? paint.green('met') : paint.red('missed')}`);
}

// ---- the command ---------------------------------------------------------------------

/** The system to simulate: --system, else the one declaring --scenario, else the first. */
function chooseSystem(analysis: Analysis, options: SimulateOptions): SystemModel | string {
  if (options.system === undefined && options.scenario !== undefined) {
    const declaring = analysis.systems.find((s) => findScenario(s, options.scenario!));
    if (declaring) return declaring;
  }
  return pickSystem(analysis, options.system);
}

function scenarioList(system: SystemModel): string {
  return system.scenarios.length > 0
    ? `scenarios: ${system.scenarios.map((s) => s.name).join(', ')}`
    : 'it declares no scenario';
}

async function run(file: string, options: SimulateOptions, command: Command, ctx: CliContext): Promise<number> {
  const { io } = ctx;
  // Options first: a typo in --duration is a usage error whatever the file holds.
  const overrides: SimOptions = {};
  if (options.duration !== undefined) overrides.duration = parseDuration(options.duration);
  if (options.seed !== undefined) overrides.seed = parseSeed(options.seed);
  if (options.load !== undefined) overrides.load = parseLoad(options.load);
  if (options.warmup !== undefined) overrides.warmup = parseWarmup(options.warmup);
  const replications = options.replications !== undefined ? parseReplications(options.replications) : 1;
  const trace = options.trace === undefined ? undefined : parseTrace(options.trace);
  if (trace !== undefined && replications > 1) throw new UsageError('--trace follows the requests of one run; leave out --replications');

  const opened = openSystemDesign(file, io, 'simulate');
  if (typeof opened === 'number') return opened;
  const { analysis, display } = opened;
  const system = chooseSystem(analysis, options);
  if (typeof system === 'string') {
    io.stderr(`sysdesign: ${terminalSafe(system)}\n`);
    return EXIT_USAGE;
  }
  let scenario: ScenarioModel | undefined;
  if (options.scenario !== undefined) {
    scenario = findScenario(system, options.scenario);
    if (!scenario) {
      io.stderr(`sysdesign: no scenario named '${options.scenario}' in system ${system.name} (${scenarioList(system)})\n`);
      return EXIT_USAGE;
    }
  }
  if (opened.errors > 0) io.stderr(`sysdesign: warning: ${display} has errors; simulating what could be read.\n`);

  let model: SimModel;
  try {
    model = buildSimModel(system, { ...overrides, scenario });
  } catch (err) {
    io.stderr(`sysdesign: cannot simulate ${system.name}: ${err instanceof Error ? err.message : String(err)}\n`);
    return EXIT_PROBLEMS;
  }
  const tooBig = runSizeProblem(model);
  if (tooBig) {
    io.stderr(`sysdesign: ${tooBig} (--load, --duration, or the design's rates).\n`);
    return EXIT_USAGE;
  }

  const bar = new ProgressBar({
    write: (text) => io.stderr(text),
    enabled: io.stderrIsTTY === true,
    columns: io.stderrColumns,
    now: io.now,
    label: `simulating ${scenario ? scenario.name : system.name}`,
  });
  const total = formatDuration(model.duration);
  const warmupGiven = overrides.warmup !== undefined || scenario?.props.has('warmup') === true;
  let results: SimResult[];
  try {
    results = await runAll(model, replications, warmupGiven, trace, (label, fraction) => bar.update(fraction, label), total);
  } finally {
    bar.done();
  }
  const method: WarmupMethod = warmupGiven ? 'given' : 'mser5';

  if (options.format === 'json') io.stdout(`${toReplicatedJsonText(results, method)}\n`);
  else {
    const paint = colors(useColor(io, (command.optsWithGlobals() as { color?: boolean }).color));
    io.stdout(results.length === 1 ? simulationText(results[0], { color: paint, warmupMethod: method }) : replicationsText(results, method, { color: paint }));
    if (results.length === 1 && results[0].traces) io.stdout(tracesText(results[0].traces, paint));
  }
  if (opened.errors > 0) {
    io.stderr(`sysdesign: ${display} has ${plural(opened.errors, 'error')}: the results cover what could be read (exit status 1).\n`);
    return EXIT_PROBLEMS;
  }
  const missed = replicatedSlo(results).filter((v) => !v.met).length;
  if (missed > 0) {
    io.stderr(`sysdesign: ${plural(missed, 'SLO target')} missed (exit status 1).\n`);
    return EXIT_PROBLEMS;
  }
  return EXIT_OK;
}

/**
 * The runs of one command: without a given warm-up, a first run of the first
 * seed picks it (MSER-5) and is kept when it picks none; then every seed runs
 * with it — one on this thread (progress by simulated time), several on
 * worker threads (progress by replications done).
 */
async function runAll(
  model: SimModel, replications: number, warmupGiven: boolean, trace: number | undefined, progress: (label: string, fraction: number) => void, total: string,
): Promise<SimResult[]> {
  // Traces follow one run (replications are refused with --trace), so each run here traces: the one kept is reported.
  const onThisThread = (m: SimModel, what: string): SimResult =>
    new Simulation(m).run({
      progressEvery: 32_768,
      ...(trace !== undefined ? { trace } : {}),
      onProgress: (fraction) => progress(`${what}${formatDuration(fraction * m.duration)} of ${total}`, fraction),
    });
  let pilot: SimResult | undefined;
  if (!warmupGiven) {
    pilot = onThisThread(model, 'pilot ');
    // Never past the scenario's first event: the fault is what the run is about, not a transient to cut.
    const firstEvent = model.faults.length > 0 ? model.faults[0].at : Infinity;
    const warmup = Math.min(model.duration, firstEvent, autoWarmup(seriesOf(pilot, 'latency_mean_ms')));
    if (warmup > 0) {
      model = { ...model, warmup };
      pilot = undefined;
    }
  }
  if (replications === 1) return [pilot ?? onThisThread(model, '')];
  const seeds = Array.from({ length: replications }, (_, i) => withSeed(model, model.seed + i));
  const rest = await runReplications(pilot ? seeds.slice(1) : seeds, {
    onDone: (done, count) => progress(`${done} of ${count} replications`, done / count),
  });
  return pilot ? [pilot, ...rest] : rest;
}

function seriesOf(result: SimResult, name: string): StepSeries {
  const series = result.series.series.find((s) => s.name === name);
  return { times: result.series.times, values: series ? series.values : [] };
}

export const simulateCommand: CommandModule = {
  name: 'simulate',
  register(program: Command, ctx: CliContext): void {
    program
      .command('simulate')
      .summary('run the discrete-event simulation of a system')
      .description(
        [
          'Simulate one system of a design under load: Poisson clients, queues at',
          'every station, routing, caches, replication with fail-over and lag,',
          'autoscaling, timeouts and the faults of a scenario. Prints a summary',
          'table, or the stable JSON (--format json), byte-identical for the same',
          'design, scenario, options and seed.',
          '',
          'What every figure means (failed, dropped, stale, the queue and backlog',
          'columns, the measured window, the _ci95 intervals): docs/simulation.md',
          'in the sysdesign repository.',
          '',
          "--duration, --seed, --load and --warmup override the scenario's own",
          'values (defaults: 60 s, seed 1, 1x; without a warm-up, MSER-5 picks one',
          'from a first run). --replications N runs seeds seed … seed+N−1 in',
          'parallel threads and reports means with 95 % confidence half-widths.',
          'The system is --system, else the one declaring --scenario, else the',
          'first in the file. A progress bar is drawn on stderr (a terminal) for',
          'long runs.',
          '',
          `Limits (docs/simulation-limits.md): --load at most ${MAX_LOAD}x, --duration at`,
          'most 30 days, client rates × duration at most 5e10 requests; at most 1M',
          'requests in flight, fewer near the memory ceiling (more are shed and',
          'counted); a run whose requests in flight outgrow the ceiling stops',
          'early and says so (JSON "stopped": "memory").',
          '',
          'SLOs (docs/slo.md): every target of the slo { … } blocks is reported as',
          'met or missed (JSON "slo": [{ metric, target, value, value_ci95, met }];',
          'with replications, by the mean over them).',
          '',
          'Exit status: 0 simulated and every SLO met; 1 an SLO was missed, the',
          'design has errors (what could be read is simulated) or no system; 2 bad',
          'usage (a limit above included), unreadable input, unknown --system or',
          '--scenario.',
        ].join('\n'),
      )
      .argument('<file>', 'the design file')
      .option('-s, --system <name>', 'the system to simulate, by name or title (default: the first)')
      .option('--scenario <name>', 'run this scenario of the system (default: a plain run)')
      .option('--duration <time>', "simulated time: 30s, 10m, 1h; a plain number is seconds (overrides the scenario's)")
      .option('--seed <n>', "seed of the random numbers, an integer (overrides the scenario's)")
      .option('--load <n>', "multiplier of every client's rate: 3x or 3 (overrides the scenario's)")
      .option('--warmup <time>', "simulated time left out of the statistics: 10s, 2m (overrides the scenario's; default: chosen by MSER-5)")
      .option('--replications <n>', `runs of seeds seed … seed+n−1 in parallel threads, reported as means with 95 % half-widths (1 to ${MAX_REPLICATIONS}, default 1)`)
      .option('--trace <n>', `follow n sampled client requests (1 to ${MAX_TRACES}): each visit's wait and service time, as \`traces\` in the JSON`)
      .addOption(new Option('-f, --format <format>', 'output format').choices(FORMATS).default('text'))
      .action(async (file: string, options: SimulateOptions, command: Command) => {
        ctx.exitCode = await run(file, options, command, ctx);
      });
  },
};

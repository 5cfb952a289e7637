// sysdesign report FILE [-o report.html] [--simulate [--duration T] [--seed N]]
//
// Writes one self-contained, offline HTML page about a design
// (docs/report.md): per system the diagram, the findings with their
// documentation links, the estimate, cost and SLO figures when the estimate
// has them, and with --simulate a default run's figures and charts. The page
// loads nothing: no script, no font, no image from anywhere.
//
// Exit status: 0 written; 1 the design has errors (the report shows them) or
// declares no system; 2 bad usage, unreadable input or unwritable output.
import { figuresOf, type SloFigure } from '../../review/figures';
import * as fs from 'fs';
import * as path from 'path';
import { Command } from 'commander';
import type { Analysis } from '../../analyze';
import { ruleDocPath, ruleDocUrl } from '../../docs';
import { buildGraph } from '../../diagram/graph';
import { renderSvg, type Badge } from '../../diagram/svg';
import type { SystemModel } from '../../model/types';
import { findingsOf } from '../../review/findings';
import { reportHtml, type ReportSystem } from '../../review/report-html';
import { buildSimModel, Simulation, toJson, type SimOptions } from '../../sim';
import { runSizeProblem } from '../../sim/run-size';
import { describeFsError } from '../files';
import { openSystemDesign } from '../design';
import { CliContext, CommandModule, EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE } from '../types';
import { packageVersion } from '../version';
import { parseDuration, parseSeed } from './simulate';

interface ReportOptions {
  output?: string;
  simulate?: boolean;
  duration?: string;
  seed?: string;
}

/** A report may take its time on a huge design; it still ends (the layout worker is killed past this). */
const LAYOUT_TIMEOUT_MS = 10 * 60_000;

/**
 * A rule's documentation for a page that may be opened anywhere: the https
 * page when the package publishes one, else the page shipped in the package,
 * relative to where the report is written (so it works offline beside it).
 */
function docLinkFor(outputDir: string): (rule: string) => string {
  return (rule) => {
    const url = ruleDocUrl(rule);
    if (/^https:/.test(url)) return url;
    return path.relative(outputDir, ruleDocPath(rule)).split(path.sep).join('/');
  };
}

function simulated(system: SystemModel, options: SimOptions): ReportSystem['simulation'] {
  try {
    const model = buildSimModel(system, options);
    const tooBig = runSizeProblem(model);
    if (tooBig) return { problem: tooBig };
    return toJson(new Simulation(model).run());
  } catch (err) {
    return { problem: err instanceof Error ? err.message : String(err) };
  }
}

const RANK = { info: 0, warning: 1, error: 2 } as const;

/** The findings of each component as the preview's badges: the worst severity, every message. */
function badgesOf(analysis: Analysis, system: SystemModel): Record<string, Badge> {
  const badges: Record<string, Badge> = Object.create(null) as Record<string, Badge>;
  for (const f of findingsOf(analysis)) {
    if (f.system !== system.name || !f.component) continue;
    const badge = (badges[f.component] ??= { severity: f.severity, messages: [] });
    if (RANK[f.severity] > RANK[badge.severity]) badge.severity = f.severity;
    badge.messages.push(f.message);
  }
  return badges;
}

async function systemsOf(analysis: Analysis, simulation: SimOptions | undefined): Promise<ReportSystem[]> {
  // Layout (elkjs) runs in the layout worker, as for `sysdesign render`.
  const { LayoutRunner } = await import('../../diagram/layout-runner');
  const runner = new LayoutRunner({ timeoutMs: LAYOUT_TIMEOUT_MS });
  const out: ReportSystem[] = [];
  try {
    for (const system of analysis.systems) {
      let diagram: ReportSystem['diagram'];
      try {
        const { drawing } = await runner.layout(`report:${system.name}`, buildGraph(system));
        diagram = { svg: renderSvg(drawing, { badges: badgesOf(analysis, system) }) };
      } catch (err) {
        diagram = { problem: err instanceof Error ? err.message : String(err) };
      }
      let estimate: ReportSystem['estimate'];
      let slo: SloFigure[] | undefined;
      try {
        estimate = analysis.estimate(system);
        slo = figuresOf(estimate, system).slo;
      } catch (err) {
        estimate = { problem: err instanceof Error ? err.message : String(err) };
      }
      const entry: ReportSystem = { name: system.name, diagram, estimate };
      if (slo) entry.slo = slo;
      if (system.title) entry.title = system.title;
      if (simulation) entry.simulation = simulated(system, simulation);
      out.push(entry);
    }
  } finally {
    await runner.dispose();
  }
  return out;
}

async function run(file: string, options: ReportOptions, ctx: CliContext): Promise<number> {
  const { io } = ctx;
  if (!options.simulate && (options.duration !== undefined || options.seed !== undefined)) {
    io.stderr('sysdesign: --duration and --seed apply to --simulate\n');
    return EXIT_USAGE;
  }
  const simulation: SimOptions | undefined = options.simulate ? {} : undefined;
  if (simulation && options.duration !== undefined) simulation.duration = parseDuration(options.duration);
  if (simulation && options.seed !== undefined) simulation.seed = parseSeed(options.seed);
  const output = options.output ?? 'report.html';
  if (path.extname(output).toLowerCase() !== '.html' && path.extname(output).toLowerCase() !== '.htm') {
    io.stderr(`sysdesign: the report is an HTML page: the output file must end in .html, got '${output}'\n`);
    return EXIT_USAGE;
  }

  const opened = openSystemDesign(file, io, 'report');
  if (typeof opened === 'number') return opened;
  const target = path.resolve(io.cwd, output);
  const html = reportHtml({
    file: opened.display,
    version: packageVersion(),
    analysis: opened.analysis,
    systems: await systemsOf(opened.analysis, simulation),
    docLink: docLinkFor(path.dirname(target)),
  });
  try {
    fs.writeFileSync(target, html, 'utf8');
  } catch (err) {
    io.stderr(`sysdesign: cannot write '${output}': ${describeFsError(err)}\n`);
    return EXIT_USAGE;
  }
  io.stderr(`Wrote ${output} (${opened.analysis.systems.length} system${opened.analysis.systems.length === 1 ? '' : 's'}${simulation ? ', simulated' : ''}).\n`);
  return opened.errors > 0 ? EXIT_PROBLEMS : EXIT_OK;
}

export const reportCommand: CommandModule = {
  name: 'report',
  register(program: Command, ctx: CliContext): void {
    program
      .command('report')
      .summary('one self-contained offline HTML page: diagram, findings, estimates, simulation')
      .description(
        'Write one self-contained HTML page about a design: per system the diagram, the\n' +
          'findings with links to their documentation, the estimate with its monthly cost, each\n' +
          'SLO target (estimated, and simulated with --simulate), and with --simulate a default\n' +
          'run\'s figures and charts. The\n' +
          'page loads nothing from the network (docs/report.md).\n\n' +
          'Exit status: 0 written, 1 the design has errors (shown in the report) or declares\n' +
          'no system, 2 bad usage, unreadable input or unwritable output.',
      )
      .argument('<file>', 'the design file')
      .option('-o, --output <file>', 'the page to write (default: report.html)')
      .option('--simulate', 'add a simulation of each system (its default run) with charts')
      .option('--duration <time>', 'with --simulate: simulated time, e.g. 30s or 10m (default: the simulator\'s)')
      .option('--seed <n>', 'with --simulate: the random seed (default: the simulator\'s)')
      .action(async (file: string, options: ReportOptions) => {
        ctx.exitCode = await run(file, options, ctx);
      });
  },
};

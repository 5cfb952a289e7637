/**
 * Runs every benchmark and prints a summary table with the issues' targets.
 *
 *   npm run bench        (tsc -b, then node out/server/bench/index.js)
 *
 * Each benchmark runs in a process of its own (this file with `--one NAME`),
 * so none measures code the JIT shaped for another (the simulation engine ran
 * a third slower after the sampler micro-benchmarks in one process) and no
 * worker or server left by one competes with the next. Each module also runs
 * on its own (`node out/server/bench/<name>.bench.js`). A benchmark that
 * fails is reported and the others still run; the exit code is then 1.
 */
import { spawn } from 'child_process';
import { benchAnalyze, printAnalyzeResults, TARGETS } from './analyze.bench';
import { benchDiagram } from './diagram.bench';
import { benchGrowth, GROWTH_TARGETS } from './growth.bench';
import { benchPreview, PREVIEW_TARGETS, printPreviewResults } from './preview.bench';
import { benchOverload, OVERLOAD_TARGETS } from './overload.bench';
import { benchSim, SIM_TARGETS } from './sim.bench';
import { benchSimCore } from './sim-core.bench';
import { type Targets, verdict } from './targets';
import { benchWorstCases, WORST_CASE_TARGETS } from './worst-cases.bench';

interface Bench {
  name: string;
  run: () => Record<string, number> | Promise<Record<string, number>>;
  /** Prints the module's own detailed lines (the others print while they run). */
  print?: (results: Record<string, number>) => void;
  /** Node flags for its process. */
  nodeArgs?: string[];
}

const BENCHES: Bench[] = [
  { name: 'analyze', run: benchAnalyze, print: printAnalyzeResults },
  { name: 'diagram', run: benchDiagram },
  // A collection before each sample, and a young generation that holds one run at either size (growth.bench.ts).
  { name: 'growth', run: benchGrowth, nodeArgs: ['--expose-gc', '--max-semi-space-size=64'] },
  { name: 'preview', run: benchPreview, print: printPreviewResults },
  { name: 'sim-core', run: benchSimCore },
  // --expose-gc: exact heap figures for the memory check.
  { name: 'sim', run: benchSim, nodeArgs: ['--expose-gc'] },
  { name: 'worst-cases', run: benchWorstCases },
  // --expose-gc: a collection before the resident-memory baseline.
  { name: 'overload', run: benchOverload, nodeArgs: ['--expose-gc'] },
];

const ALL_TARGETS: Targets = { ...TARGETS, ...PREVIEW_TARGETS, ...SIM_TARGETS, ...WORST_CASE_TARGETS, ...GROWTH_TARGETS, ...OVERLOAD_TARGETS };

/** The line a child prints its figures on, for the parent to pick out. */
const RESULT_MARK = '@@bench-results ';

/** Child side: runs one benchmark and prints its figures on a marked line. */
async function runOne(name: string): Promise<void> {
  const bench = BENCHES.find((b) => b.name === name);
  if (!bench) throw new Error(`no benchmark named ${name}`);
  const results = await bench.run();
  bench.print?.(results);
  console.log(RESULT_MARK + JSON.stringify(results));
}

/** Parent side: runs one benchmark in its own process, passing its output through. */
function runChild(bench: Bench): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(bench.nodeArgs ?? []), __filename, '--one', bench.name], { stdio: ['ignore', 'pipe', 'inherit'] });
    let results: Record<string, number> | undefined;
    let pending = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) {
        if (line.startsWith(RESULT_MARK)) results = JSON.parse(line.slice(RESULT_MARK.length)) as Record<string, number>;
        else console.log(line);
      }
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (pending) console.log(pending);
      if (code === 0 && results) resolve(results);
      else reject(new Error(`the ${bench.name} benchmark exited with ${code}${results ? '' : ' without figures'}`));
    });
  });
}

function format(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs >= 1e6) return `${(value / 1e6).toFixed(2)}M`;
  if (abs >= 100 || Number.isInteger(value)) return String(Math.round(value));
  return value.toFixed(abs >= 1 ? 2 : 4);
}

async function main(): Promise<void> {
  const rows: { bench: string; figure: string; value: string; target: string }[] = [];
  let failed = false;
  for (const bench of BENCHES) {
    console.log(`\n== ${bench.name} ==`);
    const t0 = performance.now();
    try {
      const results = await runChild(bench);
      for (const [figure, value] of Object.entries(results)) {
        rows.push({ bench: bench.name, figure, value: format(value), target: verdict(value, ALL_TARGETS[figure], format) });
      }
      console.log(`(${bench.name}: ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
    } catch (err) {
      failed = true;
      console.error(`${bench.name} failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
      rows.push({ bench: bench.name, figure: 'FAILED', value: '', target: '' });
    }
  }

  const widths = {
    bench: Math.max(5, ...rows.map((r) => r.bench.length)),
    figure: Math.max(6, ...rows.map((r) => r.figure.length)),
    value: Math.max(5, ...rows.map((r) => r.value.length)),
  };
  console.log('\n== summary ==');
  console.log(`${'bench'.padEnd(widths.bench)}  ${'figure'.padEnd(widths.figure)}  ${'value'.padStart(widths.value)}  target`);
  for (const r of rows) {
    console.log(`${r.bench.padEnd(widths.bench)}  ${r.figure.padEnd(widths.figure)}  ${r.value.padStart(widths.value)}  ${r.target}`);
  }
  if (failed) process.exitCode = 1;
}

if (process.argv[2] === '--one') {
  runOne(process.argv[3] ?? '').catch((err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exitCode = 1;
  });
} else {
  void main();
}

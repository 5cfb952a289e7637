/**
 * Runs every benchmark and prints a summary table.
 *
 *   npm run bench        (tsc -b, then node out/server/bench/index.js)
 *
 * Each module also runs on its own (`node out/server/bench/<name>.bench.js`).
 * A benchmark that throws is reported and the others still run; the exit code
 * is then 1.
 */
import { benchAnalyze, printAnalyzeResults, TARGETS } from './analyze.bench';
import { benchDiagram } from './diagram.bench';
import { benchPreview, printPreviewResults } from './preview.bench';
import { benchSim } from './sim.bench';
import { benchSimCore } from './sim-core.bench';

interface Bench {
  name: string;
  run: () => Record<string, number> | Promise<Record<string, number>>;
  /** Prints the module's own detailed lines (the others print while they run). */
  print?: (results: Record<string, number>) => void;
}

const BENCHES: Bench[] = [
  { name: 'analyze', run: benchAnalyze, print: printAnalyzeResults },
  { name: 'diagram', run: benchDiagram },
  { name: 'preview', run: benchPreview, print: printPreviewResults },
  { name: 'sim-core', run: benchSimCore },
  { name: 'sim', run: benchSim },
];

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
      const results = await bench.run();
      bench.print?.(results);
      for (const [figure, value] of Object.entries(results)) {
        const target = TARGETS[figure];
        rows.push({
          bench: bench.name,
          figure,
          value: format(value),
          target: target === undefined ? '' : `< ${target} ${value < target ? 'ok' : 'OVER'}`,
        });
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

void main();

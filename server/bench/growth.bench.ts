/**
 * Does every stage of the language core grow linearly with the design?
 *
 *   node out/server/bench/growth.bench.js        (or npx tsx server/bench/growth.bench.ts)
 *
 * Three shapes, each at a base size and at ten times it:
 * - mixed: the generated design of the other benchmarks (bench/generate.ts);
 * - fanout: one client calling N services (sync-cycle was quadratic in fan-out);
 * - chain: N services calling one another in a line.
 *
 * Each stage is timed alone, warm, as the least of a few runs: parse (lex +
 * parse), model (buildModels), rules (runRules), estimate (estimateSystem)
 * and graph (the diagram's buildGraph). The figure reported is the ratio of
 * the big design's time to the base design's: about 10 when the stage is
 * linear, about 100 when it is quadratic. Target: below 20 (GC and cache
 * effects make a linear stage read 8–15).
 *
 * A single system of 32,000 components can read 25–50 for parse and model:
 * that is V8's garbage collector promoting the big syntax tree and model out
 * of the young generation, not the algorithms. Under
 * `node --max-semi-space-size=64` the same stages grow about 9-10x.
 */
import { parse } from '../src/syntax';
import { buildModels } from '../src/model/build';
import type { SystemModel } from '../src/model/types';
import { runRules } from '../src/rules/runner';
import { LineIndex } from '../src/diagnostics';
import { estimateSystem } from '../src/estimate/propagate';
import { buildGraph } from '../src/diagram/graph';
import { generateDesign } from './generate';
import { type Targets, verdict } from './targets';

const GROWTH = 10;
const RUNS = 5;
const LINEAR_CEILING = 20;

interface Shape {
  name: string;
  base: number;
  design: (n: number) => string;
}

function fanout(n: number): string {
  const lines = ['system fanout {', '  client users { rate: 10/s }'];
  for (let i = 0; i < n; i++) lines.push(`  service s${i} { instances: 2 }`);
  for (let i = 0; i < n; i++) lines.push(`  users -> s${i}`);
  return [...lines, '}', ''].join('\n');
}

function chain(n: number): string {
  const lines = ['system chain {', '  client users { rate: 10/s }'];
  for (let i = 0; i < n; i++) lines.push(`  service s${i} { instances: 2 }`);
  lines.push('  users -> s0');
  for (let i = 1; i < n; i++) lines.push(`  s${i - 1} -> s${i}`);
  return [...lines, '}', ''].join('\n');
}

const SHAPES: Shape[] = [
  { name: 'mixed', base: 1000, design: (n) => generateDesign({ components: n }) },
  { name: 'fanout', base: 3200, design: fanout },
  { name: 'chain', base: 500, design: chain },
];

const STAGES = ['parse', 'model', 'rules', 'estimate', 'graph'] as const;
type Stage = (typeof STAGES)[number];

/** The least of RUNS timings of `run`, in milliseconds, after one warm-up. */
function least(run: () => unknown): number {
  run();
  let best = Infinity;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    run();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

function stageTimes(text: string): Record<Stage, number> {
  const { ast } = parse(text);
  const systems: SystemModel[] = buildModels(ast, () => undefined);
  const lines = new LineIndex(text);
  return {
    parse: least(() => parse(text)),
    model: least(() => buildModels(ast, () => undefined)),
    rules: least(() => runRules({ text, ast, lines, systems })),
    estimate: least(() => systems.map(estimateSystem)),
    graph: least(() => systems.map((s) => buildGraph(s))),
  };
}

export const GROWTH_TARGETS: Targets = Object.fromEntries(
  SHAPES.flatMap((s) => STAGES.map((stage) => [`growth.${s.name}.${stage}.ratio`, { below: LINEAR_CEILING }])),
);

export function benchGrowth(): Record<string, number> {
  const results: Record<string, number> = {};
  for (const shape of SHAPES) {
    const small = stageTimes(shape.design(shape.base));
    const big = stageTimes(shape.design(shape.base * GROWTH));
    console.log(`growth ${shape.name}: ${shape.base} -> ${shape.base * GROWTH} components`);
    for (const stage of STAGES) {
      const ratio = big[stage] / Math.max(small[stage], 0.01);
      const key = `growth.${shape.name}.${stage}.ratio`;
      results[key] = Math.round(ratio * 10) / 10;
      console.log(`  ${stage.padEnd(8)} ${small[stage].toFixed(1).padStart(8)} ms -> ${big[stage].toFixed(1).padStart(8)} ms   x${ratio.toFixed(1).padEnd(6)} ${verdict(ratio, GROWTH_TARGETS[key], (n) => String(n))}`);
    }
  }
  return results;
}

if (require.main === module) benchGrowth();

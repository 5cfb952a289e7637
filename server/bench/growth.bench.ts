/**
 * Does every stage of the language core grow linearly with the design?
 *
 *   node --expose-gc --max-semi-space-size=64 out/server/bench/growth.bench.js
 *   (npm run bench passes both flags; see below for why)
 *
 * Three shapes, each at a base size and at ten times it:
 * - mixed: the generated design of the other benchmarks (bench/generate.ts);
 * - fanout: one client calling N services (sync-cycle was quadratic in fan-out);
 * - chain: N services calling one another in a line.
 *
 * Each stage is timed alone, warm: parse (lex + parse), model (buildModels),
 * rules (runRules), estimate (estimateSystem) and graph (the diagram's
 * buildGraph). The figure reported is the big design's time over the base
 * design's: about 10 when the stage is linear, about 100 when it is
 * quadratic. Target: below 20 (LINEAR_CEILING says why not 10).
 *
 * Measured fairly, because the figures were mostly noise and GC before:
 * - a sample repeats a stage until it has run at least 20 ms, so a 1 ms stage
 *   is not all timer and scheduling noise;
 * - the heap is collected before every sample (--expose-gc), so no sample
 *   pays for the garbage of the one before;
 * - samples alternate small and big and the figure is the median of the
 *   per-pair ratios, so a burst of load from other processes lands on both
 *   sides of a ratio;
 * - the young generation is made large enough (--max-semi-space-size=64) to
 *   hold one run's live objects at either size. With V8's default, a run on
 *   the big design keeps more live objects than a scavenge can let die, so
 *   each is copied and promoted to the old generation, while the small
 *   design's die young for free: that alone read 17-50x for parse and graph
 *   on fanout 3.2k -> 32k, though the time outside the collector (inspector
 *   CPU profile) grew 6-11x for every stage on fanout and on chain 5k -> 50k.
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
const SAMPLES = 7;
/** A sample repeats a stage until it has run this long, so timer noise is small beside it. */
const MIN_SAMPLE_MS = 20;
/**
 * About 10 is linear and 100 quadratic. A linear stage reads up to about 20:
 * the base design's maps and objects fit the CPU caches and the big one's do
 * not (rules on fanout took 3-4.5 µs per component from 320 to 320,000
 * components, yet one decade of that read 13-21x on this bench).
 */
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
  { name: 'chain', base: 5000, design: chain },
];

const STAGES = ['parse', 'model', 'rules', 'estimate', 'graph'] as const;
type Stage = (typeof STAGES)[number];

const collect: () => void = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

/** A stage's work, repeated enough times that one sample takes at least MIN_SAMPLE_MS. */
interface Sampler {
  run: () => unknown;
  reps: number;
}

function sampler(run: () => unknown): Sampler {
  run(); // warm-up
  const t0 = performance.now();
  run();
  const once = Math.max(performance.now() - t0, 0.001);
  return { run, reps: Math.max(1, Math.ceil(MIN_SAMPLE_MS / once)) };
}

/** One run's time in milliseconds, from a sample taken after a full collection. */
function sample({ run, reps }: Sampler): number {
  collect();
  const t0 = performance.now();
  for (let r = 0; r < reps; r++) run();
  return (performance.now() - t0) / reps;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Each stage of the language core on one design, ready to time. */
function stageRuns(text: string): Record<Stage, () => unknown> {
  const { ast } = parse(text);
  const systems: SystemModel[] = buildModels(ast, () => undefined);
  const lines = new LineIndex(text);
  return {
    parse: () => parse(text),
    model: () => buildModels(ast, () => undefined),
    rules: () => runRules({ text, ast, lines, systems }),
    estimate: () => systems.map(estimateSystem),
    graph: () => systems.map((s) => buildGraph(s)),
  };
}

/**
 * The small and the big design's times per run, and their ratio as the median
 * of per-pair ratios: samples alternate small and big so that a burst of load
 * from other processes lands on both sides of a ratio rather than on one.
 */
function growthOf(small: () => unknown, big: () => unknown): { small: number; big: number; ratio: number } {
  const s = sampler(small);
  const b = sampler(big);
  const smalls: number[] = [];
  const bigs: number[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    smalls.push(sample(s));
    bigs.push(sample(b));
    ratios.push(bigs[i] / Math.max(smalls[i], 0.001));
  }
  return { small: median(smalls), big: median(bigs), ratio: median(ratios) };
}

export const GROWTH_TARGETS: Targets = Object.fromEntries(
  SHAPES.flatMap((s) => STAGES.map((stage) => [`growth.${s.name}.${stage}.ratio`, { below: LINEAR_CEILING }])),
);

const ms = (t: number) => `${t.toFixed(1).padStart(8)} ms`;

export function benchGrowth(): Record<string, number> {
  if (!(globalThis as { gc?: unknown }).gc) console.log('(run node with --expose-gc to collect before each sample)');
  const results: Record<string, number> = {};
  for (const shape of SHAPES) {
    const small = stageRuns(shape.design(shape.base));
    const big = stageRuns(shape.design(shape.base * GROWTH));
    console.log(`growth ${shape.name}: ${shape.base} -> ${shape.base * GROWTH} components (median time per run)`);
    for (const stage of STAGES) {
      const g = growthOf(small[stage], big[stage]);
      const key = `growth.${shape.name}.${stage}.ratio`;
      results[key] = Math.round(g.ratio * 10) / 10;
      console.log(`  ${stage.padEnd(8)} ${ms(g.small)} -> ${ms(g.big)}   x${g.ratio.toFixed(1).padEnd(6)} ${verdict(g.ratio, GROWTH_TARGETS[key], (n) => String(n))}`);
    }
  }
  return results;
}

if (require.main === module) benchGrowth();

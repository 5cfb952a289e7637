// Diagram benchmark: warm layout + SVG render for generated graphs of 50 and
// 200 nodes (with regions and groups, ~1.3 edges per node), and the restyle
// path (property-only edit) at 200 nodes, `layout: auto` (up to four
// candidate layouts) at 50 and 200 nodes, and the drawing quality of every
// sample's default drawing (diagram-quality.ts: aspect ratio, crossings,
// edge length, label-to-edge gap; the per-sample table is printed too).
// Run: npx tsx server/bench/diagram.bench.ts
import { layoutGraph, restyle, shapeKey } from '../src/diagram/layout';
import { renderSvg } from '../src/diagram/svg';
import type { DiagramEdge, DiagramGraph, DiagramNode } from '../src/diagram/types';
import { printQuality, sampleQuality } from './diagram-quality';

const KINDS = ['service', 'service', 'service', 'worker', 'cache', 'database', 'queue', 'stream', 'gateway', 'blob', 'client'];

/** A seeded generator, so every run measures the same graphs. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generateGraph(size: number, seed = 1): DiagramGraph {
  const random = rng(seed);
  const span = { start: 0, end: 0 };
  const nodes: DiagramNode[] = [];
  // One region per ~25 nodes, each with a group inside.
  const regions = Math.max(1, Math.round(size / 25));
  const boxes: string[] = [];
  for (let r = 0; r < regions; r++) {
    nodes.push({ id: `region${r}`, kind: 'region', label: `region${r}`, title: `Region ${r}`, container: true, span });
    nodes.push({ id: `group${r}`, kind: 'group', label: `group${r}`, container: true, parent: `region${r}`, span });
    boxes.push(`region${r}`, `group${r}`);
  }
  const leaves: string[] = [];
  for (let i = 0; nodes.length < size; i++) {
    const kind = KINDS[Math.floor(random() * KINDS.length)]!;
    const id = `${kind}_${i}`;
    const node: DiagramNode = { id, kind, label: id, container: false, span, subtitle: `tech · ${Math.floor(random() * 40)} ms` };
    if (random() < 0.3) node.title = `The ${kind} number ${i}`;
    if (kind === 'database' && random() < 0.5) node.stack = { count: 8, label: '4 shards × 2 replicas' };
    if (random() < 0.6) node.parent = boxes[Math.floor(random() * boxes.length)]!;
    nodes.push(node);
    leaves.push(id);
  }
  const edges: DiagramEdge[] = [];
  const target = Math.round(size * 1.3);
  for (let i = 0; edges.length < target; i++) {
    // Mostly forward edges (a flow), some back and across.
    const a = Math.floor(random() * leaves.length);
    const b = random() < 0.85 ? Math.min(leaves.length - 1, a + 1 + Math.floor(random() * 8)) : Math.floor(random() * leaves.length);
    if (a === b) continue;
    const e: DiagramEdge = { id: `e${i}`, source: leaves[a]!, target: leaves[b]!, async: random() < 0.2, consumer: false, span };
    if (random() < 0.25) e.label = `call ${i}`;
    edges.push(e);
  }
  return { system: `bench-${size}`, direction: 'right', nodes, edges };
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function time(runs: number, fn: () => Promise<unknown> | unknown): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}

/** Median CPU milliseconds (user + system) of this process: steadier than wall time on a busy machine. */
async function cpuTime(runs: number, fn: () => Promise<unknown> | unknown): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    await fn();
    const c = process.cpuUsage(c0);
    times.push((c.user + c.system) / 1000);
  }
  return median(times);
}

/** Median milliseconds per figure (wall clock unless the name says cpu). */
export async function benchDiagram(): Promise<Record<string, number>> {
  const results: Record<string, number> = {};
  const coldStart = performance.now();
  await layoutGraph(generateGraph(10, 99));
  results['first_layout_10_nodes_ms'] = performance.now() - coldStart;

  for (const size of [50, 200]) {
    const graph = generateGraph(size);
    await layoutGraph(graph); // warm
    results[`layout_${size}_ms`] = await time(5, () => layoutGraph(graph));
    results[`layout_${size}_cpu_ms`] = await cpuTime(5, () => layoutGraph(graph));
    const drawing = await layoutGraph(graph);
    results[`render_svg_${size}_ms`] = await time(20, () => renderSvg(drawing, { standalone: true }));
    results[`layout_render_${size}_ms`] = await time(5, async () => renderSvg(await layoutGraph(graph)));
  }

  const graph = generateGraph(200);
  const drawing = await layoutGraph(graph);
  let n = 0;
  const edited = (): DiagramGraph => ({
    ...graph,
    nodes: graph.nodes.map((node) => (node.subtitle ? { ...node, subtitle: node.subtitle.replace(/\d+/, (d) => String((Number(d) + ++n) % 10).repeat(d.length)) } : node)),
  });
  results['shape_key_200_ms'] = await time(20, () => shapeKey(edited()));
  results['restyle_200_ms'] = await time(20, () => {
    if (!restyle(drawing, edited())) throw new Error('restyle declined a property-only edit');
  });
  results['restyle_render_200_ms'] = await time(20, () => renderSvg(restyle(drawing, edited())!));

  for (const size of [50, 200]) {
    const graph: DiagramGraph = { ...generateGraph(size), direction: 'auto' };
    await layoutGraph(graph); // warm
    results[`layout_auto_${size}_ms`] = await time(3, () => layoutGraph(graph));
  }

  const quality = await sampleQuality();
  printQuality(quality);
  const mean = (f: (r: (typeof quality)[number]) => number): number => quality.reduce((sum, r) => sum + f(r), 0) / quality.length;
  results['samples_aspect_min'] = Math.min(...quality.map((r) => r.aspectRatio));
  results['samples_aspect_max'] = Math.max(...quality.map((r) => r.aspectRatio));
  results['samples_crossings_mean'] = mean((r) => r.crossings);
  results['samples_edge_length_mean'] = mean((r) => r.totalEdgeLength);
  results['samples_label_gap_mean'] = mean((r) => r.meanLabelDistance);

  for (const key of Object.keys(results)) results[key] = Math.round(results[key]! * 100) / 100;
  return results;
}

if (require.main === module) {
  benchDiagram().then(
    (results) => {
      for (const [name, value] of Object.entries(results)) console.log(`${name.padEnd(28)} ${value.toFixed(2).padStart(9)}${name.endsWith('_ms') ? ' ms' : ''}`);
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}

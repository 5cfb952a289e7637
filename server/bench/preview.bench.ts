/**
 * Preview speed: from an edit to an updated drawing, layout included.
 *
 *   npm run bench        (all benchmarks)
 *   node out/server/bench/preview.bench.js      (or npx tsx server/bench/preview.bench.ts)
 *
 * Designs come from bench/generate.ts (one system of 50 or 200 components,
 * with regions, groups, databases, streams and queues).
 *
 * - edit_to_drawing_{50,200}_ms: the server's pipeline in this process, the
 *   way the language server runs it: analyze the new text, build the graph,
 *   lay it out in the worker thread (LayoutRunner), then render the SVG the
 *   page shows. Each edit adds or removes a component, so each one is a full
 *   layout (no restyle).
 * - property_edit_200_ms: the same for an edit that changes only a property
 *   (a service's timeout): the old layout is restyled, nothing is laid out.
 * - lsp_*: the same edits against the compiled language server over stdio
 *   (didChange, then `sysdesign/diagram`, until the answer is parsed), plus
 *   renderSvg as the page does, once the server's background warm-up is over.
 *   Skipped when the server is not built.
 * - worker_warmup_ms: the layout worker's warm-up (ELK loaded, then layouts
 *   until V8 has optimised it), which runs in the background from the first
 *   preview on; the figures above are for a warm worker.
 * - *_layout_ms, *_analyze_ms: where the time goes.
 *
 * Not included: the extension's 100 ms typing debounce (a deliberate wait)
 * and the page's DOM work.
 *
 * Targets: 50 components < 150 ms, 200 components < 500 ms, property edit at
 * 200 components < 50 ms.
 */
import * as fs from 'fs';
import * as path from 'path';
import { analyze, type Analysis } from '../src/analyze';
import { renderSvg } from '../src/diagram/svg';
import { DiagramService, FULL_WARM_UP_ROUNDS } from '../src/lsp/diagram';
import { LayoutRunner } from '../src/diagram/layout-runner';
import { DiagramRequest, type DiagramResult } from '../src/protocol';
import { LspClient } from '../test/lsp/harness';
import { generateDesign } from './generate';
import { type Targets, verdict } from './targets';

export const PREVIEW_TARGETS: Targets = {
  edit_to_drawing_50_ms: { below: 150 },
  edit_to_drawing_200_ms: { below: 500 },
  property_edit_200_ms: { below: 50 },
  lsp_edit_to_drawing_50_ms: { below: 150 },
  lsp_edit_to_drawing_200_ms: { below: 500 },
  lsp_property_edit_200_ms: { below: 50 },
};

const RUNS = 11;

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Two texts of different shape (one more component), and two of the same shape (a property differs). */
function variants(size: number): { shapes: [string, string]; properties: [string, string] } {
  const base = generateDesign({ components: size, systems: 1, seed: 1 });
  const close = base.lastIndexOf('\n}');
  const extra = `${base.slice(0, close)}\n  service bench_extra { instances: 2 }${base.slice(close)}`;
  if (!/timeout: \d+s/.test(base)) throw new Error('the generated design has no service timeout to edit');
  const other = base.replace(/timeout: (\d+)s/, (_, n: string) => `timeout: ${Number(n) + 1}s`);
  return { shapes: [base, extra], properties: [base, other] };
}

interface Step {
  ms: number;
  /** CPU time of the whole process (this thread and the layout worker). */
  cpuMs: number;
  layout: DiagramResult['layout'];
  analyzeMs: number;
  layoutMs: number;
  nodes: number;
}

/** The server's pipeline in-process, with the layout worker. */
class Pipeline {
  private readonly docs = new Map<string, { version: number; analysis: Analysis }>();
  readonly runner = new LayoutRunner();
  readonly service = new DiagramService({ get: (uri) => this.docs.get(uri) }, this.runner);

  async edit(uri: string, text: string): Promise<Step> {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const analysis = analyze(text);
    const analyzeMs = performance.now() - t0;
    this.docs.set(uri, { version: (this.docs.get(uri)?.version ?? 0) + 1, analysis });
    const result = await this.service.diagram({ uri });
    if (!result.drawing) throw new Error(`no drawing: ${result.error}`);
    renderSvg(result.drawing, { badges: result.badges });
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(c0);
    const layoutMs = result.layout === 'full' ? this.service.lastLayoutMs : 0;
    return { ms, cpuMs: (cpu.user + cpu.system) / 1000, layout: result.layout, analyzeMs, layoutMs, nodes: result.drawing.nodes.length };
  }
}

/** The compiled server over stdio. */
class Server {
  private version = 1;
  private constructor(
    readonly client: LspClient,
    readonly uri: string,
  ) {}

  static async start(uri: string, text: string): Promise<Server> {
    const client = new LspClient();
    await client.initialize();
    await client.open(uri, text);
    return new Server(client, uri);
  }

  async edit(text: string): Promise<{ ms: number; layout: DiagramResult['layout'] }> {
    const t0 = performance.now();
    this.version++;
    await this.client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: this.uri, version: this.version },
      contentChanges: [{ text }],
    });
    const result = await this.client.request(DiagramRequest, { uri: this.uri, version: this.version });
    if (!result.drawing || result.version !== this.version) throw new Error(`stale or missing drawing: ${result.error}`);
    renderSvg(result.drawing, { badges: result.badges });
    return { ms: performance.now() - t0, layout: result.layout };
  }

  stop(): Promise<void> {
    return this.client.shutdown();
  }
}

function serverBuilt(): boolean {
  return fs.existsSync(path.join(__dirname, '..', 'src', 'lsp', 'main.js')) || fs.existsSync(path.join(__dirname, '..', 'src', 'lsp', 'main.ts'));
}

async function series(edit: (i: number) => Promise<{ ms: number; layout: DiagramResult['layout'] }>, expect: DiagramResult['layout']): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const step = await edit(i);
    if (step.layout !== expect) throw new Error(`edit ${i}: expected a ${expect} layout, got ${step.layout}`);
    times.push(step.ms);
  }
  return times;
}

export async function benchPreview(): Promise<Record<string, number>> {
  const results: Record<string, number> = {};
  const pipeline = new Pipeline();
  const t0 = performance.now();
  // What the server does: ELK loaded at start, the rest of the warm-up from the first preview on.
  await pipeline.runner.warmUp(FULL_WARM_UP_ROUNDS);
  results['worker_warmup_ms'] = performance.now() - t0;
  try {
    for (const size of [50, 200]) {
      const { shapes, properties } = variants(size);
      const uri = `file:///bench/preview-${size}.sysdesign`;
      // JIT warm-up: the first layouts of a process are slower.
      for (let i = 0; i < 3; i++) await pipeline.edit(uri, shapes[i % 2]!);
      const steps: Step[] = [];
      const times = await series(async (i) => {
        const step = await pipeline.edit(uri, shapes[(i + 1) % 2]!);
        steps.push(step);
        return step;
      }, 'full');
      results[`edit_to_drawing_${size}_ms`] = median(times);
      results[`edit_to_drawing_${size}_cpu_ms`] = median(steps.map((s) => s.cpuMs));
      results[`edit_to_drawing_${size}_analyze_ms`] = median(steps.map((s) => s.analyzeMs));
      results[`edit_to_drawing_${size}_layout_ms`] = median(steps.map((s) => s.layoutMs));
      results[`edit_to_drawing_${size}_nodes`] = (await pipeline.edit(uri, shapes[0])).nodes;
      if (size === 200) {
        await pipeline.edit(uri, properties[0]);
        const steps: Step[] = [];
        const restyles = await series(async (i) => {
          const step = await pipeline.edit(uri, properties[(i + 1) % 2]!);
          steps.push(step);
          return step;
        }, 'restyle');
        results['property_edit_200_ms'] = median(restyles);
        results['property_edit_200_cpu_ms'] = median(steps.map((s) => s.cpuMs));
        results['property_edit_200_analyze_ms'] = median(steps.map((s) => s.analyzeMs));
      }
    }
  } finally {
    await pipeline.service.dispose();
  }

  if (!serverBuilt()) {
    console.log('preview: the language server is not built; skipping the lsp_* figures (npm run build)');
  } else {
    for (const size of [50, 200]) {
      const { shapes, properties } = variants(size);
      const server = await Server.start(`file:///bench/lsp-preview-${size}.sysdesign`, shapes[0]);
      try {
        // The first request starts the server's background warm-up; let it finish, as it
        // does while a user reads the first drawing (it took worker_warmup_ms here).
        await server.edit(shapes[1]);
        await new Promise((resolve) => setTimeout(resolve, Math.max(3000, 1.3 * results['worker_warmup_ms']!)));
        // As many edits as the in-process figures had before they were measured (JIT warm-up of analyze too).
        for (let i = 0; i < 8; i++) await server.edit(shapes[i % 2]!);
        results[`lsp_edit_to_drawing_${size}_ms`] = median(await series((i) => server.edit(shapes[i % 2]!), 'full'));
        if (size === 200) {
          await server.edit(properties[0]);
          results['lsp_property_edit_200_ms'] = median(await series((i) => server.edit(properties[(i + 1) % 2]!), 'restyle'));
        }
      } finally {
        await server.stop();
      }
    }
  }
  for (const key of Object.keys(results)) results[key] = Math.round(results[key]! * 10) / 10;
  return results;
}

export function printPreviewResults(results: Record<string, number>): void {
  for (const [name, value] of Object.entries(results)) {
    const judged = verdict(value, PREVIEW_TARGETS[name], (n) => `${n} ms`);
    const unit = name.endsWith('_nodes') ? '' : ' ms';
    console.log(`${name.padEnd(32)} ${value.toFixed(1).padStart(9)}${unit}${judged ? `  target ${judged}` : ''}`);
  }
}

if (require.main === module) {
  benchPreview().then(printPreviewResults, (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}

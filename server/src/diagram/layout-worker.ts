// The layout worker: runs elkjs off the language server's main thread, so
// diagnostics, completion and hover keep flowing while a big design is laid
// out. Started by LayoutRunner (layout-runner.ts); bundled on its own as
// dist/layout-worker.js, and compiled next to layout-runner.js otherwise.
//
// One job at a time: the runner sends the next job only after this one
// answers, so there is nothing to queue here.
//
// Warm-up: ELK is compiled GWT code that V8 needs about twenty layouts to
// optimise (measured here: a 50-component design went from 1.3 s to 0.1 s
// over its first 20 layouts, a 200-component one from 3.2 s to 0.25 s).
// Round 0 is the core's tiny warmUpLayout(); later rounds lay out a synthetic
// design shaped like real ones (regions holding groups of services, stores
// and queues, labelled edges within and across them).
//
// Test hook: with SYSDESIGN_TEST_HOLD_LAYOUTS=<file> in the server's
// environment, a layout (not a warm-up round) starts only once that file
// exists, so a test can act while a layout is surely still pending.
import * as fs from 'fs';
import { parentPort } from 'worker_threads';
import { layoutGraph, warmUpLayout } from '../diagram/layout';
import type { DiagramEdge, DiagramGraph, DiagramNode } from '../diagram/types';
import type { LayoutWorkerReply, LayoutWorkerRequest } from './layout-runner';

function describe(err: unknown): string {
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}

const KINDS = ['service', 'service', 'cache', 'database', 'queue', 'worker', 'service', 'stream'];

/** A deterministic design-like graph: `regions` regions of 2 groups of `perGroup` components. */
export function warmUpGraph(regions: number, perGroup: number, direction: 'right' | 'down'): DiagramGraph {
  const span = { start: 0, end: 0 };
  const nodes: DiagramNode[] = [
    { id: 'users', kind: 'client', label: 'users', title: 'Mobile and web', subtitle: '20k/s', container: false, span },
    { id: 'lb', kind: 'loadbalancer', label: 'lb', subtitle: 'alb · least_connections', container: false, span },
  ];
  const edges: DiagramEdge[] = [];
  const edge = (source: string, target: string, label?: string, async = false): void => {
    edges.push({ id: `${source}->${target}`, source, target, async, consumer: false, span, ...(label ? { label } : {}) });
  };
  edge('users', 'lb');
  let lastOfRegion: string | undefined;
  for (let r = 0; r < regions; r++) {
    const region = `region_${r}`;
    nodes.push({ id: region, kind: 'region', label: region, title: `Region ${r}`, container: true, span });
    const members: string[] = [];
    for (let g = 0; g < 2; g++) {
      const group = `${region}_team_${g}`;
      nodes.push({ id: group, kind: 'group', label: group, container: true, parent: region, span });
      for (let i = 0; i < perGroup; i++) {
        const kind = KINDS[(r + g + i) % KINDS.length]!;
        const id = `${group}_${kind}_${i}`;
        const node: DiagramNode = { id, kind, label: id, subtitle: `tech · ${i + 2} ms`, container: false, parent: group, span };
        if (i % 3 === 0) node.title = `The ${kind} ${i}`;
        if (kind === 'database') node.stack = { count: 6, label: '3 shards × 2' };
        nodes.push(node);
        if (i === 0) edge('lb', id, `/${group}`);
        else edge(members[members.length - 1]!, id, i % 4 === 0 ? 'event.sent' : undefined, i % 4 === 0);
        members.push(id);
      }
    }
    // Across groups and across regions, as real designs connect them.
    edge(members[1]!, members[members.length - 1]!);
    if (lastOfRegion) edge(lastOfRegion, members[2]!, 'replicates', true);
    lastOfRegion = members[members.length - 2];
  }
  return { system: 'warm-up', direction, nodes, edges };
}

const HOLD_LAYOUTS_UNTIL = process.env.SYSDESIGN_TEST_HOLD_LAYOUTS;

async function released(file: string): Promise<void> {
  while (!fs.existsSync(file)) await new Promise((resolve) => setTimeout(resolve, 20));
}

async function handle(request: LayoutWorkerRequest): Promise<LayoutWorkerReply> {
  const t0 = performance.now();
  try {
    if (request.type === 'warmup') {
      if (request.round === 0) await warmUpLayout();
      else await layoutGraph(warmUpGraph(2 + (request.round % 3), 5 + (request.round % 4), request.round % 5 === 4 ? 'down' : 'right'));
      return { type: 'done', id: request.id, ms: performance.now() - t0 };
    }
    if (HOLD_LAYOUTS_UNTIL) await released(HOLD_LAYOUTS_UNTIL);
    const drawing = await layoutGraph(request.graph);
    return { type: 'done', id: request.id, drawing, ms: performance.now() - t0 };
  } catch (err) {
    return { type: 'failed', id: request.id, message: describe(err) };
  }
}

if (parentPort) {
  const port = parentPort;
  port.on('message', (request: LayoutWorkerRequest) => {
    void handle(request).then((reply) => port.postMessage(reply));
  });
}

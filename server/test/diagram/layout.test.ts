import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from '../helpers/property';
import { layoutGraph, removeJogs, restyle, shapeKey } from '../../src/diagram/layout';
import { HEADER_HEIGHT, containerMinSize, hasLabel, kindMetrics, nodeFrame, nodeSize } from '../../src/diagram/metrics';
import type { DiagramGraph, DiagramNode, Drawing, Point, PositionedNode } from '../../src/diagram/types';
import { edge, node, shopGraph } from './fixtures';

const EPS = 1;

function ancestors(drawing: Drawing, id: string): Set<string> {
  const byId = new Map(drawing.nodes.map((n) => [n.id, n]));
  const out = new Set<string>();
  for (let p = byId.get(id)?.parent; p !== undefined && !out.has(p); p = byId.get(p)?.parent) out.add(p);
  return out;
}

function overlaps(a: PositionedNode, b: PositionedNode): boolean {
  return a.x < b.x + b.width - 0.5 && b.x < a.x + a.width - 0.5 && a.y < b.y + b.height - 0.5 && b.y < a.y + a.height - 0.5;
}

function onBorder(p: Point, n: PositionedNode): boolean {
  const inOuter = p.x >= n.x - EPS && p.x <= n.x + n.width + EPS && p.y >= n.y - EPS && p.y <= n.y + n.height + EPS;
  const inInner = p.x > n.x + EPS && p.x < n.x + n.width - EPS && p.y > n.y + EPS && p.y < n.y + n.height - EPS;
  return inOuter && !inInner;
}

/** The layout invariants every drawing must satisfy. */
function checkDrawing(graph: DiagramGraph, drawing: Drawing): void {
  const byId = new Map(drawing.nodes.map((n) => [n.id, n]));
  assert.equal(drawing.nodes.length, new Set(graph.nodes.map((n) => n.id)).size, 'every node is drawn once');
  for (const n of drawing.nodes) {
    assert.ok(n.width > 0 && n.height > 0, `${n.id} has a size`);
    if (n.container) {
      const min = containerMinSize(n);
      assert.ok(n.width >= min.width - EPS && n.height >= min.height - EPS, `${n.id} fits its header: ${n.width}x${n.height}`);
    } else {
      assert.deepEqual({ width: n.width, height: n.height }, nodeSize(n), `${n.id} has the size its text needs`);
      // Its text and icon fit inside the front shape, lines one below the other.
      const f = nodeFrame(n);
      const right = f.shape.x + f.shape.width - kindMetrics(n.kind).insets.right;
      assert.ok(f.icon.x >= f.shape.x && f.icon.y >= f.shape.y && f.icon.y + f.icon.size <= f.shape.y + f.shape.height);
      let prevBaseline = -Infinity;
      for (const l of f.lines) {
        assert.ok(l.x > f.icon.x + f.icon.size && l.x + l.width <= right - 4, `${n.id}: "${l.text}" fits across`);
        assert.ok(l.y - l.font.size * 0.8 >= f.shape.y && l.y + 3 <= f.shape.y + f.shape.height, `${n.id}: "${l.text}" fits down`);
        assert.ok(l.y - prevBaseline >= l.font.size, `${n.id}: lines do not overlap`);
        prevBaseline = l.y;
      }
    }
    assert.ok(n.x >= 0 && n.y >= 0 && n.x + n.width <= drawing.width + EPS && n.y + n.height <= drawing.height + EPS, `${n.id} inside the drawing`);
  }
  // Containers come before their children.
  const index = new Map(drawing.nodes.map((n, i) => [n.id, i]));
  for (const n of drawing.nodes) {
    if (n.parent !== undefined) assert.ok(index.get(n.parent)! < index.get(n.id)!, `${n.parent} listed before ${n.id}`);
  }
  // No two nodes overlap unless one contains the other.
  for (let i = 0; i < drawing.nodes.length; i++) {
    for (let j = i + 1; j < drawing.nodes.length; j++) {
      const a = drawing.nodes[i]!;
      const b = drawing.nodes[j]!;
      if (ancestors(drawing, a.id).has(b.id) || ancestors(drawing, b.id).has(a.id)) continue;
      assert.ok(!overlaps(a, b), `${a.id} and ${b.id} overlap`);
    }
  }
  // Children lie inside their container, below its header.
  for (const n of drawing.nodes) {
    if (n.parent === undefined) continue;
    const p = byId.get(n.parent)!;
    assert.ok(p.container, `${n.parent} is a container`);
    assert.ok(
      n.x >= p.x - EPS && n.y >= p.y + HEADER_HEIGHT - EPS && n.x + n.width <= p.x + p.width + EPS && n.y + n.height <= p.y + p.height + EPS,
      `${n.id} inside ${p.id}`,
    );
  }
  // Edges run from the source's border to the target's border.
  for (const e of drawing.edges) {
    assert.ok(e.points.length >= 2, `${e.id} has a route`);
    const first = e.points[0]!;
    const last = e.points[e.points.length - 1]!;
    assert.ok(onBorder(first, byId.get(e.source)!), `${e.id} starts on ${e.source}'s border: ${JSON.stringify(first)}`);
    assert.ok(onBorder(last, byId.get(e.target)!), `${e.id} ends on ${e.target}'s border: ${JSON.stringify(last)}`);
    if (hasLabel(e.label)) assert.ok(e.labelBox && e.labelBox.width > 0, `${e.id} has a label box`);
  }
  // Edge labels sit clear of nodes and of each other.
  const boxes = drawing.edges.flatMap((e) => (e.labelBox ? [{ id: e.id, ...e.labelBox }] : []));
  const hit = (a: { x: number; y: number; width: number; height: number }, b: typeof a): boolean =>
    a.x < b.x + b.width - 0.5 && b.x < a.x + a.width - 0.5 && a.y < b.y + b.height - 0.5 && b.y < a.y + a.height - 0.5;
  for (const [i, b] of boxes.entries()) {
    for (const n of drawing.nodes) if (!n.container) assert.ok(!hit(b, n), `label of ${b.id} overlaps ${n.id}`);
    for (const c of boxes.slice(i + 1)) assert.ok(!hit(b, c), `labels of ${b.id} and ${c.id} overlap`);
  }
}

function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('layoutGraph', () => {
  for (const direction of ['right', 'down'] as const) {
    it(`lays out the shop graph (${direction}) with no overlaps, nesting kept and edges on borders`, async () => {
      const graph = shopGraph(direction);
      const drawing = await layoutGraph(graph);
      assert.equal(drawing.direction, direction);
      assert.equal(drawing.system, 'Online shop');
      assert.equal(drawing.edges.length, graph.edges.length);
      checkDrawing(graph, drawing);
    });
  }

  it('flows in the requested direction', async () => {
    const graph: DiagramGraph = {
      system: 's',
      direction: 'right',
      nodes: [node('a', 'client'), node('b', 'service'), node('c', 'database')],
      edges: [edge('a', 'b'), edge('b', 'c')],
    };
    const right = await layoutGraph(graph);
    const down = await layoutGraph({ ...graph, direction: 'down' });
    const at = (d: Drawing, id: string) => d.nodes.find((n) => n.id === id)!;
    assert.ok(at(right, 'a').x < at(right, 'b').x && at(right, 'b').x < at(right, 'c').x);
    assert.ok(at(down, 'a').y < at(down, 'b').y && at(down, 'b').y < at(down, 'c').y);
    assert.ok(right.width > right.height);
    assert.ok(down.height > down.width);
  });

  it('sizes containers to their header and children, in both directions', async () => {
    for (const direction of ['right', 'down'] as const) {
      const graph: DiagramGraph = {
        system: 's',
        direction,
        nodes: [node('r', 'region', { title: 'A region with a rather long header title' }), node('b', 'cache', { parent: 'r' })],
        edges: [],
      };
      const drawing = await layoutGraph(graph);
      checkDrawing(graph, drawing);
      const r = drawing.nodes[0]!;
      const b = drawing.nodes[1]!;
      assert.equal(r.id, 'r');
      assert.ok(r.width >= containerMinSize(r).width, `${direction}: header fits (${r.width})`);
      assert.ok(r.height <= HEADER_HEIGHT + 12 + b.height + 16 + EPS, `${direction}: no slack below the child (${r.height})`);
    }
  });

  it('is deterministic and independent of input order', async () => {
    const graph = shopGraph();
    const a = await layoutGraph(graph);
    const b = await layoutGraph(graph);
    assert.deepEqual(a, b);
    const c = await layoutGraph({ ...graph, nodes: shuffled(graph.nodes, 7), edges: shuffled(graph.edges, 11) });
    assert.deepEqual(c, a);
    assert.equal(JSON.stringify(c), JSON.stringify(a));
  });

  it('sizes nodes from their text, kind and stack', async () => {
    const base = node('svc', 'service');
    const long = { ...base, title: 'A service with a rather long descriptive title' };
    const stacked = { ...base, stack: { count: 4, label: '4 instances' } };
    assert.ok(nodeSize(long).width > nodeSize(base).width);
    assert.ok(nodeSize(long).width <= 300, 'long titles wrap');
    assert.ok(nodeSize(stacked).height > nodeSize(base).height);
    assert.ok(nodeSize(node('d', 'database')).height > nodeSize(node('q', 'cache')).height);
    const drawing = await layoutGraph({ system: 's', direction: 'right', nodes: [long], edges: [] });
    assert.equal(drawing.nodes[0]!.width, nodeSize(long).width);
    assert.equal(drawing.nodes[0]!.height, nodeSize(long).height);
  });

  it('copes with empty graphs, dangling edges, duplicates, bad parents and self-loops', async () => {
    const empty = await layoutGraph({ system: 'e', direction: 'down', nodes: [], edges: [] });
    assert.deepEqual(empty.nodes, []);
    assert.deepEqual(empty.edges, []);
    const graph: DiagramGraph = {
      system: 's',
      direction: 'right',
      nodes: [
        node('a', 'service', { parent: 'nowhere' }),
        node('a', 'worker'),
        node('b', 'service', { parent: 'a' }), // parent is not a container
        node('g1', 'group', { parent: 'g2' }),
        node('g2', 'group', { parent: 'g1' }), // cycle
        node('c', 'cache', { parent: 'g1' }),
        node('r', 'region'), // empty container
      ],
      edges: [edge('a', 'b'), edge('a', 'missing'), edge('b', 'b', { label: 'self' }), edge('c', 'a'), { ...edge('a', 'c'), id: 'a->b' }],
    };
    const drawing = await layoutGraph(graph);
    checkDrawing(graph, drawing);
    assert.equal(drawing.nodes.find((n) => n.id === 'a')!.kind, 'service', 'first of duplicate ids wins');
    assert.equal(drawing.nodes.find((n) => n.id === 'b')!.parent, undefined);
    assert.deepEqual(
      drawing.edges.map((e) => e.id),
      ['a->b', 'b->b', 'c->a'],
    );
  });

  it('lets edges cross containers', async () => {
    const graph: DiagramGraph = {
      system: 's',
      direction: 'right',
      nodes: [
        node('us', 'region'),
        node('eu', 'region'),
        node('g', 'group', { parent: 'us' }),
        node('a', 'service', { parent: 'g' }),
        node('b', 'database', { parent: 'eu' }),
        node('c', 'client'),
      ],
      edges: [edge('c', 'a'), edge('a', 'b', { label: 'replicate' }), edge('b', 'c'), edge('c', 'eu')],
    };
    checkDrawing(graph, await layoutGraph(graph));
  });

  it('rejects with an AbortError when aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(layoutGraph(shopGraph(), { signal: controller.signal }), { name: 'AbortError' });
    const later = new AbortController();
    const pending = layoutGraph(shopGraph(), { signal: later.signal });
    later.abort();
    await assert.rejects(pending, { name: 'AbortError' });
    // The layouter still works afterwards.
    checkDrawing(shopGraph(), await layoutGraph(shopGraph()));
  });

  it('keeps its invariants on random compound graphs', async () => {
    const kinds = ['service', 'database', 'queue', 'cache', 'client', 'worker', 'stream', 'blob'];
    const arb = fc
      .record({
        leaves: fc.array(
          fc.record({
            kind: fc.constantFrom(...kinds),
            title: fc.option(fc.string({ maxLength: 30 }), { nil: undefined }),
            subtitle: fc.option(fc.string({ maxLength: 40 }), { nil: undefined }),
            stack: fc.option(fc.integer({ min: 2, max: 40 }), { nil: undefined }),
            parent: fc.nat(5),
          }),
          { minLength: 1, maxLength: 14 },
        ),
        containers: fc.array(fc.nat(5), { maxLength: 4 }),
        edges: fc.array(fc.tuple(fc.nat(40), fc.nat(40), fc.boolean(), fc.option(fc.string({ maxLength: 12 }), { nil: undefined })), {
          maxLength: 24,
        }),
        direction: fc.constantFrom('right' as const, 'down' as const),
      })
      .map(({ leaves, containers, edges, direction }) => {
        const nodes: DiagramNode[] = [];
        containers.forEach((p, i) => {
          const parent = p < i ? `box${p}` : undefined;
          nodes.push(node(`box${i}`, i % 2 ? 'group' : 'region', parent ? { parent } : {}));
        });
        leaves.forEach((l, i) => {
          const parent = l.parent < containers.length ? `box${l.parent}` : undefined;
          const extra: Partial<DiagramNode> = {};
          if (parent) extra.parent = parent;
          if (l.title !== undefined) extra.title = l.title;
          if (l.subtitle !== undefined) extra.subtitle = l.subtitle;
          if (l.stack !== undefined) extra.stack = { count: l.stack, label: `${l.stack} shards` };
          nodes.push(node(`n${i}`, l.kind, extra));
        });
        // Mostly leaf to leaf; now and then to or from a container (never its own descendant).
        const ids = nodes.map((n) => n.id);
        const parentOf = new Map(nodes.map((n) => [n.id, n.parent]));
        const within = (id: string, box: string): boolean => {
          for (let p = parentOf.get(id); p !== undefined; p = parentOf.get(p)) if (p === box) return true;
          return false;
        };
        const graphEdges = edges.map(([s, t, async, label], i) => {
          let source = ids[(s + containers.length) % ids.length]!;
          let target = ids[(t * 7 + containers.length) % ids.length]!;
          if (within(source, target) || within(target, source)) [source, target] = [`n${s % leaves.length}`, `n${t % leaves.length}`];
          const e = edge(source, target, { async });
          if (label !== undefined) e.label = label;
          return { ...e, id: `e${i}` };
        });
        return { system: 'random', direction, nodes, edges: graphEdges } satisfies DiagramGraph;
      });
    await fc.assert(
      fc.asyncProperty(arb, async (graph) => {
        checkDrawing(graph, await layoutGraph(graph));
      }),
      { numRuns: Number(process.env.SD_FUZZ_RUNS ?? 30), seed: Number(process.env.SD_FUZZ_SEED ?? 42) },
    );
  });
});

describe('removeJogs', () => {
  const pts = (...xy: number[]): Point[] => xy.flatMap((v, i) => (i % 2 ? [] : [{ x: v, y: xy[i + 1]! }]));
  it('straightens small steps between bends and keeps the end points', () => {
    // start -> down -> right -> 4px step up -> right to the end
    assert.deepEqual(removeJogs(pts(0, 0, 50, 0, 50, 40, 200, 40, 200, 36, 300, 36)), pts(0, 0, 50, 0, 50, 36, 300, 36));
    // the step next to the start: the segment after it moves instead
    assert.deepEqual(removeJogs(pts(0, 0, 100, 0, 100, 3, 150, 3, 150, 60, 200, 60)), pts(0, 0, 150, 0, 150, 60, 200, 60));
    // a step between the two end segments cannot move without moving an end: kept
    assert.deepEqual(removeJogs(pts(0, 0, 100, 0, 100, 4, 200, 4)), pts(0, 0, 100, 0, 100, 4, 200, 4));
    // real bends are kept; collinear and repeated points dropped
    assert.deepEqual(removeJogs(pts(0, 0, 50, 0, 50, 0, 100, 0, 100, 80, 200, 80)), pts(0, 0, 100, 0, 100, 80, 200, 80));
  });
});

describe('shapeKey and restyle', () => {
  it('ignores input order and matches the drawing made from the graph', async () => {
    const graph = shopGraph();
    const key = shapeKey(graph);
    assert.equal(shapeKey({ ...graph, nodes: shuffled(graph.nodes, 3), edges: shuffled(graph.edges, 5) }), key);
    const drawing = await layoutGraph(graph);
    assert.equal(shapeKey(drawing), key);
    assert.equal(shapeKey(JSON.parse(JSON.stringify(drawing)) as Drawing), key, 'also after a JSON round trip');
  });

  it('does not change on property-only edits, and restyle then matches a fresh layout', async () => {
    const graph = shopGraph();
    const drawing = await layoutGraph(graph);
    const edited: DiagramGraph = {
      ...graph,
      system: 'Online shop v2',
      nodes: graph.nodes.map((n) => {
        if (n.id === 'orders_db') return { ...n, subtitle: 'postgres · strong'.replace('strong', 'stron9'), span: { start: 1, end: 2 } };
        if (n.id === 'catalog') return { ...n, subtitle: 'go · 7ms' };
        if (n.id === 'lb') return { ...n, stack: { count: 3, label: '3 instances' } };
        return n;
      }),
      edges: graph.edges.map((e) => (e.id === 'web->dns' ? { ...e, async: true, span: { start: 5, end: 9 } } : e)),
    };
    assert.equal(shapeKey(edited), shapeKey(graph));
    const restyled = restyle(drawing, edited);
    assert.ok(restyled);
    assert.equal(restyled.system, 'Online shop v2');
    const catalog = restyled.nodes.find((n) => n.id === 'catalog')!;
    assert.equal(catalog.subtitle, 'go · 7ms');
    assert.equal(restyled.nodes.find((n) => n.id === 'lb')!.stack!.label, '3 instances');
    assert.deepEqual(restyled.nodes.find((n) => n.id === 'orders_db')!.span, { start: 1, end: 2 });
    assert.equal(restyled.edges.find((e) => e.id === 'web->dns')!.async, true);
    // Geometry is untouched...
    assert.deepEqual(
      restyled.nodes.map(({ id, x, y, width, height }) => ({ id, x, y, width, height })),
      drawing.nodes.map(({ id, x, y, width, height }) => ({ id, x, y, width, height })),
    );
    // ...and equal to what a full layout of the edited graph gives.
    assert.deepEqual(restyled, await layoutGraph(edited));
    // The restyled drawing can itself be restyled.
    assert.ok(restyle(restyled, graph));
  });

  it('changes when the shape changes, and restyle then declines', async () => {
    const graph = shopGraph();
    const drawing = await layoutGraph(graph);
    const key = shapeKey(graph);
    const variants: Record<string, DiagramGraph> = {
      direction: { ...graph, direction: 'down' },
      'added node': { ...graph, nodes: [...graph.nodes, node('extra', 'service')] },
      'removed edge': { ...graph, edges: graph.edges.slice(1) },
      'added edge': { ...graph, edges: [...graph.edges, edge('web', 'psp')] },
      'retargeted edge': { ...graph, edges: graph.edges.map((e, i) => (i === 0 ? { ...e, target: 'edge' } : e)) },
      'longer title': { ...graph, nodes: graph.nodes.map((n) => (n.id === 'api' ? { ...n, title: 'API gateway (public)' } : n)) },
      'new subtitle': { ...graph, nodes: graph.nodes.map((n) => (n.id === 'cart' ? { ...n, subtitle: 'node · 8ms · 3 instances' } : n)) },
      'stack added': { ...graph, nodes: graph.nodes.map((n) => (n.id === 'cart' ? { ...n, stack: { count: 3, label: '3x' } } : n)) },
      'parent changed': { ...graph, nodes: graph.nodes.map((n) => (n.id === 'cart' ? { ...n, parent: 'checkout' } : n)) },
      'kind changed': { ...graph, nodes: graph.nodes.map((n) => (n.id === 'cart' ? { ...n, kind: 'database' } : n)) },
      'edge label': { ...graph, edges: graph.edges.map((e) => (e.id === 'web->dns' ? { ...e, label: 'lookup' } : e)) },
    };
    for (const [name, variant] of Object.entries(variants)) {
      assert.notEqual(shapeKey(variant), key, name);
      assert.equal(restyle(drawing, variant), undefined, name);
    }
  });
});

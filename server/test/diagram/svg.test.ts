import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { layoutGraph } from '../../src/diagram/layout';
import { renderSvg } from '../../src/diagram/svg';
import type { Drawing } from '../../src/diagram/types';
import { hostileGraph, shopGraph } from './fixtures';
import { type XmlElement, hasClass, parseXml, textOf, walk } from './xml';

const KINDS = [
  'client', 'dns', 'cdn', 'loadbalancer', 'gateway', 'proxy', 'service', 'worker', 'cache', 'database',
  'blob', 'queue', 'stream', 'pubsub', 'orchestrator', 'job', 'region', 'group', 'table', 'unknown',
];

function nodesOf(root: XmlElement): XmlElement[] {
  return [...walk(root)].filter((e) => e.name === 'g' && hasClass(e, 'node'));
}

function edgesOf(root: XmlElement): XmlElement[] {
  return [...walk(root)].filter((e) => e.name === 'g' && hasClass(e, 'edge'));
}

/** Nothing in the output may run code or pull in HTML, whatever the design says. */
function assertInert(svg: string, root: XmlElement): void {
  assert.doesNotMatch(svg, /<script/i);
  assert.doesNotMatch(svg, /<foreignObject/i);
  assert.doesNotMatch(svg, /<style/i);
  assert.doesNotMatch(svg, /<\?xml/);
  assert.equal(svg.indexOf('</svg>'), svg.length - '</svg>'.length, 'exactly one </svg>, at the end');
  for (const el of walk(root)) {
    assert.notEqual(el.name.toLowerCase(), 'script');
    assert.notEqual(el.name.toLowerCase(), 'foreignobject');
    for (const [name, value] of Object.entries(el.attrs)) {
      assert.doesNotMatch(name, /^on/i, `event attribute ${name}`);
      assert.notEqual(name, 'style');
      if (name === 'href' || name === 'xlink:href') assert.match(value, /^#/);
    }
  }
}

describe('renderSvg', () => {
  let drawing: Drawing;
  before(async () => {
    drawing = await layoutGraph(shopGraph());
  });

  it('is well-formed XML with one g.node per node, holding its label', () => {
    const svg = renderSvg(drawing);
    const root = parseXml(svg);
    assert.equal(root.name, 'svg');
    assert.equal(root.attrs.xmlns, 'http://www.w3.org/2000/svg');
    assertInert(svg, root);
    const nodes = nodesOf(root);
    assert.equal(nodes.length, drawing.nodes.length);
    for (const n of drawing.nodes) {
      const matches = nodes.filter((g) => g.attrs['data-id'] === n.id);
      assert.equal(matches.length, 1, `one g.node for ${n.id}`);
      const g = matches[0]!;
      assert.ok(hasClass(g, `kind-${n.kind}`), `${n.id} has kind-${n.kind}`);
      const title = g.children.find((c): c is XmlElement => typeof c !== 'string' && c.name === 'title');
      assert.ok(title && textOf(title).includes(n.label), `${n.id} has a tooltip`);
      const texts = [...walk(g)].filter((e) => e.name === 'text').map(textOf).join(' ');
      assert.ok(texts.includes(n.title ?? n.label), `${n.id} shows ${n.title ?? n.label}: ${texts}`);
      if (n.subtitle) assert.ok(texts.includes(n.subtitle), `${n.id} shows its subtitle`);
      if (n.stack) assert.ok(texts.includes(n.stack.label), `${n.id} shows its stack label`);
      if (n.container) assert.ok(hasClass(g, 'container'));
    }
  });

  it('draws each edge once with its style: sync solid, async dashed, consumer marked and labelled', () => {
    const root = parseXml(renderSvg(drawing));
    const edges = edgesOf(root);
    assert.equal(edges.length, drawing.edges.length);
    const markers = new Set([...walk(root)].filter((e) => e.name === 'marker').map((e) => e.attrs.id));
    for (const e of drawing.edges) {
      const g = edges.find((x) => x.attrs['data-id'] === e.id)!;
      assert.ok(g, `g.edge for ${e.id}`);
      assert.equal(g.attrs['data-source'], e.source);
      assert.equal(g.attrs['data-target'], e.target);
      const line = [...walk(g)].find((x) => x.name === 'path' && hasClass(x, 'line'))!;
      const marker = /^url\(#(.+)\)$/.exec(line.attrs['marker-end'] ?? '')?.[1];
      assert.ok(marker && markers.has(marker), `${e.id} has an arrowhead`);
      if (e.consumer) {
        assert.ok(hasClass(g, 'consumer'));
        assert.equal(marker, 'sd-arrow-consumer');
      } else if (e.async) {
        assert.ok(hasClass(g, 'async'));
        assert.ok(line.attrs['stroke-dasharray'], `${e.id} is dashed`);
      } else {
        assert.ok(hasClass(g, 'sync'));
        assert.equal(line.attrs['stroke-dasharray'], undefined, `${e.id} is solid`);
      }
      if (e.label) {
        const label = [...walk(g)].find((x) => x.name === 'text');
        assert.equal(label && textOf(label), e.label);
      }
    }
  });

  it('has a distinct shape and icon for every kind', async () => {
    const { node } = await import('./fixtures');
    const nodes = KINDS.map((k) => node(`n_${k}`, k, k === 'database' ? { stack: { count: 4, label: '2 shards × 2' } } : {}));
    const d = await layoutGraph({ system: 'kinds', direction: 'right', nodes, edges: [] });
    const root = parseXml(renderSvg(d, { standalone: true }));
    const bodies = new Map<string, string>();
    for (const g of nodesOf(root)) {
      const kind = KINDS.find((k) => hasClass(g, `kind-${k}`))!;
      const icon = [...walk(g)].find((e) => e.name === 'path' && hasClass(e, 'icon'));
      assert.ok(icon, `${kind} has an icon`);
      // The shape markup with positions stripped: what makes the kind look different.
      const signature =
        [...walk(g)]
          .filter((e) => e.name !== 'text' && e.name !== 'title' && e.name !== 'g')
          .map((e) => `${e.name}:${e.attrs.d?.replace(/[-\d.]+/g, '#') ?? ''}:${e.attrs.rx ?? ''}:${e.attrs['stroke-dasharray'] ?? ''}:${e.attrs.fill ?? ''}`)
          .join('|');
      bodies.set(kind, signature);
    }
    assert.equal(bodies.size, KINDS.length);
    assert.equal(new Set(bodies.values()).size, KINDS.length, 'every kind is drawn differently');
  });

  it('uses themeable CSS variables by default and concrete colours when standalone', () => {
    const themed = renderSvg(drawing);
    const root = parseXml(themed);
    assert.match(themed, /var\(--sd-node-bg, #fff|var\(--sd-[a-z-]+, #[0-9a-f]{6}\)/);
    assert.equal(root.attrs.width, undefined);
    assert.ok(root.attrs.viewBox);
    for (const theme of ['light', 'dark'] as const) {
      const svg = renderSvg(drawing, { standalone: true, theme });
      const s = parseXml(svg);
      assert.doesNotMatch(svg, /var\(/);
      assert.equal(Number(s.attrs.width), Math.ceil(drawing.width + 16));
      assert.equal(Number(s.attrs.height), Math.ceil(drawing.height + 16));
      assert.equal(s.attrs.viewBox!.split(' ').length, 4);
      assert.match(s.attrs['font-family']!, /DejaVu Sans/);
      const bg = [...walk(s)].find((e) => hasClass(e, 'background'))!;
      assert.equal(bg.attrs.fill, theme === 'light' ? '#ffffff' : '#1e1e1e');
    }
    assert.notEqual(renderSvg(drawing, { theme: 'dark' }), themed);
  });

  it('draws badges with their messages and the highlight outline', () => {
    const svg = renderSvg(drawing, {
      badges: {
        orders_db: { severity: 'warning', messages: ['No backups', 'Single region'] },
        us_east: { severity: 'info', messages: ['Region note'] },
        ghost: { severity: 'error', messages: ['not drawn'] },
      },
      highlight: 'catalog',
    });
    const root = parseXml(svg);
    const node = (id: string) => nodesOf(root).find((g) => g.attrs['data-id'] === id)!;
    const badge = [...walk(node('orders_db'))].find((e) => hasClass(e, 'badge'))!;
    assert.ok(hasClass(badge, 'badge-warning'));
    const title = [...walk(badge)].find((e) => e.name === 'title')!;
    assert.equal(textOf(title), '2 findings\nNo backups\nSingle region');
    assert.equal(textOf([...walk(badge)].find((e) => e.name === 'text')!), '2');
    assert.ok([...walk(node('us_east'))].some((e) => hasClass(e, 'badge-info')));
    assert.equal([...walk(root)].filter((e) => hasClass(e, 'badge')).length, 2);
    assert.ok(hasClass(node('catalog'), 'highlight'));
    assert.ok([...walk(node('catalog'))].some((e) => hasClass(e, 'highlight-outline')));
    assert.equal([...walk(root)].filter((e) => hasClass(e, 'highlight-outline')).length, 1);
  });

  it('escapes hostile text everywhere and never interprets it as markup', async () => {
    const graph = hostileGraph();
    const d = await layoutGraph(graph);
    for (const options of [{}, { standalone: true }, { standalone: true, theme: 'dark' as const }]) {
      const svg = renderSvg(d, {
        ...options,
        highlight: graph.nodes[0]!.id,
        badges: { [graph.nodes[0]!.id]: { severity: 'error', messages: ['<script>alert(1)</script>', '"&\'</svg>'] } },
      });
      const root = parseXml(svg);
      assertInert(svg, root);
      assert.doesNotMatch(svg, /<\/?script/);
      assert.doesNotMatch(svg, /<\/svg>(?!$)/);
      // Decoded, the text is exactly what the design said.
      assert.equal(textOf(root.children.find((c): c is XmlElement => typeof c !== 'string' && c.name === 'title')!), graph.system);
      assert.equal(root.attrs['aria-label'], graph.system);
      const ids = nodesOf(root).map((g) => g.attrs['data-id']).sort();
      assert.deepEqual(ids, graph.nodes.map((n) => n.id).sort());
      assert.deepEqual(edgesOf(root).map((g) => g.attrs['data-id']).sort(), d.edges.map((e) => e.id).sort());
      const all = textOf(root);
      assert.ok(all.includes('<script>alert(1)</script>'), 'hostile text shown as text');
      assert.ok(all.includes(`"&'</svg>`));
      const kindClass = nodesOf(root).find((g) => g.attrs['data-id']!.startsWith('k'))!.attrs.class!;
      assert.match(kindClass, /^node kind-[A-Za-z0-9_-]+$/);
      // Characters XML cannot hold are replaced, not emitted.
      assert.ok(!/[\u0000\u0007]/.test(svg));
    }
  });

  it('renders an empty drawing', async () => {
    const d = await layoutGraph({ system: 'empty', direction: 'right', nodes: [], edges: [] });
    const root = parseXml(renderSvg(d, { standalone: true }));
    assert.equal(nodesOf(root).length, 0);
  });
});

// Issue #18's readability checks on every sample, through the `render` path
// (graph -> auto layout at 16:10 -> standalone SVG): the drawing's aspect
// ratio fits, no text shows a raw number of five or more digits, rates are
// written as people write them, autoscaled stacks say min–max and the
// steady-state count, and DNS is drawn as name resolution.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { analyze } from '../../src/analyze';
import { buildGraph } from '../../src/diagram/graph';
import { layoutGraph } from '../../src/diagram/layout';
import { renderSvg } from '../../src/diagram/svg';
import { detachedEdges } from '../../src/diagram/quality';
import { repoRoot } from '../helpers/repo';
import { parseXml, textOf, walk } from './xml';

const SAMPLES = fs
  .readdirSync(path.join(repoRoot, 'samples'))
  .filter((f) => f.endsWith('.sysdesign'))
  .sort();

function systemsOf(sample: string) {
  return analyze(fs.readFileSync(path.join(repoRoot, 'samples', sample), 'utf8')).systems;
}

describe('every sample drawn by default (render: auto at about 16:10)', () => {
  test('there are samples to check', () => assert.ok(SAMPLES.length >= 5, SAMPLES.join(', ')));
  for (const sample of SAMPLES) {
    test(`${sample}: aspect ratio between 0.5 and 2.2, every edge attached, no raw number of five or more digits`, async () => {
      for (const system of systemsOf(sample)) {
        const graph = buildGraph(system);
        const drawing = await layoutGraph(graph);
        const ratio = drawing.width / drawing.height;
        assert.ok(ratio >= 0.5 && ratio <= 2.2, `${sample}/${system.name}: ${drawing.width}×${drawing.height} (${ratio.toFixed(2)}), ${drawing.direction}${drawing.wrapped ? ' wrapped' : ''}`);
        assert.deepEqual(detachedEdges(drawing).map((e) => e.id), [], 'no edge ends in mid-air');
        const texts = [...walk(parseXml(renderSvg(drawing, { standalone: true })))].filter((e) => e.name === 'text').map(textOf);
        assert.ok(texts.length > drawing.nodes.length, 'the drawing has its text');
        const raw = texts.filter((t) => /\d{5,}/.test(t.replace(/\d+(\.\d+)?%/g, '')));
        assert.deepEqual(raw, [], `${sample}: raw numbers in ${JSON.stringify(raw)}`);
      }
    });
  }
});

describe('labels and numbers', () => {
  const design = `system s {
  client web { rate: 1200000/s }
  client bots { rate: 20000/s }
  dns names: route53
  loadbalancer lb
  service api {
    service_time: 1ms
    cores: 2
    autoscale { min: 2  max: 4000  target_cpu: 60% }
  }
  service fixed { instances: 3 }
  web -> names -> lb -> api -> fixed
  bots -> names
}
`;
  const system = analyze(design).systems[0]!;
  const graph = buildGraph(system);
  const node = (id: string) => graph.nodes.find((n) => n.id === id)!;

  test('client rates as people write them', () => {
    assert.equal(node('web').subtitle, '1.2M/s');
    assert.equal(node('bots').subtitle, '20k/s');
  });

  test('an autoscaled service shows min–max and the steady-state count from the estimate', () => {
    const estimate = analyze(design).estimate(analyze(design).systems[0]!);
    const steady = estimate.byName.get('api')!.instancesSteady!;
    assert.ok(steady > 2 && steady < 4000, `steady ${steady}`);
    assert.equal(node('api').stack?.label, `2\u20134000 instances · ${steady} now`);
    assert.doesNotMatch(node('api').subtitle ?? '', /autoscale/, 'said once, in the stack');
    assert.equal(node('fixed').stack?.label, '3 instances');
  });

  test('DNS is name resolution: each asker reaches the target directly and resolves beside it', () => {
    const edges = graph.edges.map((e) => `${e.source}->${e.target}${e.resolves ? ' (resolves)' : ''}`).sort();
    assert.deepEqual(edges, ['api->fixed', 'bots->lb', 'bots->names (resolves)', 'lb->api', 'web->lb', 'web->names (resolves)']);
    assert.equal(new Set(graph.edges.map((e) => e.id)).size, graph.edges.length, 'ids stay unique');
    const resolves = graph.edges.find((e) => e.resolves && e.source === 'web')!;
    assert.equal(resolves.label, 'resolves');
    // Clicking web -> lb reveals the hop that names lb: `names -> lb`.
    const direct = graph.edges.find((e) => e.source === 'web' && e.target === 'lb')!;
    assert.equal(design.slice(direct.span.start, direct.span.end).replace(/\s/g, ''), 'names->lb');
  });

  test('a DNS nobody asks keeps its connections as written', () => {
    const lone = buildGraph(analyze('system s {\n  dns names\n  service api\n  names -> api\n}\n').systems[0]!);
    assert.deepEqual(lone.edges.map((e) => `${e.source}->${e.target}`), ['names->api']);
  });

  test('resolution is drawn dotted and named in its tooltip', async () => {
    const svg = renderSvg(await layoutGraph(graph), { standalone: true });
    const edge = [...walk(parseXml(svg))].find((e) => e.name === 'g' && e.attrs['data-id'] === 'web->names#resolves')!;
    assert.ok(edge, 'the resolves edge is drawn');
    assert.match(edge.attrs.class ?? '', /\bresolves\b/);
    assert.match(textOf([...walk(edge)].find((e) => e.name === 'title')!), /name resolution/);
  });
});

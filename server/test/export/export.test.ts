// Mermaid and D2 exports (`sysdesign render -o x.mmd|x.d2`): the text has the
// drawing's nodes, edges, labels and containers, escapes what the design
// writes, and the real tools accept it: the @terrastruct/d2 compiler (its
// WebAssembly build, in Node) compiles every sample, and Mermaid itself,
// loaded in headless Chromium, renders every sample with one node per
// component and one cluster per region or group.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { analyze } from '../../src/analyze';
import { buildGraph } from '../../src/diagram/graph';
import { toD2 } from '../../src/diagram/export-d2';
import { toMermaid } from '../../src/diagram/export-mermaid';
import type { DiagramGraph } from '../../src/diagram/types';
import { repoRoot } from '../helpers/repo';
import { NEEDS_CHROMIUM, chromiumForSuite } from '../helpers/chromium';
import { runCli } from '../cli/helpers';

/** Names and titles full of what each format reads specially, in regions and a group. */
export const TRICKY = `system tricky "Quotes \\"and\\" #hash $var {braces} <b>|pipes|" {
  client users "Users; with \\"quotes\\" & <tags>"
  region us "US \\"east\\"" {
    service end "End -> point [x] (y)" {
      instances: 2
    }
    group style {
      database label: postgres
    }
  }
  region eu {
    cache shape: redis
  }
  users -> end
  end -> label : "reads \\"x\\" | #1 \${y}"
  end -> shape
}
`;

const SAMPLES = fs
  .readdirSync(path.join(repoRoot, 'samples'))
  .filter((f) => f.endsWith('.sysdesign'))
  .map((f) => ({ name: f, text: fs.readFileSync(path.join(repoRoot, 'samples', f), 'utf8') }));
const DESIGNS = [...SAMPLES, { name: 'tricky.sysdesign', text: TRICKY }];

function graphOf(text: string): DiagramGraph {
  const system = analyze(text).systems[0];
  assert.ok(system);
  return buildGraph(system);
}

/** The ESM build of D2 (its CommonJS build cannot load under Node's ESM rules); import() kept from TypeScript's require rewrite. */
const importEsm = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<{ D2: new () => D2 }>;
interface D2 {
  compile(input: string): Promise<{ diagram: { shapes: { id: string; label: string }[]; connections: { label: string }[] } }>;
}

describe('Mermaid text', () => {
  test('keeps every node, container and edge, with labels as drawn', () => {
    const graph = graphOf(TRICKY);
    const text = toMermaid(graph);
    assert.match(text, /^---\ntitle: "tricky"\n---\nflowchart LR\n/);
    assert.equal((text.match(/^\s*subgraph /gm) ?? []).length, 3, 'two regions and a group');
    assert.equal((text.match(/^\s*end$/gm) ?? []).length, 3);
    // `end` and `style` are Mermaid keywords: they get generated ids, the label keeps the name.
    assert.match(text, /n1\["End -#62; point #91;x#93; #40;y#41;<br\/>end<br\/>service<br\/>2 instances"\]/);
    assert.match(text, /subgraph n2\["style"\]/);
    assert.match(text, /n1 -->\|"reads #34;x#34; #124; #35;1 \$#123;y#125;"\| label/);
    assert.equal((text.match(/-->|-\.->/g) ?? []).length, graph.edges.length);
  });

  test('dots asynchronous connections and draws implied edges', () => {
    const shop = SAMPLES.find((s) => s.name === 'online-shop.sysdesign')!;
    const text = toMermaid(graphOf(shop.text));
    assert.match(text, /orders -\.->\|"order\.placed"\| order_events/);
    assert.match(text, /assets -->\|"origin"\| images/);
  });

  test('follows the direction', () => {
    assert.match(toMermaid({ ...graphOf(TRICKY), direction: 'down' }), /^flowchart TB$/m);
  });
});

describe('D2 text', () => {
  test('nests containers, reaches nested nodes by path, escapes strings', () => {
    const text = toD2(graphOf(TRICKY));
    assert.match(text, /^direction: right$/m);
    assert.match(text, /^us: "US \\"east\\"\\nus" \{\n {2}end: "End -> point \[x\] \(y\)\\nend\\nservice\\n2 instances" \{/m);
    assert.match(text, /^us\.end -> us\.c1\.c2: "reads \\"x\\" \| #1 \\\$\{y\}"$/m);
    assert.match(text, /^ {2}c1: "style" \{$/m, '`style` is a D2 keyword: a generated key');
  });

  test('dashes asynchronous connections', () => {
    const shop = SAMPLES.find((s) => s.name === 'online-shop.sysdesign')!;
    assert.match(toD2(graphOf(shop.text)), /^orders -> order_events: "order\.placed" \{\n {2}style\.stroke-dash: 3\n\}$/m);
  });
});

describe('render -o x.mmd / x.d2 and --format', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sysdesign-export-'));
  const file = path.join(dir, 'tricky.sysdesign');
  fs.writeFileSync(file, TRICKY);

  test('writes by extension, prints with --format, and refuses a mismatch', async () => {
    const mmd = await runCli(['render', file, '-o', 'x.mmd'], { cwd: dir });
    assert.equal(mmd.code, 0, mmd.stderr);
    assert.equal(fs.readFileSync(path.join(dir, 'x.mmd'), 'utf8'), toMermaid(graphOf(TRICKY)));
    assert.match(mmd.stderr, /Wrote x\.mmd \(system tricky: 7 components, 3 connections\)/);
    const d2 = await runCli(['render', file, '-o', 'x.d2'], { cwd: dir });
    assert.equal(d2.code, 0, d2.stderr);
    assert.equal(fs.readFileSync(path.join(dir, 'x.d2'), 'utf8'), toD2(graphOf(TRICKY)));
    const out = await runCli(['render', file, '--format', 'd2', '--direction', 'down'], { cwd: dir });
    assert.equal(out.stdout, toD2(buildGraph(analyze(TRICKY).systems[0]!, 'down')));
    const bad = await runCli(['render', file, '-o', 'x.d2', '--format', 'mermaid'], { cwd: dir });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--format mermaid does not match the output file 'x\.d2'/);
    const unknown = await runCli(['render', file, '-o', 'x.txt'], { cwd: dir });
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /must end in \.svg, \.png, \.mmd or \.d2/);
  });
});

describe('D2 compiles every export', () => {
  let d2: D2 | undefined;
  const compiler = async () => (d2 ??= new (await importEsm('@terrastruct/d2')).D2());

  test('a broken D2 text is rejected (the check can fail)', async () => {
    await assert.rejects((await compiler()).compile('a -> {'));
  });

  for (const design of DESIGNS) {
    test(design.name, async () => {
      const graph = graphOf(design.text);
      const result = await (await compiler()).compile(toD2(graph));
      assert.equal(result.diagram.shapes.length, graph.nodes.length, 'one shape per node');
      assert.equal(result.diagram.connections.length, graph.edges.length, 'one connection per edge');
    });
  }

  test('done', () => {
    // The compiler runs in a worker thread of its own with no close method: let the process end.
    (d2 as unknown as { worker?: { unref(): void } } | undefined)?.worker?.unref();
  });
});

describe('Mermaid renders every export in Chromium', NEEDS_CHROMIUM, () => {
  const browser = chromiumForSuite();
  const mermaidJs = path.join(repoRoot, 'node_modules', 'mermaid', 'dist', 'mermaid.min.js');

  test('every design', async () => {
    const { page, errors } = await browser.open();
    await page.setContent('<!doctype html><html><body></body></html>');
    await page.addScriptTag({ path: mermaidJs });
    await page.evaluate(`mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' })`);
    type Rendered = { nodes: number; clusters: number; edges: number } | { error: string };
    // Runs in the page: render, insert, count what Mermaid drew.
    const render = (text: string, id: string) =>
      page.evaluate(`(async () => {
        try {
          const { svg } = await mermaid.render(${JSON.stringify(id)}, ${JSON.stringify(text)});
          const holder = document.createElement('div');
          holder.innerHTML = svg;
          document.body.append(holder);
          return { nodes: holder.querySelectorAll('g.node').length, clusters: holder.querySelectorAll('g.cluster').length, edges: holder.querySelectorAll('.edgePaths path, path.flowchart-link').length };
        } catch (err) {
          return { error: String(err && err.message ? err.message : err) };
        }
      })()`) as Promise<Rendered>;

    const broken = await render('flowchart LR\n  a["unclosed', 'broken');
    assert.ok('error' in broken, 'a broken flowchart is rejected (the check can fail)');

    for (const [i, design] of DESIGNS.entries()) {
      const graph = graphOf(design.text);
      const result = await render(toMermaid(graph), `d${i}`);
      assert.ok(!('error' in result), `${design.name}: ${'error' in result ? result.error : ''}`);
      if ('error' in result) continue;
      const containers = graph.nodes.filter((n) => n.container).length;
      assert.equal(result.nodes, graph.nodes.length - containers, `${design.name}: one node per component`);
      assert.equal(result.clusters, containers, `${design.name}: one cluster per region or group`);
      assert.equal(result.edges, graph.edges.length, `${design.name}: one path per edge`);
    }
    assert.deepEqual(errors.filter((e) => !/unclosed|Parse error/i.test(e)), []);
  });
});

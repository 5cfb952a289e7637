// sysdesign render FILE [-o out.svg|out.png] [--system NAME] [--direction right|down]
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { analyze } from '../../src/analyze';
import { hasClass, parseXml, walk, type XmlElement } from '../diagram/xml';
import { removeTree, runCli, spawnCli, tempTree } from './helpers';
import { repoRoot } from '../helpers/repo';

const TWO_SYSTEMS = `system first "First one" {
  client web { rate: 10/s }
  service api { instances: 2 }
  database db: postgres
  web -> api -> db
}

system second {
  service a
  service b
  service c
  a -> b -> c
}
`;

const BROKEN = `system s {
  service a
  service b
  a -> b
  service c {{{
}
`;

let dir: string;

before(() => {
  dir = tempTree({
    'two.sysdesign': TWO_SYSTEMS,
    'broken.sysdesign': BROKEN,
    'empty.sysdesign': '// nothing here\n',
  });
});

after(() => removeTree(dir));

function nodes(svg: XmlElement): XmlElement[] {
  return [...walk(svg)].filter((e) => e.name === 'g' && hasClass(e, 'node'));
}

function nodeIds(svg: XmlElement): string[] {
  return nodes(svg)
    .map((e) => e.attrs['data-id']!)
    .sort();
}

/** The first `<rect>` of each node: its box. */
function box(svg: XmlElement, id: string): { x: number; y: number } {
  const node = nodes(svg).find((e) => e.attrs['data-id'] === id);
  assert.ok(node, `node ${id}`);
  const rect = [...walk(node)].find((e) => e.name === 'rect' || e.name === 'path' || e.name === 'polygon');
  assert.ok(rect);
  if (rect.name === 'rect') return { x: Number(rect.attrs.x), y: Number(rect.attrs.y) };
  const m = /M\s*(-?[\d.]+)[ ,](-?[\d.]+)/.exec(rect.attrs.d ?? rect.attrs.points ?? '')!;
  return { x: Number(m[1]), y: Number(m[2]) };
}

describe('sysdesign render', () => {
  test('writes a standalone SVG to standard output: well-formed, one node per component', async () => {
    const sample = path.join(repoRoot, 'samples', 'url-shortener.sysdesign');
    const r = await runCli(['render', sample], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const svg = parseXml(r.stdout);
    assert.equal(svg.name, 'svg');
    assert.ok(Number(svg.attrs.width) > 100 && Number(svg.attrs.height) > 50, 'standalone: width and height');
    assert.ok(!r.stdout.includes('var(--sd-'), 'standalone: concrete colours');
    const components = [...analyze(fs.readFileSync(sample, 'utf8')).systems[0]!.components.keys()];
    assert.ok(components.length > 5);
    assert.deepEqual(nodeIds(svg), components.sort());
  });

  test('-o out.svg writes an SVG file with an XML declaration', async () => {
    const r = await runCli(['render', 'two.sysdesign', '-o', 'out.svg'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /Wrote out\.svg \(system first: 3 components, 2 connections\)/);
    const text = fs.readFileSync(path.join(dir, 'out.svg'), 'utf8');
    assert.ok(text.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg'));
    assert.deepEqual(nodeIds(parseXml(text.slice(text.indexOf('<svg')))), ['api', 'db', 'web']);
  });

  test('-o out.png writes a PNG (resvg, no browser)', async () => {
    const r = await runCli(['render', 'two.sysdesign', '-o', 'out.png'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const png = fs.readFileSync(path.join(dir, 'out.png'));
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const width = png.readUInt32BE(16);
    const height = png.readUInt32BE(20);
    assert.ok(width > 200 && height > 50, `${width}×${height}`);
    // --scale 1 halves it.
    const small = await runCli(['render', 'two.sysdesign', '-o', 'small.png', '--scale', '1'], { cwd: dir });
    assert.equal(small.code, 0, small.stderr);
    assert.equal(fs.readFileSync(path.join(dir, 'small.png')).readUInt32BE(16), Math.round(width / 2));
  });

  test('--system picks a system by name or title', async () => {
    const second = await runCli(['render', 'two.sysdesign', '--system', 'second'], { cwd: dir });
    assert.equal(second.code, 0, second.stderr);
    assert.deepEqual(nodeIds(parseXml(second.stdout)), ['a', 'b', 'c']);
    const byTitle = await runCli(['render', 'two.sysdesign', '--system', 'First one'], { cwd: dir });
    assert.deepEqual(nodeIds(parseXml(byTitle.stdout)), ['api', 'db', 'web']);
  });

  test('--direction lays out left to right or top to bottom', async () => {
    const right = parseXml((await runCli(['render', 'two.sysdesign', '--system', 'second', '--direction', 'right'], { cwd: dir })).stdout);
    const down = parseXml((await runCli(['render', 'two.sysdesign', '--system', 'second', '--direction', 'down'], { cwd: dir })).stdout);
    assert.ok(box(right, 'c').x > box(right, 'a').x && box(right, 'c').y === box(right, 'a').y, 'right: a row');
    assert.ok(box(down, 'c').y > box(down, 'a').y && box(down, 'c').x === box(down, 'a').x, 'down: a column');
  });

  test('--theme dark paints the dark background', async () => {
    const r = await runCli(['render', 'two.sysdesign', '--theme', 'dark'], { cwd: dir });
    assert.equal(r.code, 0);
    const background = [...walk(parseXml(r.stdout))].find((e) => hasClass(e, 'background'));
    assert.equal(background?.attrs.fill, '#1e1e1e');
  });

  test('a file with syntax errors renders what parses, with a warning (exit 0)', async () => {
    const r = await runCli(['render', 'broken.sysdesign'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /broken\.sysdesign has syntax errors; drawing what could be read/);
    assert.ok(nodeIds(parseXml(r.stdout)).includes('a'));
  });

  test('exit status: 1 when there is no system; 2 for bad usage, unreadable input, unknown system', async () => {
    const none = await runCli(['render', 'empty.sysdesign'], { cwd: dir });
    assert.equal(none.code, 1);
    assert.match(none.stderr, /declares no system/);
    const missing = await runCli(['render', 'missing.sysdesign'], { cwd: dir });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /missing\.sysdesign/);
    const unknown = await runCli(['render', 'two.sysdesign', '--system', 'third'], { cwd: dir });
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /no system named 'third' \(systems: first, second\)/);
    const badExt = await runCli(['render', 'two.sysdesign', '-o', 'out.jpg'], { cwd: dir });
    assert.equal(badExt.code, 2);
    assert.match(badExt.stderr, /must end in \.svg, \.png, \.mmd or \.d2/);
    const badDirection = await runCli(['render', 'two.sysdesign', '--direction', 'up'], { cwd: dir });
    assert.equal(badDirection.code, 2);
    const noFile = await runCli(['render'], { cwd: dir });
    assert.equal(noFile.code, 2);
    const unwritable = await runCli(['render', 'two.sysdesign', '-o', path.join('no', 'such', 'folder', 'x.svg')], { cwd: dir });
    assert.equal(unwritable.code, 2);
    assert.match(unwritable.stderr, /cannot write/);
  });

  test('the real entry point renders a PNG', () => {
    const r = spawnCli(['render', 'two.sysdesign', '-o', 'spawned.png', '--system', 'second'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(fs.readFileSync(path.join(dir, 'spawned.png')).subarray(1, 4).toString() === 'PNG');
  });
});

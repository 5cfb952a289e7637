/**
 * Big drawings end in a clear answer (issue 19): a synchronous chain of
 * 10,000 components lays out (ELK's recursion runs on the layout worker's
 * deep stack), and a PNG past the pixel cap is refused with the scale that
 * would fit, before anything is allocated.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { MAX_PNG_PIXELS, PngTooLargeError, svgToPng } from '../../src/diagram/png';
import { removeTree, runCli, tempTree } from './helpers';

function chain(depth: number): string {
  const lines = ['system chain {', '  client c { rate: 10/s }'];
  for (let i = 0; i < depth; i++) lines.push(`  service s${i} { service_time: 1ms }`);
  lines.push('  c -> s0');
  for (let i = 0; i + 1 < depth; i++) lines.push(`  s${i} -> s${i + 1}`);
  lines.push('}');
  return lines.join('\n');
}

let dir = '';
before(() => {
  dir = tempTree({ 'deep.sysdesign': chain(10_000), 'long.sysdesign': chain(200) });
});
after(() => removeTree(dir));

describe('render limits', () => {
  test('a chain of 10,000 components renders (it overflowed the stack before)', async () => {
    const r = await runCli(['render', 'deep.sysdesign', '-o', 'deep.svg'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /10001 components, 10000 connections/);
    assert.ok(fs.readFileSync(path.join(dir, 'deep.svg'), 'utf8').includes('s9999'));
  });

  test('a PNG past the pixel cap is a usage error naming the scale that fits, and no file is written', async () => {
    const r = await runCli(['render', 'long.sysdesign', '-o', 'long.png', '--scale', '8'], { cwd: dir });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /million pixels\) is more than the 64 million allowed; use a --scale of at most \d+(\.\d+)? for this drawing, or SVG/);
    assert.equal(fs.existsSync(path.join(dir, 'long.png')), false);
  });

  test('svgToPng checks the zoomed size before drawing', () => {
    const side = Math.floor(Math.sqrt(MAX_PNG_PIXELS));
    const svg = (w: number, h: number) => `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"></svg>`;
    assert.throws(() => svgToPng(svg(side + 1, side + 1), { scale: 1 }), PngTooLargeError);
    // 4001 × 4000 at scale 2 is just past 64 million pixels.
    assert.throws(() => svgToPng(svg(4001, 4000), { scale: 2 }), /use a scale of at most 1\.99/);
    assert.throws(() => svgToPng(svg(100, 100), { scale: 1000 }), PngTooLargeError);
    assert.ok(svgToPng(svg(100, 100), { scale: 2 }).length > 0);
  });
});

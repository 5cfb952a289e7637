import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { layoutGraph } from '../../src/diagram/layout';
import { resolveCssVars, svgToPng } from '../../src/diagram/png';
import { renderSvg } from '../../src/diagram/svg';
import type { Drawing } from '../../src/diagram/types';
import { hostileGraph, node, shopGraph } from './fixtures';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function dimensions(png: Buffer): { width: number; height: number } {
  assert.ok(png.subarray(0, 8).equals(SIGNATURE), 'PNG signature');
  assert.equal(png.toString('latin1', 12, 16), 'IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('svgToPng', () => {
  let drawing: Drawing;
  before(async () => {
    drawing = await layoutGraph(shopGraph());
  });

  it('rasterises a standalone SVG at the requested scale', () => {
    const svg = renderSvg(drawing, { standalone: true });
    const w = Math.ceil(drawing.width + 16);
    const h = Math.ceil(drawing.height + 16);
    assert.deepEqual(dimensions(svgToPng(svg, { scale: 1 })), { width: w, height: h });
    const big = dimensions(svgToPng(svg));
    assert.ok(Math.abs(big.width - 2 * w) <= 1 && Math.abs(big.height - 2 * h) <= 1, JSON.stringify(big));
    const dark = svgToPng(renderSvg(drawing, { standalone: true, theme: 'dark' }), { scale: 0.5 });
    assert.ok(Math.abs(dimensions(dark).width - w / 2) <= 1);
  });

  it('draws the text (a font is found)', () => {
    const d = { ...drawing, nodes: drawing.nodes.filter((n) => n.id === 'orders') };
    const svg = renderSvg({ ...d, edges: [] }, { standalone: true });
    const withText = svgToPng(svg, { scale: 1 });
    const withoutText = svgToPng(svg.replace(/<text[^>]*>[^<]*<\/text>/g, ''), { scale: 1 });
    assert.ok(!withText.equals(withoutText), 'text changes the pixels');
  });

  it('rasterises webview SVGs too, using the CSS variables\' fallbacks, with a background', () => {
    const themed = renderSvg(drawing);
    assert.doesNotMatch(resolveCssVars(themed), /var\(/);
    assert.equal(resolveCssVars('fill="var(--sd-x, rgba(1, 2, 3, 0.5))"'), 'fill="rgba(1, 2, 3, 0.5)"');
    const png = svgToPng(themed, { scale: 1, background: '#ffffff' });
    assert.ok(dimensions(png).width > 100);
  });

  it('survives hostile text and large drawings', async () => {
    const hostile = await layoutGraph(hostileGraph());
    assert.ok(dimensions(svgToPng(renderSvg(hostile, { standalone: true }))).width > 0);
    const nodes = Array.from({ length: 60 }, (_, i) => node(`s${i}`, i % 3 ? 'service' : 'database', { subtitle: 'x'.repeat(i % 20) }));
    const edges = nodes.slice(1).map((n, i) => ({ id: `e${i}`, source: nodes[i]!.id, target: n.id, async: i % 2 === 0, consumer: false, span: n.span }));
    const big = await layoutGraph({ system: 'big', direction: 'down', nodes, edges });
    const png = svgToPng(renderSvg(big, { standalone: true }), { scale: 1 });
    assert.ok(dimensions(png).height > 1000);
  });

  it('rejects a bad scale', () => {
    assert.throws(() => svgToPng('<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>', { scale: 0 }), RangeError);
  });
});

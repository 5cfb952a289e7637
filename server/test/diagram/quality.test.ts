// The drawing-quality figures (diagram/quality.ts) on hand-made drawings, and
// `auto` layout choosing what fits the target aspect ratio.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { countCrossings, detachedEdges, drawingQuality, labelDistance, routeLength } from '../../src/diagram/quality';
import { aspectBucket, fitScore } from '../../src/diagram/auto-layout';
import { layoutGraph, restyle, shapeKey } from '../../src/diagram/layout';
import type { DiagramGraph, Drawing, PositionedEdge, PositionedNode } from '../../src/diagram/types';
import { edge, node } from './fixtures';

const span = { start: 0, end: 0 };
function e(id: string, points: [number, number][], labelBox?: PositionedEdge['labelBox']): PositionedEdge {
  const out: PositionedEdge = { id, source: 'a', target: 'b', async: false, consumer: false, span, points: points.map(([x, y]) => ({ x, y })) };
  if (labelBox) out.labelBox = labelBox;
  return out;
}
function box(id: string, x: number, y: number, width = 10, height = 10): PositionedNode {
  return { id, kind: 'service', label: id, container: false, span, x, y, width, height };
}

describe('drawing quality', () => {
  test('crossings count interiors cutting each other, not shared ends', () => {
    const plus = [e('h', [[0, 5], [10, 5]]), e('v', [[5, 0], [5, 10]])];
    assert.equal(countCrossings(plus), 1);
    const fan = [e('p', [[0, 0], [10, 0]]), e('q', [[0, 0], [0, 10]])];
    assert.equal(countCrossings(fan), 0, 'two routes leaving one point');
    const zigzag = [e('z', [[0, 2], [10, 2], [10, 8], [0, 8]]), e('v', [[5, 0], [5, 10]])];
    assert.equal(countCrossings(zigzag), 2);
  });

  test('route length and the gap between a label and its edge', () => {
    assert.equal(routeLength([{ x: 0, y: 0 }, { x: 3, y: 4 }, { x: 3, y: 10 }]), 11);
    assert.equal(labelDistance(e('on', [[0, 0], [100, 0]], { x: 40, y: -8, width: 20, height: 16 })), 0, 'on the line');
    assert.equal(labelDistance(e('beside', [[0, 0], [100, 0]], { x: 40, y: 4, width: 20, height: 16 })), 4);
    assert.equal(labelDistance(e('far', [[0, 0], [100, 0]], { x: 130, y: 0, width: 20, height: 16 })), 30);
    assert.equal(labelDistance(e('none', [[0, 0], [100, 0]])), undefined);
  });

  test('a whole drawing: aspect ratio, means, and edges ending in mid-air', () => {
    const drawing: Drawing = {
      system: 's',
      direction: 'right',
      width: 200,
      height: 100,
      nodes: [box('a', 0, 0), box('b', 100, 0)],
      edges: [
        { ...e('ab', [[10, 5], [100, 5]], { x: 50, y: 9, width: 10, height: 10 }), source: 'a', target: 'b' },
        { ...e('lost', [[10, 5], [160, 5]], { x: 50, y: 15, width: 10, height: 10 }), source: 'a', target: 'b' },
      ],
    };
    const q = drawingQuality(drawing);
    assert.equal(q.aspectRatio, 2);
    assert.equal(q.totalEdgeLength, 90 + 150);
    assert.equal(q.meanLabelDistance, 7);
    assert.equal(q.maxLabelDistance, 10);
    assert.deepEqual(detachedEdges(drawing).map((x) => x.id), ['lost']);
  });
});

/** A chain of `n` services: the widest drawing left to right. */
function chain(n: number, aspect?: number): DiagramGraph {
  const ids = Array.from({ length: n }, (_, i) => `s${i}`);
  const graph: DiagramGraph = {
    system: 'chain',
    direction: 'auto',
    nodes: ids.map((id) => node(id, 'service')),
    edges: ids.slice(1).map((id, i) => edge(ids[i]!, id)),
  };
  if (aspect !== undefined) graph.aspect = aspect;
  return graph;
}

describe('layout: auto', () => {
  test('aspect buckets: nearby ratios share one, bad input falls back to 16:10', () => {
    assert.equal(aspectBucket(1.6), aspectBucket(1.62));
    assert.notEqual(aspectBucket(1.6), aspectBucket(0.6));
    assert.equal(aspectBucket(Number.NaN), aspectBucket(1.6));
    assert.equal(aspectBucket(-3), aspectBucket(1.6));
    assert.ok(aspectBucket(1e9) <= 6 && aspectBucket(1e-9) >= 0.2);
  });

  test('an eight-service chain fits a wide panel, a tall panel and 16:10 within the tolerance, where right alone is a strip', async () => {
    const right = await layoutGraph({ ...chain(8), direction: 'right' });
    assert.ok(right.width / right.height > 5, `right: ${right.width}×${right.height}`);
    for (const aspect of [2.4, 1.6, 0.6]) {
      const d = await layoutGraph(chain(8, aspect));
      const ratio = d.width / d.height;
      assert.ok(ratio > aspect / 2.5 && ratio < aspect * 2.5, `target ${aspect}: ${d.width}×${d.height} (${d.direction}${d.wrapped ? ', wrapped' : ''})`);
      assert.deepEqual(detachedEdges(d), []);
      assert.ok(fitScore(d, aspectBucket(aspect)) > fitScore(right, aspectBucket(aspect)), `target ${aspect}: better than the strip`);
    }
  });

  test('the target aspect is part of the shape key, and a drawing keeps it across a copy (the worker boundary)', async () => {
    const wide = chain(5, 2.4);
    const tall = chain(5, 0.6);
    assert.notEqual(shapeKey(wide), shapeKey(tall));
    const drawing = await layoutGraph(wide);
    const copied = JSON.parse(JSON.stringify(drawing)) as Drawing;
    assert.equal(shapeKey(copied), shapeKey(wide));
    const restyled = restyle(copied, { ...wide, nodes: wide.nodes.map((n) => ({ ...n, span: { start: n.span.start + 1, end: n.span.end + 1 } })) });
    assert.ok(restyled, 'a change that moves no box restyles');
    assert.deepEqual(restyled.auto, drawing.auto);
    assert.equal(restyle(copied, tall), undefined, 'another panel shape lays out again');
  });
});

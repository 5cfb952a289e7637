// The simulation's model thins a connection's fixed `rate:` from the flow the
// estimate routed over it (SystemEstimate.naturalFlows), so the two agree on
// what a fixed rate takes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../src/analyze';
import { buildSimModel } from '../../src/sim/model';

function simOf(source: string) {
  const a = analyze(source);
  assert.deepEqual(a.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message), []);
  return buildSimModel(a.systems[0], { duration: 1 });
}

test('a chooser conserves traffic: the fixed rate takes its share, the other connection the rest', () => {
  const sim = simOf(`system s {
    client web { rate: 1000/s }
    loadbalancer lb { }
    service a { service_time: 1ms }
    service b { service_time: 1ms }
    web -> lb
    lb -> a (rate: 100/s)
    lb -> b
  }`);
  const edge = (to: string) => sim.edges.find((e) => e.label === `lb -> ${to}`)!;
  // 1000/s arrive: 100/s to a, the other 900/s to b — picked by those weights, nothing thinned away.
  assert.equal(edge('a').probability, 1);
  assert.equal(edge('b').probability, 1);
  assert.equal(edge('a').weight, 100);
  assert.equal(edge('b').weight, 900);
  assert.equal(sim.nodes.find((n) => n.name === 'lb')!.choose, 'weighted_random');
});

test('a fixed rate above what arrives is noted and sends what arrives', () => {
  const sim = simOf(`system s {
    client web { rate: 10/s }
    service a { service_time: 1ms }
    web -> a (rate: 50/s)
  }`);
  assert.equal(sim.edges.find((e) => e.label === 'web -> a')!.probability, 1);
  assert.ok(sim.notes.some((n) => n.includes('has rate 50/s but only 10/s arrive')), sim.notes.join('\n'));
});

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

test('a fixed rate takes rate / natural flow of what a chooser would send', () => {
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
  // The balancer would send 500/s each way; the fixed 100/s keeps one in five.
  assert.equal(edge('a').probability, 0.2);
  assert.equal(edge('b').probability, 1);
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

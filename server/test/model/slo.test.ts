// The SLO targets of a system (model/semantic/slo.ts): the system's block
// first, then each client's, in metric order, in base units; a second block
// and a misplaced or mistyped target are reported where they are written.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../src/analyze';
import { sloTargetsOf } from '../../src/model/semantic';

describe('SLO targets', () => {
  test('system then clients, in metric order, seconds and fractions', () => {
    const text = `system s {
  client web { rate: 1/s  slo { availability: 99.95%  p95: 1s } }
  slo { availability: 99.9%  p99: 300ms  mean: 50ms }
  service api
  web -> api
}`;
    const a = analyze(text);
    assert.deepEqual(a.diagnostics.filter((d) => d.severity === 'error'), []);
    const targets = sloTargetsOf(a.systems[0]!).map(({ metric, target, client }) => [metric, target, client ?? null]);
    assert.deepEqual(targets, [['p99', 0.3, null], ['mean', 0.05, null], ['availability', 0.999, null], ['p95', 1, 'web'], ['availability', 0.9995, 'web']]);
    const p99 = sloTargetsOf(a.systems[0]!)[0]!;
    assert.equal(text.slice(p99.span.start, p99.span.end), 'p99: 300ms');
  });

  test('one slo block per system; targets are times and a percentage; only in systems and clients', () => {
    const a = analyze(`system s {
  slo { p99: 1s }
  slo { p50: 10% }
  client web { slo { availability: 2s  p99: 0ms } }
  service api { slo { p99: 1s } }
  web -> api
}`);
    const messages = a.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.rule}: ${d.message}`);
    assert.ok(messages.some((m) => /^duplicate-name: A system has one slo block\./.test(m)), messages.join('\n'));
    assert.ok(messages.some((m) => /Expected a percentage \(80%\), but '2s' is a time/.test(m)), messages.join('\n'));
    assert.ok(messages.some((m) => /'p99' must be greater than 0s/.test(m)), messages.join('\n'));
    assert.ok(messages.some((m) => /Unknown block 'slo' in a service/.test(m)), messages.join('\n'));
  });
});

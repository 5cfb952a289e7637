/**
 * Request traces (sim/tracer.ts, `simulate --trace N`): the JSON's shape,
 * hops whose times add up to the request's latency along a synchronous
 * chain, the same traces for the same seed, and no effect on the run: a
 * traced run's figures are the untraced run's, and an untraced run's JSON
 * has no `traces` key.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../src/analyze';
import type { SystemModel } from '../../src/model/types';
import { simulateSystem, toJson, toJsonText, type RequestTrace, type SimOptions } from '../../src/sim';
import fc from '../helpers/property';
import { CORE_RULES } from '../helpers/inline';

const CHAIN = `system chain {
  client app { rate: 50/s  read_ratio: 70% }
  service a { service_time: 5ms  cores: 1 }
  service b { service_time: 10ms  cores: 1 }
  database db { service_time: 2ms }
  app -> a -> b -> db
}
`;

const WITH_ASYNC = `system shop {
  client app { rate: 80/s }
  loadbalancer lb { instances: 2 }
  service orders { instances: 2  service_time: 4ms }
  queue events
  worker mailer { service_time: 30ms }
  app -> lb -> orders
  orders -> events
  events -> mailer
}
`;

function system(text: string): SystemModel {
  const a = analyze(text);
  // Language errors only: one design here is overloaded on purpose, which the capacity rules report.
  assert.deepEqual(a.diagnostics.filter((d) => d.severity === 'error' && CORE_RULES.includes(d.rule)).map((d) => d.message), []);
  return a.systems[0];
}

function traced(text: string, trace: number, options: SimOptions = {}): RequestTrace[] {
  const r = simulateSystem(system(text), { duration: 30, ...options }, { trace });
  assert.ok(r.traces, 'the result has traces');
  return r.traces;
}

const close = (a: number, b: number): boolean => Math.abs(a - b) < 1e-6;

describe('simulate traces', () => {
  it('keeps N sampled requests, in the JSON shape docs/simulation.md gives', () => {
    const r = simulateSystem(system(CHAIN), { duration: 30, seed: 7 }, { trace: 5 });
    const json = toJson(r);
    assert.ok(json.traces);
    assert.equal(json.traces.length, 5);
    assert.deepEqual(json.traces.map((t) => t.id), [1, 2, 3, 4, 5]);
    for (const t of json.traces) {
      assert.deepEqual(Object.keys(t), ['id', 'outcome', 'client', 'kind', 'at_ms', 'latency_ms', 'hops']);
      assert.equal(t.outcome, 'completed');
      assert.equal(t.client, 'app');
      assert.ok(t.kind === 'read' || t.kind === 'write');
      assert.deepEqual(t.hops.map((h) => h.component), ['a', 'b', 'db']);
      for (const h of t.hops) {
        assert.deepEqual(Object.keys(h), ['component', 'start_ms', 'wait_ms', 'service_ms']);
        assert.ok(h.start_ms >= 0 && h.wait_ms >= 0 && h.service_ms > 0, JSON.stringify(h));
      }
    }
    // Sampled over the run, not the first requests (at 50/s the first five all start within a fraction of a second).
    assert.ok(json.traces[4].at_ms > 2000, `the fifth pick started at ${json.traces[4].at_ms} ms`);
  });

  it('along a synchronous chain, each hop starts when the one before it ends and they add up to the latency', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), (seed) => {
        for (const t of traced(CHAIN, 4, { seed })) {
          let end = 0;
          for (const h of t.hops) {
            assert.ok(close(h.start_ms, end), `hop ${h.component} starts at ${h.start_ms}, the previous ended at ${end}`);
            end = h.start_ms + h.wait_ms + h.service_ms;
          }
          const sum = t.hops.reduce((s, h) => s + h.wait_ms + h.service_ms, 0);
          assert.ok(t.latency_ms !== null && close(sum, t.latency_ms), `hops add to ${sum}, latency ${t.latency_ms}`);
        }
      }),
      { numRuns: 8 },
    );
  });

  it('work the request does not wait for (a queue\'s consumer) is not part of its trace', () => {
    for (const t of traced(WITH_ASYNC, 5)) {
      assert.ok(!t.hops.some((h) => h.component === 'mailer'), JSON.stringify(t.hops));
      assert.ok(t.hops.some((h) => h.component === 'orders'));
    }
  });

  it('the same seed picks the same requests; another seed others', () => {
    const once = JSON.stringify(traced(CHAIN, 5, { seed: 3 }));
    assert.equal(JSON.stringify(traced(CHAIN, 5, { seed: 3 })), once);
    assert.notEqual(JSON.stringify(traced(CHAIN, 5, { seed: 4 })), once);
  });

  it('tracing changes nothing else: the traced run\'s JSON without traces is the untraced run\'s, which has no traces key', () => {
    for (const text of [CHAIN, WITH_ASYNC]) {
      const plain = simulateSystem(system(text), { duration: 30, seed: 11 });
      assert.equal(plain.traces, undefined);
      const plainJson = toJsonText(plain);
      assert.ok(!plainJson.includes('"traces"'));
      const tracedJson = toJson(simulateSystem(system(text), { duration: 30, seed: 11 }, { trace: 20 }));
      assert.equal(tracedJson.traces?.length, 20);
      delete tracedJson.traces;
      assert.equal(JSON.stringify(tracedJson, null, 2), plainJson);
    }
  });

  it('a request that fails is traced with its outcome; one still running at the end is unfinished', () => {
    const overloaded = `system s {
  client app { rate: 400/s }
  service a { service_time: 10ms  cores: 1  max_queue: 2 }
  app -> a
}
`;
    const outcomes = new Set(traced(overloaded, 200, { seed: 5, duration: 5 }).map((t) => t.outcome));
    assert.ok(outcomes.has('dropped'), [...outcomes].join(', '));
    assert.ok(outcomes.has('completed'), [...outcomes].join(', '));
    const slow = `system s {
  client app { rate: 1/s }
  service a { service_time: const(100s) }
  app -> a
}
`;
    const [first] = traced(slow, 1, { seed: 1, duration: 20 });
    assert.equal(first.outcome, 'unfinished');
    assert.equal(first.latency_ms, null);
  });
});

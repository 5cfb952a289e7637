/**
 * The simulator's bounds (issue 19): an overloaded run keeps at most a fixed
 * number of requests in flight and counts the rest as dropped; a run whose
 * records outgrow the memory ceiling stops with `stopped: 'memory'`; every
 * early end says so in the JSON; a synchronous chain thousands deep runs
 * without overflowing the stack. The caps are lowered through RunControl so
 * that each case is small; the defaults are the same code path.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../src/analyze';
import { buildSimModel, MAX_IN_FLIGHT, Simulation, toJson, type SimOptions } from '../../src/sim';
import type { RunControl } from '../../src/sim/engine';

function run(text: string, options: SimOptions, control: RunControl = {}) {
  const system = analyze(text).systems[0];
  return new Simulation(buildSimModel(system, options)).run(control);
}

/** A client at `rate` calling `depth` services in a synchronous chain; the last one takes `last`. */
function chain(depth: number, rate: string, last = '1ms', each = '0.1ms'): string {
  const lines = ['system chain {', `  client c { rate: ${rate} }`];
  for (let i = 0; i < depth; i++) lines.push(`  service s${i} { service_time: ${i === depth - 1 ? last : each} }`);
  lines.push('  c -> s0');
  for (let i = 0; i + 1 < depth; i++) lines.push(`  s${i} -> s${i + 1}`);
  lines.push('}');
  return lines.join('\n');
}

describe('simulation bounds', () => {
  it('an overloaded run keeps at most the cap of requests in flight and counts the rest as dropped', () => {
    // 2,000/s against 1,000/s of capacity: without the cap the queue grows by 1,000 a second.
    const result = run(chain(1, '2000/s', '1ms'), { duration: 20, seed: 3 }, { maxInFlight: 500 });
    assert.equal(result.stopped, 'duration');
    assert.equal(result.inFlight.limit, 500);
    assert.equal(result.inFlight.peak, 500);
    assert.ok(result.inFlight.dropped > 10_000, `dropped ${result.inFlight.dropped}`);
    assert.ok(result.requests.dropped >= result.inFlight.dropped, 'the dropped client requests are counted as dropped');
    const json = toJson(result);
    assert.deepEqual(json.in_flight, { limit: 500, peak: 500, dropped: result.inFlight.dropped });
    assert.equal(json.stopped, 'duration');
    assert.equal(json.stop_message, undefined);
  });

  it('the default cap is a million and a run under it drops nothing', () => {
    const result = run(chain(2, '100/s'), { duration: 5 });
    assert.equal(result.inFlight.limit, MAX_IN_FLIGHT);
    assert.equal(result.inFlight.dropped, 0);
    assert.ok(result.inFlight.peak >= 1 && result.inFlight.peak < 100);
  });

  it('records past the memory ceiling stop the run with stopped: memory, and the JSON says so', () => {
    // 200 frames per request (a chain 200 deep whose last service is slow), 5,000 requests a second:
    // frames pile up far past a ceiling of 4,096 records.
    const result = run(chain(200, '5000/s', '1s'), { duration: 30 }, { memoryCeiling: 4096 * 64 });
    assert.equal(result.stopped, 'memory');
    assert.ok(result.simulated < 30, `simulated ${result.simulated}`);
    const json = toJson(result);
    assert.equal(json.stopped, 'memory');
    assert.match(json.stop_message ?? '', /memory ceiling/);
    // Simulated seconds, not wall time: the run stopped before its 30 s.
    const simulatedSeconds = json.duration_s ?? Infinity;
    assert.ok(simulatedSeconds < 30, `stopped at ${simulatedSeconds} s`);
  });

  it('a deep overloaded design sheds new requests at 3/4 of the memory ceiling and runs to its end', () => {
    // 11 records per waiting request (the request and a frame per component), 2,000/s against 1,000/s of
    // capacity: the ceiling of 20,000 records would stop the run after ~2 s; shedding at 15,000 keeps it going.
    const result = run(chain(10, '2000/s', '1ms', '0.01ms'), { duration: 20, seed: 5 }, { memoryCeiling: 20_000 * 64 });
    assert.equal(result.stopped, 'duration');
    assert.ok(result.inFlight.peak * 11 <= 15_000 + 11, `peak ${result.inFlight.peak}`);
    assert.ok(result.inFlight.dropped > 15_000, `dropped ${result.inFlight.dropped}`);
    assert.ok(result.requests.completed > 18_000, 'the rest is served at capacity');
  });

  it('the event limit is an early end the JSON reports', () => {
    const result = run(chain(1, '1000/s'), { duration: 60, maxEvents: 10_000 });
    assert.equal(result.stopped, 'max-events');
    const json = toJson(result);
    assert.equal(json.stopped, 'max-events');
    assert.match(json.stop_message ?? '', /event limit/);
  });

  it('cancellation is an early end the JSON reports', () => {
    const result = run(chain(1, '1000/s'), { duration: 60 }, { signal: { aborted: true } });
    assert.equal(toJson(result).stopped, 'cancelled');
    assert.match(toJson(result).stop_message ?? '', /cancelled/);
  });

  it('a synchronous chain 5,000 deep runs without overflowing the stack, and its requests complete', () => {
    const result = run(chain(5000, '20/s', '1ms', '0.01ms'), { duration: 3, seed: 2 });
    assert.equal(result.stopped, 'duration');
    assert.ok(result.requests.completed > 20, `completed ${result.requests.completed}`);
    assert.equal(result.requests.failed, 0);
    const last = result.components.find((c) => c.name === 's4999')!;
    assert.ok(last.throughput > 0);
  });
});

describe('the language server refuses runs past the limits', () => {
  it('a load or a duration past the limit is a request error that names it', async () => {
    const { checkSettings } = await import('../../src/lsp/sim-job');
    assert.throws(() => checkSettings({ load: 1e6 }, ''), /load must be at most 1000x, got 1000000x/);
    assert.throws(() => checkSettings({ duration: 1e9 }, ''), /duration must be at most 30 days/);
    assert.deepEqual(checkSettings({ load: 1000, duration: 60 }, ''), { load: 1000, duration: 60 });
  });
});

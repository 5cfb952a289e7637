/**
 * The benchmark's floor loop (server/bench/network-floor.ts) stands for a
 * design only while it makes the engine's events on it: these tests keep
 * BENCH_10_FLOOR in step with BENCH_10, and check the loop itself on a
 * single station.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../src/analyze';
import { buildSimModel, Simulation, type SimModel } from '../../src/sim';
import { runNetworkFloor } from '../../bench/network-floor';
import { BENCH_10, BENCH_10_FLOOR } from '../../bench/sim.bench';

function model(text: string, duration: number): SimModel {
  return buildSimModel(analyze(text).systems[0], { duration, seed: 3 });
}

describe('network floor loop', () => {
  it('makes the engine’s events and station visits on BENCH_10', () => {
    const m = model(BENCH_10, 30);
    const engine = new Simulation(m).run();
    const engineVisits = engine.stations.reduce((sum, s) => sum + s.throughput * engine.measured, 0) / engine.requests.completed;
    const floor = runNetworkFloor(m, BENCH_10_FLOOR, 30, 3);
    assert.ok(Math.abs(floor.visitsPerRequest - engineVisits) < 0.05, `visits per request: floor ${floor.visitsPerRequest}, engine ${engineVisits}`);
    // Arrivals are Poisson (60,000 expected, sd ≈ 245 each run): within 3 % is over 7 sd apart.
    assert.ok(Math.abs(floor.events / engine.events - 1) < 0.03, `events: floor ${floor.events}, engine ${engine.events}`);
  });

  it('serves each request once on a one-station path', () => {
    const m = model('system s { client c { rate: 800/s } service a { service_time: 1ms } c -> a }', 100);
    const r = runNetworkFloor(m, { read: [{ at: 'a' }], write: [{ at: 'a' }] }, 100, 1);
    assert.equal(r.visitsPerRequest, 1);
    // Two events per request (arrival, service done); 80,000 arrivals expected, sd ≈ 283.
    assert.ok(Math.abs(r.events - 160_000) < 2 * 5 * 283, `events ${r.events}`);
  });

  it('skips a step by its chance', () => {
    const m = model('system s { client c { rate: 1000/s  read_ratio: 100% } service a { service_time: 1ms } service b { service_time: 1ms } c -> a -> b }', 100);
    const path = { read: [{ at: 'a' }, { at: 'b', p: 0.25 }], write: [] };
    const r = runNetworkFloor(m, path, 100, 2);
    // 1.25 visits per request; the share of b visits over 100,000 requests has sd ≈ 0.0014.
    assert.ok(Math.abs(r.visitsPerRequest - 1.25) < 0.01, `visits per request ${r.visitsPerRequest}`);
  });

  it('refuses a label with no station and a service time it cannot draw', () => {
    const m = model('system s { client c { rate: 10/s } service a { service_time: const(1ms) } c -> a }', 1);
    assert.throws(() => runNetworkFloor(m, { read: [{ at: 'a' }], write: [] }, 1, 1), /draws exponential service times; a is const/);
    const exp = model('system s { client c { rate: 10/s } service a { service_time: 1ms } c -> a }', 1);
    assert.throws(() => runNetworkFloor(exp, { read: [{ at: 'nope' }], write: [] }, 1, 1), /no station is labelled nope/);
  });
});

/**
 * The simulation engine's features, each on a small design with an asserted
 * effect: determinism and the JSON contract, routing (balancer algorithms,
 * weights, hashing), messaging (queues, streams, pub/sub), faults (stops,
 * replicas, regions, partitions, health checks), autoscaling, timeouts, rate
 * limits, and the stop conditions. Tolerances on counts are stated where
 * they are statistical (binomial or Poisson noise of the run).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { analyze } from '../../src/analyze';
import { estimateSystem } from '../../src/estimate/propagate';
import { CORE_RULES } from '../helpers/inline';
import { repoRoot } from '../helpers/repo';
import type { SystemModel } from '../../src/model/types';
import {
  buildSimModel, findScenario, HEALTH_CHECK_INTERVAL, Simulation, simulateSystem, toJson, toJsonText,
  type ComponentResult, type SimOptions, type SimResult,
} from '../../src/sim';

function system(text: string): SystemModel {
  const a = analyze(text);
  // Language errors only: some designs here are overloaded on purpose, which the capacity rules report.
  const errors = a.diagnostics.filter((d) => d.severity === 'error' && CORE_RULES.includes(d.rule));
  assert.deepEqual(errors.map((d) => d.message), [], 'test design has errors');
  return a.systems[0];
}

/** Runs `text`, with its first scenario unless options say otherwise. */
function sim(text: string, options: SimOptions = {}): SimResult {
  const sys = system(text);
  return simulateSystem(sys, { scenario: sys.scenarios[0], ...options });
}

function comp(r: SimResult, name: string): ComponentResult {
  const c = r.components.find((x) => x.name === name);
  assert.ok(c, `no component ${name}`);
  return c;
}

function series(r: SimResult, name: string): { t: number[]; v: number[] } {
  const s = r.series.series.find((x) => x.name === name);
  assert.ok(s, `no series ${name}; have ${r.series.series.map((x) => x.name).join(', ')}`);
  return { t: r.series.times, v: s.values };
}

/** Values of a series at sample times in (from, to]. */
function between(r: SimResult, name: string, from: number, to: number): number[] {
  const { t, v } = series(r, name);
  return v.filter((_, i) => t[i] > from && t[i] <= to);
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

function sample(file: string): string {
  return readFileSync(join(repoRoot, 'samples', file), 'utf8');
}

describe('determinism and the JSON contract', () => {
  it('same design, scenario and seed: byte-identical JSON; another seed: different', () => {
    const sys = analyze(sample('online-shop.sysdesign')).systems[0];
    const scenario = findScenario(sys, 'payment_outage')!;
    const once = toJsonText(simulateSystem(sys, { scenario, duration: 20 }));
    const twice = toJsonText(simulateSystem(analyze(sample('online-shop.sysdesign')).systems[0], { scenario, duration: 20 }));
    assert.equal(once, twice);
    const other = toJsonText(simulateSystem(sys, { scenario, duration: 20, seed: 8 }));
    assert.notEqual(once, other);
    assert.equal(JSON.parse(once).seed, 7); // the scenario's seed
    assert.equal(JSON.parse(other).seed, 8); // options override it
  });

  it("adding an unrelated component does not reshuffle another's randomness", () => {
    const base = `system a {
      client c { rate: 300/s }
      service s { service_time: 2ms }
      c -> s
    }`;
    const more = `system a {
      client c { rate: 300/s }
      service s { service_time: 2ms }
      client other { rate: 50/s }
      service t { service_time: 5ms }
      c -> s
      other -> t
    }`;
    const a = sim(base, { duration: 20 });
    const b = sim(more, { duration: 20 });
    assert.deepEqual(comp(a, 's'), comp(b, 's'));
    assert.deepEqual(a.stations[0], b.stations[0]);
  });

  it('has exactly the shape of docs/simulation.md, Outputs', () => {
    const r = sim(sample('online-shop.sysdesign'), { duration: 10 });
    const json = toJson(r);
    assert.deepEqual(Object.keys(json), ['system', 'scenario', 'seed', 'duration_s', 'warmup_s', 'measured_s', 'events', 'stopped', 'requests', 'in_flight', 'throughput_rps', 'latency_ms', 'components', 'series']);
    assert.equal(json.warmup_s, 0);
    assert.equal(json.measured_s, 10);
    assert.deepEqual(Object.keys(json.requests), ['completed', 'failed', 'dropped', 'stale']);
    assert.deepEqual(Object.keys(json.latency_ms), ['mean', 'p50', 'p95', 'p99', 'max']);
    assert.equal(json.system, 'shop');
    assert.equal(json.duration_s, 10);
    for (const [name, c] of Object.entries(json.components)) {
      const keys = ['throughput_rps', 'utilization', 'mean_queue', 'max_queue', 'latency_ms', 'instances_max', 'failed', 'dropped'];
      const kind = r.components.find((x) => x.name === name)!.kind;
      if (kind === 'cache' || kind === 'cdn') keys.push('hit_ratio');
      if (kind === 'queue' || kind === 'stream') keys.push('backlog_max', 'backlog_final');
      if (r.components.find((x) => x.name === name)!.autoscaled) keys.push('instance_hours');
      assert.deepEqual(Object.keys(c), keys, name);
      assert.deepEqual(Object.keys(c.latency_ms), ['mean', 'p95']);
    }
    assert.equal(json.components.catalog_cache.hit_ratio! > 0.85 && json.components.catalog_cache.hit_ratio! < 0.95, true);
    const n = json.series.t_s.length;
    assert.ok(n > 10 && n <= 301);
    assert.equal(json.series.t_s[0], 0);
    assert.equal(json.series.t_s[n - 1], 10);
    for (const key of ['throughput_rps', 'errors_rps', 'stale_rps', 'latency_p50_ms', 'latency_p95_ms', 'latency_p99_ms',
      'utilization.catalog', 'queue.catalog', 'instances.catalog', 'throughput_rps.api', 'errors_rps.api', 'backlog.order_events',
      'lag.order_events.payments']) {
      assert.ok(Array.isArray(json.series[key]), key);
      assert.equal(json.series[key].length, n, key);
    }
    // Numbers are rounded to 6 significant digits.
    for (const v of json.series.throughput_rps) if (v !== null) assert.ok(String(v).replace(/^0\.0*|\.|-/g, '').length <= 6, String(v));
    assert.ok(json.throughput_rps! > 5000 && json.throughput_rps! < 6500);
    assert.ok(json.latency_ms.p50! <= json.latency_ms.p95! && json.latency_ms.p95! <= json.latency_ms.p99! && json.latency_ms.p99! <= json.latency_ms.max!);
  });

  it('excludes the warm-up from the statistics but not from the series', () => {
    const design = `system w {
      client c { rate: 400/s }
      service s { service_time: 1ms }
      c -> s
    }`;
    const r = sim(design, { duration: 20, warmup: 10 });
    assert.equal(r.measured, 10);
    // ~4,000 requests in the measured 10 s (Poisson sd 63): ±5 %.
    assert.ok(Math.abs(r.requests.completed - 4000) < 200, String(r.requests.completed));
    assert.ok(Math.abs(comp(r, 's').arrivals - 4000) < 200);
    assert.ok(between(r, 'throughput_rps', 0.5, 10).every((x) => x > 0)); // charted from the start
  });
});

describe('routing', () => {
  it('weighted_round_robin honours weights; a gateway splits by weight', () => {
    const design = `system w {
      client c { rate: 1000/s  read_ratio: 100% }
      loadbalancer lb { algorithm: weighted_round_robin }
      service a { cores: 2  service_time: 1ms }
      service b { service_time: 1ms }
      gateway g { cores: 8 }
      service x { cores: 2  service_time: 1ms }
      service y { service_time: 1ms }
      c -> lb
      lb -> a (weight: 3)
      lb -> b
      c -> g
      g -> x (weight: 3)
      g -> y
    }`;
    const r = sim(design, { duration: 20 });
    // Deterministic rotation: exactly 3:1 up to one request.
    assert.ok(Math.abs(comp(r, 'a').arrivals - 3 * comp(r, 'b').arrivals) <= 4);
    // Weighted random: b's share is binomial, sd √(20k·¼·¾)/20k ≈ 0.3 % of the total: ±1.5 %.
    const share = comp(r, 'y').arrivals / (comp(r, 'x').arrivals + comp(r, 'y').arrivals);
    assert.ok(Math.abs(share - 0.25) < 0.015, String(share));
  });

  for (const algorithm of ['round_robin', 'random', 'least_connections', 'power_of_two']) {
    it(`${algorithm} spreads requests over the instances`, () => {
      const r = sim(`system s {
        client c { rate: 900/s }
        loadbalancer lb { algorithm: ${algorithm} }
        service s { instances: 3  service_time: 2ms }
        c -> lb -> s
      }`, { duration: 20 });
      const counts = r.stations.filter((st) => st.component === 's').map((st) => st.arrivalRate);
      assert.equal(counts.length, 3);
      // 6,000 requests per instance; random's share has sd ≈ 1.1 %: ±6 %.
      for (const c of counts) assert.ok(Math.abs(c - 300) < 18, `${algorithm}: ${counts.join(', ')}`);
    });
  }

  it('least_connections avoids a slow instance; random does not', () => {
    // Two targets, one four times slower: least_connections sends it fewer requests.
    const design = (alg: string) => `system s {
      client c { rate: 300/s }
      loadbalancer lb { algorithm: ${alg} }
      service fast { service_time: 1ms }
      service slow { service_time: 4ms }
      c -> lb
      lb -> fast
      lb -> slow
    }`;
    const lc = sim(design('least_connections'), { duration: 20 });
    const rnd = sim(design('random'), { duration: 20 });
    assert.ok(comp(lc, 'slow').arrivals < 0.8 * comp(lc, 'fast').arrivals);
    assert.ok(Math.abs(comp(rnd, 'slow').arrivals / comp(rnd, 'fast').arrivals - 1) < 0.08);
  });

  for (const algorithm of ['hash(user_id)', 'consistent_hash(user_id)']) {
    it(`${algorithm} is sticky: the same key always reaches the same instance`, () => {
      const design = `system s {
        client c { rate: 500/s }
        loadbalancer lb { algorithm: ${algorithm} }
        service s { instances: 4  cores: 4  service_time: 1ms }
        c -> lb -> s
      }`;
      const busy = (keySpace: number) =>
        sim(design, { duration: 10, keySpace }).stations.filter((st) => st.component === 's' && st.arrivalRate > 0).length;
      assert.equal(busy(1), 1); // one user: one instance, every time
      assert.ok(busy(3) <= 3);
      assert.equal(busy(2 ** 31), 4); // many users spread over all
    });
  }

  it('consistent_hash moves only the dead instance\'s keys; hash remaps the rest', () => {
    // 8 users over 4 instances; one instance dies. With rendezvous hashing the other instances keep
    // exactly the users they had; with hash mod N most users move.
    const design = (alg: string) => `system s {
      client c { rate: 400/s }
      loadbalancer lb { algorithm: ${alg} }
      service s { instances: 4  cores: 4  service_time: 1ms }
      c -> lb -> s
      scenario kill { at 10s: stop s[2] }
    }`;
    for (const [alg, stable] of [['consistent_hash(user_id)', true], ['hash(user_id)', false]] as const) {
      const before = sim(design(alg), { duration: 9.9, keySpace: 8 });
      const after = sim(design(alg), { duration: 40, warmup: 20, keySpace: 8 });
      const used = (r: SimResult) => r.stations.filter((st) => st.component === 's').map((st) => st.arrivalRate > 0);
      const b = used(before);
      const a = used(after);
      assert.equal(a[1], false, `${alg}: the dead instance gets nothing after the health check`);
      const survivorsKept = [0, 2, 3].every((i) => !b[i] || a[i]);
      if (stable) assert.ok(survivorsKept, `${alg}: ${b} -> ${a}`);
      const lost = after.requests.failed;
      assert.equal(lost, 0);
    }
  });

  it('a client fans out: each request calls every target in turn and its latency is the sum', () => {
    const r = sim(`system f {
      client c { rate: 100/s  read_ratio: 100% }
      service a { service_time: const(2ms) }
      service b { service_time: const(3ms) }
      c -> a
      c -> b
    }`, { duration: 10 });
    assert.equal(comp(r, 'a').arrivals, comp(r, 'b').arrivals);
    // Light load, constant times: almost every request takes exactly 5 ms.
    assert.ok(Math.abs(r.latency.p50 - 0.005) < 0.0001, String(r.latency.p50));
  });

  it('on: read / on: write filter connections; async calls do not add latency', () => {
    const r = sim(`system f {
      client c { rate: 500/s  read_ratio: 80% }
      service api { cores: 2  service_time: 1ms }
      service reader { cores: 2  service_time: 1ms }
      service writer { service_time: 1ms }
      service audit { service_time: const(50ms)  cores: 64 }
      c -> api
      api -> reader (on: read)
      api -> writer (on: write)
      api -> audit (async)
    }`, { duration: 20 });
    const reads = comp(r, 'reader').arrivals;
    const writes = comp(r, 'writer').arrivals;
    // Read share binomial over ~10k requests: sd 0.4 %; ±2 %.
    assert.ok(Math.abs(reads / (reads + writes) - 0.8) < 0.02);
    assert.ok(Math.abs(comp(r, 'audit').arrivals - comp(r, 'api').arrivals) <= 5); // but for the few in flight at the end
    assert.ok(r.latency.p99 < 0.05, 'nobody waits for the 50 ms audit');
  });

  it('databases: writes to the primary, reads where read_from says, sharded by key', () => {
    const r = sim(`system d {
      client c { rate: 800/s  read_ratio: 75% }
      service api { cores: 4  service_time: 1ms }
      database db {
        cores: 4
        service_time: 1ms
        replication { mode: primary_replica  replicas: 2  read_from: replicas }
        sharding { strategy: hash  shards: 4  key: user_id }
      }
      c -> api -> db
    }`, { duration: 20 });
    const db = r.stations.filter((st) => st.component === 'db');
    assert.equal(db.length, 12);
    const primaries = db.filter((st) => st.role === 'primary');
    const replicas = db.filter((st) => st.role === 'replica');
    // Each primary applies its shard's writes: 200/s over 4 shards; each replica 50 writes + 75 reads per second.
    for (const p of primaries) assert.ok(Math.abs(p.arrivalRate - 50) < 8, `${p.label} ${p.arrivalRate}`);
    for (const q of replicas) assert.ok(Math.abs(q.arrivalRate - 125) < 12, `${q.label} ${q.arrivalRate}`);
    assert.equal(comp(r, 'db').instancesMax, 12);
  });

  it('leaderless: writes to every copy, reads from R copies', () => {
    const r = sim(`system d {
      client c { rate: 600/s  read_ratio: 50% }
      service api { cores: 4  service_time: 1ms }
      database db { cores: 4  service_time: 1ms  replication { mode: leaderless  replicas: 3 }  quorum { w: 2  r: 2 } }
      c -> api -> db
    }`, { duration: 20 });
    // Per copy: 300 writes + 300 · 2/3 reads = 500/s.
    for (const st of r.stations.filter((s) => s.component === 'db')) assert.ok(Math.abs(st.arrivalRate - 500) < 25, `${st.label} ${st.arrivalRate}`);
  });
});

describe('cycles', () => {
  it('drops the same connection of a cycle as the estimate, whatever the declaration order', () => {
    // Declared before the client: a depth-first walk in declaration order would
    // close the cycle at b -> a; the estimate starts from the client (c -> b -> a)
    // and drops a -> b, so a still receives b's calls.
    const sys = system(`system loop {
  service a { instances: 4  service_time: 1ms }
  service b { instances: 4  service_time: 1ms }
  client c { rate: 100/s }
  c -> b
  a -> b
  b -> a
}`);
    const model = buildSimModel(sys, { duration: 20, seed: 3 });
    assert.deepEqual(model.notes.filter((n) => /closes a cycle/.test(n)), [
      'The connection a -> b closes a cycle; like the estimate, the simulation does not follow it.',
    ]);
    const r = simulateSystem(sys, { duration: 20, seed: 3 });
    assert.ok(Math.abs(comp(r, 'a').arrivalRate - 100) < 15, `a receives ${comp(r, 'a').arrivalRate}/s`);
  });
});

describe('the analytic estimate', () => {
  it('is computed once per request: buildSimModel takes the one it is given', () => {
    const sys = system(`system given {
  client web { rate: 100/s  read_ratio: 50% }
  service api { instances: 2  service_time: 1ms }
  web -> api
}`);
    const estimate = estimateSystem(sys);
    assert.deepEqual(buildSimModel(sys, { estimate }).clients, buildSimModel(sys).clients);
    // Client rates come from the estimate given, not from a fresh one.
    const web = estimate.byName.get('web')!;
    const doubled = { ...estimate, byName: new Map(estimate.byName).set('web', { ...web, peak: { reads: 100, writes: 100 } }) };
    assert.equal(buildSimModel(sys, { estimate: doubled }).clients[0]!.rate, 200);
  });
});

describe('messaging', () => {
  it('a queue gives each message to one consumer: two consumers take about half each', () => {
    const r = sim(`system q {
      client c { rate: 400/s  read_ratio: 0% }
      service api { cores: 2  service_time: 1ms }
      queue jobs
      worker w1 { cores: 2  service_time: 2ms }
      worker w2 { cores: 2  service_time: 2ms }
      c -> api -> jobs
      jobs -> w1
      jobs -> w2
    }`, { duration: 20 });
    const published = comp(r, 'jobs').arrivals;
    const a = comp(r, 'w1').arrivals;
    const b = comp(r, 'w2').arrivals;
    assert.ok(Math.abs(a + b - published) <= 2);
    assert.ok(Math.abs(a - b) <= 2, `${a} vs ${b}`); // round robin across consumers
  });

  it('a stream gives every group every message; a group consumer beyond the partition count idles', () => {
    const r = sim(`system s {
      client c { rate: 400/s  read_ratio: 0% }
      service api { cores: 2  service_time: 1ms }
      stream events { partitions: 2 }
      worker g1 { instances: 4  cores: 2  service_time: 1ms }
      worker g2 { cores: 2  service_time: 1ms }
      c -> api -> events
      events -> g1 (group: one)
      events -> g2 (group: two)
    }`, { duration: 20 });
    const published = comp(r, 'events').arrivals;
    for (const g of ['g1', 'g2']) assert.ok(Math.abs(comp(r, g).arrivals - published) <= 2, g);
    const served = r.stations.filter((st) => st.component === 'g1').map((st) => st.throughput);
    assert.ok(served[0] > 0 && served[1] > 0, served.join(', '));
    assert.equal(served[2], 0);
    assert.equal(served[3], 0);
  });

  it('a queue keeps messages while its consumer is down and the backlog drains afterwards', () => {
    const r = sim(`system q {
      client c { rate: 200/s  read_ratio: 0% }
      service api { cores: 2  service_time: 1ms }
      queue jobs
      worker w { cores: 4  service_time: 2ms }
      c -> api -> jobs -> w
      scenario outage {
        at 5s: stop w
        at 10s: start w
      }
    }`, { duration: 20 });
    assert.equal(r.requests.failed, 0);
    const backlog = series(r, 'backlog.jobs');
    const peak = Math.max(...backlog.v);
    assert.ok(peak > 800 && peak < 1200, String(peak)); // ~200/s × 5 s
    assert.ok(between(r, 'backlog.jobs', 17, 20).every((x) => x < 20), 'drained');
    assert.ok((comp(r, 'jobs').backlogMax ?? 0) >= peak);
  });

  it('pub/sub drops messages for a consumer that is down, not for the others', () => {
    const r = sim(`system p {
      client c { rate: 300/s  read_ratio: 0% }
      service api { cores: 2  service_time: 1ms }
      pubsub news
      worker a { cores: 2  service_time: 1ms }
      worker b { cores: 2  service_time: 1ms }
      c -> api -> news
      news -> a
      news -> b
      scenario outage {
        at 5s: stop a
        at 10s: start a
      }
    }`, { duration: 15 });
    const published = comp(r, 'news').arrivals;
    const dropped = comp(r, 'news').dropped;
    // ~300/s for 5 s, Poisson sd √1500 ≈ 39: ±10 %.
    assert.ok(Math.abs(dropped - 1500) < 150, String(dropped));
    assert.ok(Math.abs(comp(r, 'b').arrivals - published) <= 2);
    assert.ok(Math.abs(comp(r, 'a').arrivals + dropped - published) <= 2);
    assert.ok(between(r, 'throughput_rps.a', 5.3, 10).every((x) => x === 0));
    assert.ok(between(r, 'throughput_rps.a', 10.5, 15).every((x) => x > 0));
  });

  it('a stream group falls behind while its consumer is down and catches up (consumer lag)', () => {
    // As in online-shop's payment_outage, in small: orders are still taken, one group lags, the other does not.
    const r = sim(`system s {
      client c { rate: 200/s  read_ratio: 0% }
      service orders { cores: 2  service_time: 1ms }
      stream events { partitions: 4 }
      worker payments { instances: 2  cores: 2  service_time: 2ms }
      worker emails { cores: 2  service_time: 1ms }
      c -> orders -> events
      events -> payments (group: payments)
      events -> emails (group: emails)
      scenario outage {
        at 5s: stop payments
        at 15s: start payments
      }
    }`, { duration: 30 });
    const lag = series(r, 'lag.events.payments');
    const at = (t: number) => lag.v[lag.t.findIndex((x) => x >= t)];
    assert.ok(at(4.9) < 20);
    assert.ok(at(14.9) > 1700 && at(14.9) < 2300, String(at(14.9))); // ~200/s × 10 s behind
    assert.ok(at(29.9) < 20, 'caught up');
    assert.ok(between(r, 'lag.events.emails', 0, 30).every((x) => x < 20), 'the other group is unaffected');
    assert.equal(r.requests.failed, 0, 'orders are still taken');
    const events = comp(r, 'events');
    assert.ok(events.lag[0].group === 'payments' && events.lag[0].max >= at(14.9));
  });
});

describe('faults', () => {
  it('stopping a component fails its requests; starting it restores them', () => {
    const r = sim(`system s {
      client c { rate: 500/s }
      service api { instances: 2  cores: 2  service_time: 1ms }
      service back { cores: 2  service_time: 1ms }
      c -> api -> back
      scenario outage {
        at 10s: stop back
        at 20s: start back
      }
    }`, { duration: 30 });
    // ~500/s for 10 s fail: Poisson sd ≈ 71: ±8 %.
    assert.ok(Math.abs(r.requests.failed - 5000) < 400, String(r.requests.failed));
    assert.ok(Math.abs(comp(r, 'back').failed - r.requests.failed) <= 5);
    assert.ok(between(r, 'errors_rps', 10.2, 20).every((x) => x > 0));
    assert.ok(between(r, 'errors_rps', 20.2, 30).every((x) => x === 0));
    assert.ok(between(r, 'errors_rps', 0, 10).every((x) => x === 0));
    assert.ok(between(r, 'throughput_rps', 10.2, 20).every((x) => x === 0));
  });

  it('a load balancer with health checks stops sending to a dead instance after one check interval', () => {
    const design = (hc: string) => `system s {
      client c { rate: 400/s }
      loadbalancer lb { health_check: ${hc} }
      service api { instances: 2  cores: 2  service_time: 1ms }
      c -> lb -> api
      scenario kill { at 10s: stop api[1] }
    }`;
    const r = sim(design('true'), { duration: 30 });
    const until = 10 + HEALTH_CHECK_INTERVAL;
    assert.ok(between(r, 'errors_rps', 10.2, until).every((x) => x > 0), 'fails until the check notices');
    assert.ok(between(r, 'errors_rps', until + 0.2, 30).every((x) => x === 0), 'then none');
    // Half of ~400/s for 5 s: ~1000, sd ≈ 32: ±15 %.
    assert.ok(Math.abs(r.requests.failed - 1000) < 150, String(r.requests.failed));
    const blind = sim(design('false'), { duration: 30 });
    assert.ok(between(blind, 'errors_rps', until + 0.2, 30).every((x) => x > 0), 'without health checks it never stops');
  });

  it('CP: a stopped sync replica makes the primary refuse writes; AP accepts them', () => {
    const design = (cap: string) => `system d {
      cap: ${cap}
      client c { rate: 400/s  read_ratio: 50% }
      service api { cores: 4  service_time: 1ms }
      database db { cores: 4  service_time: 1ms  replication { mode: primary_replica  replicas: 1  sync: sync } }
      c -> api -> db
      scenario lose_replica {
        at 5s: stop db.replica[1]
        at 10s: start db.replica[1]
      }
    }`;
    const cp = sim(design('CP'), { duration: 15 });
    // Writes for 5 s: ~1000, sd ≈ 32: ±15 %.
    assert.ok(Math.abs(cp.requests.failed - 1000) < 150, String(cp.requests.failed));
    assert.ok(comp(cp, 'db').failed >= cp.requests.failed - 5);
    assert.ok(between(cp, 'errors_rps', 10.3, 15).every((x) => x === 0));
    const ap = sim(design('AP'), { duration: 15 });
    assert.equal(ap.requests.failed, 0);
  });

  it('stopping the primary: writes fail until it starts; CP refuses primary reads, AP asks a replica', () => {
    const design = (cap: string) => `system d {
      cap: ${cap}
      client c { rate: 400/s  read_ratio: 50% }
      service api { cores: 4  service_time: 1ms }
      database db { cores: 4  service_time: 1ms  replication { mode: primary_replica  replicas: 2  failover: none } }
      c -> api -> db
      scenario failover { at 5s: stop db.primary }
    }`;
    const cp = sim(design('CP'), { duration: 10 });
    assert.ok(Math.abs(cp.requests.failed - 2000) < 200, String(cp.requests.failed)); // reads and writes at the primary
    const ap = sim(design('AP'), { duration: 10 });
    assert.ok(Math.abs(ap.requests.failed - 1000) < 150, String(ap.requests.failed)); // the writes
    // Replicas catch up within a few lags (100 ms) of the last write, so nearly every read they serve is fresh.
    assert.ok(ap.requests.stale < 100, String(ap.requests.stale));
  });

  it('fail-over: a replica is promoted after `failover`; the old primary rejoins as a replica', () => {
    const r = sim(`system d {
      cap: CP
      client c { rate: 400/s  read_ratio: 50% }
      service api { cores: 4  service_time: 1ms }
      database db { cores: 4  service_time: 1ms  replication { mode: primary_replica  replicas: 2  failover: 2s } }
      c -> api -> db
      scenario f {
        at 5s: stop db.primary
        at 10s: start db.primary
        at 12s: stop db.primary
      }
    }`, { duration: 20 });
    // Two windows of 2 s in which every request fails (CP: writes and primary reads): 2 × 2 s × 400/s.
    assert.ok(Math.abs(r.requests.failed - 1600) < 160, String(r.requests.failed));
    assert.equal(comp(r, 'db').failovers, 2);
    assert.ok(between(r, 'errors_rps', 7.5, 11.9).every((x) => x === 0), 'served by the promoted replica');
    assert.ok(between(r, 'errors_rps', 14.5, 20).every((x) => x === 0), 'second fail-over');
  });

  it('replication lag: a replica read is stale with probability 1 − e^(−wL) (Poisson writes w, constant lag L)', () => {
    // Reads go to the replica, writes to the primary; with 64 cores nothing waits, so the primary's commits are
    // the Poisson writes shifted by the constant 1 ms (still Poisson), and a read finds the replica behind iff a
    // write committed in the last L seconds.
    const run = (lag: string, sync = 'async') => sim(`system l {
      client c { rate: 1000/s  read_ratio: 80% }
      database db { cores: 64  service_time: const(1ms)  replication { mode: primary_replica  replicas: 1  read_from: replicas  sync: ${sync}  lag: ${lag} } }
      c -> db
    }`, { duration: 120, seed: 3 });
    const w = 200;
    for (const [lag, L] of [['const(2ms)', 0.002], ['const(5ms)', 0.005]] as const) {
      const r = run(lag);
      const reads = 0.8 * r.requests.completed;
      const p = r.requests.stale / reads;
      const expected = 1 - Math.exp(-w * L);
      // ~96,000 reads: the binomial sd of p is below 0.0017; stale marks of consecutive reads are correlated
      // (one write makes a window), so allow 5 sd of an independent sample.
      assert.ok(Math.abs(p - expected) < 0.01, `lag ${lag}: ${p} vs ${expected}`);
    }
    assert.equal(run('const(5ms)', 'sync').requests.stale, 0);
  });

  it('a partition: AP databases serve stale reads across the cut, CP ones refuse reads and writes', () => {
    const design = (cap: string) => `system p {
      cap: ${cap}
      region east {
        client c { rate: 400/s  read_ratio: 50% }
        service api { cores: 4  service_time: 1ms }
      }
      region west {
        database db { cores: 4  service_time: 1ms  replication { mode: primary_replica  replicas: 1 } }
      }
      c -> api -> db
      scenario cut {
        at 5s: partition east
        at 10s: heal east
      }
    }`;
    const ap = sim(design('AP'), { duration: 15 });
    assert.equal(ap.requests.failed, 0);
    assert.ok(Math.abs(ap.requests.stale - 1000) < 150, String(ap.requests.stale));
    assert.ok(between(ap, 'stale_rps', 10.3, 15).every((x) => x === 0), 'healed');
    const cp = sim(design('CP'), { duration: 15 });
    assert.equal(cp.requests.stale, 0);
    assert.ok(Math.abs(cp.requests.failed - 2000) < 200, String(cp.requests.failed));
  });

  it('a partition cuts calls to services on the other side', () => {
    const r = sim(`system p {
      region east { client c { rate: 200/s }  service api { service_time: 1ms } }
      region west { service back { service_time: 1ms } }
      c -> api -> back
      scenario cut { at 5s: partition west }
    }`, { duration: 10 });
    assert.ok(Math.abs(r.requests.failed - 1000) < 150);
    assert.equal(comp(r, 'back').failed, r.requests.failed);
  });

  it('stopping a region stops everything in it', () => {
    const r = sim(`system p {
      client c { rate: 200/s }
      loadbalancer lb
      region east { service api_e { service_time: 1ms } }
      region west { service api_w { service_time: 1ms } }
      c -> lb
      lb -> api_e
      lb -> api_w
      scenario outage { at 5s: stop east }
    }`, { duration: 10 });
    assert.ok(comp(r, 'api_e').failed > 300);
    assert.equal(comp(r, 'api_w').failed, 0);
  });

  it('a stopped cache passes requests on as misses, reports no throughput, and refills after its restart', () => {
    const r = sim(`system c {
      client c { rate: 500/s  read_ratio: 100% }
      cache k { hit_ratio: 90%  ttl: 10s  service_time: 100us }
      service db { cores: 8  service_time: 1ms }
      c -> k -> db
      scenario flush {
        at 5s: stop k
        at 10s: start k
      }
    }`, { duration: 30, warmup: 5 });
    assert.equal(r.requests.failed, 0);
    const during = between(r, 'throughput_rps.db', 5.3, 10);
    assert.ok(sum(during) / during.length > 400);
    assert.ok(between(r, 'throughput_rps.k', 5.3, 10).every((x) => x === 0), 'stopped: zero throughput');
    assert.ok(comp(r, 'k').bypassed > 2000);
    // Cold after the restart: h(t) = 1 − 0.1^(t/10 s), so db sees 500 × 0.1^(t/10) per second, the mean over
    // the first 5 s is 500 × (1 − 0.1^0.5) / (0.5 ln 10) ≈ 297/s; warm again after 10 s (50/s).
    const refill = between(r, 'throughput_rps.db', 10.1, 15);
    assert.ok(Math.abs(sum(refill) / refill.length - 297) < 30, String(sum(refill) / refill.length));
    const warm = between(r, 'throughput_rps.db', 20.1, 30);
    assert.ok(Math.abs(sum(warm) / warm.length - 50) < 10, String(sum(warm) / warm.length));
  });

  it('write_back: writes end at the cache and reach the database in the background', () => {
    const design = (strategy: string) => `system w {
      client c { rate: 200/s  read_ratio: 0% }
      cache k { strategy: ${strategy}  service_time: 100us }
      database db { cores: 1  service_time: 3ms }
      c -> k -> db
    }`;
    const back = sim(design('write_back'), { duration: 20 });
    const through = sim(design('write_through'), { duration: 20 });
    assert.ok(Math.abs(comp(back, 'db').throughput - 200) < 15, 'every write reaches the database');
    assert.ok(back.latency.mean < 0.001, `write-back answers at the cache: ${back.latency.mean}`);
    assert.ok(through.latency.mean > 0.003, `write-through waits for the database: ${through.latency.mean}`);
  });

  it('max_length: a publish to a full queue fails at the queue', () => {
    const r = sim(`system q {
      client c { rate: 200/s  read_ratio: 0% }
      service api { cores: 4  service_time: 1ms }
      queue jobs { max_length: 100 }
      worker w { service_time: 10ms }
      c -> api -> jobs -> w
    }`, { duration: 30 });
    const q = comp(r, 'jobs');
    assert.ok(q.backlogMax !== null && q.backlogMax <= 100, String(q.backlogMax));
    // The worker drains 100/s of the 200/s published: about half the publishes fail.
    assert.ok(Math.abs(q.failed - 3000) < 300, String(q.failed));
    assert.equal(r.requests.failed, 0, 'publishing does not wait: the caller is not failed');
  });

  it("a queue's backlog waits in the queue (its row), not at the consumer: consumers pull when a core frees", () => {
    const r = sim(`system q {
      client c { rate: 200/s  read_ratio: 0% }
      service api { cores: 4  service_time: 1ms }
      queue jobs
      worker w { instances: 2  service_time: 20ms }
      c -> api -> jobs -> w
    }`, { duration: 20 });
    const q = comp(r, 'jobs');
    const w = comp(r, 'w');
    // 200/s published, 100/s drained: ~2,000 waiting after 20 s.
    assert.ok(q.backlogMax! > 1500, String(q.backlogMax));
    assert.equal(w.maxQueue, 0, 'nothing waits at the consumer');
    assert.ok(w.utilization > 0.98, String(w.utilization));
    assert.ok(Math.abs(w.throughput - 100) < 5, String(w.throughput));
  });
});

describe('load limits', () => {
  it('a rate-limited gateway rejects the excess', () => {
    const r = sim(`system g {
      client c { rate: 1000/s }
      gateway api { rate_limit: 500/s  cores: 8 }
      service s { cores: 4  service_time: 1ms }
      c -> api -> s
    }`, { duration: 20 });
    // A token bucket of one second's tokens, full at the start: 500/s × 20 s + 500 pass, ~9,500 of ~20,000 are
    // rejected (sd ≈ 140 from the Poisson arrivals): ±4 %.
    assert.ok(Math.abs(r.requests.failed - 9_500) < 400, String(r.requests.failed));
    assert.ok(Math.abs(comp(r, 's').arrivalRate - 525) < 10, String(comp(r, 's').arrivalRate)); // (10,000 + 500) / 20 s
    assert.equal(comp(r, 'api').failed, r.requests.failed);
  });

  it('a timeout on a caller fails slow downstream work there', () => {
    const r = sim(`system t {
      client c { rate: 100/s }
      service api { cores: 4  service_time: 1ms  timeout: 20ms }
      service slow { cores: 16  service_time: const(30ms) }
      c -> api -> slow
    }`, { duration: 10 });
    assert.equal(r.requests.completed, 0);
    assert.equal(comp(r, 'api').timeouts, r.requests.failed);
    const slow = r.stations.find((st) => st.component === 'slow')!;
    assert.ok(slow.throughput * r.measured > 900, 'the downstream work still happens');
  });

  it('max_queue drops and marks the component saturated; a light one is not', () => {
    const r = sim(`system q {
      client c { rate: 2000/s }
      service hot { service_time: 1ms  max_queue: 50 }
      service cold { cores: 8  service_time: 1ms }
      c -> cold -> hot
    }`, { duration: 5 });
    assert.ok(r.requests.dropped > 4000);
    assert.equal(comp(r, 'hot').dropped, r.requests.dropped);
    assert.ok(comp(r, 'hot').saturatedAt !== null && comp(r, 'hot').saturatedAt! < 0.5);
    assert.equal(comp(r, 'cold').saturatedAt, null);
    assert.ok(comp(r, 'hot').maxQueue <= 50);
  });

  it('an autoscaled component starts at its steady state for the initial load', () => {
    // 250/s × 10 ms = 2.5 cores of work at 50 % target: ceil(5) = 5 instances, from the first second.
    const design = `system a {
      client c { rate: 250/s }
      service api { service_time: 10ms  autoscale { min: 1  max: 6  target_cpu: 50%  warmup: 10s  interval: 5s } }
      c -> api
    }`;
    const model = buildSimModel(system(design), { duration: 30 });
    assert.equal(model.nodes.find((n) => n.name === 'api')!.instances, 5);
    // At 2x load the same formula gives ceil(10) = 10, clamped to max 6.
    assert.equal(buildSimModel(system(design), { duration: 30, load: 2 }).nodes.find((n) => n.name === 'api')!.instances, 6);
    const r = sim(design, { duration: 30 });
    assert.ok(series(r, 'instances.api').v.every((v) => v >= 5), 'it does not start short and catch up');
  });

  it('autoscaling adds instances after the warm-up and removes them when load falls', () => {
    // Started by hand at 1 instance (below its steady state) to watch the autoscaler catch up.
    const model = buildSimModel(system(`system a {
      client c { rate: 250/s }
      service api {
        service_time: 10ms
        autoscale { min: 1  max: 6  target_cpu: 50%  warmup: 10s  interval: 5s }
      }
      c -> api
    }`), { duration: 90 });
    const r = new Simulation({ ...model, nodes: model.nodes.map((n) => (n.name === 'api' ? { ...n, instances: 1 } : n)) }).run();
    const api = comp(r, 'api');
    assert.ok(api.instancesMax > 1 && api.instancesMax <= 6, String(api.instancesMax));
    const inst = series(r, 'instances.api');
    // The first decision is at 5 s; nothing serves before 5 + 10 s.
    inst.t.forEach((t, i) => { if (t < 15) assert.equal(inst.v[i], 1, `at ${t}`); });
    assert.ok(inst.v[inst.v.length - 1] >= 5, 'enough instances for 2.5 cores of work at 50 %');
    const low = sim(`system a {
      client c { rate: 20/s }
      service api { instances: 4  service_time: 10ms  autoscale { min: 2  max: 6  interval: 5s } }
      c -> api
    }`, { duration: 30 });
    assert.equal(comp(low, 'api').instancesFinal, 2);
  });
});

describe('stop conditions', () => {
  const design = `system s {
    client c { rate: 1000/s }
    service a { cores: 2  service_time: 1ms }
    c -> a
  }`;

  it('cancellation returns the partial results so far', () => {
    const signal = { aborted: false };
    let calls = 0;
    const model = buildSimModel(system(design), { duration: 60 });
    const r = new Simulation(model).run({
      signal,
      progressEvery: 20_000,
      onProgress: (f) => {
        calls++;
        assert.ok(f >= 0 && f <= 1);
        if (calls === 3) signal.aborted = true;
      },
    });
    assert.equal(r.stopped, 'cancelled');
    assert.ok(r.simulated > 10 && r.simulated < 60, String(r.simulated));
    assert.ok(r.requests.completed > 10_000);
    assert.ok(r.events < 130_000);
    const json = toJson(r);
    assert.equal(json.duration_s, Number(r.simulated.toPrecision(6)));
    assert.ok(json.series.t_s[json.series.t_s.length - 1]! <= r.simulated);
  });

  it('stops at the event limit', () => {
    const r = sim(design, { duration: 60, maxEvents: 50_000 });
    assert.equal(r.stopped, 'max-events');
    assert.equal(r.events, 50_000);
    assert.ok(r.simulated < 30);
    assert.ok(r.requests.completed > 20_000);
  });

  it('a Simulation runs once', () => {
    const s = new Simulation(buildSimModel(system(design), { duration: 1 }));
    s.run();
    assert.throws(() => s.run(), /runs once/);
  });
});

describe('memory', () => {
  it('statistics are streamed: a 10× longer run holds no more state', () => {
    const design = `system m {
      client c { rate: 2000/s }
      service a { cores: 2  service_time: 0.5ms }
      c -> a
    }`;
    const model = (d: number) => buildSimModel(system(design), { duration: d });
    const short = new Simulation(model(5));
    const long = new Simulation(model(50));
    const rs = short.run();
    const rl = long.run();
    assert.ok(rl.events > 9 * rs.events);
    // Same number of series points, however long the run.
    assert.equal(rs.series.times.length, rl.series.times.length);
    assert.equal(JSON.stringify(toJson(rl)).length < 2 * JSON.stringify(toJson(rs)).length, true);
  });
});

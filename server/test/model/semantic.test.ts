// The resolved semantic model (model/semantic): each fact the rules, the
// estimate, the simulation and the diagram used to work out separately is
// tested once here, against the model they now all read.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../src/analyze';
import { databaseLayout, isManagement, mostInstances, semanticModel, semanticsOf, steadyInstances } from '../../src/model/semantic';
import { simulateSystem } from '../../src/sim';
import { readRatioOf } from '../../src/model/semantic/traffic';
import type { ComponentModel, SystemModel } from '../../src/model/types';
import { PROPERTY_NAMES } from '../../src/schema/property-names';
import { CONNECTION_ATTRIBUTES, KINDS, QUERY, SCENARIO, SCENARIO_DEFAULTS, SYSTEM, VIEW, WORKLOAD } from '../../src/schema/schema';
import { buildSimModel } from '../../src/sim/model';

function system(body: string): SystemModel {
  const a = analyze(`system s {\n${body}\n}\n`);
  const errors = a.diagnostics.filter((d) => d.severity === 'error');
  assert.deepEqual(errors.map((d) => d.message), [], 'the design is valid');
  return a.systems[0];
}

function component(s: SystemModel, name: string): ComponentModel {
  const c = s.components.get(name);
  assert.ok(c, name);
  return c;
}

describe('database copies', () => {
  const cases: [string, number][] = [
    ['', 1],
    ['replication { mode: primary_replica  replicas: 2 }', 3],
    ['replication { mode: multi_primary  replicas: 1  conflict_resolution: merge }', 2],
    ['replication { mode: primary_replica  replicas: 0 }', 1],
    ['replication { mode: leaderless  replicas: 3 }', 3],
    // `replicas` is the total for leaderless; zero still leaves the one node that stores the data.
    ['replication { mode: leaderless  replicas: 0 }', 1],
  ];
  for (const [block, copies] of cases) {
    test(`${block || 'no replication'}: ${copies} cop${copies === 1 ? 'y' : 'ies'}, and the simulation builds as many`, () => {
      const s = system(`database db { service_time: 1ms  ${block} }`);
      const layout = databaseLayout(component(s, 'db'))!;
      assert.equal(layout.copies, copies);
      const sim = buildSimModel(s, { duration: 1 });
      assert.equal(sim.nodes.find((n) => n.name === 'db')!.database!.copies, copies);
    });
  }

  test('shards, sync, read_from and quorum are read once; failover and lag take the v2 defaults', () => {
    const s = system(`database db {
      replication { mode: primary_replica  replicas: 2  sync: semi_sync  read_from: any }
      sharding { strategy: hash  shards: 8  key: id }
    }
    database single { }
    database tuned { replication { mode: primary_replica  replicas: 1  failover: 5s  lag: const(20ms) } }
    database never { replication { mode: primary_replica  replicas: 1  failover: none } }`);
    const db = databaseLayout(component(s, 'db'))!;
    assert.deepEqual([db.shards, db.sync, db.readFrom, db.failover], [8, 'semi_sync', 'any', 30]);
    assert.deepEqual(db.lag, { kind: 'exp', mean: 0.1 });
    assert.equal(databaseLayout(component(s, 'single'))!.failover, undefined, 'nothing to fail over to');
    const tuned = databaseLayout(component(s, 'tuned'))!;
    assert.equal(tuned.failover, 5);
    assert.deepEqual(tuned.lag, { kind: 'const', value: 0.02 });
    assert.equal(databaseLayout(component(s, 'never'))!.failover, undefined);
  });
});

describe('instances', () => {
  test('a job runs its workers; a service its instances; autoscale its max at most', () => {
    const s = system(`job batch { workers: 6  service_time: 1s }
      service api { instances: 3  service_time: 1ms }
      service auto { instances: 2  service_time: 1ms  autoscale { min: 2  max: 9 } }`);
    assert.equal(mostInstances(component(s, 'batch')), 6);
    assert.equal(mostInstances(component(s, 'api')), 3);
    assert.equal(mostInstances(component(s, 'auto')), 9);
    const sim = buildSimModel(s, { duration: 1 });
    assert.equal(sim.nodes.find((n) => n.name === 'batch')!.instances, 6);
  });
});

describe('autoscale', () => {
  test('target, warm-up and interval come from the schema when not written', () => {
    const s = system('service api { service_time: 10ms  autoscale { min: 2  max: 10 } }');
    assert.deepEqual(semanticsOf(component(s, 'api')).capacity.autoscale, { min: 2, max: 10, targetCpu: 0.7, warmup: 30, interval: 10 });
  });

  test('steady state: clamp(ceil(λ·S / (cores · target_cpu)), min, max)', () => {
    const s = system('service api { cores: 2  service_time: 10ms  autoscale { min: 2  max: 10  target_cpu: 50% } }');
    const capacity = semanticsOf(component(s, 'api')).capacity;
    // 300/s × 10 ms = 3 cores of work; 2 cores × 50 % per instance = 1 → 3 instances.
    assert.equal(steadyInstances(capacity, 300, 0.01), 3);
    assert.equal(steadyInstances(capacity, 10, 0.01), 2, 'never below min');
    assert.equal(steadyInstances(capacity, 5000, 0.01), 10, 'never above max');
    const plain = semanticsOf(component(system('service b { service_time: 1ms }'), 'b')).capacity;
    assert.equal(steadyInstances(plain, 300, 0.01), undefined);
  });

  test('the estimate reports the steady state beside min and max', () => {
    const a = analyze(`system s {
      client web { rate: 300/s }
      service api { cores: 2  service_time: 10ms  autoscale { min: 2  max: 10  target_cpu: 50% } }
      web -> api
    }`);
    const e = a.estimate(a.systems[0]).byName.get('api')!;
    assert.deepEqual([e.autoscaleRange, e.instancesSteady], [{ min: 2, max: 10, targetCpu: 0.5 }, 3]);
  });
});

describe('implied structure', () => {
  test("a CDN's origin is one implied edge, shared by every reader", () => {
    const s = system(`cdn edge { origin: site  hit_ratio: 50% }
      service site { service_time: 1ms }`);
    const model = semanticModel(s);
    assert.equal(model.implied.length, 1);
    const edge = model.implied[0];
    assert.equal(edge.implied, true);
    assert.deepEqual([edge.from.name, edge.to.name], ['edge', 'site']);
    assert.strictEqual(semanticModel(s), model, 'resolved once');
    assert.strictEqual(model.outgoing.get(component(s, 'edge'))!.at(-1), edge);
  });

  test('no implied edge when a connection already reaches the origin', () => {
    const s = system(`cdn edge { origin: site }
      service site { service_time: 1ms }
      edge -> site`);
    assert.deepEqual(semanticModel(s).implied, []);
  });
});

describe('defaults come from the schema', () => {
  test('a run without a scenario uses the scenario defaults', () => {
    const sim = buildSimModel(system('service api { service_time: 1ms }'));
    assert.deepEqual([sim.duration, sim.seed, sim.load, sim.warmup], [SCENARIO_DEFAULTS.duration, SCENARIO_DEFAULTS.seed, SCENARIO_DEFAULTS.load, SCENARIO_DEFAULTS.warmup]);
  });

  test("a client's read ratio: its own, else the workload's, else the fallback", () => {
    const s = system('client a { rate: 1/s  read_ratio: 40% }\nclient b { rate: 1/s }');
    assert.equal(readRatioOf(component(s, 'a'), 0.5), 0.4);
    assert.equal(readRatioOf(component(s, 'b'), 0.5), 0.5);
    assert.equal(readRatioOf(component(s, 'b'), undefined), 0.9);
  });
});

test('PROPERTY_NAMES lists exactly the properties the schema declares (and the event time)', () => {
  const declared = new Set<string>(['at']);
  const add = (specs: readonly { name: string }[]) => specs.forEach((p) => declared.add(p.name));
  for (const k of KINDS) {
    add(k.properties);
    for (const b of k.blocks) add(b.properties);
  }
  for (const specs of [SYSTEM.properties, WORKLOAD.properties, QUERY.properties, SCENARIO.properties, VIEW.properties, CONNECTION_ATTRIBUTES]) add(specs);
  for (const b of SYSTEM.blocks) add(b.properties);
  assert.deepEqual([...PROPERTY_NAMES].sort(), [...declared].sort());
});

describe('orchestrator connections are management', () => {
  // `api` takes a lock from `locks` on each request (a request); `locks` deploys `reports` (management).
  const text = `system s {
  client web { rate: 100/s }
  loadbalancer lb { instances: 2 }
  service api { instances: 2 }
  orchestrator locks: zookeeper { instances: 3 }
  service reports { instances: 2 }
  web -> lb -> api -> locks
  locks -> reports
}`;

  test('the semantic model lists the connection as management, not among the request connections', () => {
    const system = analyze(text).systems[0];
    const model = semanticModel(system);
    const locks = system.components.get('locks')!;
    assert.deepEqual(model.management.map((e) => `${e.from.name} -> ${e.to.name}`), ['locks -> reports']);
    assert.deepEqual(model.outgoing.get(locks), []);
    assert.equal(isManagement(system.components.get('api')!.outgoing[0]), false);
  });

  test('the estimate sends no requests over it; the call to the orchestrator still carries load', () => {
    const analysis = analyze(text);
    const estimate = analysis.estimate(analysis.systems[0]);
    assert.equal(estimate.byName.get('locks')!.rateRps, 100);
    assert.equal(estimate.byName.get('reports')!.rateRps, 0);
  });

  test('the simulation sends no requests over it', () => {
    const system = analyze(text).systems[0];
    const result = simulateSystem(system, { duration: 20, seed: 3 });
    const byName = new Map(result.components.map((c) => [c.name, c]));
    assert.ok(byName.get('locks')!.arrivals > 0);
    assert.equal(byName.get('reports')!.arrivals, 0);
  });
});

describe('consumer groups', () => {
  const s = system(`
  service api
  stream events: kafka { partitions: 4 }
  worker billing { instances: 2 }
  worker billing_audit
  worker search
  api -> events
  events -> billing (group: money)
  events -> billing_audit (group: money)
  events -> search`);
  const groups = semanticsOf(component(s, 'events')).consumerGroups;

  test('a named group gathers its members; a consumer without one is its own group, marked implied', () => {
    assert.deepEqual(groups.map((g) => [g.name, g.edges.map((e) => e.to.name), g.implied]), [
      ['money', ['billing', 'billing_audit'], false],
      ['search', ['search'], true],
    ]);
  });

  test('the estimate, the simulation and the diagram split by the same groups', () => {
    // Every group receives every message, split inside the group.
    const a = analyze(`system s {\n  client c { rate: 100/s }\n  service api\n  stream events: kafka { partitions: 4 }\n  worker billing\n  worker billing_audit\n  worker search\n  c -> api\n  api -> events\n  events -> billing (group: money)\n  events -> billing_audit (group: money)\n  events -> search\n}\n`);
    const estimate = a.estimate(a.systems[0]);
    const rate = (name: string) => estimate.byName.get(name)!.rateRps;
    assert.ok(rate('search') > 0 && Math.abs(rate('billing') - rate('search') / 2) < 1e-9, 'a two-member group halves the stream');
    const sim = buildSimModel(a.systems[0]);
    const stream = sim.nodes.find((n) => n.name === 'events')!;
    assert.deepEqual(stream.groups.map((g) => [g.name, g.edges.length]), [['money', 2], ['search', 1]]);
  });
});

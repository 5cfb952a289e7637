// The capacity rules (docs/rules/README.md "Capacity" and premature-sharding) on the
// analytic estimate: each fires at its threshold and stays silent just
// below it. Designs are built so the utilization is exact in binary
// (1 request/s × 1 s on 1 core is exactly 1.0; 0.8/s × 1 s is the double 0.8).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../src/analyze';
import type { Diagnostic } from '../../src/diagnostics';
import { estimateSystem } from '../../src/estimate/propagate';
import { NEAR_CAPACITY } from '../../src/rules/capacity';
import { NEAR_CAPACITY_UTILIZATION, OVERLOAD_UTILIZATION } from '../../src/estimate/report';
import { expectClean } from '../helpers/inline';

function run(source: string): { diagnostics: Diagnostic[]; utilization: (name: string) => number | undefined } {
  const a = analyze(source);
  expectClean(a);
  const e = estimateSystem(a.systems[0]);
  return { diagnostics: a.diagnostics, utilization: (name) => e.byName.get(name)?.utilization };
}

function rules(diagnostics: Diagnostic[], rule: string): Diagnostic[] {
  return diagnostics.filter((d) => d.rule === rule);
}

/** One client at `rate` calling one service of 1 core and 1 s per request: utilization = rate. */
const single = (rate: string, extra = '') => `system s {
  client web { rate: ${rate} }
  service api { instances: 1  cores: 1  service_time: 1s ${extra} }
  web -> api
}`;

describe('overload', () => {
  test('fires at utilization exactly 1.0', () => {
    const r = run(single('1/s'));
    assert.equal(r.utilization('api'), 1);
    const [d, ...more] = rules(r.diagnostics, 'overload');
    assert.ok(d, 'overload should fire');
    assert.equal(more.length, 0);
    assert.equal(d.severity, 'error');
    assert.match(d.message, /`api`|api/);
    assert.match(d.message, /100%/);
  });

  test('fires above 1.0', () => {
    const r = run(single('3/s'));
    assert.equal(r.utilization('api'), 3);
    assert.equal(rules(r.diagnostics, 'overload').length, 1);
  });

  test('is silent at 0.99', () => {
    const r = run(single('0.99/s'));
    assert.equal(r.utilization('api'), 0.99);
    assert.equal(rules(r.diagnostics, 'overload').length, 0);
  });

  test('is silent on a component with no capacity (a CDN, a queue)', () => {
    const r = run(`system s {
      client web { rate: 1M/s  read_ratio: 100% }
      cdn edge { origin: assets  hit_ratio: 99% }
      blob assets { cores: 1000 }
      web -> edge
    }`);
    // 1M/s × 1 % = 10k/s at the origin × 20 ms = 200 cores of 1000: 20 %.
    assert.equal(rules(r.diagnostics, 'overload').length, 0);
  });

  test('on a database, fires on the busiest station', () => {
    // 0.75 × 8 = 6 reads + 2 writes/s, read from 2 replicas with 1 core and 1 s each:
    // primary 2/s (200 %), replicas 2 + 3 = 5/s each: both overloaded; one diagnostic.
    const r = run(`system s {
      client web { rate: 8/s  read_ratio: 75% }
      database db { cores: 1  service_time: 1s  replication { mode: primary_replica  replicas: 2  read_from: replicas } }
      web -> db
    }`);
    assert.equal(r.utilization('db'), 5);
    const ds = rules(r.diagnostics, 'overload');
    assert.equal(ds.length, 1);
    assert.match(ds[0].message, /each of its 2 replica nodes handles 2\/s writes \+ 3\/s reads = 5\/s × 1 s = 5 cores of work against its 1 core:/);
  });
});

describe('near-capacity', () => {
  test('the threshold is 80 % in the rule and in the report', () => {
    assert.equal(NEAR_CAPACITY, 0.8);
    assert.equal(NEAR_CAPACITY_UTILIZATION, NEAR_CAPACITY);
    assert.equal(OVERLOAD_UTILIZATION, 1);
  });

  test('fires at utilization exactly 0.80', () => {
    const r = run(single('0.8/s'));
    assert.equal(r.utilization('api'), 0.8);
    const ds = rules(r.diagnostics, 'near-capacity');
    assert.equal(ds.length, 1);
    assert.equal(ds[0].severity, 'warning');
    assert.match(ds[0].message, /80%/);
    assert.equal(rules(r.diagnostics, 'overload').length, 0);
  });

  test('fires at 0.99', () => {
    const r = run(single('0.99/s'));
    assert.equal(rules(r.diagnostics, 'near-capacity').length, 1);
  });

  test('is silent at 0.79', () => {
    const r = run(single('0.79/s'));
    assert.equal(r.utilization('api'), 0.79);
    assert.equal(rules(r.diagnostics, 'near-capacity').length, 0);
  });

  test('at or above 1.0 it is overload, not near-capacity', () => {
    for (const rate of ['1/s', '2/s']) {
      const r = run(single(rate));
      assert.equal(rules(r.diagnostics, 'near-capacity').length, 0, rate);
      assert.equal(rules(r.diagnostics, 'overload').length, 1, rate);
    }
  });

  test('the threshold holds with several instances and cores', () => {
    // 12.8/s × 500 ms = 6.4 cores on 2 instances × 4 cores = 8: 0.8 exactly (12.8/2 = 6.4 per instance, μ = 2).
    const at80 = run(`system s {
      client web { rate: 12.8/s }
      loadbalancer lb { instances: 2 }
      service api { instances: 2  cores: 4  service_time: 500ms }
      web -> lb -> api
    }`);
    assert.equal(at80.utilization('api'), 0.8);
    assert.equal(rules(at80.diagnostics, 'near-capacity').length, 1);
  });
});

describe('rate-limit-below-load', () => {
  const gateway = (limit: string) => `system s {
    client apps { rate: 500/s }
    gateway edge { instances: 2  rate_limit: ${limit} }
    service orders { instances: 8 }
    apps -> edge -> orders
  }`;

  test('fires when the limit is below the offered rate', () => {
    const r = run(gateway('499/s'));
    const ds = rules(r.diagnostics, 'rate-limit-below-load');
    assert.equal(ds.length, 1);
    assert.equal(ds[0].severity, 'info');
    assert.match(ds[0].message, /500\/s/);
    assert.match(ds[0].message, /499\/s/);
    // 500 − 499 = 1/s rejected.
    assert.match(ds[0].message, /about 1\/s will be rejected/);
  });

  test('fires with a per-minute limit below the load', () => {
    // 6000/min = 100/s < 500/s.
    assert.equal(rules(run(gateway('6k/min')).diagnostics, 'rate-limit-below-load').length, 1);
  });

  test('is silent when the limit equals or exceeds the offered rate', () => {
    for (const limit of ['500/s', '501/s', '30k/min']) {
      assert.equal(rules(run(gateway(limit)).diagnostics, 'rate-limit-below-load').length, 0, limit);
    }
  });

  test('is silent without a rate limit', () => {
    const r = run(`system s {
      client apps { rate: 500/s }
      gateway edge { instances: 2 }
      service orders { instances: 8 }
      apps -> edge -> orders
    }`);
    assert.equal(rules(r.diagnostics, 'rate-limit-below-load').length, 0);
  });
});

describe('premature-sharding', () => {
  const design = (workload: string, rate: string) => `system s {
    ${workload}
    client app { rate: ${rate} }
    service api { instances: 2 }
    database notes {
      cores: 4
      service_time: 1s
      replication { mode: primary_replica  replicas: 1 }
      sharding { strategy: consistent_hash  shards: 4  key: user_id }
      table notes { columns: [note_id, user_id]  key: note_id  shard_key: user_id }
    }
    app -> api -> notes
  }`;
  // 1000 users × 1 write/day × 1 MB × retention days: retention 999d = 0.999 TB, 1000d = exactly 1 TB.
  const small = 'workload { dau: 1k  writes_per_user: 1/day  record_size: 1MB  retention: 999d }';

  test('fires when load and storage fit on one node', () => {
    // One node: 1.99/s × 1 s / 4 cores = 0.4975 < 0.5; 0.999 TB < 1 TB.
    const ds = rules(run(design(small, '1.99/s')).diagnostics, 'premature-sharding');
    assert.equal(ds.length, 1);
    assert.equal(ds[0].severity, 'info');
    assert.match(ds[0].message, /`notes` is sharded/);
  });

  test('is silent when the load would keep one node half busy', () => {
    // 2/s × 1 s / 4 cores = 0.5: not under half.
    assert.equal(rules(run(design(small, '2/s')).diagnostics, 'premature-sharding').length, 0);
  });

  test('is silent when the storage reaches 1 TB', () => {
    const exactlyOneTB = 'workload { dau: 1k  writes_per_user: 1/day  record_size: 1MB  retention: 1000d }';
    assert.equal(rules(run(design(exactlyOneTB, '1/s')).diagnostics, 'premature-sharding').length, 0);
  });

  test('is silent with a large workload', () => {
    const large = 'workload { dau: 100M  writes_per_user: 10/day  reads_per_user: 1000/day  record_size: 500B }';
    assert.equal(rules(run(design(large, '1/s')).diagnostics, 'premature-sharding').length, 0);
  });

  test('is silent without a workload (storage unknown)', () => {
    assert.equal(rules(run(design('', '1/s')).diagnostics, 'premature-sharding').length, 0);
  });
});

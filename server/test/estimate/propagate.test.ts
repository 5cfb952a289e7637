// The analytic model (estimate/propagate.ts): offered load at every component
// from the clients through the connections, with the routing semantics of
// docs/simulation.md "The model" and the connection attributes of
// docs/language-reference.md, and the M/M/c figures of docs/simulation.md
// "Validation". Every expected rate is
// worked out by hand in a comment; rates are chosen so the arithmetic is
// exact in binary (0.75, 0.25, halves), and the rest is compared with a
// relative tolerance of 1e-12.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../src/analyze';
import { ComponentEstimate, estimateSystem, SystemEstimate } from '../../src/estimate/propagate';
import { erlangC, mmc, tandemResponse } from '../../src/estimate/queueing';
import { expectClean } from '../helpers/inline';

/** Estimate of the only system of `source`, which must have no language errors. */
function estimate(source: string): SystemEstimate {
  const a = analyze(source);
  expectClean(a);
  assert.equal(a.systems.length, 1);
  return estimateSystem(a.systems[0]);
}

function at(e: SystemEstimate, name: string): ComponentEstimate {
  const c = e.byName.get(name);
  assert.ok(c, `no estimate for ${name}`);
  return c;
}

function close(actual: number | undefined, expected: number, message = '', rel = 1e-12): void {
  assert.ok(actual !== undefined, `${message}: undefined`);
  if (actual === expected) return;
  const err = Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-300);
  assert.ok(err <= rel, `${message}: expected ${expected}, got ${actual} (relative error ${err})`);
}

/** Peak reads and writes arriving at `name`. */
function flow(e: SystemEstimate, name: string): [number, number] {
  const c = at(e, name);
  return [c.peak.reads, c.peak.writes];
}

/**
 * One row of a load table: a design and the load the estimate must put on
 * its components: `rates` the total peak request rate (exact), `flows` the
 * peak [reads, writes].
 */
interface LoadRow {
  name: string;
  design: string;
  rates?: Record<string, number>;
  flows?: Record<string, [number, number]>;
}

/** One test per row: the many tests that differ only in the design and the figures they expect. */
function loadTable(rows: readonly LoadRow[]): void {
  for (const row of rows) {
    test(row.name, () => {
      assert.ok(row.rates || row.flows, `${row.name}: a load row expects something`);
      const e = estimate(row.design);
      for (const [name, rate] of Object.entries(row.rates ?? {})) assert.equal(at(e, name).rateRps, rate, name);
      for (const [name, readsWrites] of Object.entries(row.flows ?? {})) assert.deepEqual(flow(e, name), readsWrites, name);
    });
  }
}

describe('the classic interview example', () => {
  test('10,000 req/s × 10 ms = 100 cores = 25 servers of 4 cores', () => {
    const e = estimate(`system s {
      client web { rate: 10k/s }
      service api { instances: 50  cores: 4  service_time: 10ms }
      web -> api
    }`);
    const api = at(e, 'api');
    assert.equal(api.rateRps, 10_000);
    assert.equal(api.coresNeeded, 100);
    assert.equal(api.serversNeeded, 25);
    assert.equal(api.coresPerInstance, 4);
    assert.equal(api.instances, 50);
    // 100 cores of work on 50 × 4 = 200 cores.
    close(api.utilization, 0.5, 'utilization');
    // Average = peak ÷ 2 (no workload: the default peak factor).
    assert.equal(e.peakFactor, 2);
    assert.equal(api.avgRateRps, 5000);
    close(api.avgCoresNeeded, 50, 'avg cores');
    close(api.avgUtilization, 0.25, 'avg utilization');
  });

  test('exactly 25 instances of 4 cores is exactly 100 % busy', () => {
    const e = estimate(`system s {
      client web { rate: 10k/s }
      service api { instances: 25  cores: 4  service_time: 10ms }
      web -> api
    }`);
    const api = at(e, 'api');
    assert.equal(api.coresNeeded, 100);
    assert.equal(api.serversNeeded, 25);
    assert.equal(api.utilization, 1);
    assert.equal(api.ownResponse, Infinity);
  });
});

describe('choosers send each request to one target', () => {
  test('a round-robin load balancer splits evenly', () => {
    // 300/s over three targets: 100/s each.
    const e = estimate(`system s {
      client web { rate: 300/s }
      loadbalancer lb { instances: 2 }
      service a { instances: 2 }
      service b { instances: 2 }
      service c { instances: 2 }
      web -> lb
      lb -> a
      lb -> b
      lb -> c
    }`);
    assert.equal(at(e, 'lb').rateRps, 300);
    for (const n of ['a', 'b', 'c']) close(at(e, n).rateRps, 100, n);
  });

  /** 400/s from web to the chooser `front` (named by its second word), which calls a and b with `weights`. */
  const weighted = (front: string, instances: [number, number], weights: [number, number]) => {
    const name = front.split(' ')[1];
    return `system s {
      client web { rate: 400/s }
      ${front}
      service a { instances: ${instances[0]} }
      service b { instances: ${instances[1]} }
      web -> ${name}
      ${name} -> a (weight: ${weights[0]})
      ${name} -> b (weight: ${weights[1]})
    }`;
  };

  loadTable([
    {
      // 400/s, weights 3 : 1 → a gets 400 × 3/4 = 300/s, b gets 400 × 1/4 = 100/s.
      name: 'weighted_round_robin follows the weights',
      design: weighted('loadbalancer lb { algorithm: weighted_round_robin  instances: 2 }', [4, 2], [3, 1]),
      rates: { a: 300, b: 100 },
    },
    {
      // round_robin: 400/s evenly, 200/s each, whatever the weights.
      name: 'weights are ignored by a balancer that is not weighted_round_robin',
      design: weighted('loadbalancer lb { instances: 2 }', [4, 4], [3, 1]),
      rates: { a: 200, b: 200 },
    },
    {
      // 400/s × 1/4 = 100/s to a, × 3/4 = 300/s to b.
      name: 'a gateway routes by connection weight',
      design: weighted('gateway gw { instances: 2 }', [2, 4], [1, 3]),
      rates: { a: 100, b: 300 },
    },
    {
      // Unweighted: 400/s ÷ 2 = 200/s each.
      name: 'a gateway routes evenly by default',
      design: `system s {
      client web { rate: 400/s }
      gateway gw { instances: 2 }
      service a { instances: 4 }
      service b { instances: 4 }
      web -> gw -> a
      gw -> b
    }`,
      rates: { a: 200, b: 200 },
    },
    {
      // 500/s over two balancers: 250/s each.
      name: 'a DNS splits evenly between its entry points',
      design: `system s {
      client web { rate: 500/s }
      dns resolver
      loadbalancer east { instances: 2 }
      loadbalancer west { instances: 2 }
      web -> resolver
      resolver -> east
      resolver -> west
    }`,
      rates: { east: 250, west: 250 },
    },
  ]);
});

describe('everything else fans out', () => {
  loadTable([
    {
      // 1000/s to each target, not 500/s.
      name: 'a client calling a CDN and an API sends everything to both',
      design: `system s {
      client app { rate: 1k/s  read_ratio: 75% }
      cdn edge { origin: assets }
      blob assets
      service api { instances: 20 }
      app -> edge
      app -> api
    }`,
      flows: { edge: [750, 250], api: [750, 250] },
    },
    {
      // 1000/s reach both.
      name: 'a service calls all its targets',
      design: `system s {
      client app { rate: 1k/s }
      service api { instances: 20 }
      service users { instances: 20 }
      service orders { instances: 20 }
      app -> api
      api -> users
      api -> orders
    }`,
      rates: { users: 1000, orders: 1000 },
    },
    {
      // 1000/s at 75 % reads: 750 reads, 250 writes.
      // reader (on: read) 750 reads; writer (on: write) 250 writes; both (all) 750 + 250.
      name: 'on: read and on: write filter which requests take a connection',
      design: `system s {
      client app { rate: 1k/s  read_ratio: 75% }
      service api { instances: 20 }
      service reader { instances: 20 }
      service writer { instances: 20 }
      service both { instances: 20 }
      app -> api
      api -> reader (on: read)
      api -> writer (on: write)
      api -> both (on: all)
    }`,
      flows: { api: [750, 250], reader: [750, 0], writer: [0, 250], both: [750, 250] },
    },
    {
      // 1000/s at 75 % reads through a balancer: reads go only to a and b
      // (375 each), writes only to c (250).
      name: 'on: filters apply before a chooser splits',
      design: `system s {
      client app { rate: 1k/s  read_ratio: 75% }
      loadbalancer lb { instances: 2 }
      service a { instances: 20 }
      service b { instances: 20 }
      service c { instances: 20 }
      app -> lb
      lb -> a (on: read)
      lb -> b (on: read)
      lb -> c (on: write)
    }`,
      flows: { a: [375, 0], b: [375, 0], c: [0, 250] },
    },
  ]);
});

describe('caches and CDNs', () => {
  test('a cache thins reads to (1 − h) and passes every write', () => {
    // 1000/s at 75 % reads = 750 reads + 250 writes reach the cache.
    // With h = 75 %: 750 × 0.25 = 187.5 reads miss; the 250 writes pass: 437.5/s at the database.
    const e = estimate(`system s {
      client app { rate: 1k/s  read_ratio: 75% }
      service api { instances: 20 }
      cache c { hit_ratio: 75% }
      database db
      app -> api -> c -> db
    }`);
    assert.deepEqual(flow(e, 'c'), [750, 250]);
    assert.equal(at(e, 'c').hitRatio, 0.75);
    assert.deepEqual(flow(e, 'db'), [187.5, 250]);
    assert.equal(at(e, 'db').rateRps, 437.5);
  });

  test('the default hit ratio of a cache is 80 %', () => {
    // 1000 reads (read_ratio 100 %) × (1 − 0.8) = 200 reads at the database.
    const e = estimate(`system s {
      client app { rate: 1k/s  read_ratio: 100% }
      cache c
      database db
      app -> c -> db
    }`);
    assert.equal(at(e, 'c').hitRatio, 0.8);
    close(at(e, 'db').rateRps, 200, 'db');
  });

  test('a CDN sends its misses to its origin without a connection', () => {
    // 1000/s at 50 % reads: 500 reads × (1 − 0.75) = 125 reads miss, plus 500 writes = 625/s at the origin.
    const e = estimate(`system s {
      client app { rate: 1k/s  read_ratio: 50% }
      cdn edge { origin: assets  hit_ratio: 75% }
      blob assets
      app -> edge
    }`);
    assert.deepEqual(flow(e, 'assets'), [125, 500]);
    assert.equal(at(e, 'edge').hasCapacity, false);
    // The implicit edge carries load but is not a connection of the design.
    assert.equal(e.edges.length, 1);
    assert.equal(e.edges[0].edge.to.name, 'edge');
    // Response: the CDN itself costs nothing; 625 of its 1000 requests wait for the origin.
    const assets = at(e, 'assets');
    assert.ok(assets.ownResponse > 0);
    close(at(e, 'edge').pathResponse, (625 / 1000) * assets.pathResponse, 'edge path response');
    close(e.clients[0].meanResponse, at(e, 'edge').pathResponse, 'client response');
  });

  test('an explicit connection to the origin is not counted twice', () => {
    const e = estimate(`system s {
      client app { rate: 1k/s  read_ratio: 50% }
      cdn edge { origin: assets  hit_ratio: 75% }
      blob assets
      app -> edge -> assets
    }`);
    assert.deepEqual(flow(e, 'assets'), [125, 500]);
    assert.equal(e.edges.length, 2);
  });
});

describe('databases: replicas, shards, quorums', () => {
  // 1000/s at 75 % reads: 750 reads + 250 writes reach the database.
  const db = (replication: string, extra = '') => estimate(`system s {
    client app { rate: 1k/s  read_ratio: 75% }
    database db { ${replication} ${extra} }
    app -> db
  }`);

  test('read_from: replicas — the primary takes the writes, each replica every write plus its share of reads', () => {
    // primary: 250 writes. Replicas (2): 250 writes (replication work) + 750 / 2 = 375 reads = 625 each.
    const e = at(db('replication { mode: primary_replica  replicas: 2  read_from: replicas }'), 'db');
    assert.deepEqual(e.stations.map((s) => [s.label, s.count, s.rate]), [['primary', 1, 250], ['replica', 2, 625]]);
    assert.equal(e.instances, 3);
    // Demand: (250 + 2 × 625) × 5 ms = 1500 × 5 ms = 7.5 cores.
    close(e.coresNeeded, 7.5, 'cores');
    // Busiest station: 625/s × 5 ms / 8 cores.
    close(e.utilization, (625 * 0.005) / 8, 'utilization');
    assert.equal(e.rateRps, 1000);
  });

  test('no replication: one station takes everything', () => {
    const e = at(db(''), 'db');
    assert.deepEqual(e.stations.map((s) => [s.label, s.count, s.rate]), [['primary', 1, 1000]]);
    // 1000/s × 5 ms = 5 cores of 8; 1 server.
    close(e.coresNeeded, 5, 'cores');
    assert.equal(e.serversNeeded, 1);
  });

  test('sync replication makes a write wait for the slowest replica (fork–join); async does not', () => {
    const asyncDb = at(db('replication { mode: primary_replica  replicas: 2  sync: async  read_from: replicas }'), 'db');
    const syncDb = at(db('replication { mode: primary_replica  replicas: 2  sync: sync  read_from: replicas }'), 'db');
    // Stations: primary λ = 250, replicas λ = 625; μ = 1/5ms = 200 per core, 8 cores.
    const primary = mmc(250, 200, 8).meanResponse;
    const replica = mmc(625, 200, 8).meanResponse;
    // Reads (750) wait at a replica; writes (250) at the primary, plus the slower of the two replicas when
    // sync: Nelson–Tantawi's maximum of two, (12 − ρ)/8 × the replica's response, ρ = 625 / 1600.
    const slowest = ((12 - 625 / 1600) / 8) * replica;
    close(asyncDb.ownResponse, (750 * replica + 250 * primary) / 1000, 'async');
    close(syncDb.ownResponse, (750 * replica + 250 * (primary + slowest)) / 1000, 'sync');
    close(syncDb.ownResponse - asyncDb.ownResponse, (250 * slowest) / 1000, 'sync adds the slowest replica', 1e-9);
    assert.equal(asyncDb.exact, true, 'async: each request visits one M/M/c station');
    assert.equal(syncDb.exact, false, 'the maximum of two M/M/8 copies is an approximation');
  });

  /** The database's stations as [label, count, peak rate], and when given its instances. */
  interface StationRow {
    name: string;
    blocks: string;
    extra?: string;
    stations: [string, number, number][];
    instances?: number;
  }
  const table = 'table t { columns: [id]  key: id }';
  const rows: StationRow[] = [
    // primary: 750 + 250 = 1000; replicas: 250 writes each.
    { name: 'read_from: primary — every read at the primary, replicas only replicate', blocks: 'replication { mode: primary_replica  replicas: 2  read_from: primary }', stations: [['primary', 1, 1000], ['replica', 2, 250]] },
    // 750 reads / 3 copies = 250 each, plus 250 writes on every copy: 500 each.
    { name: 'read_from: any — reads spread over all three copies', blocks: 'replication { mode: primary_replica  replicas: 2  read_from: any }', stations: [['primary', 1, 500], ['replica', 2, 500]] },
    // 4 shards: 1000 / 4 = 250 per shard (187.5 reads + 62.5 writes).
    { name: 'shards divide the load', blocks: 'sharding { strategy: hash  shards: 4  key: id }', extra: table, stations: [['shard', 4, 250]] },
    // With a replica per shard, reading from replicas: primaries 62.5 writes; replicas 62.5 + 187.5 = 250.
    {
      name: 'shards with a replica each, reading from the replicas',
      blocks: 'sharding { strategy: hash  shards: 4  key: id } replication { mode: primary_replica  replicas: 1  read_from: replicas }',
      extra: table,
      stations: [['shard primary', 4, 62.5], ['shard replica', 4, 250]],
      instances: 8,
    },
    // A range of shards plans with its maximum: 1000 / 8 = 125.
    { name: 'a range of shards plans with its maximum', blocks: 'sharding { strategy: consistent_hash  shards: 2..8  key: id }', extra: table, stations: [['shard', 8, 125]] },
    // n = 3, r = 2: 250 writes + 750 × 2/3 = 500 reads = 750 per copy.
    { name: 'leaderless with quorum r: every copy takes every write and r/n of the reads', blocks: 'replication { mode: leaderless  replicas: 3 } quorum { w: 2  r: 2 }', extra: 'consistency: strong', stations: [['copy', 3, 750]] },
    // r = 1: 250 + 750 / 3 = 500.
    { name: 'leaderless with quorum r: 1 reads one copy in three', blocks: 'replication { mode: leaderless  replicas: 3 } quorum { w: 3  r: 1 }', stations: [['copy', 3, 500]] },
    // replicas: 1 → 2 primaries: 250 + 750 / 2 = 625 each.
    { name: 'multi_primary: every primary applies every write and serves its share of reads', blocks: 'replication { mode: multi_primary  replicas: 1  conflict_resolution: last_write_wins }', stations: [['primary', 2, 625]] },
  ];
  for (const row of rows) {
    test(row.name, () => {
      const e = at(db(row.blocks, row.extra), 'db');
      assert.deepEqual(e.stations.map((s) => [s.label, s.count, s.rate]), row.stations);
      if (row.instances !== undefined) assert.equal(e.instances, row.instances);
    });
  }
});

describe('messaging', () => {
  // 1000/s at 75 % reads; the service publishes its 250 writes/s (publishing defaults to on: write).
  const producer = `client app { rate: 1k/s  read_ratio: 75% }
    service api { instances: 20 }
    app -> api`;

  test('publishing carries only writes', () => {
    const e = estimate(`system s {
      ${producer}
      queue jobs
      worker w { instances: 50 }
      api -> jobs -> w
    }`);
    assert.deepEqual(flow(e, 'jobs'), [0, 250]);
    assert.equal(at(e, 'jobs').hasCapacity, false);
  });

  loadTable([
    {
      // 250 / 2 = 125 each.
      name: 'a queue gives each message to one consumer: half each for two',
      design: `system s {
      ${producer}
      queue jobs
      worker w1 { instances: 50 }
      worker w2 { instances: 50 }
      api -> jobs
      jobs -> w1
      jobs -> w2
    }`,
      rates: { w1: 125, w2: 125 },
    },
    {
      // Group g1 (w1, w2): 250 / 2 = 125 each. Group g2 (w3): 250. w4 is its own group: 250.
      name: 'a stream gives every group every message, split inside a group',
      design: `system s {
      ${producer}
      stream events { partitions: 4 }
      worker w1 { instances: 50 }
      worker w2 { instances: 50 }
      worker w3 { instances: 50 }
      worker w4 { instances: 50 }
      api -> events
      events -> w1 (group: g1)
      events -> w2 (group: g1)
      events -> w3 (group: g2)
      events -> w4
    }`,
      rates: { w1: 125, w2: 125, w3: 250, w4: 250 },
    },
    {
      name: 'pub/sub pushes every message to every subscriber',
      design: `system s {
      ${producer}
      pubsub fanout
      worker w1 { instances: 50 }
      worker w2 { instances: 50 }
      service audit { instances: 50 }
      api -> fanout
      fanout -> w1
      fanout -> w2
      fanout -> audit
    }`,
      rates: { w1: 250, w2: 250, audit: 250 },
    },
  ]);

  test('asynchronous calls add no waiting to the caller', () => {
    // The service's response is its own; the worker behind the queue does not count.
    const e = estimate(`system s {
      ${producer}
      queue jobs
      worker w { instances: 50  service_time: 1s }
      api -> jobs -> w
    }`);
    const api = at(e, 'api');
    assert.equal(api.pathResponse, api.ownResponse);
    assert.ok(at(e, 'w').ownResponse > 1);
  });
});

describe('overrides, limits and planning', () => {
  loadTable([
    {
      // 1000/s at 75 % reads, but api -> db is fixed at 40/s: 30 reads + 10 writes.
      name: 'rate: on a connection overrides the propagated rate, keeping its read/write mix',
      design: `system s {
      client app { rate: 1k/s  read_ratio: 75% }
      service api { instances: 20 }
      database db
      app -> api
      api -> db (rate: 40/s)
    }`,
      flows: { db: [30, 10] },
    },
    {
      // A batch job has no arrivals; its connection fixes 10/s (reads, as calls default to all).
      name: 'rate: on a connection from a component with no load sends that rate',
      design: `system s {
      job nightly { workers: 2 }
      database db
      nightly -> db (rate: 10/s)
    }`,
      flows: { db: [10, 0] },
    },
  ]);

  test('a gateway rate limit caps what goes downstream and counts the rejections', () => {
    // 1000/s offered, limit 250/s: 750/s rejected; 250/s pass, in the 75/25 mix: 187.5 + 62.5.
    const e = estimate(`system s {
      client app { rate: 1k/s  read_ratio: 75% }
      gateway gw { instances: 2  rate_limit: 250/s }
      service api { instances: 20 }
      app -> gw -> api
    }`);
    assert.equal(at(e, 'gw').rateRps, 1000);
    assert.equal(at(e, 'gw').rejectedRps, 750);
    assert.deepEqual(flow(e, 'api'), [187.5, 62.5]);
    // At or above the offered rate nothing is rejected.
    for (const limit of ['1k/s', '2k/s']) {
      const ok = estimate(`system s {
        client app { rate: 1k/s }
        gateway gw { instances: 2  rate_limit: ${limit} }
        service api { instances: 20 }
        app -> gw -> api
      }`);
      assert.equal(at(ok, 'gw').rejectedRps, undefined, limit);
      assert.equal(at(ok, 'api').rateRps, 1000, limit);
    }
  });

  test('autoscale runs at its steady state: ceil(λ·S / (cores · target_cpu)) clamped to [min, max]', () => {
    // Peak 400/s × 10 ms = 4 cores of work / 70 % = 5.7 → 6 instances: 4/6 = 67 % each.
    // Average 200/s: 2 / 0.7 = 2.9 → 3, clamped up to min 5: 2/5 = 40 % each.
    const e = estimate(`system s {
      client app { rate: 400/s }
      loadbalancer lb { instances: 2 }
      service api { instances: 2  service_time: 10ms  autoscale { min: 5  max: 8 } }
      app -> lb -> api
    }`);
    const api = at(e, 'api');
    assert.equal(api.instances, 6);
    assert.equal(api.instancesSteady, 6);
    close(api.stations[0].rate, 400 / 6, 'rate per instance');
    close(api.utilization, 4 / 6, 'peak');
    close(api.avgUtilization, 0.4, 'average');
    // Demand does not depend on the instance count: 400 × 10 ms = 4 cores.
    close(api.coresNeeded, 4, 'cores');
    close(api.avgCoresNeeded, 2, 'avg cores');
  });

  test('a batch job runs on its workers', () => {
    // 2/s of writes published (read_ratio 0 %) to a queue consumed by a job with 4 workers of 1 s:
    // 2 × 1 s = 2 cores over 4 workers = 50 %; 0.5/s per worker.
    const e = estimate(`system s {
      client app { rate: 2/s  read_ratio: 0% }
      service api { instances: 2 }
      queue q
      job crunch { workers: 4  service_time: 1s }
      app -> api -> q -> crunch
    }`);
    const job = at(e, 'crunch');
    assert.equal(job.rateRps, 2);
    assert.equal(job.instances, 4);
    assert.deepEqual(job.stations.map((s) => [s.count, s.rate]), [[4, 0.5]]);
    close(job.coresNeeded, 2, 'cores');
    close(job.utilization, 0.5, 'utilization');
  });
});

describe('clients', () => {
  test('read_ratio defaults to 90 % without a workload', () => {
    const e = estimate(`system s {
      client app { rate: 1k/s }
      service api { instances: 20 }
      app -> api
    }`);
    const [reads, writes] = flow(e, 'api');
    close(reads, 900, 'reads');
    close(writes, 100, 'writes', 1e-9);
  });

  test('read_ratio defaults to the workload\'s read share', () => {
    // 3 reads and 1 write per user per day: 3/4 of requests are reads.
    const e = estimate(`system s {
      workload { dau: 1k  writes_per_user: 1/day  reads_per_user: 3/day }
      client app { rate: 1k/s }
      client admin { rate: 1k/s  read_ratio: 50% }
      service api { instances: 20 }
      app -> api
      admin -> api
    }`);
    assert.deepEqual(flow(e, 'app'), [750, 250]);
    assert.deepEqual(flow(e, 'admin'), [500, 500]);
    assert.deepEqual(flow(e, 'api'), [1250, 750]);
  });

  test('clients without a rate share the workload\'s peak', () => {
    // 86,400 users × 1 write/day = 1 write/s; × 3 reads/day = 3 reads/s; peak × 2 = 8/s.
    // Two rateless clients: 4/s each (3 reads + 1 write); the client with a rate keeps its own.
    const e = estimate(`system s {
      workload { dau: 86400  writes_per_user: 1/day  reads_per_user: 3/day  peak_factor: 2 }
      client web
      client mobile
      client partner { rate: 100/s }
      service api { instances: 4 }
      web -> api
      mobile -> api
      partner -> api
    }`);
    assert.deepEqual(flow(e, 'web'), [3, 1]);
    assert.deepEqual(flow(e, 'mobile'), [3, 1]);
    assert.equal(at(e, 'partner').rateRps, 100);
    assert.equal(at(e, 'api').rateRps, 108);
    assert.deepEqual(e.clients.map((c) => [c.name, c.rateRps]), [['web', 4], ['mobile', 4], ['partner', 100]]);
    assert.deepEqual(e.notes, []);
  });

  test('without a workload a rateless client sends nothing, with a note', () => {
    const e = estimate(`system s {
      client web
      service api
      web -> api
    }`);
    assert.equal(at(e, 'api').rateRps, 0);
    assert.equal(e.notes.length, 1);
    assert.match(e.notes[0], /`web`.*no rate/);
  });
});

describe('cycles', () => {
  test('a cycle of calls does not blow up, and every member gets the load', () => {
    // web -> a -> b -> a: the edge that closes the cycle (b -> a) is dropped,
    // whatever the declaration order: a and b each see 100/s.
    const orders = [
      ['client web { rate: 100/s }', 'service a { instances: 2 }', 'service b { instances: 2 }'],
      ['service b { instances: 2 }', 'service a { instances: 2 }', 'client web { rate: 100/s }'],
    ];
    for (const decls of orders) {
      const e = estimate(`system s {
        ${decls.join('\n        ')}
        a -> b
        b -> a
        web -> a
      }`);
      assert.equal(at(e, 'a').rateRps, 100, decls.join(' '));
      assert.equal(at(e, 'b').rateRps, 100, decls.join(' '));
      for (const c of e.components) assert.ok(Number.isFinite(c.pathResponse), c.name);
      // a: M/M/1 per instance at 50/s, μ = 100: 1/(100 − 50) = 20 ms, then b the same.
      close(e.clients[0].meanResponse, 0.04, 'client response');
    }
  });

  test('a longer cycle and a self-loop terminate', () => {
    const e = estimate(`system s {
      service b { instances: 4 }
      service c { instances: 4 }
      service a { instances: 4 }
      client web { rate: 100/s }
      b -> c
      c -> a
      a -> b
      web -> a
    }`);
    for (const n of ['a', 'b', 'c']) assert.equal(at(e, n).rateRps, 100, n);
    // A self-loop is reported (invalid-connection) and not linked; the estimate still completes.
    const a = analyze(`system s {
      client web { rate: 100/s }
      service a { instances: 4 }
      web -> a
      a -> a
    }`);
    assert.ok(a.diagnostics.some((d) => d.rule === 'invalid-connection'));
    const self = estimateSystem(a.systems[0]);
    assert.equal(at(self, 'a').rateRps, 100);
    assert.ok(Number.isFinite(self.clients[0].meanResponse));
  });
});

describe('queueing agreement (docs/simulation.md, Validation)', () => {
  test('a single service is an M/M/c station', () => {
    // λ = 60/s, service time 25 ms (μ = 40), c = 2 cores.
    const e = estimate(`system s {
      client web { rate: 60/s }
      service api { cores: 2  service_time: 25ms }
      web -> api
    }`);
    const expected = mmc(60, 40, 2).meanResponse;
    close(at(e, 'api').ownResponse, expected, 'own');
    close(at(e, 'api').pathResponse, expected, 'path');
    close(e.clients[0].meanResponse, expected, 'client');
    close(at(e, 'api').utilization, 0.75, 'utilization');
  });

  test('a tandem client → a → b responds in the sum of the stations\' responses', () => {
    // a: λ = 30, μ = 1/20ms = 50, c = 1; b: λ = 30, μ = 1/10ms = 100, c = 2.
    const e = estimate(`system s {
      client web { rate: 30/s }
      service a { service_time: 20ms }
      service b { cores: 2  service_time: 10ms }
      web -> a -> b
    }`);
    const a = mmc(30, 50, 1).meanResponse;
    const b = mmc(30, 100, 2).meanResponse;
    close(at(e, 'a').ownResponse, a, 'a');
    close(at(e, 'b').ownResponse, b, 'b');
    close(at(e, 'a').pathResponse, a + b, 'a path');
    close(e.clients[0].meanResponse, tandemResponse([{ lambda: 30, mu: 50, c: 1 }, { lambda: 30, mu: 100, c: 2 }]), 'client');
    // M/M/1: 1/(μ − λ) = 1/20 s.
    close(a, 1 / 20, 'M/M/1 closed form');
  });

  test('Erlang C: c = 4, a = 3 waits with probability 0.5094', () => {
    // One instance of 4 cores, 1 s per request, 3 requests/s: offered load 3 Erlangs.
    // W = C(4, 3) / (4 − 3) + 1 s, so C = W − 1.
    const e = estimate(`system s {
      client web { rate: 3/s }
      service api { instances: 1  cores: 4  service_time: 1s }
      web -> api
    }`);
    const station = at(e, 'api').stations[0];
    assert.equal(station.cores, 4);
    assert.equal(station.rate, 3);
    const probWait = station.meanResponse - 1;
    close(probWait, erlangC(4, 3), 'Erlang C', 1e-12);
    assert.equal(Number(probWait.toFixed(4)), 0.5094);
    close(station.meanResponse, mmc(3, 1, 4).meanResponse, 'mmc');
  });

  test('a cache with hit ratio h gives its backend (1 − h)λ and the caller the mixed response', () => {
    // λ = 100 reads/s; h = 0.75: the service behind sees 25/s.
    const e = estimate(`system s {
      client web { rate: 100/s  read_ratio: 100% }
      cache c { hit_ratio: 75%  service_time: 1ms }
      service origin { service_time: 20ms }
      web -> c -> origin
    }`);
    assert.equal(at(e, 'origin').rateRps, 25);
    const cache = mmc(100, 1000, 1).meanResponse;
    const origin = mmc(25, 50, 1).meanResponse;
    close(at(e, 'c').pathResponse, cache + 0.25 * origin, 'cache path');
  });

  test('a fan-out waits for each call in turn', () => {
    // web calls a then b: its response is a's plus b's.
    const e = estimate(`system s {
      client web { rate: 10/s }
      service a { service_time: 20ms }
      service b { service_time: 40ms }
      web -> a
      web -> b
    }`);
    close(e.clients[0].meanResponse, mmc(10, 50, 1).meanResponse + mmc(10, 25, 1).meanResponse, 'fan-out');
  });

  test('an overloaded station has an unbounded response; a chooser averages its targets', () => {
    const e = estimate(`system s {
      client web { rate: 200/s }
      loadbalancer lb { service_time: 1ms  cores: 1 }
      service a { service_time: 5ms }
      service b { service_time: 20ms }
      web -> lb
      lb -> a
      lb -> b
    }`);
    // Each gets 100/s: a at 50 %, b at 200 %.
    close(at(e, 'a').utilization, 0.5, 'a');
    close(at(e, 'b').utilization, 2, 'b');
    assert.equal(at(e, 'b').ownResponse, Infinity);
    assert.equal(e.clients[0].meanResponse, Infinity);
    // lb: M/M/1 at 200/s, μ = 1000; then half the requests go to a (path 1/(200 − 100)) and half to b (∞).
    assert.equal(at(e, 'lb').pathResponse, Infinity);
  });
});

test('the complete example design estimates without surprises', async () => {
  const { SPEC_EXAMPLE } = await import('../helpers/designs');
  const e = estimate(SPEC_EXAMPLE);
  // 20k/s to both the CDN and the balancer (fan-out); the gateway lets 100/s through.
  assert.equal(at(e, 'edge').rateRps, 20_000);
  assert.equal(at(e, 'lb').rateRps, 20_000);
  assert.equal(at(e, 'api').rateRps, 20_000);
  close(at(e, 'posts').rateRps, 100, 'posts');
  close(at(e, 'api').rejectedRps, 19_900, 'rejected');
  // Autoscaled posts: 1 core of work needs one 4-core instance at 70 %; its min is 4.
  assert.equal(at(e, 'posts').instances, 4);
  // content: 16 shards × (1 primary + 2 replicas).
  assert.equal(at(e, 'content').instances, 48);
  for (const c of e.components) {
    assert.ok(c.rateRps >= 0 && Number.isFinite(c.rateRps), c.name);
  }
});

describe('one meaning: conserved traffic, bounded queues, queries', () => {
  test('a gateway with one route fixed at 100/s sends the other 900/s (none vanishes)', () => {
    const e = estimate(`system s {
      client web { rate: 1k/s }
      gateway gw { }
      service a { }
      service b { }
      web -> gw
      gw -> a (rate: 100/s)
      gw -> b
    }`);
    close(at(e, 'a').rateRps, 100, 'fixed');
    close(at(e, 'b').rateRps, 900, 'the rest');
    assert.deepEqual(e.rateExcess, []);
  });

  test('the rest splits by weight over the other routes; a rate above what arrives is reported', () => {
    const e = estimate(`system s {
      client web { rate: 1k/s }
      gateway gw { }
      service a { }
      service b { }
      service c { }
      web -> gw
      gw -> a (rate: 400/s)
      gw -> b (weight: 1)
      gw -> c (weight: 2)
    }`);
    close(at(e, 'b').rateRps, 200, 'a third of 600');
    close(at(e, 'c').rateRps, 400, 'two thirds of 600');
    const over = estimate(`system s {
      client web { rate: 100/s }
      loadbalancer lb { }
      service a { }
      service b { }
      web -> lb
      lb -> a (rate: 500/s)
      lb -> b
    }`);
    assert.deepEqual(over.rateExcess.map((x) => [x.edge.to.name, x.fixed, x.arriving]), [['a', 500, 100]]);
    close(at(over, 'a').rateRps, 100, 'clamped to what arrives');
    close(at(over, 'b').rateRps, 0, 'nothing left');
  });

  test('a full bounded queue turns requests away: only admitted ones go on, and it is not unstable', () => {
    const e = estimate(`system s {
      client web { rate: 2k/s  read_ratio: 100% }
      service api { service_time: 1ms  max_queue: 10 }
      service next { service_time: 1ms  instances: 2 }
      web -> api -> next
    }`);
    const api = at(e, 'api');
    assert.equal(api.boundedQueue, true);
    assert.ok(api.blocking > 0.49 && api.blocking < 0.51, String(api.blocking));
    close(api.lostRps, 2000 * api.blocking, 'lost rate');
    close(at(e, 'next').rateRps, 2000 * (1 - api.blocking), 'admitted only');
    assert.ok(Number.isFinite(api.pathResponse), 'a stable lossy station has a finite response');
  });

  test('an autoscaled component: average utilization never above peak', () => {
    const e = estimate(`system s {
      client web { rate: 2.2k/s }
      service api { service_time: 1ms  autoscale { min: 1  max: 10  target_cpu: 100% } }
      web -> api
    }`);
    // Peak 2.2 cores → 3 instances (73 %); average 1.1 → 2 (55 %).
    const api = at(e, 'api');
    close(api.utilization, 2.2 / 3, 'peak', 1e-9);
    close(api.avgUtilization, 1.1 / 2, 'average', 1e-9);
  });

  test('a scatter–gather query waits for the slowest of all shards; a keyed one for one shard', () => {
    const e = estimate(`system s {
      client web { rate: 400/s  read_ratio: 100% }
      database db {
        cores: 1  service_time: 1ms
        sharding { strategy: consistent_hash  shards: 4  key: user_id }
        table posts { columns: [id, user_id, tag]  key: id }
      }
      web -> db
      query by_tag { from: posts  where: posts.tag  rate: 10/s }
      query by_user { from: posts  where: posts.user_id  rate: 10/s }
    }`);
    const [byTag, byUser] = e.queries;
    assert.equal(byTag.shardsAsked, 4);
    assert.equal(byUser.shardsAsked, 1);
    // Each shard: M/M/1 at 100/s × 1 ms (ρ = 0.1): 1/(1000 − 100) s.
    const m = 1 / 900;
    close(byUser.meanResponse, m, 'one shard', 1e-9);
    assert.equal(byUser.exact, true);
    const ratio = harmonicOf(4) / 1.5;
    close(byTag.meanResponse, (ratio + (4 / 11) * (1 - ratio) * 0.1) * ((12 - 0.1) / 8) * m, 'Nelson–Tantawi over 4 shards', 1e-9);
    assert.equal(byTag.exact, false);
  });
});

function harmonicOf(k: number): number {
  let h = 0;
  for (let i = 1; i <= k; i++) h += 1 / i;
  return h;
}

test('a read and a write follow their own paths: a caller of only reads waits for what reads call', () => {
  // api gets reads from `readers` and writes from `writers`; only reads go on to db.
  const e = estimate(`system s {
    client readers { rate: 100/s  read_ratio: 100% }
    client writers { rate: 100/s  read_ratio: 0% }
    service api { service_time: 1ms }
    service db { service_time: 4ms }
    readers -> api
    writers -> api
    api -> db (on: read)
  }`);
  const api = at(e, 'api');
  const db = at(e, 'db');
  close(e.clients.find((c) => c.name === 'readers')!.meanResponse, api.ownResponse + db.pathResponse, 'reads wait for db', 1e-9);
  close(e.clients.find((c) => c.name === 'writers')!.meanResponse, api.ownResponse, 'writes do not', 1e-9);
});

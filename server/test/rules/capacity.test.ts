// Capacity rules, from the analytic model: utilization at peak = arrival rate
// × mean service time / (instances × cores). Near misses sit on either side
// of 80 % and 100 %.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fires, fixedText, fixesWork, silent } from './helpers';

/** A client at `rate` through a balancer to `api` (service time 10 ms, one core per instance). */
const design = (rate: string, api: string) => `system shop {
  client web { rate: ${rate} }
  loadbalancer lb { instances: 2 }
  service api { ${api}  service_time: 10ms }
  web -> lb -> api
}`;

describe('overload', () => {
  const id = 'overload';

  test('fires on instances at exactly 100 % (500/s × 10 ms on 5 cores), and says what the advice aims for', () => {
    const fired = fires(id, design('500/s', 'instances: ⟦5⟧'), ['api', '100%']);
    assert.match(fired.findings[0].message, /500\/s at peak × 10 ms = 5 cores of work, against 5 × 1 cores/);
    assert.match(fired.findings[0].message, /Run at least 8 instances \(5 cores of work on 8 × 1 cores runs at 70% at peak or less\)/);
    assert.match(fired.findings[0].fixes![0].title, /Set instances: 8 \(for 70% at peak\)/);
  });

  test('silent at 99.8 % (near-capacity instead)', () => {
    silent(id, design('499/s', 'instances: 5'));
  });

  test('counts cores per instance', () => {
    silent(id, design('500/s', 'instances: 5  cores: 2'));
    fires(id, design('1k/s', 'instances: ⟦5⟧  cores: 2'), ['api']);
  });

  test('on an autoscaled service, fires on autoscale max', () => {
    const fired = fires(id, design('500/s', 'autoscale { min: 2  max: ⟦5⟧ }'), ['api']);
    fixesWork(id, fired);
    assert.match(fixedText(fired), /autoscale \{ min: 2 {2}max: 8 \}/);
    silent(id, design('500/s', 'autoscale { min: 2  max: 6 }'));
  });

  test('quick fix sets instances for about 70 % and clears near-capacity too', () => {
    const fired = fires(id, design('500/s', 'instances: ⟦5⟧'), ['api']);
    const [fixed] = fixesWork(id, fired);
    assert.match(fixed.text, /service api \{ instances: 8 /);
    silent('near-capacity', fixed.text);
  });

  test('a database is reported without a fix', () => {
    const fired = fires(id, `system shop {
  client web { rate: 2k/s }
  loadbalancer lb { instances: 2 }
  service api { instances: 8  cores: 8 }
  database ⟦orders⟧: postgres { backup: daily  service_time: 5ms  cores: 8 }
  web -> lb -> api -> orders
}`, ['orders']);
    assert.equal(fired.findings[0].fixes, undefined);
  });
});

describe('overload: a database counts the cores its traffic reaches', () => {
  const id = 'overload';
  const shop = (readRatio: string, database: string) => `system shop {
  client web { rate: 4k/s  read_ratio: ${readRatio} }
  loadbalancer lb { instances: 2 }
  service api { instances: 40  cores: 8 }
  database ⟦orders⟧: postgres {
    backup: daily
    ${database}
  }
  web -> lb -> api -> orders
}`;

  test('all writes: only the 8 cores of the primary count, and the advice is to shard, batch or buffer, not replicas or a cache', () => {
    const fired = fires(id, shop('0%', 'replication { mode: primary_replica  replicas: 1 }'), ['orders']);
    const message = fired.findings[0].message;
    assert.match(message, /its primary handles 4k\/s writes \+ 0\/s reads = 4k\/s × 5 ms = 20 cores of work against its 8 cores: it runs at 250%/);
    assert.doesNotMatch(message, /2 × 8|add read replicas|cache reads/i);
    assert.match(message, /shard \(about 4 shards for 70% at peak\), batch writes, or buffer them through a stream/);
  });

  test('all reads on the primary of a replicated database: read_from is the fix, not more replicas', () => {
    const fired = fires(id, shop('100%', 'replication { mode: primary_replica  replicas: 2 }').replace('4k/s', '3k/s'), ['orders']);
    const message = fired.findings[0].message;
    assert.match(message, /its primary handles 0\/s writes \+ 3k\/s reads = 3k\/s × 5 ms = 15 cores of work against its 8 cores/);
    assert.doesNotMatch(message, /3 × 8|add read replicas/);
    assert.match(message, /its 2 replicas take none\. Read from every copy \(`read_from: any`\): about 3 copies serving reads keep each at 70% at peak; with `read_from: replicas`, add a replica/);
  });

  test('when the replicas are enough, the advice is read_from: replicas', () => {
    const fired = fires(id, shop('100%', 'replication { mode: primary_replica  replicas: 3 }').replace('4k/s', '1.5k/s').replace('backup: daily', 'backup: daily  cores: 4'), ['orders']);
    assert.match(fired.findings[0].message, /its 3 replicas take none\. Read from them \(`read_from: replicas`\): about 3 copies serving reads keep each at 70% at peak\. Or cache reads\./);
  });

  test('reads spread over replicas: the busiest replica is counted, and the numbers multiply out', () => {
    const fired = fires(id, shop('100%', 'replication { mode: primary_replica  replicas: 2  read_from: replicas }'), ['orders']);
    const message = fired.findings[0].message;
    assert.match(message, /each of its 2 replica nodes handles 0\/s writes \+ 2k\/s reads = 2k\/s × 5 ms = 10 cores of work against its 8 cores: it runs at 125%/);
    assert.match(message, /add copies that serve reads \(about 4 copies serving reads keep each at 70% at peak\)/);
  });

  test('an unreplicated read-heavy database is told to add replicas and read from them', () => {
    const fired = fires(id, shop('90%', ''), ['orders']);
    assert.match(fired.findings[0].message, /Reads dominate: add read replicas and read from them/);
  });
});

describe('near-capacity', () => {
  const id = 'near-capacity';

  test('fires at exactly 80 % (400/s × 10 ms on 5 cores)', () => {
    fires(id, design('400/s', 'instances: ⟦5⟧'), ['api', '80%']);
  });

  test('silent just under 80 %', () => {
    silent(id, design('399/s', 'instances: 5'));
  });

  test('fires just under 100 %, silent at 100 % (overload takes over)', () => {
    fires(id, design('499/s', 'instances: ⟦5⟧'), ['api']);
    silent(id, design('500/s', 'instances: 5'));
  });

  test('fires on the name when instances are the default', () => {
    fires(id, `system shop {
  client web { rate: 90/s }
  loadbalancer lb { instances: 2 }
  service ⟦api⟧ { service_time: 10ms }
  web -> lb -> api
}`, ['api', '90%']);
  });

  test('a database near capacity gets the same advice by traffic mix, with the cores its traffic reaches', () => {
    // 1.3k writes/s × 5 ms = 6.5 cores on the primary's 8: 81 %; the replica applies the same writes.
    const fired = fires(id, `system shop {
  client web { rate: 1.3k/s  read_ratio: 0% }
  loadbalancer lb { instances: 2 }
  service api { instances: 20  cores: 4 }
  database ⟦orders⟧: postgres { backup: daily  replication { mode: primary_replica  replicas: 1 } }
  web -> lb -> api -> orders
}`, ['orders']);
    const message = fired.findings[0].message;
    assert.match(message, /1.3k\/s writes \+ 0\/s reads = 1.3k\/s × 5 ms = 6.5 cores of work against its 8 cores: it runs at 81.3% of capacity/);
    assert.match(message, /shard \(about 2 shards for 70% at peak\), batch writes, or buffer them through a stream/);
  });

  test('quick fix sets instances for about 70 %', () => {
    const fired = fires(id, design('400/s', 'instances: ⟦5⟧'), ['api']);
    fixesWork(id, fired);
    assert.match(fixedText(fired), /service api \{ instances: 6 /);
  });
});

describe('rate-limit-below-load', () => {
  const id = 'rate-limit-below-load';
  const gateway = (limit: string) => `system api {
  client apps { rate: 500/s }
  gateway edge { instances: 2  rate_limit: ${limit} }
  service orders { instances: 8 }
  apps -> edge -> orders
}`;

  test('fires (info) on the limit when it is below the peak rate', () => {
    fires(id, gateway('⟦499/s⟧'), ['edge']);
  });

  test('silent when the limit equals the peak rate', () => {
    silent(id, gateway('500/s'));
  });

  test('silent without a rate limit', () => {
    silent(id, `system api {
  client apps { rate: 500/s }
  gateway edge { instances: 2 }
  service orders { instances: 8 }
  apps -> edge -> orders
}`);
  });
});

describe('premature-sharding', () => {
  const id = 'premature-sharding';
  /** `workload` is the workload line, or '' for none; `block` is how the sharding block is written. */
  const sharded = (workload: string, block = 'sharding') => `system notes {
${workload}  client app { rate: 50/s }
  service api { instances: 2 }
  database notes: postgres {
    replication { mode: primary_replica  replicas: 1 }
    ${block} { strategy: consistent_hash  shards: 8  key: user_id }
  }
  app -> api -> notes
}`;
  const small = '  workload { dau: 10k  writes_per_user: 5/day  reads_per_user: 50/day  record_size: 1KB }\n';
  // 1M users × 5 writes × 1 KB = 5 GB a day, × 5 years ≈ 9 TB.
  const large = small.replace('10k', '1M');

  test('fires (info) on the sharding block when load and storage fit one node', () => {
    fires(id, sharded(small, '⟦sharding⟧'), ['notes']);
  });

  test('silent when the workload stores a terabyte or more', () => {
    silent(id, sharded(large));
  });

  test('silent without a workload (storage unknown)', () => {
    silent(id, sharded(''));
  });

  test('silent when one node would be half busy or more', () => {
    silent(id, `system notes {
  workload { dau: 10k  writes_per_user: 5/day  reads_per_user: 50/day  record_size: 1KB }
  client app { rate: 2k/s }
  loadbalancer lb { instances: 2 }
  service api { instances: 4 }
  database notes: postgres {
    replication { mode: primary_replica  replicas: 1 }
    sharding { strategy: consistent_hash  shards: 8  key: user_id }
  }
  app -> lb -> api -> notes
}`);
  });

  test('silent for an unsharded database', () => {
    silent(id, `system notes {
  workload { dau: 10k  writes_per_user: 5/day  reads_per_user: 50/day  record_size: 1KB }
  client app { rate: 50/s }
  service api { instances: 2 }
  database notes: postgres { replication { mode: primary_replica  replicas: 1 } }
  app -> api -> notes
}`);
  });
});

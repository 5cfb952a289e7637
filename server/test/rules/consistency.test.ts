// Consistency and CAP rules: each fires on its trigger, stays silent just on
// the other side of it, and its quick fixes leave a valid design without it.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fires, fixedText, fixesWork, ruleTable, silent } from './helpers';

/** System `name` declaring `cap: <cap>` over the lines of `body`. */
const capped = (cap: string, body: string, name = 'shop') => `system ${name} {
  cap: ${cap}
  ${body.split('\n').join('\n  ')}
}`;

describe('cap-ca-distributed', () => {
  const id = 'cap-ca-distributed';
  const stream = (partitions: string) => `system feed {
  cap: ${partitions === '2' ? '⟦CA⟧' : 'CA'}
  service api
  stream events: kafka { partitions: ${partitions} }
  worker indexer
  api -> events -> indexer
}`;
  const sharded = (cap: string, shards: number) => capped(cap, `database orders: postgres { backup: daily  sharding { strategy: consistent_hash  shards: ${shards}  key: id } }`);

  test('fires on the cap value when a stateful service runs two instances, and cites it', () => {
    const fired = fires(id, capped('⟦CA⟧', 'service sessions { instances: 2  stateful }'), ['shop', 'sessions']);
    assert.equal(fired.findings[0].related?.length, 1);
    assert.equal(fired.analysis.text.slice(fired.findings[0].related![0].span.start, fired.findings[0].related![0].span.end), 'stateful');
  });

  test('cites the distributed data, not a stateless tier (one database node, two balancer instances)', () => {
    silent(id, capped('CA', 'client web { rate: 10/s }\nloadbalancer lb { instances: 2 }\nservice api { instances: 3 }\ndatabase orders: postgres { backup: daily }\nweb -> lb -> api -> orders'));
    const fired = fires(id, capped('⟦CA⟧', 'client web { rate: 10/s }\nloadbalancer lb { instances: 2 }\nservice api { instances: 3 }\ndatabase orders: postgres { backup: daily  replication { mode: primary_replica  replicas: 1 } }\nweb -> lb -> api -> orders'), ['orders']);
    assert.doesNotMatch(fired.findings[0].message, /\blb\b|\bapi\b/);
    assert.match(fired.findings[0].message, /keeps 2 copies of its data/);
  });

  ruleTable(id, [
    { name: 'silent on a single-node design (one instance, unreplicated database)', design: capped('CA', 'service api { instances: 1 }\ndatabase orders: postgres { backup: daily }\napi -> orders') },
    { name: 'fires when a database is replicated', design: capped('⟦CA⟧', 'database orders: postgres { replication { mode: primary_replica  replicas: 1 } }'), names: ['shop', 'orders'] },
    { name: 'fires when a database is sharded', design: sharded('⟦CA⟧', 2), names: ['shop', 'orders'] },
    { name: 'silent with one shard', design: sharded('CA', 1) },
    { name: 'fires when a stateful service may autoscale past one instance', design: capped('⟦CA⟧', 'client web { rate: 10/s }\nloadbalancer lb\nservice api { stateful  autoscale { min: 1  max: 3 } }\nweb -> lb -> api'), names: ['shop', 'api'] },
    { name: 'silent when a stateless service autoscales: it holds no data', design: capped('CA', 'client web { rate: 10/s }\nloadbalancer lb\nservice api { autoscale { min: 1  max: 3 } }\nweb -> lb -> api') },
    { name: 'fires on a stream with two partitions', design: stream('2'), names: ['feed', 'events'] },
    { name: 'silent on a stream with one partition', design: stream('1') },
    { name: 'silent across two regions of stateless services', design: capped('CA', 'region eu { service api_eu }\nregion us { service api_us }', 'global') },
    { name: 'silent when the system chooses CP', design: capped('CP', 'service api { instances: 3  stateful }') },
    { name: 'silent when the system chooses AP', design: capped('AP', 'service api { instances: 3  stateful }') },
  ]);

  test('quick fixes: change to CP (preferred) or to AP', () => {
    const fired = fires(id, capped('⟦CA⟧', 'database orders: postgres { replication { mode: primary_replica  replicas: 1 } }'), ['shop']);
    const fixed = fixesWork(id, fired);
    assert.deepEqual(fixed.map((f) => [f.preferred, /cap: (\w+)/.exec(f.text)![1]]), [[true, 'CP'], [false, 'AP']]);
  });
});

describe('cap-contradiction', () => {
  const ledger = (database: string) => capped('CP', database, 'ledger');
  const replicatedShop = (replication: string) => capped('CP', `database orders: postgres {\n  replication { mode: primary_replica  replicas: 2  ${replication} }\n}`);
  const leaderlessFeed = (cap: string, quorum: string) => capped(cap, `database posts: cassandra {\n  replication { mode: leaderless  replicas: 3 }\n  quorum { ${quorum} }\n}`, 'feed');
  const twoDatabases = (cap: string, usersSync: string) => capped(
    cap,
    `database posts: postgres { replication { mode: primary_replica  replicas: 2  sync: sync } }\ndatabase users: postgres { replication { mode: primary_replica  replicas: 1  sync: ${usersSync} } }`,
    'feed',
  );

  ruleTable('cap-contradiction', [
    { name: 'CP with an explicitly eventual database fires on the consistency value', design: ledger('database accounts: postgres {\n  consistency: ⟦eventual⟧\n  replication { mode: primary_replica  replicas: 1 }\n}'), names: ['accounts'] },
    { name: 'CP with a database that is eventual by default fires on its name', design: ledger('database ⟦accounts⟧: cassandra { replication { mode: leaderless  replicas: 3 } }'), names: ['accounts', 'column'] },
    { name: 'CP with async replica reads fires on read_from: replicas', design: replicatedShop('sync: async  read_from: ⟦replicas⟧'), names: ['orders'] },
    { name: 'CP with async replica reads fires on read_from: any', design: replicatedShop('read_from: ⟦any⟧'), names: ['orders'] },
    { name: 'CP reading replicas with sync replication is silent', design: replicatedShop('sync: sync  read_from: replicas') },
    { name: 'CP with strong databases reading from the primary is silent', design: capped('CP', 'database orders: postgres {\n  consistency: strong\n  replication { mode: primary_replica  replicas: 2  sync: async  read_from: primary }\n}') },
    { name: 'AP with every replicated database synchronous fires on the cap value', design: twoDatabases('⟦AP⟧', 'sync'), names: ['feed', 'posts', 'users'] },
    { name: 'AP is silent when one replicated database replicates asynchronously', design: twoDatabases('AP', 'async') },
    { name: 'AP with a strong quorum (W + R = N + 1) fires', design: leaderlessFeed('⟦AP⟧', 'w: 2  r: 2'), names: ['feed', 'posts'] },
    { name: 'AP with W + R = N is silent', design: leaderlessFeed('AP', 'w: 2  r: 1') },
    { name: 'AP without replicated databases is silent', design: capped('AP', 'database posts: postgres { backup: daily }', 'feed') },
    {
      name: 'no cap declared: silent',
      design: `system feed {
  database posts: cassandra { replication { mode: leaderless  replicas: 3 } }
}`,
    },
  ]);
});

describe('quorum-overlap', () => {
  const leaderless = (w: number, r: string, consistency = 'strong') => `system profiles {
  database users: cassandra {
    consistency: ${consistency}
    replication { mode: leaderless  replicas: 3 }
    quorum { w: ${w}  r: ${r} }
  }
}`;
  const primaryReplica = (r: string) => `system profiles {
  database users: postgres {
    replication { mode: primary_replica  replicas: 2 }
    quorum { w: 1  r: ${r} }
  }
}`;

  ruleTable('quorum-overlap', [
    { name: 'fires on r when W + R = N (leaderless: N = replicas)', design: leaderless(2, '⟦1⟧'), names: ['users'] },
    { name: 'silent when W + R = N + 1', design: leaderless(2, '2') },
    { name: 'silent for an eventually consistent database', design: leaderless(1, '1', 'eventual') },
    { name: 'primary_replica: N = replicas + 1, so w 1 + r 2 = N fires', design: primaryReplica('⟦2⟧'), names: ['users'] },
    { name: 'primary_replica: w 1 + r 3 = N + 1 is silent', design: primaryReplica('3') },
    { name: 'quick fix sets r to N − W + 1', design: leaderless(1, '⟦1⟧'), names: ['users'], fixed: /quorum \{ w: 1 {2}r: 3 \}/ },
  ]);
});

describe('stale-replica-reads', () => {
  const design = (readFrom: string, sync = '') => `system shop {
  database orders: postgres {
    consistency: strong
    replication { mode: primary_replica  replicas: 2${sync}  read_from: ${readFrom} }
  }
}`;

  ruleTable('stale-replica-reads', [
    { name: 'fires on read_from: replicas with async replication (the default)', design: design('⟦replicas⟧'), names: ['orders'] },
    { name: 'fires on read_from: any with explicit sync: async', design: design('⟦any⟧', '  sync: async'), names: ['orders'] },
    { name: 'silent with synchronous replication', design: design('replicas', '  sync: sync') },
    { name: 'silent when reading from the primary', design: design('primary') },
    { name: 'silent for an eventually consistent database', design: design('replicas').replace('consistency: strong', 'consistency: eventual') },
    { name: 'quick fix reads from the primary', design: design('⟦replicas⟧'), names: ['orders'], fixed: /read_from: primary/ },
  ]);
});

describe('eventual-financial', () => {
  const id = 'eventual-financial';

  test('fires on an explicit eventual consistency', () => {
    fires(id, `system bank {
  database ledger: postgres {
    data: financial
    consistency: ⟦eventual⟧
    backup: continuous
  }
}`, ['ledger']);
  });

  test('fires on the name when eventual is the default (document database)', () => {
    const fired = fires(id, `system bank {
  database ⟦ledger⟧: mongodb {
    data: financial
    backup: continuous
  }
}`, ['ledger', 'document']);
    fixesWork(id, fired);
    assert.match(fixedText(fired), /\{\n {4}consistency: strong\n {4}data: financial/);
  });

  test('silent for strongly consistent financial data', () => {
    silent(id, `system bank {
  database ledger: postgres { data: financial  consistency: strong  backup: continuous }
}`);
  });

  test('silent for eventual data that is not financial', () => {
    silent(id, `system bank {
  database ledger: postgres { data: personal  consistency: eventual  backup: continuous }
}`);
  });

  test('fires on mode for asynchronous multi-primary; silent when synchronous', () => {
    const design = (mode: string, sync: string) => `system bank {
  database ledger: postgres {
    data: financial
    replication { mode: ${mode}  replicas: 2  sync: ${sync}  conflict_resolution: custom }
  }
}`;
    const fired = fires(id, design('⟦multi_primary⟧', 'async'), ['ledger']);
    fixesWork(id, fired);
    assert.match(fixedText(fired), /mode: primary_replica/);
    silent(id, design('multi_primary', 'sync'));
  });

  test('quick fix on an explicit eventual replaces the value', () => {
    const fired = fires(id, `system bank {
  database ledger: postgres { data: financial  consistency: ⟦eventual⟧  backup: continuous }
}`, ['ledger']);
    fixesWork(id, fired);
    assert.match(fixedText(fired), /consistency: strong {2}backup/);
  });

  test('eventual and asynchronous multi-primary at once: the fix makes it strong and single-primary', () => {
    const fired = fires(id, `system bank {
  database ⟦ledger⟧: cassandra {
    data: financial
    replication { mode: multi_primary  replicas: 2  conflict_resolution: last_write_wins }
    backup: continuous
  }
}`, ['ledger']);
    fixesWork(id, fired);
  });
});

describe('multi-primary-conflicts', () => {
  const id = 'multi-primary-conflicts';

  test('fires on the mode value without conflict_resolution', () => {
    fires(id, `system chat {
  database messages: cassandra {
    replication { mode: ⟦multi_primary⟧  replicas: 2 }
  }
}`, ['messages']);
  });

  test('silent with conflict_resolution', () => {
    for (const how of ['last_write_wins', 'merge', 'custom']) {
      silent(id, `system chat {
  database messages: cassandra {
    replication { mode: multi_primary  replicas: 2  conflict_resolution: ${how} }
  }
}`);
    }
  });

  test('silent for primary_replica and leaderless', () => {
    silent(id, `system chat {
  database messages: cassandra { replication { mode: leaderless  replicas: 3 } }
  database users: postgres { replication { mode: primary_replica  replicas: 1 } }
}`);
  });

  test('quick fix adds last_write_wins to an inline block', () => {
    const fired = fires(id, `system chat {
  database messages: cassandra {
    replication { mode: ⟦multi_primary⟧  replicas: 2 }
  }
}`, ['messages']);
    fixesWork(id, fired);
    assert.match(fixedText(fired), /replication \{ conflict_resolution: last_write_wins {2}mode: multi_primary {2}replicas: 2 \}/);
  });

  test('quick fix adds last_write_wins to a multi-line block, indented like its items', () => {
    const fired = fires(id, `system chat {
  database messages: cassandra {
    replication {
      mode: ⟦multi_primary⟧
      replicas: 2
    }
  }
}`, ['messages']);
    fixesWork(id, fired);
    assert.match(fixedText(fired), /replication \{\n {6}conflict_resolution: last_write_wins\n {6}mode: multi_primary\n/);
  });
});

describe('write-back-critical-data', () => {
  const bank = (strategy: string, data: string) => `system bank {
  service api { instances: 2 }
  cache balances: redis { ${strategy}  ttl: 1m  instances: 2 }
  database ledger: postgres {
    data: ${data}
    backup: continuous
    replication { mode: primary_replica  replicas: 1 }
  }
  api -> balances -> ledger
}`;

  ruleTable('write-back-critical-data', [
    { name: 'fires on write_back in front of financial data', design: bank('strategy: ⟦write_back⟧', 'financial'), names: ['balances', 'ledger'], fixed: /strategy: write_through/ },
    { name: 'silent for write_through', design: bank('strategy: write_through', 'financial') },
    { name: 'silent for cache-aside (the default)', design: bank('hit_ratio: 80%', 'financial') },
    { name: 'silent when the data is not financial', design: bank('strategy: write_back', 'general') },
  ]);
});

describe('cap-contradiction: consistency per store', () => {
  const id = 'cap-contradiction';
  const shop = (systemCap: string, orders: string, catalogue: string) => `system shop {
  ${systemCap}
  database orders: postgres {
    ${orders}
    backup: continuous
    replication { mode: primary_replica  replicas: 2  sync: semi_sync }
  }
  database catalogue: mongodb {
    ${catalogue}
    backup: daily
    replication { mode: primary_replica  replicas: 2  read_from: replicas }
  }
}`;

  ruleTable(id, [
    { name: 'the article\'s mix lints clean: CP orders beside an eventual catalogue declared AP', design: shop('cap: CP', 'cap: CP', 'cap: AP  consistency: eventual') },
    { name: 'the same mix with an AP system and CP orders is clean', design: shop('cap: AP', 'cap: CP', 'consistency: eventual') },
    { name: 'a store declaring CP is judged against its own choice', design: shop('cap: AP', 'cap: CP  consistency: ⟦eventual⟧', 'consistency: eventual'), names: ['orders', 'it declares CP'] },
    { name: 'a store without its own cap inherits the system\'s', design: shop('cap: CP', 'cap: CP', 'consistency: ⟦eventual⟧'), names: ['catalogue', 'the system is CP'] },
    {
      name: 'a store declaring AP that waits for every replica fires on its cap',
      design: `system shop {
  database catalogue: postgres {
    cap: ⟦AP⟧
    backup: daily
    replication { mode: primary_replica  replicas: 2  sync: sync }
  }
}`,
      names: ['catalogue'],
    },
  ]);

  test('eventual-financial still fires on eventually consistent money in a store declared AP', () => {
    fires('eventual-financial', `system shop {
  database payments: postgres {
    cap: AP
    data: financial
    consistency: ⟦eventual⟧
    backup: continuous
  }
}`, ['payments']);
  });
});

describe('stale-replica-reads: defaults', () => {
  const id = 'stale-replica-reads';
  const shop = (cap: string) => `system shop {
  ${cap}
  database orders: postgres {
    backup: daily
    replication { mode: primary_replica  replicas: 2  read_from: ⟦replicas⟧ }
  }
}`;

  test('says when strong consistency is only the default', () => {
    const { findings } = fires(id, shop(''), ['orders']);
    assert.match(findings[0].message, /the default for a relational database/);
  });

  test('in an AP system it offers to declare eventual consistency, preferred', () => {
    const fired = fires(id, shop('cap: AP'), ['orders', 'consistency: eventual']);
    fixesWork(id, fired);
    assert.match(fixedText(fired), /consistency: eventual/);
  });
});

// Availability and scaling rules: each fires on its trigger, stays silent
// just on the other side of it, and its quick fixes leave a valid design
// without it.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fires, fixedText, fixesWork, ruleTable, silent } from './helpers';
import { chatBehindBalancer, shopBehindBalancer } from '../helpers/designs';

describe('single-point-of-failure', () => {
  const databaseBehind = (database: string) => shopBehindBalancer(`service api { instances: 2 }\n${database}`, 'api -> orders');
  const replicated = (replication: string) => databaseBehind(`database orders: postgres {\n  backup: daily\n  ${replication}\n}`);

  ruleTable('single-point-of-failure', [
    { name: 'fires on the name of a service without instances', design: shopBehindBalancer('service ⟦api⟧'), names: ['api'], fixed: /service api \{ instances: 2 \}/ },
    { name: 'fires on instances: 1 and the fix raises it', design: shopBehindBalancer('service api { instances: ⟦1⟧  cores: 4 }'), names: ['api'], fixed: /service api \{ instances: 2 {2}cores: 4 \}/ },
    { name: 'silent with two instances', design: shopBehindBalancer('service api { instances: 2 }') },
    { name: 'silent with autoscaling', design: shopBehindBalancer('service api { autoscale { min: 1  max: 4 } }') },
    {
      name: 'every checked kind on the path is reported',
      design: `system shop {
  client web { rate: 100/s }
  dns names: route53
  loadbalancer ⟦lb⟧
  gateway ⟦api⟧
  proxy ⟦edge_proxy⟧
  service ⟦orders⟧
  cache ⟦hot⟧ { ttl: 1m }
  orchestrator ⟦locks⟧
  web -> names -> lb -> api -> edge_proxy -> orders -> hot
  orders -> locks
}`,
      names: [],
    },
    {
      name: 'managed parts and messaging on the path are exempt',
      design: `system shop {
  client web { rate: 100/s }
  dns names: route53
  cdn edge: cloudfront { origin: files }
  blob files: s3
  loadbalancer lb { instances: 2 }
  service api { instances: 2 }
  queue jobs
  worker mailer
  web -> names -> lb -> api -> jobs -> mailer
  web -> edge -> files
}`,
    },
    {
      name: 'silent off the request path: behind a queue, or called asynchronously',
      design: shopBehindBalancer(
        'service api { instances: 2 }\nqueue jobs\nworker mailer { instances: 2 }\nservice templates\nservice audit',
        'api -> jobs -> mailer -> templates',
        'api -> audit (async)',
      ),
    },
    {
      name: 'silent without any client',
      design: `system shop {
  service api
  database orders: postgres
  api -> orders
}`,
    },
    {
      name: 'a database without a replica: fires on its name; the fix adds replication',
      design: databaseBehind('database ⟦orders⟧: postgres { backup: daily }'),
      names: ['orders'],
      fixed: /database orders: postgres \{ replication \{ mode: primary_replica {2}replicas: 1 \} {2}backup: daily \}/,
    },
    { name: 'a database with replication { mode: none }: fires on the block; the fix sets mode and replicas', design: replicated('⟦replication { mode: none }⟧'), names: ['orders'], fixed: true },
    { name: 'a database replicated with zero replicas fires; the fix sets one', design: replicated('⟦replication { mode: primary_replica  replicas: 0 }⟧'), names: ['orders'], fixed: /replicas: 1 \}/ },
    { name: 'a database replicated with one replica is silent', design: replicated('replication { mode: primary_replica  replicas: 1 }') },
  ]);
});

describe('single-point-of-failure: database edge cases', () => {
  const id = 'single-point-of-failure';
  const onPath = (db: string) => `system kv {
  client web { rate: 10/s }
  loadbalancer lb { instances: 2 }
  service api { instances: 2 }
${db}
  web -> lb -> api -> store
}`;
  const leaderless = (replication: string) => onPath(`  database store: cassandra {\n    ${replication}\n  }`);

  ruleTable(id, [
    { name: 'leaderless with replicas: 1 is one node: fires; the fix runs three', design: leaderless('⟦replication { mode: leaderless  replicas: 1 }⟧'), names: ['store'], fixed: /replication \{ mode: leaderless {2}replicas: 3 \}/ },
    { name: 'leaderless with two replicas is silent', design: leaderless('replication { mode: leaderless  replicas: 2 }') },
  ]);

  test('a replication block that writes neither mode nor replicas: the fix adds both', () => {
    for (const block of ['replication { sync: async }', 'replication {\n      sync: async\n    }']) {
      const fired = fires(id, onPath(`  database store: postgres {
    backup: daily
    ⟦${block}⟧
  }`), ['store']);
      const [fixed] = fixesWork(id, fired);
      assert.match(fixed.text, /replicas: 1\s+mode: primary_replica\s+sync: async/);
    }
  });
});

describe('stateful-round-robin', () => {
  const design = (algorithm: string, sockets = 'instances: 4  stateful') => chatBehindBalancer(algorithm, sockets);

  ruleTable('stateful-round-robin', [
    { name: 'fires on the algorithm behind round_robin', design: design('⟦round_robin⟧'), names: ['sockets', 'lb', 'round_robin'] },
    { name: 'fires on the algorithm behind least_connections', design: design('⟦least_connections⟧'), names: ['sockets', 'lb'] },
    { name: 'silent behind hash(user_id)', design: design('hash(user_id)') },
    { name: 'silent behind consistent_hash(user_id)', design: design('consistent_hash(user_id)') },
    { name: 'silent with one instance', design: design('round_robin', 'instances: 1  stateful') },
    { name: 'silent when not stateful', design: design('round_robin', 'instances: 4') },
    { name: 'silent when stateful: false', design: design('round_robin', 'instances: 4  stateful: false') },
    { name: 'counts autoscaling as more than one instance', design: design('⟦round_robin⟧', 'instances: 1  autoscale { min: 1  max: 4 }  stateful'), names: ['sockets'] },
    {
      name: 'default algorithm: fires on the balancer name, the fix adds hash(user_id)',
      design: `system chat {
  client app { rate: 1k/s }
  loadbalancer ⟦lb⟧ { instances: 2 }
  service sockets { instances: 4  stateful }
  app -> lb -> sockets
}`,
      names: ['sockets', 'lb'],
      fixed: /loadbalancer lb \{ algorithm: hash\(user_id\) {2}instances: 2 \}/,
    },
    { name: 'quick fix replaces the written algorithm', design: design('⟦round_robin⟧'), names: ['sockets'], fixed: /algorithm: hash\(user_id\) \}/ },
  ]);
});

describe('hash-lb-autoscale', () => {
  const design = (algorithm: string, sockets = 'autoscale { min: 2  max: 10 }') => chatBehindBalancer(algorithm, sockets);

  ruleTable('hash-lb-autoscale', [
    { name: 'fires (info) on hash(...) in front of an autoscaled service', design: design('⟦hash(user_id)⟧'), names: ['lb', 'sockets', 'user_id'] },
    { name: 'silent with consistent_hash', design: design('consistent_hash(user_id)') },
    { name: 'silent when the target does not autoscale', design: design('hash(user_id)', 'instances: 4') },
    { name: 'silent for non-hash algorithms', design: design('least_connections') },
    { name: 'quick fix uses consistent_hash on the same key', design: design('⟦hash(session_id)⟧'), names: ['session_id'], fixed: /algorithm: consistent_hash\(session_id\) \}/ },
  ]);
});

describe('autoscale-without-lb', () => {
  const id = 'autoscale-without-lb';

  test('fires on the hop from a service to an autoscaled service', () => {
    fires(id, `system shop {
  client web { rate: 100/s }
  gateway api { instances: 2 }
  service orders { instances: 2 }
  service pricing { autoscale { min: 2  max: 8 } }
  web -> api -> ⟦orders -> pricing⟧
}`, ['orders', 'pricing']);
  });

  test('fires on a client calling it directly', () => {
    fires(id, `system shop {
  client web { rate: 100/s }
  service pricing { autoscale { min: 2  max: 8 } }
  ⟦web -> pricing⟧
}`, ['web', 'pricing']);
  });

  test('silent behind a load balancer, a gateway or DNS', () => {
    for (const balancer of ['loadbalancer', 'gateway', 'dns']) {
      silent(id, `system shop {
  client web { rate: 100/s }
  ${balancer} front { ${balancer === 'dns' ? '' : 'instances: 2'} }
  service pricing { autoscale { min: 2  max: 8 } }
  web -> front -> pricing
}`);
    }
  });

  test('silent for a consumer of a queue and for an async call', () => {
    silent(id, `system shop {
  service orders { instances: 2 }
  queue jobs
  worker pricer { autoscale { min: 2  max: 8 } }
  service audit { autoscale { min: 2  max: 8 } }
  orders -> jobs -> pricer
  orders -> audit (async)
}`);
  });

  test('silent for an autoscaled database: it routes to its own nodes', () => {
    silent(id, `system kv {
  service api { instances: 2 }
  database store: dynamodb {
    sharding { strategy: consistent_hash  shards: 8  key: id }
    replication { mode: leaderless  replicas: 3 }
    autoscale { min: 8  max: 32 }
  }
  api -> store
}`);
  });

  test('silent when the service does not autoscale', () => {
    silent(id, `system shop {
  service orders { instances: 2 }
  service pricing { instances: 8 }
  orders -> pricing
}`);
  });
});

describe('weights-without-weighted-rr', () => {
  const id = 'weights-without-weighted-rr';
  const design = (algorithm: string, weight: string) => `system shop {
  client web { rate: 100/s }
  loadbalancer lb { instances: 2${algorithm} }
  service big { instances: 2  cores: 8 }
  service small { instances: 2  cores: 2 }
  web -> lb
  lb -> big (${weight}, protocol: http)
  lb -> small
}`;

  test('fires (info) on the weight when the algorithm is the default', () => {
    fires(id, design('', '⟦weight: 4⟧'), ['lb', 'round_robin']);
  });

  test('fires with an explicit non-weighted algorithm', () => {
    fires(id, design('  algorithm: least_connections', '⟦weight: 4⟧'), ['lb', 'least_connections']);
  });

  test('silent with weighted_round_robin', () => {
    silent(id, design('  algorithm: weighted_round_robin', 'weight: 4'));
  });

  test('silent without weights', () => {
    silent(id, design('', 'async'));
  });

  test('silent for weights on a gateway', () => {
    silent(id, `system shop {
  client web { rate: 100/s }
  gateway api { instances: 2 }
  service big { instances: 2 }
  web -> api
  api -> big (weight: 4)
}`);
  });
});

describe('no-backup', () => {
  const id = 'no-backup';

  test('fires on the name of a database with neither backup nor replication', () => {
    const fired = fires(id, `system notes {
  database ⟦notes⟧: postgres
}`, ['notes']);
    fixesWork(id, fired);
    assert.equal(fixedText(fired), `system notes {
  database notes: postgres { backup: continuous }
}`);
  });

  test('fires on an explicit backup: none; the fix replaces it', () => {
    const fired = fires(id, `system notes {
  database notes: postgres {
    model: relational
    backup: ⟦none⟧
  }
}`, ['notes']);
    fixesWork(id, fired);
    assert.match(fixedText(fired), /\n {4}backup: continuous\n/);
  });

  test('silent with any backup', () => {
    for (const backup of ['daily', 'weekly', 'continuous']) silent(id, `system notes {
  database notes: postgres { backup: ${backup} }
}`);
  });

  test('fires on a replicated database too: replicas copy a mistaken delete', () => {
    const { findings } = fires(id, `system notes {
  database ⟦notes⟧: postgres { replication { mode: primary_replica  replicas: 1 } }
}`, ['notes']);
    assert.match(findings[0].message, /1 replica protects against a failed machine, not against a mistake/);
  });

  test('silent with a backup, replicated or not', () => {
    silent(id, `system notes {
  database notes: postgres { replication { mode: primary_replica  replicas: 2 }  backup: daily }
  database drafts: postgres { backup: continuous }
}`);
  });

  test('fires with replication { mode: none }', () => {
    fires(id, `system notes {
  database ⟦notes⟧: postgres { replication { mode: none } }
}`, ['notes']);
  });
});

describe('cache-no-invalidation', () => {
  const id = 'cache-no-invalidation';

  test('fires on a cache-aside cache (the default) without ttl', () => {
    const fired = fires(id, `system feed {
  cache ⟦feed_cache⟧: redis { instances: 2 }
}`, ['feed_cache']);
    fixesWork(id, fired);
    assert.match(fixedText(fired), /cache feed_cache: redis \{ ttl: 1h {2}instances: 2 \}/);
  });

  test('fires with an explicit strategy: cache_aside', () => {
    fires(id, `system feed {
  cache ⟦feed_cache⟧ {
    strategy: cache_aside
  }
}`, ['feed_cache']);
  });

  test('silent with a ttl', () => {
    silent(id, `system feed {
  cache feed_cache: redis { instances: 2  ttl: 10m }
}`);
  });

  test('silent for write-through and write-back caches', () => {
    silent(id, `system feed {
  cache a { strategy: write_through }
  cache b { strategy: write_back }
}`);
  });

  test('quick fix gives a body to a cache without one', () => {
    const fired = fires(id, `system feed {
  cache ⟦hot⟧
}`, ['hot']);
    fixesWork(id, fired);
    assert.match(fixedText(fired), /cache hot \{ ttl: 1h \}/);
  });
});

describe('cdn-origin', () => {
  const id = 'cdn-origin';

  test('fires on the name of a CDN without an origin', () => {
    fires(id, `system video {
  cdn ⟦edge⟧: cloudfront { ttl: 24h }
}`, ['edge']);
  });

  test('fires on an origin that is a database or a queue', () => {
    fires(id, `system video {
  cdn edge: cloudfront { origin: ⟦meta⟧ }
  database meta: postgres { backup: daily }
}`, ['edge', 'meta']);
    fires(id, `system video {
  cdn edge: cloudfront { origin: ⟦jobs⟧ }
  queue jobs
}`, ['edge', 'jobs']);
  });

  test('silent for a blob store, a service or a proxy', () => {
    silent(id, `system video {
  cdn a { origin: files }
  cdn b { origin: web }
  cdn c { origin: shield }
  blob files: s3
  service web { instances: 2 }
  proxy shield { instances: 2 }
}`);
  });
});

describe('leaderless-orchestrators', () => {
  const id = 'leaderless-orchestrators';

  test('fires on leader_election: none with three instances', () => {
    const fired = fires(id, `system jobs {
  orchestrator scheduler { instances: 3  leader_election: ⟦none⟧ }
}`, ['scheduler']);
    fixesWork(id, fired);
    assert.match(fixedText(fired), /leader_election: raft \}/);
  });

  test('fires on the name when no election is given; the fix adds raft', () => {
    const fired = fires(id, `system jobs {
  orchestrator ⟦scheduler⟧ { instances: 2 }
}`, ['scheduler']);
    fixesWork(id, fired);
    assert.match(fixedText(fired), /orchestrator scheduler \{ leader_election: raft {2}instances: 2 \}/);
  });

  test('silent with one instance', () => {
    silent(id, `system jobs {
  orchestrator scheduler { instances: 1  leader_election: none }
}`);
  });

  test('silent with an election, written or implied by the technology', () => {
    for (const election of ['raft', 'bully', 'gossip']) silent(id, `system jobs {
  orchestrator scheduler { instances: 3  leader_election: ${election} }
}`);
    silent(id, `system jobs {
  orchestrator coordination: zookeeper { instances: 3 }
}`);
  });
});

describe('sync-cycle', () => {
  const id = 'sync-cycle';

  test('fires on the connection that closes a two-service cycle', () => {
    const fired = fires(id, `system shop {
  service orders { instances: 2 }
  service inventory { instances: 2 }
  orders -> inventory
  ⟦inventory -> orders⟧
}`, ['orders', 'inventory']);
    assert.equal(fired.findings[0].related?.length, 1);
  });

  test('names every component of a longer cycle', () => {
    fires(id, `system shop {
  service a { instances: 2 }
  service b { instances: 2 }
  service c { instances: 2 }
  a -> b -> c
  ⟦c -> a⟧
}`, ['a', 'b', 'c']);
  });

  test('silent when one call of the loop is async', () => {
    silent(id, `system shop {
  service orders { instances: 2 }
  service inventory { instances: 2 }
  orders -> inventory
  inventory -> orders (async)
}`);
  });

  test('silent when the loop goes through a queue', () => {
    silent(id, `system shop {
  service orders { instances: 2 }
  worker inventory { instances: 2 }
  queue stock_changes
  orders -> inventory
  inventory -> stock_changes -> orders
}`);
  });

  test('silent on a diamond (two paths, no loop)', () => {
    silent(id, `system shop {
  service a { instances: 2 }
  service b { instances: 2 }
  service c { instances: 2 }
  service d { instances: 2 }
  a -> b -> d
  a -> c -> d
}`);
  });

  test('two separate cycles are both reported', () => {
    fires(id, `system shop {
  service a { instances: 2 }
  service b { instances: 2 }
  service c { instances: 2 }
  service d { instances: 2 }
  a -> b
  ⟦b -> a⟧
  c -> d
  ⟦d -> c⟧
}`, []);
  });
});

describe('health-check-disabled', () => {
  const shop = (lb: string) => `system shop {
  client web { rate: 100/s }
  ${lb}
  service api { instances: 3 }
  web -> lb -> api
}`;

  ruleTable('health-check-disabled', [
    { name: 'fires on health_check: false and counts the instances behind', design: shop('loadbalancer lb { instances: 2  health_check: ⟦false⟧ }'), names: ['lb', '1 in 3'], fixed: /loadbalancer lb \{ instances: 2 {2}health_check: true \}/ },
    { name: 'silent by default (health checks are on)', design: shop('loadbalancer lb { instances: 2 }') },
    { name: 'silent with health_check: true', design: shop('loadbalancer lb { instances: 2  health_check: true }') },
  ]);
});

describe('forward-proxy-inbound', () => {
  const shop = (proxy: string, connections = 'web -> edge -> api') => `system shop {
  client web { rate: 100/s }
  ${proxy}
  service api { instances: 2 }
  ${connections}
}`;

  ruleTable('forward-proxy-inbound', [
    { name: 'fires on mode: forward in front of the servers', design: shop('proxy edge { mode: ⟦forward⟧  instances: 2 }'), names: ['edge', 'api'], fixed: /mode: reverse/ },
    { name: 'silent for a reverse proxy (the default)', design: shop('proxy edge { instances: 2 }') },
    { name: 'silent for a forward proxy that services use on their way out', design: shop('proxy edge { mode: forward  instances: 2 }\n  loadbalancer lb { instances: 2 }\n  service partner_api { instances: 2 }', 'web -> lb -> api\n  api -> edge (async) \n  edge -> partner_api') },
  ]);
});

describe('orchestrator connections are management', () => {
  const cluster = `system shop {
  client web { rate: 100/s }
  loadbalancer lb { instances: 2 }
  orchestrator k8s: kubernetes { instances: 3 }
  service api { autoscale { min: 2  max: 8 } }
  web -> lb -> api
  k8s -> api
}`;

  test('autoscale-without-lb does not count the orchestrator as a caller', () => {
    silent('autoscale-without-lb', cluster);
  });

  test('the orchestrator is not on the request path, so a single one draws no single-point-of-failure', () => {
    silent('single-point-of-failure', cluster.replace('{ instances: 3 }', ''));
  });

  test('no request load flows over the connection: the service receives only what the balancer sends', () => {
    const analysis = silent('autoscale-without-lb', cluster);
    const estimate = analysis.estimate(analysis.systems[0]);
    assert.equal(estimate.byName.get('api')!.rateRps, 100);
    assert.equal(estimate.byName.get('k8s')!.rateRps, 0);
    assert.equal(estimate.edges.some((e) => e.edge.from.name === 'k8s'), false);
  });
});

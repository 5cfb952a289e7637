// Data placement and sharding rules: each fires on its trigger, stays silent
// just on the other side of it, and its quick fixes leave a valid design
// without it.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fires, fixedText, fixesWork, ruleTable, silent } from './helpers';

describe('cross-shard-join', () => {
  const id = 'cross-shard-join';
  const sharded = (postsShardKey: string, join = 'posts.user_id = users.user_id') => `system feed {
  database content: postgres {
    sharding { strategy: consistent_hash  shards: 8  key: user_id }
    backup: continuous
    table users { columns: [user_id, name]  key: user_id }
    table posts { columns: [post_id, user_id, body]  key: post_id${postsShardKey} }
  }
  query user_posts {
    from: posts
    join: ${join}
    where: posts.user_id
  }
}`;

  test('fires on the join when one table is sharded on another column', () => {
    const fired = fires(id, sharded('  shard_key: post_id', '⟦posts.user_id = users.user_id⟧'), ['user_posts', 'posts', 'users', 'post_id']);
    const related = fired.findings[0].related!.map((r) => fired.analysis.text.slice(r.span.start, r.span.end));
    assert.deepEqual(related, ['post_id', 'user_id']);
  });

  test('silent when both tables are sharded on the join columns', () => {
    silent(id, sharded(''));
    silent(id, sharded('  shard_key: user_id'));
  });

  test('silent in an unsharded database', () => {
    silent(id, `system feed {
  database content: postgres {
    replication { mode: primary_replica  replicas: 1 }
    table users { columns: [user_id, name]  key: user_id }
    table posts { columns: [post_id, user_id, body]  key: post_id }
  }
  query user_posts { from: posts  join: posts.user_id = users.user_id  where: posts.user_id }
}`);
  });

  test('fires across two databases, without a fix', () => {
    const fired = fires(id, `system feed {
  database people: postgres { backup: daily  table users { columns: [user_id, name]  key: user_id } }
  database content: postgres { backup: daily  table posts { columns: [post_id, user_id, body]  key: post_id } }
  query user_posts { from: posts  join: ⟦posts.user_id = users.user_id⟧ }
}`, ['user_posts', 'posts', 'users', 'people', 'content']);
    assert.equal(fired.findings[0].fixes, undefined);
  });

  test('quick fix shards the mismatched table on the join key', () => {
    const fired = fires(id, sharded('  shard_key: post_id', '⟦posts.user_id = users.user_id⟧'), ['posts']);
    fixesWork(id, fired);
    assert.match(fixedText(fired), /key: post_id {2}shard_key: user_id \}/);
  });

  test('quick fix adds shard keys to both tables when neither matches', () => {
    const fired = fires(id, `system orders {
  database sales: postgres {
    sharding { strategy: consistent_hash  shards: 8  key: region }
    backup: continuous
    table orders { columns: [order_id, customer_id, region]  key: order_id }
    table customers { columns: [customer_id, name, region]  key: customer_id }
  }
  query order_page {
    from: orders
    join: ⟦orders.customer_id = customers.customer_id⟧
    where: orders.region
  }
}`, ['orders', 'customers', 'region']);
    const [fixed] = fixesWork(id, fired);
    assert.match(fixed.text, /table orders \{ shard_key: customer_id /);
    assert.match(fixed.text, /table customers \{ shard_key: customer_id /);
  });
});

describe('scatter-gather-query', () => {
  const design = (where: string) => `system shop {
  database orders: postgres {
    sharding { strategy: consistent_hash  shards: 16  key: user_id }
    backup: continuous
    table orders { columns: [order_id, user_id, status]  key: order_id }
  }
  query by_status { from: orders  where: ${where} }
}`;
  const own = (where: string) => `system shop {
  database orders: postgres {
    sharding { strategy: consistent_hash  shards: 4..32  key: user_id }
    backup: continuous
    table orders { columns: [order_id, user_id, status]  key: order_id  shard_key: order_id }
  }
  query q { from: orders  where: ${where} }
}`;

  test('fires on where when it misses the shard key', () => {
    const fired = fires('scatter-gather-query', design('⟦orders.status⟧'), ['by_status', 'orders', 'status', 'user_id']);
    assert.match(fired.findings[0].message, /all 16 shards/);
  });

  test('uses the table\'s own shard_key over the database key', () => {
    const fired = fires('scatter-gather-query', own('⟦orders.user_id⟧'), ['order_id']);
    assert.match(fired.findings[0].message, /all 32 shards/);
  });

  ruleTable('scatter-gather-query', [
    { name: 'fires on a where list without the shard key', design: design('⟦[orders.status, order_id]⟧'), names: ['by_status', 'user_id'] },
    { name: 'silent when where includes the qualified shard key', design: design('[orders.user_id, orders.status]') },
    { name: 'silent when where is the bare shard key', design: design('user_id') },
    { name: 'silent when where is the table\'s own shard_key', design: own('orders.order_id') },
    {
      name: 'silent on an unsharded database',
      design: `system shop {
  database orders: postgres {
    backup: continuous
    table orders { columns: [order_id, user_id, status]  key: order_id }
  }
  query by_status { from: orders  where: orders.status }
}`,
    },
    {
      name: 'silent for a partitioned (not sharded) database',
      design: `system shop {
  database orders: postgres {
    partitioning { strategy: range  key: order_id }
    backup: continuous
    table orders { columns: [order_id, user_id, status]  key: order_id }
  }
  query by_status { from: orders  where: orders.status }
}`,
    },
  ]);
});

describe('modulo-sharding-rebalance', () => {
  const design = (strategy: string, shards: string) => `system kv {
  database store: dynamodb {
    sharding { strategy: ${strategy}  shards: ${shards}  key: id }
    replication { mode: leaderless  replicas: 3 }
  }
}`;

  ruleTable('modulo-sharding-rebalance', [
    { name: 'fires on hash with a range of shards', design: design('⟦hash⟧', '4..64'), names: ['store'] },
    { name: 'silent on consistent_hash with a range of shards', design: design('consistent_hash', '4..64') },
    { name: 'silent on hash with a fixed shard count', design: design('hash', '8') },
    { name: 'silent on hash with a range of one shard count', design: design('hash', '8..8') },
    {
      name: 'fires on hash when the database autoscales',
      design: `system kv {
  database store: dynamodb {
    sharding { strategy: ⟦hash⟧  shards: 8  key: id }
    replication { mode: leaderless  replicas: 3 }
    autoscale { min: 8  max: 32 }
  }
}`,
      names: ['store'],
    },
    { name: 'quick fix uses consistent_hash', design: design('⟦hash⟧', '4..64'), names: ['store'], fixed: /strategy: consistent_hash {2}shards: 4\.\.64/ },
  ]);
});

describe('range-shard-hotspot', () => {
  const design = (strategy: string, key: string, columns = 'event_id, created_at, tenant, body') => `system events {
  database log: postgres {
    sharding { strategy: ${strategy}  shards: 8  key: ${key} }
    replication { mode: primary_replica  replicas: 1 }
    table events { columns: [${columns}]  key: event_id }
  }
}`;

  ruleTable('range-shard-hotspot', [
    { name: 'fires on the key for created_at', design: design('range', '⟦created_at⟧'), names: ['log', 'created_at'] },
    { name: 'fires on the key for *_at', design: design('range', '⟦updated_at⟧', 'event_id, updated_at'), names: ['log', 'updated_at'] },
    { name: 'fires on the key for timestamp', design: design('range', '⟦timestamp⟧', 'event_id, timestamp'), names: ['timestamp'] },
    { name: 'fires on the key for seq', design: design('range', '⟦seq⟧', 'event_id, seq'), names: ['seq'] },
    { name: 'fires on the key for id', design: design('range', '⟦id⟧', 'event_id, id'), names: ['id'] },
    { name: 'fires on a *_id that is a table\'s primary key', design: design('range', '⟦event_id⟧'), names: ['event_id'] },
    { name: 'silent on a *_id that is no table\'s key', design: design('range', 'tenant_id', 'event_id, tenant_id') },
    { name: 'silent on a key that does not grow', design: design('range', 'tenant') },
    { name: 'silent when the strategy is consistent_hash', design: design('consistent_hash', 'created_at') },
    { name: 'silent when the strategy is hash', design: design('hash', 'created_at') },
    {
      name: 'fires on a table\'s own monotonic shard_key',
      design: `system events {
  database log: postgres {
    sharding { strategy: range  shards: 8  key: tenant }
    replication { mode: primary_replica  replicas: 1 }
    table events { columns: [event_id, tenant, created_at]  key: event_id  shard_key: ⟦created_at⟧ }
  }
}`,
      names: ['log', 'created_at'],
    },
    { name: 'quick fix uses consistent_hash', design: design('range', '⟦created_at⟧'), names: ['log'], fixed: /strategy: consistent_hash {2}shards: 8 {2}key: created_at/ },
  ]);
});

describe('shard-key-missing', () => {
  /** A sharded database `orders` (8 shards, on `key` when given) holding `tables`. */
  const design = (key: string, tables: string, system = 'shop', database = 'orders') => `system ${system} {
  database ${database}: postgres {
    ${key}
    replication { mode: primary_replica  replicas: 1 }${tables ? `\n    ${tables.split('\n').join('\n    ')}` : ''}
  }
}`;
  const byUser = 'sharding { strategy: consistent_hash  shards: 8  key: user_id }';
  const orders = 'table orders { columns: [order_id, user_id]  key: order_id }';

  ruleTable('shard-key-missing', [
    { name: 'fires on a table with no shard key', design: design('sharding { strategy: consistent_hash  shards: 8 }', 'table ⟦orders⟧ { columns: [order_id, user_id]  key: order_id }'), names: ['orders'] },
    { name: 'silent once the sharding block names a key the table has', design: design(byUser, orders) },
    { name: 'fires on a table that lacks the database\'s key column', design: design(byUser, `${orders}\ntable ⟦products⟧ { columns: [product_id, name]  key: product_id }`), names: ['products', 'user_id'] },
    { name: 'a table\'s own shard_key overrides; fires on it when it is not a column', design: design(byUser, 'table products { columns: [product_id, name]  key: product_id  shard_key: ⟦sku⟧ }'), names: ['products', 'sku'] },
    { name: 'a table\'s own shard_key that is a column is silent', design: design(byUser, 'table products { columns: [product_id, name]  key: product_id  shard_key: product_id }') },
    { name: 'fires on the sharding block of a database with neither tables nor key', design: design('⟦sharding⟧ { strategy: consistent_hash  shards: 8 }', '', 'kv', 'store'), names: ['store'] },
    { name: 'silent on a database with a key and no tables', design: design('sharding { strategy: consistent_hash  shards: 8  key: id }', '', 'kv', 'store') },
    {
      name: 'silent when the database is not sharded',
      design: `system shop {
  database orders: postgres {
    replication { mode: primary_replica  replicas: 1 }
    table orders { columns: [order_id, user_id]  key: order_id }
  }
}`,
    },
  ]);
});

describe('directory-bottleneck', () => {
  const design = (strategy: string) => `system tenants {
  database data: postgres {
    sharding { strategy: ${strategy}  shards: 8  key: tenant_id }
    replication { mode: primary_replica  replicas: 1 }
  }
}`;

  ruleTable('directory-bottleneck', [
    { name: 'fires (info) on strategy: directory', design: design('⟦directory⟧'), names: ['data'] },
    ...['range', 'hash', 'consistent_hash', 'geo'].map((strategy) => ({ name: `silent on strategy: ${strategy}`, design: design(strategy) })),
    {
      name: 'silent for directory partitioning on one server',
      design: `system tenants {
  database data: postgres {
    partitioning { strategy: directory  key: tenant_id }
    replication { mode: primary_replica  replicas: 1 }
  }
}`,
    },
  ]);
});

describe('nosql-join', () => {
  const id = 'nosql-join';
  const design = (tech: string, join: string) => `system catalog {
  database products: ${tech} {
    replication { mode: primary_replica  replicas: 2 }
    table products { columns: [product_id, brand_id, name]  key: product_id }
    table brands { columns: [brand_id, brand_name, country]  key: brand_id }
  }
  query product_page {
    from: products
    join: ${join}
    where: products.product_id
  }
}`;
  const join = 'products.brand_id = brands.brand_id';

  test('fires on a join in a document database', () => {
    fires(id, design('mongodb', `⟦${join}⟧`), ['product_page', 'products', 'brands', 'document']);
  });

  test('fires on a join in a key-value database', () => {
    fires(id, design('dynamodb', `⟦${join}⟧`), ['products', 'brands', 'key-value']);
  });

  test('silent in relational and wide-column databases', () => {
    silent(id, design('postgres', join));
    silent(id, design('cassandra', join));
  });

  test('model: document given explicitly fires', () => {
    fires(id, design('mysql', `⟦${join}⟧`).replace('replication {', 'model: document\n    replication {'), ['products']);
  });

  test('quick fix copies the joined columns and drops the join', () => {
    const fired = fires(id, design('mongodb', `⟦${join}⟧`), ['products']);
    const [fixed] = fixesWork(id, fired);
    assert.match(fixed.text, /columns: \[product_id, brand_id, name, brand_name, country\]/);
    assert.doesNotMatch(fixed.text, /join:/);
    assert.match(fixed.text, /from: products\n {4}where: products\.product_id/);
  });

  test('quick fix on an inline query', () => {
    const fired = fires(id, `system catalog {
  database products: mongodb {
    replication { mode: primary_replica  replicas: 2 }
    table products { columns: [product_id, brand_id, name]  key: product_id }
    table brands { columns: [brand_id, brand_name]  key: brand_id }
  }
  query product_page { from: products  join: ⟦products.brand_id = brands.brand_id⟧  where: product_id }
}`, ['products']);
    const [fixed] = fixesWork(id, fired);
    assert.match(fixed.text, /query product_page \{ from: products {2}where: product_id \}/);
  });
});

describe('blob-in-database', () => {
  const id = 'blob-in-database';
  const design = (column: string, extra = '') => `system photos {${extra}
  database meta: postgres {
    replication { mode: primary_replica  replicas: 1 }
    table photos { columns: [photo_id, owner_id, ${column}]  key: photo_id }
  }
}`;

  test('fires on the column name for blob, file, image and video types', () => {
    for (const type of ['blob', 'file', 'image', 'video']) {
      fires(id, design(`⟦photo⟧: ${type}`), ['photos', 'photo', 'meta', type]);
    }
  });

  test('silent for ordinary columns and other types', () => {
    silent(id, design('photo_url'));
    silent(id, design('photo_url: string'));
  });

  test('quick fix stores a URL and adds a blob store', () => {
    const fired = fires(id, design('⟦photo⟧: image'), ['photo']);
    const [fixed] = fixesWork(id, fired);
    assert.equal(fixed.text, `system photos {
  blob media: s3
  database meta: postgres {
    replication { mode: primary_replica  replicas: 1 }
    table photos { columns: [photo_id, owner_id, photo_url]  key: photo_id }
  }
}`);
  });

  test('quick fix reuses an existing blob store', () => {
    const fired = fires(id, design('⟦photo⟧: image', '\n  blob uploads: s3'), ['photo']);
    const [fixed] = fixesWork(id, fired);
    assert.doesNotMatch(fixed.text, /blob media/);
  });
});

describe('geo-shard-hotspot', () => {
  const social = (sharding: string, regions = '') => `system social {
  ${regions}
  database posts: cassandra {
    ${sharding}
    replication { mode: leaderless  replicas: 3 }
    backup: daily
  }
}`;

  ruleTable('geo-shard-hotspot', [
    { name: 'fires on geo sharding over two shards', design: social('sharding { strategy: ⟦geo⟧  shards: 2  key: region }'), names: ['posts', '2 shards'], fixed: /strategy: consistent_hash/ },
    { name: 'fires with one shard per drawn region', design: social('sharding { strategy: ⟦geo⟧  shards: 3  key: region }', 'region eu\n  region us\n  region asia'), names: ['posts', '3 regions'] },
    { name: 'silent with several shards per region', design: social('sharding { strategy: geo  shards: 6  key: region }', 'region eu\n  region us\n  region asia') },
    { name: 'silent for hash-based sharding', design: social('sharding { strategy: consistent_hash  shards: 2  key: user_id }') },
  ]);
});

describe('unindexed-query', () => {
  const shop = (table: string, query: string, database = '') => `system shop {
  database orders: postgres {
    backup: daily
    ${database}
    ${table}
  }
  ${query}
}`;
  const orders = 'table orders { columns: [order_id, user_id, status]  key: order_id }';

  ruleTable('unindexed-query', [
    { name: 'fires on a filter on a plain column at 500/s; the fix indexes it', design: shop(orders, 'query by_user { from: orders  where: ⟦orders.user_id⟧  rate: 500/s }'), names: ['by_user', 'orders', 'user_id', '500/s'], fixed: /key: order_id {2}indexes: \[user_id\] \}|\{ indexes: \[user_id\] {2}columns/ },
    { name: 'the fix adds to an existing index list', design: shop('table orders { columns: [order_id, user_id, status]  key: order_id  indexes: [status] }', 'query by_user { from: orders  where: ⟦user_id⟧  rate: 50/s }'), names: ['user_id'], fixed: /indexes: \[status, user_id\]/ },
    { name: 'silent on the primary key', design: shop(orders, 'query one { from: orders  where: orders.order_id  rate: 500/s }') },
    { name: 'silent on an indexed column', design: shop('table orders { columns: [order_id, user_id, status]  key: order_id  indexes: [user_id] }', 'query by_user { from: orders  where: orders.user_id  rate: 500/s }') },
    { name: 'silent on a database-wide index', design: shop(orders, 'query by_user { from: orders  where: orders.user_id  rate: 500/s }', 'indexes: [user_id]') },
    { name: 'silent when one of several filters is indexed', design: shop(orders, 'query mine { from: orders  where: [orders.order_id, orders.status]  rate: 500/s }') },
    { name: 'silent below once a second (a report, not a hot path)', design: shop(orders, 'query nightly { from: orders  where: orders.status  rate: 0.5/s }') },
    { name: 'silent without a rate', design: shop(orders, 'query adhoc { from: orders  where: orders.status }') },
  ]);

  test('the shard key counts as a lookup key', () => {
    silent('unindexed-query', `system shop {
  database orders: cassandra {
    backup: daily
    sharding { strategy: consistent_hash  shards: 4  key: user_id }
    replication { mode: leaderless  replicas: 3 }
    table orders { columns: [order_id, user_id, status]  key: order_id }
  }
  query by_user { from: orders  where: orders.user_id  rate: 500/s }
}`);
  });
});

// Data placement and sharding rules: each fires on its trigger, stays silent
// just on the other side of it, and its quick fixes leave a valid design
// without it.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fires, fixedText, fixesWork, silent } from './helpers';

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
  const id = 'scatter-gather-query';
  const design = (where: string) => `system shop {
  database orders: postgres {
    sharding { strategy: consistent_hash  shards: 16  key: user_id }
    backup: continuous
    table orders { columns: [order_id, user_id, status]  key: order_id }
  }
  query by_status { from: orders  where: ${where} }
}`;

  test('fires on where when it misses the shard key', () => {
    const fired = fires(id, design('⟦orders.status⟧'), ['by_status', 'orders', 'status', 'user_id']);
    assert.match(fired.findings[0].message, /all 16 shards/);
  });

  test('fires on a where list without the shard key', () => {
    fires(id, design('⟦[orders.status, order_id]⟧'), ['by_status', 'user_id']);
  });

  test('silent when where includes the shard key (qualified or bare)', () => {
    silent(id, design('[orders.user_id, orders.status]'));
    silent(id, design('user_id'));
  });

  test('uses the table\'s own shard_key over the database key', () => {
    const own = (where: string) => `system shop {
  database orders: postgres {
    sharding { strategy: consistent_hash  shards: 4..32  key: user_id }
    backup: continuous
    table orders { columns: [order_id, user_id, status]  key: order_id  shard_key: order_id }
  }
  query q { from: orders  where: ${where} }
}`;
    const fired = fires(id, own('⟦orders.user_id⟧'), ['order_id']);
    assert.match(fired.findings[0].message, /all 32 shards/);
    silent(id, own('orders.order_id'));
  });

  test('silent on an unsharded database', () => {
    silent(id, `system shop {
  database orders: postgres {
    backup: continuous
    table orders { columns: [order_id, user_id, status]  key: order_id }
  }
  query by_status { from: orders  where: orders.status }
}`);
  });

  test('silent for a partitioned (not sharded) database', () => {
    silent(id, `system shop {
  database orders: postgres {
    partitioning { strategy: range  key: order_id }
    backup: continuous
    table orders { columns: [order_id, user_id, status]  key: order_id }
  }
  query by_status { from: orders  where: orders.status }
}`);
  });
});

describe('modulo-sharding-rebalance', () => {
  const id = 'modulo-sharding-rebalance';
  const design = (strategy: string, shards: string) => `system kv {
  database store: dynamodb {
    sharding { strategy: ${strategy}  shards: ${shards}  key: id }
    replication { mode: leaderless  replicas: 3 }
  }
}`;

  test('fires on hash with a range of shards', () => {
    fires(id, design('⟦hash⟧', '4..64'), ['store']);
  });

  test('silent on consistent_hash with a range of shards', () => {
    silent(id, design('consistent_hash', '4..64'));
  });

  test('silent on hash with a fixed shard count', () => {
    silent(id, design('hash', '8'));
    silent(id, design('hash', '8..8'));
  });

  test('fires on hash when the database autoscales', () => {
    fires(id, `system kv {
  database store: dynamodb {
    sharding { strategy: ⟦hash⟧  shards: 8  key: id }
    replication { mode: leaderless  replicas: 3 }
    autoscale { min: 8  max: 32 }
  }
}`, ['store']);
  });

  test('quick fix uses consistent_hash', () => {
    const fired = fires(id, design('⟦hash⟧', '4..64'), ['store']);
    fixesWork(id, fired);
    assert.match(fixedText(fired), /strategy: consistent_hash {2}shards: 4\.\.64/);
  });
});

describe('range-shard-hotspot', () => {
  const id = 'range-shard-hotspot';
  const design = (strategy: string, key: string, columns = 'event_id, created_at, tenant, body') => `system events {
  database log: postgres {
    sharding { strategy: ${strategy}  shards: 8  key: ${key} }
    replication { mode: primary_replica  replicas: 1 }
    table events { columns: [${columns}]  key: event_id }
  }
}`;

  test('fires on the key for created_at, *_at, timestamp, seq and id', () => {
    fires(id, design('range', '⟦created_at⟧'), ['log', 'created_at']);
    fires(id, design('range', '⟦updated_at⟧', 'event_id, updated_at'), ['log', 'updated_at']);
    fires(id, design('range', '⟦timestamp⟧', 'event_id, timestamp'), ['timestamp']);
    fires(id, design('range', '⟦seq⟧', 'event_id, seq'), ['seq']);
    fires(id, design('range', '⟦id⟧', 'event_id, id'), ['id']);
  });

  test('fires on a *_id that is a table\'s primary key', () => {
    fires(id, design('range', '⟦event_id⟧'), ['event_id']);
  });

  test('silent on a *_id that is no table\'s key', () => {
    silent(id, design('range', 'tenant_id', 'event_id, tenant_id'));
  });

  test('silent on a key that does not grow', () => {
    silent(id, design('range', 'tenant'));
  });

  test('silent when the strategy is not range', () => {
    silent(id, design('consistent_hash', 'created_at'));
    silent(id, design('hash', 'created_at'));
  });

  test('fires on a table\'s own monotonic shard_key', () => {
    fires(id, `system events {
  database log: postgres {
    sharding { strategy: range  shards: 8  key: tenant }
    replication { mode: primary_replica  replicas: 1 }
    table events { columns: [event_id, tenant, created_at]  key: event_id  shard_key: ⟦created_at⟧ }
  }
}`, ['log', 'created_at']);
  });

  test('quick fix uses consistent_hash', () => {
    const fired = fires(id, design('range', '⟦created_at⟧'), ['log']);
    fixesWork(id, fired);
    assert.match(fixedText(fired), /strategy: consistent_hash {2}shards: 8 {2}key: created_at/);
  });
});

describe('shard-key-missing', () => {
  const id = 'shard-key-missing';

  test('fires on a table with no shard key', () => {
    fires(id, `system shop {
  database orders: postgres {
    sharding { strategy: consistent_hash  shards: 8 }
    replication { mode: primary_replica  replicas: 1 }
    table ⟦orders⟧ { columns: [order_id, user_id]  key: order_id }
  }
}`, ['orders']);
  });

  test('silent once the sharding block names a key the table has', () => {
    silent(id, `system shop {
  database orders: postgres {
    sharding { strategy: consistent_hash  shards: 8  key: user_id }
    replication { mode: primary_replica  replicas: 1 }
    table orders { columns: [order_id, user_id]  key: order_id }
  }
}`);
  });

  test('fires on a table that lacks the database\'s key column', () => {
    fires(id, `system shop {
  database orders: postgres {
    sharding { strategy: consistent_hash  shards: 8  key: user_id }
    replication { mode: primary_replica  replicas: 1 }
    table orders { columns: [order_id, user_id]  key: order_id }
    table ⟦products⟧ { columns: [product_id, name]  key: product_id }
  }
}`, ['products', 'user_id']);
  });

  test('a table\'s own shard_key overrides; fires on it when it is not a column', () => {
    fires(id, `system shop {
  database orders: postgres {
    sharding { strategy: consistent_hash  shards: 8  key: user_id }
    replication { mode: primary_replica  replicas: 1 }
    table products { columns: [product_id, name]  key: product_id  shard_key: ⟦sku⟧ }
  }
}`, ['products', 'sku']);
    silent(id, `system shop {
  database orders: postgres {
    sharding { strategy: consistent_hash  shards: 8  key: user_id }
    replication { mode: primary_replica  replicas: 1 }
    table products { columns: [product_id, name]  key: product_id  shard_key: product_id }
  }
}`);
  });

  test('fires on the sharding block of a database with neither tables nor key', () => {
    fires(id, `system kv {
  database store: postgres {
    ⟦sharding⟧ { strategy: consistent_hash  shards: 8 }
    replication { mode: primary_replica  replicas: 1 }
  }
}`, ['store']);
    silent(id, `system kv {
  database store: postgres {
    sharding { strategy: consistent_hash  shards: 8  key: id }
    replication { mode: primary_replica  replicas: 1 }
  }
}`);
  });

  test('silent when the database is not sharded', () => {
    silent(id, `system shop {
  database orders: postgres {
    replication { mode: primary_replica  replicas: 1 }
    table orders { columns: [order_id, user_id]  key: order_id }
  }
}`);
  });
});

describe('directory-bottleneck', () => {
  const id = 'directory-bottleneck';
  const design = (strategy: string) => `system tenants {
  database data: postgres {
    sharding { strategy: ${strategy}  shards: 8  key: tenant_id }
    replication { mode: primary_replica  replicas: 1 }
  }
}`;

  test('fires (info) on strategy: directory', () => {
    fires(id, design('⟦directory⟧'), ['data']);
  });

  test('silent on other strategies', () => {
    for (const s of ['range', 'hash', 'consistent_hash', 'geo']) silent(id, design(s));
  });

  test('silent for directory partitioning on one server', () => {
    silent(id, `system tenants {
  database data: postgres {
    partitioning { strategy: directory  key: tenant_id }
    replication { mode: primary_replica  replicas: 1 }
  }
}`);
  });
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

import type { Rule } from '../types';

export const shardKeyMissing: Rule = {
  id: 'shard-key-missing',
  severity: 'error',
  category: 'Data placement and sharding',
  summary: 'A sharded table with no shard key, or a shard key that is not one of its columns.',
  docs: {
    checks: 'In a sharded database, every table needs a shard key (its own `shard_key` or the database\'s `sharding.key`) that is one of its columns; a database sharded with neither tables nor a key is reported too.',
    why: 'The shard key decides which server holds each row. Without one, there is no way to route a read or a write, and a key that is not a column of the table cannot be computed from its rows.',
    fires: `system shop {
  database orders: postgres {
    sharding { strategy: consistent_hash  shards: 8 }
    replication { mode: primary_replica  replicas: 1 }
    table orders { columns: [order_id, user_id]  key: order_id }
  }
}`,
    fixed: `system shop {
  database orders: postgres {
    sharding { strategy: consistent_hash  shards: 8  key: user_id }
    replication { mode: primary_replica  replicas: 1 }
    table orders { columns: [order_id, user_id]  key: order_id }
  }
}`,
  },
  check({ system, report }) {
    for (const db of system.components.values()) {
      const sharding = db.blocks.get('sharding');
      if (db.kind !== 'database' || !sharding) continue;
      const dbKey = sharding.props.get('key');
      if (db.tables.length === 0) {
        if (!dbKey?.explicit) {
          report({ message: `Database \`${db.name}\` is sharded but names no shard key: add \`key:\` to its sharding block.`, span: sharding.decl.name.span });
        }
        continue;
      }
      for (const table of db.tables) {
        if (table.columns.length === 0) continue;
        const own = table.props.get('shard_key');
        const key = own?.explicit ? own : dbKey?.explicit ? dbKey : undefined;
        if (!key || typeof key.value !== 'string') {
          report({
            message: `Table \`${table.name}\` is in sharded database \`${db.name}\` but has no shard key: add \`shard_key:\` to the table or \`key:\` to the sharding block.`,
            span: table.nameSpan,
            related: [{ message: 'Sharded here.', span: sharding.decl.name.span }],
          });
          continue;
        }
        if (!table.columns.some((c) => c.name === key.value)) {
          report({
            message: `Table \`${table.name}\` is sharded on \`${key.value}\`, which is not one of its columns (${table.columns.map((c) => c.name).join(', ')}). Add the column or set the table's \`shard_key\` to one it has.`,
            span: own?.explicit ? own.valueSpan! : table.nameSpan,
            related: own?.explicit ? undefined : [{ message: 'The database\'s shard key.', span: dbKey!.valueSpan! }],
          });
        }
      }
    }
  },
};

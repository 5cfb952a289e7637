import type { Rule } from '../types';

export const moduloShardingRebalance: Rule = {
  id: 'modulo-sharding-rebalance',
  severity: 'warning',
  category: 'Data placement and sharding',
  summary: 'hash(key) mod N sharding where the number of shards can change: almost every key would move.',
  quickFix: 'Use consistent_hash',
  docs: {
    checks: 'A database sharded with `strategy: hash` whose shard count can change: it autoscales, or `shards` is a range such as 4..64.',
    why: 'With hash mod N, a key\'s shard depends on N. Going from 4 to 5 shards moves about 80 % of the keys, which means copying most of the data while serving traffic. Consistent hashing places keys on a ring so that adding a shard moves only about 1/N of them.',
    fires: `system kv {
  database store: dynamodb {
    sharding { strategy: hash  shards: 4..64  key: id }
    replication { mode: leaderless  replicas: 3 }
  }
}`,
    fixed: `system kv {
  database store: dynamodb {
    sharding { strategy: consistent_hash  shards: 4..64  key: id }
    replication { mode: leaderless  replicas: 3 }
  }
}`,
  },
  check({ system, fix, report }) {
    for (const db of system.components.values()) {
      const sharding = db.blocks.get('sharding');
      const strategy = sharding?.props.get('strategy');
      if (db.kind !== 'database' || !sharding || strategy?.value !== 'hash' || !strategy.valueSpan) continue;
      const shards = sharding.props.value<{ min: number; max: number }>('shards');
      const ranged = !!shards && shards.min !== shards.max;
      const autoscale = db.blocks.get('autoscale');
      if (!ranged && !autoscale) continue;
      const why = ranged ? `its shard count ranges from ${shards!.min} to ${shards!.max}` : 'it autoscales';
      report({
        message: `Database \`${db.name}\` shards with hash mod N, but ${why}: each change of N moves almost every key to another shard. Use consistent_hash, which moves only about 1/N of the keys.`,
        span: strategy.valueSpan,
        related: [ranged ? { message: 'The shard count changes.', span: sharding.props.get('shards')!.span! } : { message: 'The database autoscales.', span: autoscale!.span }],
        fixes: [{ title: 'Use consistent_hash', edits: [fix.replace(strategy.valueSpan, 'consistent_hash')], preferred: true }],
      });
    }
  },
};

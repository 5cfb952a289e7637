import type { Span } from '../../syntax/ast';
import type { ComponentModel } from '../../model/types';
import type { Rule } from '../types';

/** Keys whose new values always sort last: ids, timestamps, sequence numbers. */
function isMonotonic(key: string, db: ComponentModel): boolean {
  if (key === 'id' || key === 'created_at' || key === 'timestamp' || key === 'seq' || key.endsWith('_at')) return true;
  // `*_id` that is some table's primary key: typically generated in increasing order.
  return key.endsWith('_id') && db.tables.some((t) => t.props.str('key') === key);
}

export const rangeShardHotspot: Rule = {
  id: 'range-shard-hotspot',
  severity: 'warning',
  category: 'Data placement and sharding',
  summary: 'Range sharding on a key that only grows: every new write lands on the last shard.',
  quickFix: 'Use consistent_hash',
  docs: {
    checks: 'A database sharded with `strategy: range` on a monotonically increasing key: `id`, a `*_id` column that is a table\'s primary key, `created_at` or another `*_at`, `timestamp`, or `seq`.',
    why: 'Range sharding gives each shard a contiguous span of keys. When new keys are always larger than old ones (auto-increment ids, timestamps), every insert goes to the shard that owns the top of the range: one hot shard takes all the writes while the others idle. Hash the key instead, or shard on something spread out such as a user id hash.',
    fires: `system events {
  database log: postgres {
    sharding { strategy: range  shards: 8  key: created_at }
    replication { mode: primary_replica  replicas: 1 }
    table events { columns: [event_id, created_at, body]  key: event_id }
  }
}`,
    fixed: `system events {
  database log: postgres {
    sharding { strategy: consistent_hash  shards: 8  key: created_at }
    replication { mode: primary_replica  replicas: 1 }
    table events { columns: [event_id, created_at, body]  key: event_id }
  }
}`,
  },
  check({ system, fix, report }) {
    for (const db of system.components.values()) {
      const sharding = db.blocks.get('sharding');
      const strategy = sharding?.props.get('strategy');
      if (db.kind !== 'database' || !sharding || strategy?.value !== 'range' || !strategy.valueSpan) continue;
      const keys: { key: string; span: Span }[] = [];
      const dbKey = sharding.props.get('key');
      if (dbKey?.explicit && typeof dbKey.value === 'string') keys.push({ key: dbKey.value, span: dbKey.valueSpan! });
      for (const t of db.tables) {
        const own = t.props.get('shard_key');
        if (own?.explicit && typeof own.value === 'string') keys.push({ key: own.value, span: own.valueSpan! });
      }
      const hot = keys.find((k) => isMonotonic(k.key, db));
      if (!hot) continue;
      report({
        message: `Database \`${db.name}\` range-shards on \`${hot.key}\`, which only grows: every new write lands on the last shard while the others idle. Hash the key (consistent_hash) to spread writes.`,
        span: hot.span,
        related: [{ message: 'Sharded by range here.', span: strategy.valueSpan }],
        fixes: [{ title: 'Use consistent_hash', edits: [fix.replace(strategy.valueSpan, 'consistent_hash')], preferred: true }],
      });
    }
  },
};

import { isSharded } from '../helpers';
import { tableShardKey } from '../../model/semantic/tables';
import type { Rule } from '../types';

export const scatterGatherQuery: Rule = {
  id: 'scatter-gather-query',
  severity: 'warning',
  category: 'Data placement and sharding',
  summary: 'A query on a sharded table filters on columns that do not include the shard key, so it must ask every shard.',
  docs: {
    checks: 'A query whose `from:` table is in a sharded database and whose `where:` columns (of that table) do not include the table\'s shard key.',
    why: 'A sharded database finds the one shard to ask from the shard key. A query that filters on anything else cannot know where the rows are, so it asks every shard and waits for the slowest: its cost grows with the number of shards and its latency with their tail. Filter on the shard key, shard on what the query filters by, or keep a secondary index table keyed by that column.',
    fires: `system shop {
  database orders: postgres {
    sharding { strategy: consistent_hash  shards: 16  key: user_id }
    backup: continuous
    table orders { columns: [order_id, user_id, status]  key: order_id }
  }
  query by_status { from: orders  where: orders.status }
}`,
    fixed: `system shop {
  database orders: postgres {
    sharding { strategy: consistent_hash  shards: 16  key: user_id }
    backup: continuous
    table orders { columns: [order_id, user_id, status]  key: order_id }
  }
  query by_status { from: orders  where: [orders.user_id, orders.status] }
}`,
  },
  check({ system, report }) {
    for (const query of system.queries) {
      const table = query.from;
      if (!table || !isSharded(table.database) || query.where.length === 0) continue;
      const key = tableShardKey(table);
      if (!key) continue; // shard-key-missing reports this
      const filters = query.where.filter((w) => w.table === table).map((w) => w.column);
      if (filters.includes(key.key)) continue;
      const whereSpan = query.props.get('where')!.valueSpan!;
      const shards = table.database.blocks.get('sharding')!.props.value<{ max: number }>('shards')?.max;
      report({
        message: `Query \`${query.name}\` filters \`${table.name}\` on ${filters.length ? filters.map((f) => `\`${f}\``).join(', ') : 'other tables\' columns'}, not on its shard key \`${key.key}\`, so it must ask all ${shards ?? ''} shards and wait for the slowest. Filter on \`${key.key}\` too, or shard on what the query filters by.`.replace('all  shards', 'every shard'),
        span: whereSpan,
        related: [{ message: `\`${table.name}\` is sharded on \`${key.key}\`.`, span: key.span }],
      });
    }
  },
};

import { formatBytes, formatPercent } from '../../estimate/human';
import type { Rule } from '../types';

/** What one database node is assumed to hold comfortably. */
export const ONE_NODE_STORAGE_BYTES = 1e12;
/** Share of one node's cores the whole load may use and still "fit". */
const ONE_NODE_LOAD = 0.5;

export const prematureSharding: Rule = {
  id: 'premature-sharding',
  severity: 'info',
  category: 'Capacity',
  summary: 'A sharded database whose estimated load and storage fit on one node.',
  docs: {
    checks: `A database with a \`sharding\` block whose whole load at peak would keep one node under ${ONE_NODE_LOAD * 100} % busy and whose estimated total storage (from the workload) is under ${formatBytes(ONE_NODE_STORAGE_BYTES)}.`,
    why: 'Sharding buys write capacity and storage at a real price: cross-shard queries, rebalancing, harder transactions and operations. When one node (with replicas for availability and reads) carries the load with room to spare, the price buys nothing yet; shard when the numbers say so.',
    fires: `system notes {
  workload { dau: 10k  writes_per_user: 5/day  reads_per_user: 50/day  record_size: 1KB }
  client app
  service api { instances: 2 }
  database notes: postgres {
    replication { mode: primary_replica  replicas: 1 }
    sharding { strategy: consistent_hash  shards: 8  key: user_id }
  }
  app -> api -> notes
}`,
    fixed: `system notes {
  workload { dau: 10k  writes_per_user: 5/day  reads_per_user: 50/day  record_size: 1KB }
  client app
  service api { instances: 2 }
  database notes: postgres {
    replication { mode: primary_replica  replicas: 1 }
  }
  app -> api -> notes
}`,
  },
  check({ system, facts, report }) {
    const storage = facts.estimate.workload?.storageTotalBytes;
    if (storage === undefined) return; // without a workload the storage is unknown
    for (const db of system.components.values()) {
      const sharding = db.blocks.get('sharding');
      const e = facts.estimate.byName.get(db.name);
      if (db.kind !== 'database' || !sharding || !e?.hasCapacity) continue;
      const oneNode = (e.rateRps * (e.serviceTime ?? 0)) / (e.coresPerInstance ?? 1);
      if (oneNode >= ONE_NODE_LOAD || storage >= ONE_NODE_STORAGE_BYTES) continue;
      report({
        message: `Database \`${db.name}\` is sharded, but its whole peak load would keep one ${e.coresPerInstance}-core node ${formatPercent(oneNode)} busy and the workload stores about ${formatBytes(storage)} in total: one node with replicas would do. Sharding adds cross-shard queries and rebalancing for no gain yet.`,
        span: sharding.decl.name.span,
      });
    }
  },
};

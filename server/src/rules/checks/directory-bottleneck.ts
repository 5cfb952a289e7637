import type { Rule } from '../types';

export const directoryBottleneck: Rule = {
  id: 'directory-bottleneck',
  severity: 'info',
  category: 'Data placement and sharding',
  summary: 'Directory-based sharding: the lookup directory is a single point of failure and a hot spot unless replicated and cached.',
  docs: {
    checks: 'A database sharded with `strategy: directory`.',
    why: 'A directory maps every key to its shard, which makes moving data easy. But every request consults the directory first, so it carries the whole system\'s traffic, and if it is down nothing can be routed. Replicate it and cache it close to the callers.',
    fires: `system tenants {
  database data: postgres {
    sharding { strategy: directory  shards: 8  key: tenant_id }
    replication { mode: primary_replica  replicas: 1 }
  }
}`,
    fixed: `system tenants {
  database data: postgres {
    sharding { strategy: consistent_hash  shards: 8  key: tenant_id }
    replication { mode: primary_replica  replicas: 1 }
  }
}`,
  },
  check({ system, report }) {
    for (const db of system.components.values()) {
      const strategy = db.blocks.get('sharding')?.props.get('strategy');
      if (db.kind !== 'database' || strategy?.value !== 'directory' || !strategy.valueSpan) continue;
      report({
        message: `Database \`${db.name}\` shards through a directory: every request looks up its shard there first, so the directory is a hot spot and a single point of failure unless it is replicated and cached.`,
        span: strategy.valueSpan,
      });
    }
  },
};

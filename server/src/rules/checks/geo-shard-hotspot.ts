import type { Rule } from '../types';

export const geoShardHotspot: Rule = {
  id: 'geo-shard-hotspot',
  severity: 'warning',
  category: 'Data placement and sharding',
  summary: 'Geo sharding with a shard per region or fewer: the region with the most users makes its shard the hotspot.',
  quickFix: 'Use consistent_hash',
  docs: {
    checks: 'A database sharded with `strategy: geo` into no more shards than the regions it serves: the design\'s `region`s, or two when it draws none.',
    why: 'Users are not spread evenly over the world, and they are awake at different hours. Sharding by region keeps data near its users, but with one shard per region the busiest region (often one continent carries half the traffic) puts all its load on one shard while the others idle at night. Spread each region over several shards by a hash of the user id, or hash globally and place replicas near users.',
    fires: `system social {
  database posts: cassandra {
    sharding { strategy: geo  shards: 2  key: region }
    replication { mode: leaderless  replicas: 3 }
    backup: daily
  }
}`,
    fixed: `system social {
  database posts: cassandra {
    sharding { strategy: consistent_hash  shards: 2  key: region }
    replication { mode: leaderless  replicas: 3 }
    backup: daily
  }
}`,
  },
  check({ system, fix, report }) {
    const regions = [...system.components.values()].filter((c) => c.kind === 'region').length;
    const regionsServed = Math.max(2, regions);
    for (const db of system.components.values()) {
      const sharding = db.blocks.get('sharding');
      const strategy = sharding?.props.get('strategy');
      if (db.kind !== 'database' || strategy?.value !== 'geo' || !strategy.valueSpan) continue;
      const shards = sharding!.props.value<{ max: number }>('shards')?.max ?? 1;
      if (shards > regionsServed) continue;
      const counted = regions ? `the design's ${regions} regions` : 'its regions (at least two)';
      report({
        message: `Database \`${db.name}\` geo-shards into ${shards} shard${shards === 1 ? '' : 's'} for ${counted}, so each shard holds a whole region: the region with the most users makes its shard the hotspot while the others idle. Spread each region over several shards by a hash of the user id, or hash globally (consistent_hash).`,
        span: strategy.valueSpan,
        fixes: [{ title: 'Use consistent_hash', edits: [fix.replace(strategy.valueSpan, 'consistent_hash')], preferred: true }],
      });
    }
  },
};

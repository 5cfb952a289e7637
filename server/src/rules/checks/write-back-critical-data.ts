import type { Rule } from '../types';

export const writeBackCriticalData: Rule = {
  id: 'write-back-critical-data',
  severity: 'warning',
  category: 'Consistency and CAP',
  summary: 'A write-back cache in front of financial data: a cache failure loses acknowledged writes.',
  quickFix: 'strategy: write_through',
  docs: {
    checks: 'A cache with `strategy: write_back` connected to a database that holds `data: financial`.',
    why: 'A write-back cache acknowledges a write as soon as it is in memory and writes it to the database later. If the cache node fails in between, the write is gone although the user was told it succeeded. For money that means lost payments or a ledger that disagrees with what customers were shown. Write through to the database (or write to the database and invalidate the cache) so an acknowledged write is durable.',
    fires: `system bank {
  service api { instances: 2 }
  cache balances: redis { strategy: write_back  ttl: 1m  instances: 2 }
  database ledger: postgres {
    data: financial
    backup: continuous
    replication { mode: primary_replica  replicas: 1 }
  }
  api -> balances -> ledger
}`,
    fixed: `system bank {
  service api { instances: 2 }
  cache balances: redis { strategy: write_through  ttl: 1m  instances: 2 }
  database ledger: postgres {
    data: financial
    backup: continuous
    replication { mode: primary_replica  replicas: 1 }
  }
  api -> balances -> ledger
}`,
  },
  check({ system, fix, report }) {
    for (const cache of system.components.values()) {
      const strategy = cache.props.get('strategy');
      if (cache.kind !== 'cache' || strategy?.value !== 'write_back' || !strategy.valueSpan) continue;
      for (const e of cache.outgoing) {
        const db = e.to;
        if (db.kind !== 'database' || db.props.str('data') !== 'financial') continue;
        report({
          message: `Cache \`${cache.name}\` is write-back in front of \`${db.name}\`, which holds financial data: a write is acknowledged once it is in the cache's memory, so a cache failure loses payments the user was told succeeded. Write through to \`${db.name}\`.`,
          span: strategy.valueSpan,
          related: [{ message: `\`${db.name}\` is marked as financial data.`, span: db.props.get('data')!.span! }],
          fixes: [{ title: 'Use write_through', edits: [fix.replace(strategy.valueSpan, 'write_through')], preferred: true }],
        });
        break;
      }
    }
  },
};

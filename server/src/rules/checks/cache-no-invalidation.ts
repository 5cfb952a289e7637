import type { Rule } from '../types';

export const cacheNoInvalidation: Rule = {
  id: 'cache-no-invalidation',
  severity: 'warning',
  category: 'Availability and scaling',
  summary: 'A cache-aside cache with no ttl: entries never refresh.',
  quickFix: 'ttl: 1h',
  docs: {
    checks: 'A cache with `strategy: cache_aside` (the default) and no `ttl`.',
    why: 'With cache-aside, the application fills the cache on a miss and nothing updates the entry afterwards. Without an expiry, a changed record stays wrong in the cache until it happens to be evicted, which for popular data is never. A ttl bounds how stale an entry can get; explicit invalidation on write can make it shorter.',
    fires: `system feed {
  cache feed_cache: redis { instances: 2 }
}`,
    fixed: `system feed {
  cache feed_cache: redis { instances: 2  ttl: 1h }
}`,
  },
  check({ system, fix, report }) {
    for (const c of system.components.values()) {
      if (c.kind !== 'cache' || c.props.has('ttl') || c.props.str('strategy') !== 'cache_aside') continue;
      report({
        message: `Cache \`${c.name}\` fills on a miss (cache-aside) but entries never expire: when the data changes, readers keep getting the old value. Give it a ttl.`,
        span: c.nameSpan,
        fixes: [{ title: 'Set ttl: 1h', edits: [fix.insertItem(c.decl, 'ttl: 1h')], preferred: true }],
      });
    }
  },
};

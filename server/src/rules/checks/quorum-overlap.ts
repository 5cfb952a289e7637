import { databaseLayout, quorumOverlaps } from '../../model/semantic';
import type { Rule } from '../types';

export const quorumOverlap: Rule = {
  id: 'quorum-overlap',
  severity: 'error',
  category: 'Consistency and CAP',
  summary: 'A strongly consistent database whose read and write quorums do not overlap (W + R ≤ N).',
  quickFix: 'Set R to N − W + 1',
  docs: {
    checks: 'A database with `consistency: strong` and a `quorum { w r }` where W + R ≤ N. N is replicas + 1, or `replicas` for leaderless replication.',
    why: 'With N copies, a write that reaches W of them and a read that asks R of them are only guaranteed to share a copy when W + R > N. Otherwise a read can ask only copies that missed the latest write and return old data, however "strong" the configuration claims to be.',
    fires: `system profiles {
  database users: cassandra {
    consistency: strong
    replication { mode: leaderless  replicas: 3 }
    quorum { w: 1  r: 1 }
  }
}`,
    fixed: `system profiles {
  database users: cassandra {
    consistency: strong
    replication { mode: leaderless  replicas: 3 }
    quorum { w: 1  r: 3 }
  }
}`,
  },
  check({ system, fix, report }) {
    for (const db of system.components.values()) {
      const layout = databaseLayout(db);
      const quorum = db.blocks.get('quorum');
      if (!layout || layout.consistency !== 'strong' || !quorum || quorumOverlaps(layout)) continue;
      const { w, r } = layout.quorum!;
      if (w === undefined || r === undefined) continue;
      const n = layout.copies;
      const rSpan = quorum.props.get('r')!.valueSpan!;
      const newR = n - w + 1;
      report({
        message: `Database \`${db.name}\` is strongly consistent, but W + R = ${w} + ${r} = ${w + r} is not more than N = ${n} copies, so a read can miss the latest write. Set r to ${newR} (N − W + 1) or raise w.`,
        span: rSpan,
        related: [{ message: `w: ${w}`, span: quorum.props.get('w')!.span! }],
        fixes: newR >= 1 && newR <= n ? [{ title: `Set r to ${newR} (N − W + 1)`, edits: [fix.replace(rSpan, String(newR))], preferred: true }] : undefined,
      });
    }
  },
};

import { databaseLayout } from '../../model/semantic';
import type { Rule } from '../types';

export const multiPrimaryConflicts: Rule = {
  id: 'multi-primary-conflicts',
  severity: 'error',
  category: 'Consistency and CAP',
  summary: 'Multi-primary replication without a conflict resolution strategy.',
  quickFix: 'Add last_write_wins',
  docs: {
    checks: 'A database with `replication { mode: multi_primary }` and no `conflict_resolution`.',
    why: 'When several primaries accept writes, two of them will sooner or later change the same row at the same time. Something has to decide which version survives: the latest timestamp (simple, but silently drops a write), a merge (CRDTs), or the application. A design that does not say which has not decided what its data looks like after a conflict.',
    fires: `system chat {
  database messages: cassandra {
    replication { mode: multi_primary  replicas: 2 }
  }
}`,
    fixed: `system chat {
  database messages: cassandra {
    replication { mode: multi_primary  replicas: 2  conflict_resolution: last_write_wins }
  }
}`,
  },
  check({ system, fix, report }) {
    for (const db of system.components.values()) {
      const replication = db.blocks.get('replication');
      if (db.kind !== 'database' || databaseLayout(db)?.writtenMode !== 'multi_primary' || !replication || replication.props.has('conflict_resolution')) continue;
      report({
        message: `Database \`${db.name}\` accepts writes on several primaries but does not say how conflicting writes are resolved. Add \`conflict_resolution: last_write_wins\`, \`merge\` or \`custom\`.`,
        span: replication.props.get('mode')!.valueSpan!,
        fixes: [{ title: 'Add conflict_resolution: last_write_wins', edits: [fix.insertItem(replication.decl, 'conflict_resolution: last_write_wins')], preferred: true }],
      });
    }
  },
};

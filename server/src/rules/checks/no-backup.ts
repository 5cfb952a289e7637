import { databaseLayout } from '../../model/semantic';
import type { Rule } from '../types';

export const noBackup: Rule = {
  id: 'no-backup',
  severity: 'warning',
  category: 'Availability and scaling',
  summary: 'A database with no backup: a mistaken delete, a bad migration or (without replicas) one disk failure loses the data.',
  quickFix: 'backup: continuous',
  docs: {
    checks: 'A database with `backup: none` (the default), replicated or not.',
    why: 'Durable storage is only as durable as its copies. With neither a replica nor a backup, a failed disk, a bad migration or an accidental delete loses data for good. Replication protects against machine failure; backups also protect against mistakes, because a replica faithfully copies a DROP TABLE.',
    fires: `system notes {
  database notes: postgres
}`,
    fixed: `system notes {
  database notes: postgres { backup: continuous }
}`,
  },
  check({ system, fix, report }) {
    for (const db of system.components.values()) {
      if (db.kind !== 'database' || db.props.str('backup') !== 'none') continue;
      const backup = db.props.get('backup');
      const layout = databaseLayout(db)!;
      const message = layout.mode === 'none'
        ? `Database \`${db.name}\` has no backup and no replica: one disk failure or mistaken delete loses its data. Add backups (continuous gives point-in-time recovery).`
        : `Database \`${db.name}\` has no backup. Its ${layout.copies - (layout.mode === 'leaderless' ? 0 : 1)} ${layout.mode === 'leaderless' ? 'copies protect' : layout.copies === 2 ? 'replica protects' : 'replicas protect'} against a failed machine, not against a mistake: a mistaken delete or a bad migration reaches every copy within moments. Add backups (continuous gives point-in-time recovery).`;
      report({
        message,
        span: backup?.explicit ? backup.valueSpan! : db.nameSpan,
        fixes: [{ title: 'Set backup: continuous', edits: [fix.setProperty(db.decl, db.props, 'backup', 'continuous')], preferred: true }],
      });
    }
  },
};

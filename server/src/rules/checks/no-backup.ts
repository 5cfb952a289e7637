import { databaseLayout } from '../../model/semantic';
import type { Rule } from '../types';

export const noBackup: Rule = {
  id: 'no-backup',
  severity: 'warning',
  category: 'Availability and scaling',
  summary: 'A database with no backup and no replication: one disk failure loses the data.',
  quickFix: 'backup: continuous',
  docs: {
    checks: 'A database with `backup: none` (the default) and no replication.',
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
      if (db.kind !== 'database' || db.props.str('backup') !== 'none' || databaseLayout(db)!.writtenMode !== 'none') continue;
      const backup = db.props.get('backup');
      report({
        message: `Database \`${db.name}\` has no backup and no replica: one disk failure or mistaken delete loses its data. Add backups (continuous gives point-in-time recovery) or replication.`,
        span: backup?.explicit ? backup.valueSpan! : db.nameSpan,
        fixes: [{ title: 'Set backup: continuous', edits: [fix.setProperty(db.decl, db.props, 'backup', 'continuous')], preferred: true }],
      });
    }
  },
};

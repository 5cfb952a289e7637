import { databaseLayout } from '../../model/semantic';
import type { Rule } from '../types';

export const staleReplicaReads: Rule = {
  id: 'stale-replica-reads',
  severity: 'warning',
  category: 'Consistency and CAP',
  summary: 'A strongly consistent database that reads from asynchronous replicas.',
  quickFix: 'Read from primary',
  docs: {
    checks: 'A strongly consistent database (written `consistency: strong`, or the default for a relational one: the message says which) whose replication has `read_from: replicas` or `any` with `sync: async`. In an AP store (its own `cap`, else the system\'s) the preferred fix declares `consistency: eventual` instead.',
    why: 'Asynchronous replicas lag behind the primary. A user who writes and then reads from a replica may not see their own write, so the database is not strongly consistent however it is labelled. Read from the primary, or replicate synchronously if replica reads are needed for capacity.',
    fires: `system shop {
  database orders: postgres {
    consistency: strong
    replication { mode: primary_replica  replicas: 2  sync: async  read_from: replicas }
  }
}`,
    fixed: `system shop {
  database orders: postgres {
    consistency: strong
    replication { mode: primary_replica  replicas: 2  sync: async  read_from: primary }
  }
}`,
  },
  check({ system, fix, report }) {
    for (const db of system.components.values()) {
      const layout = databaseLayout(db);
      if (!layout || layout.consistency !== 'strong') continue;
      const replication = db.blocks.get('replication');
      const readFrom = replication?.props.get('read_from');
      if (!replication || !readFrom?.valueSpan || layout.readFrom === 'primary' || layout.sync !== 'async') continue;
      const consistency = db.props.get('consistency');
      const stated = consistency?.explicit ? '' : ` (the default for a ${db.props.str('model')} database; nothing in the design says so)`;
      // In an AP store stale reads may be the intent: then the label is what is wrong, not the reads.
      const ap = (db.props.get('cap')?.value ?? system.props.get('cap')?.value) === 'AP';
      const fixes = [{ title: 'Read from the primary', edits: [fix.replace(readFrom.valueSpan, 'primary')], preferred: !ap }];
      if (ap) fixes.push({ title: 'Declare consistency: eventual', edits: [fix.setProperty(db.decl, db.props, 'consistency', 'eventual')], preferred: true });
      report({
        message: `Database \`${db.name}\` is strongly consistent${stated} but reads from ${readFrom.value === 'any' ? 'any copy' : 'replicas'} that replicate asynchronously, so a read can miss a write that was just acknowledged. ${ap ? 'The design is AP here: if stale reads are acceptable, declare `consistency: eventual`; otherwise read' : 'Read'} from the primary, or make replication synchronous.`,
        span: readFrom.valueSpan,
        related: [{ message: 'Replication is asynchronous.', span: replication.props.get('sync')?.span ?? replication.decl.name.span }],
        fixes,
      });
    }
  },
};

import type { RelatedInfo } from '../../diagnostics';
import { databaseLayout, quorumOverlaps } from '../../model/semantic';
import { databases } from '../helpers';
import type { Rule } from '../types';

export const capContradiction: Rule = {
  id: 'cap-contradiction',
  severity: 'warning',
  category: 'Consistency and CAP',
  summary: 'The CAP choice and the databases disagree: CP with eventual consistency or stale replica reads, or AP with synchronous replication everywhere.',
  docs: {
    checks: '`cap: CP` while a database is eventually consistent or reads from asynchronous replicas; or `cap: AP` while every replicated database replicates synchronously or uses a strong quorum.',
    why: 'The system-level CAP choice is a promise about behaviour during a partition, and the databases are what keep it. A CP system whose database answers from a lagging replica serves stale data, which is exactly what CP promised not to do. An AP system whose every write waits for all replicas stops accepting writes when one replica is unreachable, which is CP behaviour: the design pays for consistency it says it does not want.',
    fires: `system ledger {
  cap: CP
  database accounts: cassandra { replication { mode: leaderless  replicas: 3 } }
}`,
    fixed: `system ledger {
  cap: AP
  database accounts: cassandra { replication { mode: leaderless  replicas: 3 } }
}`,
  },
  check({ system, report }) {
    const cap = system.props.get('cap');
    if (!cap?.valueSpan) return;
    const capInfo: RelatedInfo = { message: `The system declares cap: ${String(cap.value)} here.`, span: cap.valueSpan };
    const dbs = databases(system.components.values());
    if (cap.value === 'CP') {
      for (const db of dbs) {
        const consistency = db.props.get('consistency');
        const layout = databaseLayout(db)!;
        const readFrom = db.blocks.get('replication')?.props.get('read_from');
        if (consistency?.value === 'eventual') {
          const why = consistency.explicit ? '' : ` (the default for a ${db.props.str('model')} database)`;
          report({
            message: `Database \`${db.name}\` is eventually consistent${why}, but the system is CP. Reads may return stale data, which a CP design promises not to do. Make it \`consistency: strong\`, or choose AP.`,
            span: consistency.valueSpan ?? db.nameSpan,
            related: [capInfo],
          });
        } else if (readFrom && layout.readFrom !== 'primary' && layout.sync === 'async') {
          report({
            message: `Database \`${db.name}\` reads from asynchronous replicas, so reads may miss recent writes, but the system is CP. Read from the primary or replicate synchronously.`,
            span: readFrom.valueSpan ?? db.nameSpan,
            related: [capInfo],
          });
        }
      }
    } else if (cap.value === 'AP') {
      const replicated = dbs.filter((db) => db.blocks.has('replication') && databaseLayout(db)!.writtenMode !== 'none');
      if (replicated.length === 0) return;
      const strict = replicated.filter((db) => databaseLayout(db)!.sync === 'sync' || quorumOverlaps(databaseLayout(db)!));
      if (strict.length !== replicated.length) return;
      report({
        message: `System \`${system.name}\` is AP, but every replicated database (${strict.map((d) => `\`${d.name}\``).join(', ')}) waits for its replicas on each write. During a partition writes stop, which is CP behaviour. Use asynchronous replication or smaller quorums, or choose CP.`,
        span: cap.valueSpan,
        related: strict.map((db) => ({ message: `\`${db.name}\` replicates synchronously or with a strong quorum.`, span: db.blocks.get('replication')!.props.get('sync')?.span ?? db.blocks.get('quorum')?.span ?? db.nameSpan })),
      });
    }
  },
};

import { databaseLayout } from '../../model/semantic';
import type { Rule } from '../types';

export const eventualFinancial: Rule = {
  id: 'eventual-financial',
  severity: 'warning',
  category: 'Consistency and CAP',
  summary: 'Financial data kept with eventual consistency or asynchronous multi-primary replication.',
  quickFix: 'Make strong',
  docs: {
    checks: 'A database with `data: financial` that is eventually consistent, or replicates multi-primary asynchronously.',
    why: 'Money must not be double-spent or lost. With eventual consistency two withdrawals can both read the old balance and both succeed; with asynchronous multi-primary replication two primaries accept conflicting writes that are reconciled only later, if at all. Ledgers need strong consistency and a single writer per account.',
    fires: `system bank {
  database ledger: postgres {
    data: financial
    consistency: eventual
    backup: continuous
  }
}`,
    fixed: `system bank {
  database ledger: postgres {
    data: financial
    consistency: strong
    backup: continuous
  }
}`,
  },
  check({ system, fix, report }) {
    for (const db of system.components.values()) {
      if (db.kind !== 'database' || db.props.str('data') !== 'financial') continue;
      const consistency = db.props.get('consistency');
      const replication = db.blocks.get('replication');
      const layout = databaseLayout(db)!;
      const asyncMultiPrimary = !!replication && layout.writtenMode === 'multi_primary' && layout.sync === 'async';
      if (consistency?.value !== 'eventual' && !asyncMultiPrimary) continue;
      const dataSpan = db.props.get('data')!.span!;
      if (consistency?.value === 'eventual') {
        // When the replication is also asynchronous multi-primary, making it strong alone would leave the finding.
        const modeSpan = asyncMultiPrimary ? replication!.props.get('mode')!.valueSpan! : undefined;
        const edits = [fix.setProperty(db.decl, db.props, 'consistency', 'strong'), ...(modeSpan ? [fix.replace(modeSpan, 'primary_replica')] : [])];
        report({
          message: `Database \`${db.name}\` holds financial data but is eventually consistent${consistency.explicit ? '' : ` (the default for a ${db.props.str('model')} database)`}: two payments can both read the old balance and both succeed. Make it strongly consistent.`,
          span: consistency.valueSpan ?? db.nameSpan,
          related: [{ message: 'Marked as financial data here.', span: dataSpan }],
          fixes: [{ title: modeSpan ? 'Make it strongly consistent with a single primary' : 'Make it strongly consistent', edits, preferred: true }],
        });
      } else {
        const modeSpan = replication!.props.get('mode')!.valueSpan!;
        report({
          message: `Database \`${db.name}\` holds financial data but replicates multi-primary asynchronously: two primaries can accept conflicting writes to the same account. Use a single primary (primary_replica) or synchronous replication.`,
          span: modeSpan,
          related: [{ message: 'Marked as financial data here.', span: dataSpan }],
          fixes: [{ title: 'Use a single primary', edits: [fix.replace(modeSpan, 'primary_replica')], preferred: true }],
        });
      }
    }
  },
};

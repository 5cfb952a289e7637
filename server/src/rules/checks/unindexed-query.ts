import { lookupBy } from '../../model/semantic/tables';
import { formatRate } from '../../estimate/human';
import type { Rule } from '../types';

/** A query that runs this often (per second) or more is on a hot path, not an occasional report. */
export const UNINDEXED_RATE = 1;

export const unindexedQuery: Rule = {
  id: 'unindexed-query',
  severity: 'warning',
  category: 'Data placement and sharding',
  summary: 'A frequent query filters its table on columns with no index, key or shard key: every run reads the whole table.',
  quickFix: 'Add an index',
  docs: {
    checks: `A query with a \`rate\` of ${UNINDEXED_RATE}/s or more whose \`where\` columns on its \`from\` table include none that the store can look rows up by: the table's primary key, an index (the table's \`indexes\` or the database's), or the shard key.`,
    why: 'Without an index the database answers a filter by reading every row and keeping the matches. That is fine for a nightly report, but a query that runs hundreds of times a second then costs a full scan each time: its cost grows with the table, not with the answer, and it takes the database\'s cores and cache from everything else. An index on the filtered column turns the scan into a lookup.',
    fires: `system shop {
  database orders: postgres {
    backup: daily
    table orders { columns: [order_id, user_id, status]  key: order_id }
  }
  query by_user { from: orders  where: orders.user_id  rate: 500/s }
}`,
    fixed: `system shop {
  database orders: postgres {
    backup: daily
    table orders { columns: [order_id, user_id, status]  key: order_id  indexes: [user_id] }
  }
  query by_user { from: orders  where: orders.user_id  rate: 500/s }
}`,
  },
  check({ system, fix, report }) {
    for (const query of system.queries) {
      const table = query.from;
      const where = query.props.get('where');
      if (!table || !where?.valueSpan || query.rate === undefined || query.rate < UNINDEXED_RATE) continue;
      const filters = query.where.filter((w) => w.table === table).map((w) => w.column);
      if (filters.length === 0 || filters.some((column) => lookupBy(table, column))) continue;
      const column = filters[0];
      const indexes = table.props.get('indexes');
      const listed = indexes?.explicit ? (indexes.value as { name: string }[]).map((i) => i.name) : [];
      const edit = indexes?.explicit && indexes.valueSpan
        ? fix.replace(indexes.valueSpan, `[${[...listed, column].join(', ')}]`)
        : fix.insertItem(table.decl, `indexes: [${column}]`);
      report({
        message: `Query \`${query.name}\` runs at ${formatRate(query.rate)} and filters \`${table.name}\` on ${filters.map((f) => `\`${f}\``).join(', ')}, which ${filters.length > 1 ? 'have' : 'has'} no index and ${filters.length > 1 ? 'are' : 'is'} neither the primary key nor the shard key: every run reads the whole table. Index \`${column}\`.`,
        span: where.valueSpan,
        related: [{ message: `Table \`${table.name}\` is declared here.`, span: table.nameSpan }],
        fixes: [{ title: `Index \`${table.name}.${column}\``, edits: [edit], preferred: true }],
      });
    }
  },
};

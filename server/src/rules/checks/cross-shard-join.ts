import type { TableModel } from '../../model/types';
import { isSharded } from '../helpers';
import { tableShardKey } from '../../model/semantic/tables';
import type { Rule, TextEdit } from '../types';

export const crossShardJoin: Rule = {
  id: 'cross-shard-join',
  severity: 'warning',
  category: 'Data placement and sharding',
  summary: 'A query joins tables that do not live together: different databases, or sharded on keys other than the join columns.',
  quickFix: 'Shard both tables on the join key',
  docs: {
    checks: 'Each `join:` of a query whose two tables are in different databases, or in one sharded database but sharded on columns other than the ones joined.',
    why: 'A join is cheap only when matching rows sit on the same server. When both tables are sharded on the join column, rows that match land on the same shard and the join stays local. Otherwise every row must be fetched from other shards (or another database) and joined in the application: slow, and it grows with the number of shards.',
    fires: `system feed {
  database content: postgres {
    sharding { strategy: consistent_hash  shards: 8  key: post_id }
    backup: continuous
    table users { columns: [user_id, name]  key: user_id  shard_key: user_id }
    table posts { columns: [post_id, user_id, body]  key: post_id }
  }
  query user_posts {
    from: posts
    join: posts.user_id = users.user_id
    where: posts.user_id
  }
}`,
    fixed: `system feed {
  database content: postgres {
    sharding { strategy: consistent_hash  shards: 8  key: post_id }
    backup: continuous
    table users { columns: [user_id, name]  key: user_id  shard_key: user_id }
    table posts { columns: [post_id, user_id, body]  key: post_id  shard_key: user_id }
  }
  query user_posts {
    from: posts
    join: posts.user_id = users.user_id
    where: posts.user_id
  }
}`,
  },
  check({ system, fix, report }) {
    for (const query of system.queries) {
      for (const join of query.joins) {
        const a = join.left.table;
        const b = join.right.table;
        if (!a || !b || a === b) continue;
        if (a.database !== b.database) {
          report({
            message: `Query \`${query.name}\` joins \`${a.name}\` (in \`${a.database.name}\`) with \`${b.name}\` (in \`${b.database.name}\`): the rows live in different databases, so the application must fetch both and join them itself. Keep the tables in one database, or denormalise.`,
            span: join.span,
            related: [
              { message: `\`${a.name}\` lives in \`${a.database.name}\`.`, span: a.nameSpan },
              { message: `\`${b.name}\` lives in \`${b.database.name}\`.`, span: b.nameSpan },
            ],
          });
          continue;
        }
        if (!isSharded(a.database)) continue;
        const keyA = tableShardKey(a);
        const keyB = tableShardKey(b);
        if (keyA?.key === join.left.column && keyB?.key === join.right.column) continue;
        const describeKey = (t: TableModel, k: ReturnType<typeof tableShardKey>) => (k ? `\`${t.name}\` is sharded on \`${k.key}\`` : `\`${t.name}\` has no shard key`);
        const edits: TextEdit[] = [];
        for (const [table, column] of [[a, join.left.column], [b, join.right.column]] as const) {
          if (tableShardKey(table)?.key !== column) edits.push(fix.setProperty(table.decl, table.props, 'shard_key', column));
        }
        report({
          message: `Query \`${query.name}\` joins \`${a.name}.${join.left.column}\` with \`${b.name}.${join.right.column}\`, but ${describeKey(a, keyA)} and ${describeKey(b, keyB)}, so matching rows sit on different shards and the join must gather them over the network. Shard both tables on the join column.`,
          span: join.span,
          related: [
            { message: `${describeKey(a, keyA)}.`, span: keyA?.span ?? a.nameSpan },
            { message: `${describeKey(b, keyB)}.`, span: keyB?.span ?? b.nameSpan },
          ],
          fixes: [{ title: `Shard \`${a.name}\` on \`${join.left.column}\` and \`${b.name}\` on \`${join.right.column}\``, edits, preferred: true }],
        });
      }
    }
  },
};

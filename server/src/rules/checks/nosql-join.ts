import type { Rule, TextEdit } from '../types';

export const nosqlJoin: Rule = {
  id: 'nosql-join',
  severity: 'warning',
  category: 'Data placement and sharding',
  summary: 'A query joins tables of a document or key-value database, which has no joins.',
  quickFix: 'Denormalise',
  docs: {
    checks: 'A `join:` in a query where either table belongs to a database whose model is `document` or `key_value`.',
    why: 'Document and key-value stores look data up by key; they do not join. A join there becomes one lookup per row in the application (the N + 1 problem). Store the data the query needs together: copy the joined fields into the documents that are read.',
    fires: `system catalog {
  database products: mongodb {
    replication { mode: primary_replica  replicas: 2 }
    table products { columns: [product_id, brand_id, name]  key: product_id }
    table brands { columns: [brand_id, brand_name]  key: brand_id }
  }
  query product_page { from: products  join: products.brand_id = brands.brand_id  where: product_id }
}`,
    fixed: `system catalog {
  database products: mongodb {
    replication { mode: primary_replica  replicas: 2 }
    table products { columns: [product_id, brand_id, name, brand_name]  key: product_id }
    table brands { columns: [brand_id, brand_name]  key: brand_id }
  }
  query product_page { from: products  where: product_id }
}`,
  },
  check({ system, fix, report }) {
    for (const query of system.queries) {
      for (const join of query.joins) {
        const a = join.left.table;
        const b = join.right.table;
        if (!a || !b) continue;
        const nosql = [a, b].find((t) => ['document', 'key_value'].includes(t.database.props.str('model') ?? ''));
        if (!nosql) continue;
        const model = nosql.database.props.str('model')!.replace('_', '-');
        // Denormalise: copy the joined table's other columns into the table the query reads, then drop the join.
        const target = query.from ?? a;
        const other = target === a ? b : a;
        const edits: TextEdit[] = [];
        const missing = other.columns.filter((c) => !target.columns.some((t) => t.name === c.name));
        const columnsProp = target.props.get('columns');
        if (missing.length && columnsProp?.valueSpan) {
          const end = columnsProp.valueSpan.end - 1; // before the closing ']'
          edits.push({ span: { start: end, end }, newText: missing.map((c) => `, ${c.name}`).join('') });
        }
        const joinProp = query.props.all('join').find((j) => j.valueSpan === join.span);
        if (joinProp?.span) edits.push(fix.removeSpan(joinProp.span));
        report({
          message: `Query \`${query.name}\` joins \`${a.name}\` with \`${b.name}\`, but \`${nosql.database.name}\` is a ${model} database: it has no joins, so the application would look up \`${other.name}\` once per row. Denormalise: store the fields the query needs in \`${target.name}\`.`,
          span: join.span,
          related: [{ message: `\`${nosql.database.name}\` is a ${model} database.`, span: nosql.database.props.get('model')?.span ?? nosql.database.techSpan ?? nosql.database.nameSpan }],
          fixes: edits.length === 2 || (edits.length === 1 && !missing.length) ? [{ title: `Denormalise: copy ${missing.map((c) => c.name).join(', ') || 'the fields'} into \`${target.name}\` and drop the join`, edits }] : undefined,
        });
      }
    }
  },
};

import type { Rule, TextEdit } from '../types';

const BLOB_TYPES = new Set(['blob', 'file', 'image', 'video']);

export const blobInDatabase: Rule = {
  id: 'blob-in-database',
  severity: 'warning',
  category: 'Data placement and sharding',
  summary: 'A table stores files (a column typed blob, file, image or video) instead of a reference to a blob store.',
  quickFix: 'Move to a blob store',
  docs: {
    checks: 'A table column typed `blob`, `file`, `image` or `video`.',
    why: 'Databases are built for many small rows. Megabyte-sized values bloat pages, backups and replication, and every read of the row drags the file along. Keep files in a blob store (behind a CDN when users download them) and store only their URL or key in the table.',
    fires: `system photos {
  database meta: postgres {
    replication { mode: primary_replica  replicas: 1 }
    table photos { columns: [photo_id, owner_id, photo: image]  key: photo_id }
  }
}`,
    fixed: `system photos {
  database meta: postgres {
    replication { mode: primary_replica  replicas: 1 }
    table photos { columns: [photo_id, owner_id, photo_url]  key: photo_id }
  }
  blob media: s3
}`,
  },
  check({ system, fix, report }) {
    const hasBlobStore = [...system.components.values()].some((c) => c.kind === 'blob');
    for (const table of system.tables.values()) {
      for (const column of table.columns) {
        if (!column.type || !BLOB_TYPES.has(column.type)) continue;
        const columnsProp = table.props.get('columns')!;
        // The column's whole `name: type` text within the list.
        const text = column.span;
        const typeEnd = findTypeEnd(columnsProp.node?.value, column.name);
        const edits: TextEdit[] = [];
        if (typeEnd !== undefined) edits.push(fix.replace({ start: text.start, end: typeEnd }, `${column.name}_url`));
        if (!hasBlobStore) edits.push(fix.insertLineBefore(table.database.span.start, 'blob media: s3'));
        report({
          message: `Table \`${table.name}\` stores \`${column.name}\` as ${column.type} data inside database \`${table.database.name}\`: large values bloat rows, backups and replication. Keep the file in a blob store and store its URL here.`,
          span: column.span,
          fixes: typeEnd !== undefined ? [{ title: `Store \`${column.name}_url\` and keep the file in a blob store`, edits, preferred: true }] : undefined,
        });
      }
    }
  },
};

/** End offset of `name: type` in a columns list value. */
function findTypeEnd(value: import('../../syntax/ast').Value | undefined, name: string): number | undefined {
  if (value?.type !== 'list') return undefined;
  const item = value.items.find((a) => a.name?.text === name);
  return item?.value?.span.end;
}

// Facts about a table that the rules and the hovers share.
import type { Span } from '../../syntax/ast';
import type { TableModel } from '../types';

/** The column a table is sharded on: its own `shard_key`, else the database's `sharding.key`. */
export function tableShardKey(table: TableModel): { key: string; span: Span } | undefined {
  const own = table.props.get('shard_key');
  if (own?.explicit && typeof own.value === 'string') return { key: own.value, span: own.valueSpan! };
  const key = table.database.blocks.get('sharding')?.props.get('key');
  if (key?.explicit && typeof key.value === 'string') return { key: key.value, span: key.valueSpan! };
  return undefined;
}

/** Is `column` the table's primary key, and is it indexed. */
export function columnRoles(table: TableModel, column: string): { primaryKey: boolean; indexed: boolean } {
  const indexes = table.props.value<{ name: string }[]>('indexes') ?? [];
  return { primaryKey: table.props.str('key') === column, indexed: indexes.some((i) => i.name === column) };
}

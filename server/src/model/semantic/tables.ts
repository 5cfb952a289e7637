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

/**
 * How the store finds rows of `table` by `column` without reading them all:
 * its primary key, a secondary index (the table's `indexes` or the
 * database's), or the shard key (which routes to one shard, and in
 * partitioned stores is the partition key). Undefined: a full scan.
 */
export function lookupBy(table: TableModel, column: string): 'primary key' | 'index' | 'shard key' | undefined {
  const roles = columnRoles(table, column);
  if (roles.primaryKey) return 'primary key';
  const databaseIndexes = table.database.props.value<{ name: string }[]>('indexes') ?? [];
  if (roles.indexed || databaseIndexes.some((i) => i.name === column)) return 'index';
  if (tableShardKey(table)?.key === column) return 'shard key';
  return undefined;
}

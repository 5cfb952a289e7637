// Where a `query` goes, resolved once: the database it reads or writes, and
// how many shards it asks — all of them when it filters on something other
// than the shard key (scatter–gather, rule scatter-gather-query), one
// otherwise. The estimate times each run as the wait for the slowest shard
// asked, at the load the connections bring (docs/estimate.md, "Queries").
import type { ComponentModel, QueryModel } from '../types';
import { tableShardKey } from './tables';
import { databaseLayoutOf } from './database';

export interface QueryPlan {
  query: QueryModel;
  database: ComponentModel;
  /** Runs per second; 0 when the query has no `rate`. */
  rate: number;
  kind: 'read' | 'write';
  /** Shards each run asks: every shard for a scatter–gather query, else 1. */
  shardsAsked: number;
  scatter: boolean;
}

/** The plan of a query whose `from:` table resolved; undefined otherwise. */
export function queryPlanOf(query: QueryModel): QueryPlan | undefined {
  const table = query.from;
  if (!table) return undefined;
  const database = table.database;
  const shards = databaseLayoutOf(database).shards;
  const key = tableShardKey(table);
  const filters = query.where.filter((w) => w.table === table).map((w) => w.column);
  // No filter (a full scan), no shard key (shard-key-missing) or a filter without it: the rows may be on any shard.
  const scatter = shards > 1 && (!key || !filters.includes(key.key));
  return { query, database, rate: Math.max(0, query.rate ?? 0), kind: query.kind, shardsAsked: scatter ? shards : 1, scatter };
}

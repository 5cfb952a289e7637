// A database's layout: how many copies of each shard exist, how writes reach
// them and where reads go. One object per database, so the rules (quorum N,
// "is it replicated"), the estimate (stations) and the simulation (copies)
// count copies the same way.
import type { ComponentModel, Distribution } from '../types';
import { FAILOVER_DEFAULT_SECONDS, REPLICATION_LAG_DEFAULT } from '../../schema/schema';

export type ReplicationMode = 'none' | 'primary_replica' | 'multi_primary' | 'leaderless';

export interface DatabaseLayout {
  /**
   * The mode that takes effect: a primary/replica or multi-primary design
   * without replicas has nothing to replicate to, so it is `none`.
   */
  mode: ReplicationMode;
  /** The mode as written (or its default). */
  writtenMode: ReplicationMode;
  /** `replicas` as written: copies besides the primary, or for leaderless the total. */
  replicas: number;
  /**
   * Copies of every shard, the N of a quorum: `replicas + 1`, or for
   * leaderless `replicas` itself, at least one (a leaderless database with
   * `replicas: 0` still stores its data on one node).
   */
  copies: number;
  /** `sharding { shards }`, its upper bound for a range; 1 when unsharded. */
  shards: number;
  sync: 'sync' | 'async' | 'semi_sync';
  readFrom: 'primary' | 'replicas' | 'any';
  /** The written quorum, when there is a `quorum` block (not clamped to `copies`). */
  quorum: { w: number | undefined; r: number | undefined } | undefined;
  /** Seconds writes fail after the primary stops before a replica takes over; undefined for `none`. */
  failover: number | undefined;
  /** Replication delay of asynchronous copies. */
  lag: Distribution;
  /** As written, else the technology's, else from the data model (relational: strong). */
  consistency: 'strong' | 'eventual';
}

/** W + R > N: every read quorum overlaps the latest write quorum. False without a complete quorum. */
export function quorumOverlaps(layout: DatabaseLayout): boolean {
  const { w, r } = layout.quorum ?? {};
  return w !== undefined && r !== undefined && w + r > layout.copies;
}

export function databaseLayoutOf(db: ComponentModel): DatabaseLayout {
  const replication = db.blocks.get('replication')?.props;
  const writtenMode = (replication?.str('mode') ?? 'none') as ReplicationMode;
  const replicas = Math.max(0, Math.floor(replication?.num('replicas') ?? 0));
  const mode: ReplicationMode = writtenMode !== 'leaderless' && replicas === 0 ? 'none' : writtenMode;
  const copies = mode === 'none' ? 1 : mode === 'leaderless' ? Math.max(1, replicas) : replicas + 1;
  const shards = db.blocks.get('sharding')?.props.value<{ max: number }>('shards')?.max ?? 1;
  const quorumBlock = db.blocks.get('quorum')?.props;
  return {
    mode,
    writtenMode,
    replicas,
    copies,
    shards: Math.max(1, Math.floor(shards)),
    sync: (replication?.str('sync') ?? 'async') as DatabaseLayout['sync'],
    readFrom: (replication?.str('read_from') ?? 'primary') as DatabaseLayout['readFrom'],
    quorum: quorumBlock ? { w: quorumBlock.num('w'), r: quorumBlock.num('r') } : undefined,
    failover: failoverOf(replication?.value<number | string>('failover'), replicas),
    lag: replication?.value<Distribution>('lag') ?? REPLICATION_LAG_DEFAULT,
    consistency: db.props.str('consistency') === 'eventual' ? 'eventual' : 'strong',
  };
}

function failoverOf(written: number | string | undefined, replicas: number): number | undefined {
  if (typeof written === 'number') return written;
  if (written === 'none') return undefined;
  return replicas >= 1 ? FAILOVER_DEFAULT_SECONDS : undefined;
}

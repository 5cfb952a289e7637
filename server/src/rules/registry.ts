// Every design rule, registered once, in the order of docs/rules/README.md (generated from this list).
import { capCaDistributed } from './checks/cap-ca-distributed';
import { capContradiction } from './checks/cap-contradiction';
import { quorumOverlap } from './checks/quorum-overlap';
import { staleReplicaReads } from './checks/stale-replica-reads';
import { eventualFinancial } from './checks/eventual-financial';
import { writeBackCriticalData } from './checks/write-back-critical-data';
import { multiPrimaryConflicts } from './checks/multi-primary-conflicts';
import { crossShardJoin } from './checks/cross-shard-join';
import { scatterGatherQuery } from './checks/scatter-gather-query';
import { moduloShardingRebalance } from './checks/modulo-sharding-rebalance';
import { rangeShardHotspot } from './checks/range-shard-hotspot';
import { geoShardHotspot } from './checks/geo-shard-hotspot';
import { shardKeyMissing } from './checks/shard-key-missing';
import { unindexedQuery } from './checks/unindexed-query';
import { directoryBottleneck } from './checks/directory-bottleneck';
import { nosqlJoin } from './checks/nosql-join';
import { blobInDatabase } from './checks/blob-in-database';
import { queueMultipleConsumerTypes } from './checks/queue-multiple-consumer-types';
import { streamIdleConsumers } from './checks/stream-idle-consumers';
import { pubsubDurableWork } from './checks/pubsub-durable-work';
import { queueNoConsumer } from './checks/queue-no-consumer';
import { syncNoncriticalCall } from './checks/sync-noncritical-call';
import { singlePointOfFailure } from './checks/single-point-of-failure';
import { statefulRoundRobin } from './checks/stateful-round-robin';
import { hashLbAutoscale } from './checks/hash-lb-autoscale';
import { autoscaleWithoutLb } from './checks/autoscale-without-lb';
import { weightsWithoutWeightedRr } from './checks/weights-without-weighted-rr';
import { noBackup } from './checks/no-backup';
import { healthCheckDisabled } from './checks/health-check-disabled';
import { forwardProxyInbound } from './checks/forward-proxy-inbound';
import { cacheNoInvalidation } from './checks/cache-no-invalidation';
import { cdnOrigin } from './checks/cdn-origin';
import { leaderlessOrchestrators } from './checks/leaderless-orchestrators';
import { syncCycle } from './checks/sync-cycle';
import { databaseExposed } from './checks/database-exposed';
import { gatewayBypass } from './checks/gateway-bypass';
import { unauthenticatedEntry } from './checks/unauthenticated-entry';
import { plaintextSensitiveData } from './checks/plaintext-sensitive-data';
import { overload } from './checks/overload';
import { nearCapacity } from './checks/near-capacity';
import { rateLimitBelowLoad } from './checks/rate-limit-below-load';
import { fixedRateExceedsInflow } from './checks/fixed-rate-exceeds-inflow';
import { autoscaleMinBelowPeak } from './checks/autoscale-min-below-peak';
import { prematureSharding } from './checks/premature-sharding';
import { sloAtRisk } from './checks/slo-at-risk';
import { overBudget } from './checks/over-budget';
import { bidiControl } from './checks/bidi-control';
import type { Rule } from './types';

export const RULES: readonly Rule[] = [
  capCaDistributed,
  capContradiction,
  quorumOverlap,
  staleReplicaReads,
  eventualFinancial,
  writeBackCriticalData,
  multiPrimaryConflicts,
  crossShardJoin,
  scatterGatherQuery,
  moduloShardingRebalance,
  rangeShardHotspot,
  geoShardHotspot,
  shardKeyMissing,
  unindexedQuery,
  directoryBottleneck,
  nosqlJoin,
  blobInDatabase,
  queueMultipleConsumerTypes,
  streamIdleConsumers,
  pubsubDurableWork,
  queueNoConsumer,
  syncNoncriticalCall,
  singlePointOfFailure,
  statefulRoundRobin,
  hashLbAutoscale,
  autoscaleWithoutLb,
  weightsWithoutWeightedRr,
  noBackup,
  healthCheckDisabled,
  forwardProxyInbound,
  cacheNoInvalidation,
  cdnOrigin,
  leaderlessOrchestrators,
  syncCycle,
  databaseExposed,
  gatewayBypass,
  unauthenticatedEntry,
  plaintextSensitiveData,
  overload,
  nearCapacity,
  rateLimitBelowLoad,
  fixedRateExceedsInflow,
  autoscaleMinBelowPeak,
  prematureSharding,
  sloAtRisk,
  overBudget,
  bidiControl,
];

const BY_ID = new Map(RULES.map((r) => [r.id, r]));

export function ruleById(id: string): Rule | undefined {
  return BY_ID.get(id);
}

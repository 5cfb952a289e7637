// How a component passes requests on, resolved once: what a cache or CDN
// absorbs, what a gateway admits, how a chooser splits, a stream's
// partitions, a client's written rate and a connection's fixed rate. The
// estimate and the simulation route with the same numbers.
import type { Algorithm, ComponentModel, EdgeModel } from '../types';
import { kindSpec } from '../../schema/schema';

export interface Routing {
  /** Sends each request to one target (load balancer, DNS, gateway) rather than to all. */
  chooser: boolean;
  /** Queues, streams and pub/sub: consumers drain it at their own pace. */
  messaging: boolean;
  /** A chooser that splits by connection `weight` (gateways, weighted round robin); otherwise evenly. */
  weighted: boolean;
  /** The balancing algorithm of a load balancer (its default when unwritten). */
  algorithm: Algorithm | undefined;
  /** Share of reads a cache or CDN serves itself; 0 for other kinds. */
  hitRatio: number;
  /** Requests per second a gateway admits; undefined = no limit. */
  rateLimit: number | undefined;
  /** A stream's partitions (at least 1); 0 for other kinds. */
  partitions: number;
  /** A client's written rate, per second; undefined = a share of the workload. */
  clientRate: number | undefined;
}

export function routingOf(c: ComponentModel): Routing {
  const spec = c.kind ? kindSpec(c.kind) : undefined;
  const chooser = spec?.chooser ?? false;
  const algorithm = c.props.value<Algorithm>('algorithm');
  const caches = c.kind === 'cache' || c.kind === 'cdn';
  return {
    chooser,
    messaging: spec?.messaging ?? false,
    weighted: chooser && (c.kind === 'gateway' || algorithm?.name === 'weighted_round_robin'),
    algorithm,
    hitRatio: caches ? Math.min(1, Math.max(0, c.props.num('hit_ratio') ?? 0)) : 0,
    rateLimit: c.kind === 'gateway' && c.props.has('rate_limit') ? c.props.num('rate_limit') : undefined,
    partitions: c.kind === 'stream' ? Math.max(1, Math.floor(c.props.num('partitions') ?? 1)) : 0,
    clientRate: c.kind === 'client' && c.props.has('rate') ? c.props.num('rate') : undefined,
  };
}

/** A connection's written `rate:` (requests per second), which overrides the propagated flow. */
export function fixedRateOf(edge: EdgeModel): number | undefined {
  return edge.attrs.has('rate') ? edge.attrs.num('rate') : undefined;
}

/**
 * Whether a connection carries reads or writes: `on: all` carries both. The
 * estimate routes each class by this, and path views follow it.
 */
export function carries(edge: EdgeModel, request: 'reads' | 'writes'): boolean {
  return edge.on === 'all' || (edge.on === 'read' ? request === 'reads' : request === 'writes');
}

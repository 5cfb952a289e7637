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
 * A connection from an orchestrator is management (scheduling, deploying,
 * configuring what it points at), not a request: it carries no request load
 * in the estimate or the simulation, and no request-path rule applies to it.
 * A connection *to* an orchestrator (a service taking a lock) is a request.
 */
export function isManagement(edge: EdgeModel): boolean {
  return edge.from.kind === 'orchestrator';
}

/** Requests per second by class, as a chooser splits them. */
export interface ClassFlow {
  reads: number;
  writes: number;
}

/** A connection whose fixed `rate:` is more than the chooser receives for it. */
export interface RateExcess {
  edge: EdgeModel;
  /** The written rate, per second. */
  fixed: number;
  /** What arrives at the chooser in the classes the connection carries, per second. */
  arriving: number;
}

/**
 * How a chooser (load balancer, DNS, gateway) divides what it forwards over
 * its connections, conserving every request (docs/semantic-model.md,
 * "Traffic"): a connection with a fixed `rate:` takes that rate, in the mix
 * of the classes it carries; the rest of each class is split over the other
 * connections that carry it, by `weight` when the chooser is weighted and
 * evenly otherwise. When every eligible connection has a fixed rate, they
 * share what arrives in proportion to their rates. A fixed rate above what
 * arrives is reported in `excess` and clamped to it. The estimate and the
 * simulation both route with these flows.
 */
export function splitOverChooser(edges: readonly EdgeModel[], forwarded: ClassFlow, weighted: boolean): { flows: ClassFlow[]; excess: RateExcess[] } {
  const flows = edges.map((): ClassFlow => ({ reads: 0, writes: 0 }));
  const excess: RateExcess[] = [];
  const classes = ['reads', 'writes'] as const;
  const carries = (e: EdgeModel, cls: 'reads' | 'writes') => e.on === 'all' || (e.on === 'read') === (cls === 'reads');
  const taken: ClassFlow = { reads: 0, writes: 0 };
  edges.forEach((edge, i) => {
    const fixed = fixedRateOf(edge);
    if (fixed === undefined) return;
    const arriving = classes.reduce((sum, cls) => sum + (carries(edge, cls) ? forwarded[cls] : 0), 0);
    if (fixed > arriving * (1 + 1e-9)) excess.push({ edge, fixed, arriving });
    const rate = Math.max(0, Math.min(fixed, arriving));
    for (const cls of classes) if (carries(edge, cls) && arriving > 0) flows[i][cls] = (rate * forwarded[cls]) / arriving;
    for (const cls of classes) taken[cls] += flows[i][cls];
  });
  for (const cls of classes) {
    const amount = forwarded[cls];
    if (amount === 0) continue;
    const eligible = edges.map((_, i) => i).filter((i) => carries(edges[i], cls));
    const free = eligible.filter((i) => fixedRateOf(edges[i]) === undefined);
    if (taken[cls] > amount) {
      // Fixed rates that together exceed the class: each gets its share of what there is.
      for (const i of eligible) flows[i][cls] *= amount / taken[cls];
      continue;
    }
    const rest = amount - taken[cls];
    if (free.length) {
      const weights = free.map((i) => (weighted ? Math.max(0, edges[i].weight) : 1));
      const sum = weights.reduce((a, b) => a + b, 0);
      free.forEach((i, k) => (flows[i][cls] += sum > 0 ? (rest * weights[k]) / sum : rest / free.length));
    } else if (taken[cls] > 0) {
      for (const i of eligible) flows[i][cls] += (rest * flows[i][cls]) / taken[cls];
    }
  }
  return { flows, excess };
}

/**
 * Whether a connection carries reads or writes: `on: all` carries both. The
 * estimate routes each class by this, and path views follow it.
 */
export function carries(edge: EdgeModel, request: 'reads' | 'writes'): boolean {
  return edge.on === 'all' || (edge.on === 'read' ? request === 'reads' : request === 'writes');
}

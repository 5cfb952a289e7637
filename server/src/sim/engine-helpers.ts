/**
 * The engine's small shared pieces (engine.ts): constants, the hashing and
 * index helpers of the hot paths, and the run's controls.
 */

/** Seconds a balancer takes to notice a dead instance (one health-check interval). */
export const HEALTH_CHECK_INTERVAL = 5;
/**
 * Seconds a cache without a `ttl` takes to refill after a restart (with one,
 * the ttl): the hit ratio climbs from 0 back to `hit_ratio` over this time
 * (docs/simulation.md, Caches).
 */
export const CACHE_REFILL_SECONDS = 60;
/** A component counts as saturated from the first time its queue holds more than this many requests (or it drops one). */
export const SATURATION_QUEUE = 100;
/** At most this many points per series (300 steps: 0.2 s for a minute, 2 s for ten). */
export const SERIES_POINTS = 301;

export const TWO_32 = 4294967296;

/**
 * Nested `proceed` calls on one event before the rest are deferred to a work
 * list: a synchronous chain thousands of components deep would otherwise
 * overflow the stack. Below it the order of work is exactly the recursive one.
 */
export const MAX_PROCEED_DEPTH = 256;

/**
 * A uniform index in [0, n) from one 32-bit draw or hash, by multiply-shift
 * (no division, no rejection). Its bias is below n / 2^32: under 3 × 10^-7
 * for the few thousand choices a balancer or a shard map ever has.
 */
export function index(u32: number, n: number): number {
  return Math.floor(u32 * n * 2.3283064365386963e-10); // × 2^-32, exact
}

export function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return mix32(h);
}

export interface RunControl {
  /** Checked every 1,024 events; when true the run stops and returns what it has (`stopped: 'cancelled'`). */
  signal?: { aborted: boolean };
  /** Called with the simulated fraction done (0..1) every `progressEvery` events and at the end. */
  onProgress?: (fraction: number) => void;
  /** Events between progress calls (default 65,536). */
  progressEvery?: number;
  /** Requests alive at once before new ones are dropped (default MAX_IN_FLIGHT). */
  maxInFlight?: number;
  /** Bytes of request and frame records before the run stops with `stopped: 'memory'` (default MEMORY_CEILING). */
  memoryCeiling?: number;
  /** Client requests to follow and return as `traces` (tracer.ts); 0 or unset: none, and no tracing work. */
  trace?: number;
}

export function growI32(a: Int32Array, cap: number): Int32Array {
  const b = new Int32Array(cap);
  b.set(a);
  return b;
}

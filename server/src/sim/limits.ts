/**
 * Upper bounds on the sizes a design or a run may ask for (issue 19). Each is
 * far beyond any real system, and each keeps a run within bounded memory and
 * time: past them `check` reports an invalid value at the value's span, and
 * `simulate` (CLI flags, the language server's request, the preview's fields)
 * refuses with a usage error. Documented in docs/simulation-limits.md.
 */

/** `shards:` of a database (a shard is a station per copy: 10 million of them exhaust memory before the first event). */
export const MAX_SHARDS = 100_000;

/** A client's `rate:` in requests per second (a billion a second: ten thousand times the largest web sites). */
export const MAX_CLIENT_RATE = 1e9;

/** `load:` of a scenario and `--load`: a multiplier of every client's rate. */
export const MAX_LOAD = 1000;

/** `duration:` of a scenario and `--duration`, in simulated seconds (30 days). */
export const MAX_DURATION = 30 * 24 * 3600;

/**
 * Client requests a run may be asked to send (the sum of client rates × load
 * × duration): 1,000 times the event limit. Beyond it the run would end at
 * the event limit after a sliver of its duration, so it is refused up front.
 */
export const MAX_RUN_REQUESTS = 5e10;

/**
 * Requests alive at once (client requests, async calls and messages held by
 * queues and streams): new ones beyond it are dropped at once and counted
 * (`in_flight.dropped`), so an overloaded run keeps a fixed amount of memory
 * (v2 §4). A million is far more than any real system holds (Little's law:
 * 100k/s for 10 s each).
 */
export const MAX_IN_FLIGHT = 1_000_000;
/**
 * Bytes of request and frame records a run may hold. Past it (deep chains
 * times many requests) the run stops with `stopped: 'memory'` and reports
 * what it has; records of 64 bytes give 4 million of them.
 */
export const MEMORY_CEILING = 256 * 1024 * 1024;
/**
 * Share of MEMORY_CEILING at which new requests are shed like those past
 * MAX_IN_FLIGHT: a deep design (each request holding a frame per component
 * on its path) reaches the ceiling before the in-flight cap, and shedding
 * there lets an overloaded run go on to its end in bounded memory instead of
 * stopping early.
 */
export const SHED_SHARE = 0.75;

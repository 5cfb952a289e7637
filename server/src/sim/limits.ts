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

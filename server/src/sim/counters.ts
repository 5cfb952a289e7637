/**
 * The engine's whole-run counters as a named record (they replaced a
 * positional array of fifteen, whose order the engine and its reduction had
 * to agree on). Each is a Float64Array indexed by node, station or edge;
 * they count from the start of the run, and the values at the end of the
 * warm-up are subtracted at the end (`countersSince`).
 */
export interface Counters {
  // per node
  arrivals: Float64Array;
  completed: Float64Array;
  failed: Float64Array;
  dropped: Float64Array;
  stale: Float64Array;
  timeouts: Float64Array;
  bypassed: Float64Array;
  reads: Float64Array;
  hits: Float64Array;
  // per station
  stationArrivals: Float64Array;
  served: Float64Array;
  sojourn: Float64Array;
  wait: Float64Array;
  stationDropped: Float64Array;
  // per edge
  edgeCount: Float64Array;
}

const NAMES: readonly (keyof Counters)[] = [
  'arrivals', 'completed', 'failed', 'dropped', 'stale', 'timeouts', 'bypassed', 'reads', 'hits',
  'stationArrivals', 'served', 'sojourn', 'wait', 'stationDropped', 'edgeCount',
];

function mapCounters(c: Counters, f: (a: Float64Array, name: keyof Counters) => Float64Array): Counters {
  const out = {} as Counters;
  for (const name of NAMES) out[name] = f(c[name], name);
  return out;
}

/** A copy of every counter (the warm-up's snapshot). */
export function copyCounters(c: Counters): Counters {
  return mapCounters(c, (a) => a.slice());
}

/** The counts between `base` (the warm-up's snapshot; none: from the start) and `now`, in new arrays. */
export function countersSince(now: Counters, base: Counters | undefined): Counters {
  return mapCounters(now, (a, name) => {
    const out = a.slice();
    const b = base?.[name];
    if (b) for (let k = 0; k < out.length; k++) out[k] -= b[k];
    return out;
  });
}

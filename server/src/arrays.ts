// Array helpers safe at any length. `push(...items)` and `Math.max(...items)`
// pass every element as an argument, and past about 100k arguments V8 throws
// "Maximum call stack size exceeded": a design with that many findings or
// components would crash the analysis.

/** Appends every item of `items` to `target`, one at a time. */
export function pushAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) target.push(item);
  return target;
}

/** The largest of `values` (-Infinity when there are none, like Math.max()). */
export function maxOf(values: Iterable<number>): number {
  let max = -Infinity;
  for (const v of values) if (v > max || Number.isNaN(v)) max = v;
  return max;
}

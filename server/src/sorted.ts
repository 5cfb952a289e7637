// Binary search over anything sorted, by index, so one loop serves token
// arrays, line starts, marks and spans alike.

/**
 * The first index in [0, length) for which `isBefore(i)` is false, given that
 * it is true for some prefix of the indices and false after it; `length` when
 * it is true for all. With `isBefore = (i) => a[i] < x` on a sorted `a`, the
 * index of the first element not below `x` (C++'s partition_point).
 */
export function partitionPoint(length: number, isBefore: (i: number) => boolean): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (isBefore(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

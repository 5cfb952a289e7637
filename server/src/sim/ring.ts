/**
 * A FIFO queue of numbers in a growable ring buffer (Float64Array, capacity a
 * power of two): O(1) push and shift, no allocation in steady state. Holds
 * times or integer handles (exact up to 2^53).
 */
export class RingQueue {
  private declare buf: Float64Array;
  private declare mask: number;
  private head = 0;
  private n = 0;

  constructor(initialCapacity = 16) {
    let cap = 4;
    while (cap < initialCapacity) cap *= 2;
    this.buf = new Float64Array(cap);
    this.mask = cap - 1;
  }

  get size(): number {
    return this.n;
  }

  push(x: number): void {
    if (this.n === this.buf.length) this.grow();
    this.buf[(this.head + this.n) & this.mask] = x;
    this.n++;
  }

  /** Removes and returns the oldest element. Throws if empty: check `size` first. */
  shift(): number {
    if (this.n === 0) throw new RangeError('shift() on an empty RingQueue');
    const x = this.buf[this.head];
    this.head = (this.head + 1) & this.mask;
    this.n--;
    return x;
  }

  /** The oldest element without removing it; NaN if empty. */
  peek(): number {
    return this.n > 0 ? this.buf[this.head] : NaN;
  }

  /** The i-th element from the oldest (0 ≤ i < size); NaN out of range. */
  at(i: number): number {
    return i >= 0 && i < this.n ? this.buf[(this.head + i) & this.mask] : NaN;
  }

  clear(): void {
    this.head = 0;
    this.n = 0;
  }

  private grow(): void {
    const old = this.buf;
    const cap = old.length * 2;
    const buf = new Float64Array(cap);
    for (let i = 0; i < this.n; i++) buf[i] = old[(this.head + i) & this.mask];
    this.buf = buf;
    this.mask = cap - 1;
    this.head = 0;
  }
}

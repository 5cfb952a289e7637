/**
 * The simulation's future-event list: a binary min-heap ordered by
 * (time, sequence number), stored in parallel typed arrays.
 *
 * - Ties in time pop in the order they were pushed (FIFO): every push takes
 *   the next sequence number, so the order of simultaneous events is fixed by
 *   the program, never by the heap's shape. Runs are deterministic.
 * - An event is a float time and an int32 payload: a handle into the
 *   caller's own tables (event kind, request id, station…). No object is
 *   allocated per event, and the garbage collector never sees the queue.
 * - Sequence numbers are kept as doubles: exact up to 2^53 pushes.
 * - Sifting moves a hole instead of swapping, so each level costs one copy.
 *
 * - `take()` is a lazy `pop()` for event loops: it leaves the taken event's
 *   slot at the root as a hole that the next `push` fills by sifting down once
 *   (a "replace top"), instead of a sift-down to remove it plus a sift-up to
 *   insert. Handling an event usually schedules another, so this saves about
 *   a third of the heap's work; the order of events is unchanged, since any
 *   correct heap pops the same (time, sequence) keys in the same order.
 *
 * Cancellation is the caller's business: the usual way is lazy, with a
 * generation counter in the payload's table that makes a stale event a no-op
 * when it pops.
 */
export class EventHeap {
  private declare times: Float64Array;
  private declare seqs: Float64Array;
  private declare payloads: Int32Array;
  private n = 0;
  private seqCounter = 0;
  private last = 0;
  /** The root is the event `take()` returned, not removed yet: the next push overwrites it. */
  private hole = false;

  constructor(initialCapacity = 1024) {
    const cap = Math.max(4, Math.ceil(initialCapacity) | 0);
    this.times = new Float64Array(cap);
    this.seqs = new Float64Array(cap);
    this.payloads = new Int32Array(cap);
  }

  /** Number of pending events. */
  get size(): number {
    return this.hole ? this.n - 1 : this.n;
  }

  /** Allocated slots; grows by doubling. */
  get capacity(): number {
    return this.times.length;
  }

  /** Time of the event returned by the last `pop()` or `take()` (0 before the first). */
  get lastTime(): number {
    return this.last;
  }

  /**
   * Schedules `payload` (an int32 handle) at `time`. Any number but NaN is
   * accepted (Infinity sorts last); the heap does not forbid the past, the
   * engine does.
   */
  push(time: number, payload: number): void {
    if (time !== time) throw new RangeError('event time is NaN');
    if (this.hole) {
      this.hole = false;
      this.siftDown(time, this.seqCounter++, payload);
      return;
    }
    let i = this.n;
    if (i === this.times.length) this.grow();
    this.n = i + 1;
    const seq = this.seqCounter++;
    const times = this.times;
    const seqs = this.seqs;
    const payloads = this.payloads;
    // Sift up. The new event has the largest sequence number so far, so a
    // parent with an equal time stays above it.
    while (i > 0) {
      const p = (i - 1) >> 1;
      const tp = times[p];
      if (tp <= time) break;
      times[i] = tp;
      seqs[i] = seqs[p];
      payloads[i] = payloads[p];
      i = p;
    }
    times[i] = time;
    seqs[i] = seq;
    payloads[i] = payload;
  }

  /**
   * Removes the earliest event (smallest time, then earliest push) and
   * returns its payload; its time is then `lastTime`. Throws if empty:
   * check `size` first.
   */
  pop(): number {
    if (this.hole) this.removeHole();
    if (this.n === 0) throw new RangeError('pop() on an empty event heap');
    const top = this.payloads[0];
    this.last = this.times[0];
    this.removeRoot();
    return top;
  }

  /**
   * Like `pop()`, but the event stays in the root slot until the next call
   * to the heap: a `push` then takes its place (one sift-down), anything else
   * removes it first. Throws if empty: check `size` first.
   */
  take(): number {
    if (this.hole) this.removeHole();
    if (this.n === 0) throw new RangeError('take() on an empty event heap');
    this.hole = true;
    this.last = this.times[0];
    return this.payloads[0];
  }

  private removeHole(): void {
    this.hole = false;
    this.removeRoot();
  }

  /** Drops the root: the last event takes its place. */
  private removeRoot(): void {
    const n = this.n - 1;
    this.n = n;
    if (n > 0) this.siftDown(this.times[n], this.seqs[n], this.payloads[n]);
  }

  /** Puts the event (t, s, pl) in the root's place and sifts it down to where it belongs. */
  private siftDown(t: number, s: number, pl: number): void {
    const n = this.n;
    const times = this.times;
    const seqs = this.seqs;
    const payloads = this.payloads;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      let tc = times[c];
      const r = c + 1;
      if (r < n) {
        const tr = times[r];
        if (tr < tc || (tr === tc && seqs[r] < seqs[c])) {
          c = r;
          tc = tr;
        }
      }
      if (tc > t || (tc === t && seqs[c] > s)) break;
      times[i] = tc;
      seqs[i] = seqs[c];
      payloads[i] = payloads[c];
      i = c;
    }
    times[i] = t;
    seqs[i] = s;
    payloads[i] = pl;
  }

  /** Time of the earliest pending event, or Infinity if none. */
  peekTime(): number {
    if (this.hole) this.removeHole();
    return this.n > 0 ? this.times[0] : Infinity;
  }

  /** Payload of the earliest pending event, or -1 if none. */
  peekPayload(): number {
    if (this.hole) this.removeHole();
    return this.n > 0 ? this.payloads[0] : -1;
  }

  /** Drops every pending event and restarts the sequence (keeps the memory). */
  clear(): void {
    this.n = 0;
    this.seqCounter = 0;
    this.last = 0;
    this.hole = false;
  }

  private grow(): void {
    const cap = this.times.length * 2;
    const times = new Float64Array(cap);
    const seqs = new Float64Array(cap);
    const payloads = new Int32Array(cap);
    times.set(this.times);
    seqs.set(this.seqs);
    payloads.set(this.payloads);
    this.times = times;
    this.seqs = seqs;
    this.payloads = payloads;
  }
}

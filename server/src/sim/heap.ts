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
 * Cancellation is the caller's business: the usual way is lazy, with a
 * generation counter in the payload's table that makes a stale event a no-op
 * when it pops.
 */
export class EventHeap {
  private times: Float64Array;
  private seqs: Float64Array;
  private payloads: Int32Array;
  private n = 0;
  private seqCounter = 0;
  private last = 0;

  constructor(initialCapacity = 1024) {
    const cap = Math.max(4, Math.ceil(initialCapacity) | 0);
    this.times = new Float64Array(cap);
    this.seqs = new Float64Array(cap);
    this.payloads = new Int32Array(cap);
  }

  /** Number of pending events. */
  get size(): number {
    return this.n;
  }

  /** Allocated slots; grows by doubling. */
  get capacity(): number {
    return this.times.length;
  }

  /** Time of the event returned by the last `pop()` (0 before the first). */
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
    const n = this.n - 1;
    if (n < 0) throw new RangeError('pop() on an empty event heap');
    const times = this.times;
    const seqs = this.seqs;
    const payloads = this.payloads;
    const top = payloads[0];
    this.last = times[0];
    this.n = n;
    if (n > 0) {
      // Move the last event into the root's hole and sift it down.
      const t = times[n];
      const s = seqs[n];
      const pl = payloads[n];
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
    return top;
  }

  /** Time of the earliest pending event, or Infinity if none. */
  peekTime(): number {
    return this.n > 0 ? this.times[0] : Infinity;
  }

  /** Payload of the earliest pending event, or -1 if none. */
  peekPayload(): number {
    return this.n > 0 ? this.payloads[0] : -1;
  }

  /** Drops every pending event and restarts the sequence (keeps the memory). */
  clear(): void {
    this.n = 0;
    this.seqCounter = 0;
    this.last = 0;
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

/**
 * Seeded pseudo-random numbers for the simulation.
 *
 * Generator: xoshiro128** (Blackman & Vigna, 2018): 128 bits of state,
 * period 2^128 − 1, passes BigCrush, and needs only 32-bit integer
 * operations (`^`, shifts, `Math.imul`), so the integer stream is bit-exact
 * on every machine and every JavaScript engine. Floats are built from those
 * integers by exact arithmetic (products by powers of two), never by
 * platform-dependent floating tricks.
 *
 * Seeding and sub-streams: a seed (any safe integer, so 53 bits) and a
 * path of fork labels are hashed into a 128-bit *key*; the generator starts
 * from that key. `fork(label)` derives the child's key from the parent's
 * key and the label only, never from how far the parent has advanced. So
 * `root.fork('client:web')` yields the same stream whether other clients or
 * stations were added, removed, or drew more numbers: a design change in
 * one place does not reshuffle the randomness everywhere else.
 *
 * No global state: every random draw in the simulation goes through an
 * `Rng` that was created from the run's seed.
 */

const TWO_POW_32 = 4294967296;
/** 2^-53: turns a 53-bit integer into a float in [0, 1). */
const TWO_POW_M53 = 1 / 9007199254740992;

/** MurmurHash3's 32-bit finalizer: a bijection on 32-bit words with full avalanche. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/**
 * A 128-bit key, absorbed word by word. Each round mixes the word into all
 * four lanes; a fork's key therefore depends on every bit of the parent's
 * key and of the label.
 */
class KeyHasher {
  declare a: number;
  declare b: number;
  declare c: number;
  declare d: number;
  private n = 0;

  constructor(a: number, b: number, c: number, d: number) {
    this.a = a | 0;
    this.b = b | 0;
    this.c = c | 0;
    this.d = d | 0;
  }

  absorb(w: number): void {
    this.n++;
    let a = fmix32((this.a ^ w) + 0x9e3779b9);
    let b = fmix32((this.b + a) ^ 0x243f6a88);
    let c = fmix32((this.c ^ b) + 0xb7e15162);
    let d = fmix32((this.d + c) ^ 0x7f4a7c15);
    a = (a + d) | 0;
    b = (b ^ fmix32(a + 0x6a09e667)) | 0;
    this.a = a;
    this.b = b;
    this.c = c;
    this.d = d;
  }

  /** Absorbs the word count and two blank rounds so that a prefix never collides with a longer input. */
  finish(): void {
    const n = this.n;
    this.absorb(n);
    this.absorb(0x5bd1e995);
    this.absorb(0x1b873593);
  }
}

/** Splits a safe integer into two 32-bit words (two's complement modulo 2^64). */
function splitSafeInteger(x: number, what: string): [number, number] {
  if (!Number.isSafeInteger(x)) {
    throw new RangeError(`${what} must be a safe integer, got ${x}`);
  }
  const lo = x >>> 0;
  const hi = Math.floor(x / TWO_POW_32) | 0;
  return [lo | 0, hi];
}

/** An independent, deterministic stream of pseudo-random numbers. */
export class Rng {
  // Generator state (xoshiro128**), stored as int32.
  private declare s0: number;
  private declare s1: number;
  private declare s2: number;
  private declare s3: number;
  // The stream's identity: where it started. Forks hash from here.
  private declare k0: number;
  private declare k1: number;
  private declare k2: number;
  private declare k3: number;

  /**
   * A root stream for a run. `seed` may be any safe integer (|seed| < 2^53);
   * distinct seeds give distinct streams.
   */
  constructor(seed: number) {
    const [lo, hi] = splitSafeInteger(seed, 'seed');
    const h = new KeyHasher(0x736f6d65, 0x646f7261, 0x6c796765, 0x74656462); // arbitrary nonzero constants
    h.absorb(0x53454544); // domain tag 'SEED'
    h.absorb(lo);
    h.absorb(hi);
    h.finish();
    this.k0 = h.a;
    this.k1 = h.b;
    this.k2 = h.c;
    this.k3 = h.d;
    this.s0 = 0;
    this.s1 = 0;
    this.s2 = 0;
    this.s3 = 0;
    this.restart();
  }

  /**
   * A generator with exactly this xoshiro128** state (not all zero). For
   * known-answer tests against the reference implementation; a stream made
   * this way forks from its state.
   */
  static fromState(s0: number, s1: number, s2: number, s3: number): Rng {
    if ((s0 | s1 | s2 | s3) === 0) throw new RangeError('xoshiro128** state must not be all zero');
    const r = new Rng(0);
    r.s0 = r.k0 = s0 | 0;
    r.s1 = r.k1 = s1 | 0;
    r.s2 = r.k2 = s2 | 0;
    r.s3 = r.k3 = s3 | 0;
    return r;
  }

  /** Creates a stream from a 128-bit key; the state is the key itself (never all zero). */
  private static fromKey(k0: number, k1: number, k2: number, k3: number): Rng {
    if ((k0 | k1 | k2 | k3) === 0) k3 = 0x2545f491; // unreachable in practice: keeps the state valid
    return Rng.fromState(k0, k1, k2, k3);
  }

  /** Rewinds this stream to its first number. */
  restart(): void {
    let s0 = this.k0, s1 = this.k1, s2 = this.k2, s3 = this.k3;
    if ((s0 | s1 | s2 | s3) === 0) s3 = 0x2545f491;
    this.s0 = s0;
    this.s1 = s1;
    this.s2 = s2;
    this.s3 = s3;
  }

  /**
   * An independent sub-stream named by `label` (a string, or a safe
   * integer; the string "1" and the number 1 are different labels).
   * Depends only on this stream's identity (its seed and fork path) and the
   * label, never on how many numbers this stream has drawn. Forking the same
   * label twice gives two copies of the same stream.
   */
  fork(label: string | number): Rng {
    const h = new KeyHasher(this.k0, this.k1, this.k2, this.k3);
    if (typeof label === 'string') {
      h.absorb(0x53545200); // 'STR'
      const n = label.length;
      for (let i = 0; i < n; i += 2) {
        const lo = label.charCodeAt(i);
        const hi = i + 1 < n ? label.charCodeAt(i + 1) : 0xffff;
        h.absorb(lo | (hi << 16));
      }
      h.absorb(n);
    } else {
      const [lo, hi] = splitSafeInteger(label, 'fork label');
      h.absorb(0x4e554d00); // 'NUM'
      h.absorb(lo);
      h.absorb(hi);
    }
    h.finish();
    return Rng.fromKey(h.a, h.b, h.c, h.d);
  }

  /** A copy of this stream at its current position (same identity, same future numbers). */
  clone(): Rng {
    const r = Rng.fromKey(this.k0, this.k1, this.k2, this.k3);
    r.s0 = this.s0;
    r.s1 = this.s1;
    r.s2 = this.s2;
    r.s3 = this.s3;
    return r;
  }

  /** The next 32-bit output, as an unsigned integer in [0, 2^32). */
  nextU32(): number {
    const s0 = this.s0;
    const s1 = this.s1;
    const x = Math.imul(s1, 5);
    const result = Math.imul((x << 7) | (x >>> 25), 9);
    const t = s1 << 9;
    const s2 = this.s2 ^ s0;
    const s3 = this.s3 ^ s1;
    this.s1 = s1 ^ s2;
    this.s0 = s0 ^ s3;
    this.s2 = s2 ^ t;
    this.s3 = (s3 << 11) | (s3 >>> 21);
    return result >>> 0;
  }

  /**
   * A float uniformly distributed in [0, 1) with 53 bits of precision (every
   * multiple of 2^-53 in the range is equally likely). Uses two 32-bit outputs.
   */
  next(): number {
    const a = this.nextU32() >>> 5; // 27 bits
    const b = this.nextU32() >>> 6; // 26 bits
    return (a * 67108864 + b) * TWO_POW_M53;
  }

  /** A float uniformly distributed in (0, 1]: safe to take the logarithm of. */
  nextOpen0(): number {
    return 1 - this.next();
  }

  /**
   * An integer uniformly distributed in [0, n), for an integer 1 ≤ n ≤ 2^53.
   * Unbiased (rejection sampling); for n ≤ 2^32 it uses one 32-bit output
   * per attempt.
   */
  nextInt(n: number): number {
    if (n <= TWO_POW_32 && n >= 1 && n === Math.floor(n)) {
      if ((n & (n - 1)) === 0 && n < TWO_POW_32) {
        // Power of two: take the high bits (the best ones), no rejection.
        // n = 2^k with 1 <= k <= 31: keep the top k bits (clz32(n) = 31 - k).
        return n === 1 ? 0 : this.nextU32() >>> (Math.clz32(n) + 1);
      }
      // Accept r < limit, the largest multiple of n that fits in 2^32.
      const limit = TWO_POW_32 - (TWO_POW_32 % n);
      let r = this.nextU32();
      while (r >= limit) r = this.nextU32();
      return r % n;
    }
    if (!(n >= 1 && n <= 9007199254740992 && n === Math.floor(n))) {
      throw new RangeError(`nextInt(n) needs an integer 1 <= n <= 2^53, got ${n}`);
    }
    const RANGE = 9007199254740992;
    const limit = RANGE - (RANGE % n);
    for (;;) {
      const a = this.nextU32() >>> 5;
      const b = this.nextU32() >>> 6;
      const r = a * 67108864 + b;
      if (r < limit) return r % n;
    }
  }

  /** True with probability p (p ≤ 0: never; p ≥ 1: always). */
  chance(p: number): boolean {
    return this.next() < p;
  }
}

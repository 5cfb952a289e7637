/**
 * The engine's codes and record layout (engine.ts): event kinds, node roles,
 * pick policies, database modes, request and frame kinds, and the slots of
 * the 64-byte request and frame records. Const enums, so that the compiler
 * writes each code as a literal in the hot paths.
 */
import type { NodeRole, PickPolicy } from './model';

// Codes are const enums so that the compiler writes them as literals: V8 does not fold module-level
// consts in the hot paths (measured: about 9 % of the run time).

/** Event kinds: the low 3 bits of a heap payload. */
export const enum Ev {
  ARRIVAL = 0,
  DONE = 1,
  TIMER = 2,
  FAULT = 3,
  SCALE = 4,
  READY = 5,
  WARMUP = 6,
  /** A stopped primary's fail-over time came: promote a replica (id: the stopped station). */
  FAILOVER = 7,
}

/** Node roles (model.ts NodeRole). */
export const enum Role {
  CLIENT = 0,
  CHOOSER = 1,
  FANOUT = 2,
  CACHE = 3,
  DATABASE = 4,
  QUEUE = 5,
  STREAM = 6,
  PUBSUB = 7,
  NONE = 8,
}

/** Pick policies (model.ts PickPolicy). */
export const enum Pick {
  RR = 0,
  WRR = 1,
  LEAST = 2,
  RANDOM = 3,
  P2 = 4,
  HASH = 5,
  CHASH = 6,
  WRAND = 7,
}

/** Database replication modes. */
export const enum DbMode {
  NONE = 0,
  PR = 1,
  MP = 2,
  LL = 3,
}

/** Replication sync modes. */
export const enum Sync {
  ASYNC = 0,
  SYNC = 1,
  SEMI = 2,
}

/** Where database reads go. */
export const enum ReadFrom {
  PRIMARY = 0,
  REPLICAS = 1,
  ANY = 2,
}

/** Request kinds. */
export const enum Rk {
  USER = 0,
  BACKGROUND = 1,
  MESSAGE = 2,
}

/** Frame kinds. */
export const enum Fk {
  VISIT = 0,
  TASK = 1,
}

/** Database frame phases. */
export const enum Ph {
  SIMPLE = 0,
  PRIMARY_WRITE = 1,
  JOIN = 2,
  DONE = 3,
  /** A visit that passed a stopped cache: not a completion there. */
  BYPASSED = 4,
}

/** Edge mode bits. */
export const enum Em {
  ASYNC = 1,
  THINNED = 2,
}

/** Node flags: non-zero sends `enter` down its slow path. */
export const enum Fl {
  STOPPED = 1,
  LIMIT = 2,
  TIMEOUT = 4,
  SPECIAL = 8,
}

/** Frame record slots: W Int32 slots per record; ENTER is Float64 slot 7 of D. */
export const enum F {
  W = 16,
  D = 8,
  KIND = 0,
  REQ = 1,
  NODE = 2,
  STATION = 3,
  PARENT = 4,
  JOIN = 5,
  SERIAL = 6,
  CURSOR = 7,
  PENDING = 8,
  PHASE = 9,
  NEXT = 10,
  GEN = 11,
  ENTER = 7, // Float64 slot 7: bytes 56..63
}

/** Request record slots: W Int32 slots per record; START is Float64 slot 7 of D. */
export const enum Q {
  W = 16,
  D = 8,
  KIND = 0,
  CLS = 1,
  KEY = 2,
  CLIENT = 3,
  ABORTED = 4,
  STALE = 5,
  LIVE = 6,
  SLOT = 7,
  START = 7, // Float64 slot 7
}

/** How a request ended badly. */
export const enum Out {
  FAILED = 1,
  DROPPED = 2,
}

/** Request classes. */
export const enum Cls {
  READ = 0,
  WRITE = 1,
}

export const ROLE_CODE: Record<NodeRole, number> = {
  client: Role.CLIENT, chooser: Role.CHOOSER, fanout: Role.FANOUT, cache: Role.CACHE, database: Role.DATABASE,
  queue: Role.QUEUE, stream: Role.STREAM, pubsub: Role.PUBSUB, none: Role.NONE,
};

export const PICK_CODE: Record<PickPolicy, number> = {
  round_robin: Pick.RR, weighted_round_robin: Pick.WRR, least_connections: Pick.LEAST, random: Pick.RANDOM,
  power_of_two: Pick.P2, hash: Pick.HASH, consistent_hash: Pick.CHASH, weighted_random: Pick.WRAND,
};

/**
 * Frame and request records: 64 bytes each in one ArrayBuffer per pool, read
 * through an Int32 view (16 slots) and a Float64 view (8 slots), so that one
 * visit touches one cache line rather than one per field. F.SERIAL (and the
 * join serial) wrap at 2^32: far beyond any slot's reuse while a deadline or
 * an ack still refers to it.
 */
export const RECORD_BYTES = 64;

/**
 * The discrete-event engine (spec/simulation.md): a clock, one binary heap of
 * future events, random streams forked from the run's seed by stable labels,
 * explicit stop conditions, and streaming statistics reduced to a result at
 * the end (results.ts).
 *
 * Shape, for speed (architecture.md, "measured facts"): one class whose state
 * lives in typed arrays indexed by small integers — nodes, edges, stations,
 * pooled requests and frames, pooled timers — so the hot loop allocates
 * nothing, creates no closures and makes monomorphic calls. A heap event is
 * a time and an int32: `id << 3 | kind`.
 *
 * Vocabulary:
 * - A *request* is one unit of work with a class (read/write) and a key (a
 *   user id): a client's request (USER, the system-level figures), a call made
 *   with `async` (BACKGROUND), or a message delivered to one consumer
 *   (MESSAGE). Only USER requests make the system's completed / failed /
 *   dropped / stale counts and latency; the others count per component.
 * - A *frame* is a request's visit to one component (VISIT) or a database
 *   copy applying or answering on behalf of a coordinator (TASK: replication,
 *   quorum reads and writes). Frames of one request form a chain: a parent
 *   waits, parked, while its child visits the next component (sequential
 *   fan-out). A frame holds its station while queued and in service; it stays
 *   "in the instance" (in-flight, for least_connections) until it returns.
 * - A *station* is one instance (database: one copy of one shard) with
 *   `cores` servers and a FIFO queue (an intrusive linked list of frames).
 *
 * Failure handling: a request fails (or is dropped) where it happens; the
 * request is marked aborted, and once it holds no station any more
 * (`rLive` = 0) its parked frames are released. A timed-out request's
 * downstream work goes on (as in real systems) and is discarded when it
 * finishes.
 */
import { copyCounters, countersSince, type Counters } from './counters';
import { MAX_IN_FLIGHT, MEMORY_CEILING } from './limits';
import { makeSampler, type Sampler } from './distributions';
import { EventHeap } from './heap';
import { RingQueue } from './ring';
import { Rng } from './rng';
import { LatencyHistogram, SeriesSampler } from './stats';
import type { SimModel } from './model';
import {
  Cls, DbMode, Em, Ev, F, Fk, Fl, Out, Ph, Pick, PICK_CODE, Q, ReadFrom, Rk, Role, ROLE_CODE, RECORD_BYTES, Sync,
} from './engine-codes';
import { reduceRun, type RawRun, type SimResult, type StopReason } from './results';


/** Seconds a balancer takes to notice a dead instance (one health-check interval). */
export const HEALTH_CHECK_INTERVAL = 5;
/** A component counts as saturated from the first time its queue holds more than this many requests (or it drops one). */
export const SATURATION_QUEUE = 100;
/** At most this many points per series (300 steps: 0.2 s for a minute, 2 s for ten). */
const SERIES_POINTS = 301;

const TWO_32 = 4294967296;

/**
 * Nested `proceed` calls on one event before the rest are deferred to a work
 * list: a synchronous chain thousands of components deep would otherwise
 * overflow the stack. Below it the order of work is exactly the recursive one.
 */
const MAX_PROCEED_DEPTH = 256;

/**
 * A uniform index in [0, n) from one 32-bit draw or hash, by multiply-shift
 * (no division, no rejection). Its bias is below n / 2^32: under 3 × 10^-7
 * for the few thousand choices a balancer or a shard map ever has.
 */
function index(u32: number, n: number): number {
  return Math.floor(u32 * n * 2.3283064365386963e-10); // × 2^-32, exact
}

function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return mix32(h);
}

export interface RunControl {
  /** Checked every 1,024 events; when true the run stops and returns what it has (`stopped: 'cancelled'`). */
  signal?: { aborted: boolean };
  /** Called with the simulated fraction done (0..1) every `progressEvery` events and at the end. */
  onProgress?: (fraction: number) => void;
  /** Events between progress calls (default 65,536). */
  progressEvery?: number;
  /** Requests alive at once before new ones are dropped (default MAX_IN_FLIGHT). */
  maxInFlight?: number;
  /** Bytes of request and frame records before the run stops with `stopped: 'memory'` (default MEMORY_CEILING). */
  memoryCeiling?: number;
}

export class Simulation {
  // Fields set in the constructor are `declare`d: without it, ES2022 class fields are first defined as
  // undefined, V8 then forgets the field's type (a Float64Array, an Int32Array…) and checks the map of
  // the typed array at each use in the hot path (measured: several per cent of the run time). The same
  // holds in heap.ts, rng.ts, ring.ts, stats.ts and distributions.ts.
  readonly model: SimModel;

  // ---- run state ---------------------------------------------------------------
  private readonly heap = new EventHeap(4096);
  private now = 0;
  private events = 0;
  private declare measuring: boolean;
  private declare readonly warmup: number;
  private declare readonly duration: number;
  private partMask = 0;
  private ran = false;
  private maxInFlight = MAX_IN_FLIGHT;
  private memoryCeiling = MEMORY_CEILING;
  /** Set when the record pools outgrew the memory ceiling: the run stops at its next check. */
  private overMemory = false;
  private peakInFlight = 0;
  private inFlightDropped = 0;
  /** Nesting of `proceed` on the current event, and the frames deferred past MAX_PROCEED_DEPTH. */
  private proceedDepth = 0;
  private readonly deferred: number[] = [];

  // ---- nodes -------------------------------------------------------------------
  private declare readonly nodeCount: number;
  private declare readonly nRole: Uint8Array;
  private declare readonly nStart: Int32Array;
  private declare readonly nCount: Int32Array;
  private declare readonly nCores: Int32Array;
  private declare readonly nTimeout: Float64Array;
  /** Hit ratio × 2^32: a hit is one 32-bit draw below it. */
  private declare readonly nHitT: Float64Array;
  private declare readonly nRateLimit: Float64Array;
  private declare readonly nTokens: Float64Array;
  private declare readonly nTokenT: Float64Array;
  private declare readonly nChoose: Uint8Array;
  private declare readonly nGeo: Uint8Array;
  private declare readonly nRegion: Int32Array;
  private declare readonly nRegMask: Int32Array;
  private declare readonly nSalt: Int32Array;
  private declare readonly nRng: Rng[];
  /** Routes: edges of node n, class c, are routeEdges[routeOff[2n+c] .. routeOff[2n+c+1]) — offsets laid out as [n0r, n0w, n1r, …, end]. */
  private declare readonly routeOff: Int32Array;
  private declare readonly routeEnd: Int32Array;
  private declare readonly routeEdges: Int32Array;
  private declare readonly routeWeight: Float64Array;
  private declare readonly nRR: Int32Array;
  private declare readonly nStopped: Uint8Array;
  /** Non-zero when `enter` must take the slow path: FL_* bits. */
  private declare readonly nFlags: Uint8Array;
  private declare readonly nProv: Int32Array;
  private declare readonly nDegraded: Int32Array;
  private declare readonly nServing: Int32Array;
  private declare readonly nInFlight: Int32Array;
  private declare readonly nQLen: Int32Array;
  // database config
  private declare readonly dbShards: Int32Array;
  private declare readonly dbCopies: Int32Array;
  private declare readonly dbMode: Uint8Array;
  private declare readonly dbSync: Uint8Array;
  private declare readonly dbReadFrom: Uint8Array;
  private declare readonly dbW: Int32Array;
  private declare readonly dbR: Int32Array;
  private declare readonly dbCp: Uint8Array;
  // autoscale
  private declare readonly asMin: Int32Array;
  private declare readonly asMax: Int32Array;
  private declare readonly asTarget: Float64Array;
  private declare readonly asWarmup: Float64Array;
  private declare readonly asInterval: Float64Array;
  private declare readonly asLastBusy: Float64Array;
  private declare readonly asLastAvail: Float64Array;
  // statistics per node: counters run from the start; the warm-up's share is subtracted at the end
  private declare readonly nArrivals: Float64Array;
  private declare readonly nCompleted: Float64Array;
  private declare readonly nFailed: Float64Array;
  private declare readonly nDropped: Float64Array;
  private declare readonly nStale: Float64Array;
  private declare readonly nTimeouts: Float64Array;
  private declare readonly nBypassed: Float64Array;
  private declare readonly nReads: Float64Array;
  private declare readonly nHits: Float64Array;
  private declare readonly nLatHist: (LatencyHistogram | null)[];
  private declare readonly nMaxQ: Int32Array;
  private declare readonly nInstMax: Int32Array;
  private declare readonly nInstMin: Int32Array;
  private declare readonly nSatAt: Float64Array;
  /** Counters at the end of the warm-up, subtracted from the final ones. */
  private snapshot: Counters | undefined;

  // ---- edges -------------------------------------------------------------------
  private declare readonly eFrom: Int32Array;
  private declare readonly eTo: Int32Array;
  private declare readonly eAsync: Uint8Array;
  /** EM_* bits: 0 for a plain synchronous edge taken by every request. */
  private declare readonly eMode: Uint8Array;
  /** Probability × 2^32 that a request takes the edge (2^32: always). */
  private declare readonly eProbT: Float64Array;
  private declare readonly ePick: Uint8Array;
  private declare readonly eHC: Uint8Array;
  private declare readonly eWeight: Float64Array;
  private declare readonly eRR: Int32Array;
  private declare readonly eCur: Float64Array;
  private declare readonly eCount: Float64Array;

  // ---- stations ------------------------------------------------------------------
  private declare readonly stationCount: number;
  private declare readonly sNode: Int32Array;
  private declare readonly sPos: Int32Array;
  private declare readonly sCores: Int32Array;
  private declare readonly sMaxQ: Float64Array;
  private declare readonly sSampler: Sampler[];
  /** Mean of an exponential service time, or -1 when the station's distribution is another shape. */
  private declare readonly sExpMean: Float64Array;
  private declare readonly sRng: Rng[];
  private declare readonly sUp: Uint8Array;
  private declare readonly sProv: Uint8Array;
  private declare readonly sReady: Uint8Array;
  private declare readonly sServing: Uint8Array;
  private declare readonly sReadyAt: Float64Array;
  private declare readonly sDownAt: Float64Array;
  private declare readonly sGen: Int32Array;
  private declare readonly sBusy: Int32Array;
  private declare readonly sQLen: Int32Array;
  private declare readonly sQHead: Int32Array;
  private declare readonly sQTail: Int32Array;
  private declare readonly sInFlight: Int32Array;
  private declare readonly sLast: Float64Array;
  private declare readonly sBusyArea: Float64Array;
  private declare readonly sQArea: Float64Array;
  private declare readonly sAvailArea: Float64Array;
  private declare readonly sAvailLast: Float64Array;
  private declare readonly sBusy0: Float64Array;
  private declare readonly sQ0: Float64Array;
  private declare readonly sAvail0: Float64Array;
  private declare readonly sArrivals: Float64Array;
  private declare readonly sServed: Float64Array;
  private declare readonly sSojourn: Float64Array;
  private declare readonly sWait: Float64Array;
  private declare readonly sMaxQLen: Int32Array;
  private declare readonly sDropped: Float64Array;
  private declare readonly scratch: Int32Array;
  /** Copies a leaderless request asks (spawning tasks must not share `scratch`). */
  private declare readonly chosen: Int32Array;

  // ---- clients -------------------------------------------------------------------
  private declare readonly clientNode: Int32Array;
  private declare readonly clientRate: Float64Array;
  private declare readonly clientReadT: Float64Array;
  /** Requests made so far per client: their keys are hashes of this count. */
  private declare readonly clientSeq: Float64Array;
  private declare readonly clientSalt: Int32Array;
  private declare readonly clientRng: Rng[];
  private declare readonly keySpace: number;

  // ---- messaging slots (a queue, a pub/sub channel, a stream group) ----------------
  private declare readonly slotNode: Int32Array;
  private declare readonly slotGroup: Int32Array;
  private declare readonly slotCount: Float64Array;
  private declare readonly slotMax: Float64Array;
  private declare readonly slotHold: (RingQueue | null)[];
  private declare readonly nSlotStart: Int32Array;
  private declare readonly nSlotEnd: Int32Array;
  private declare readonly nQueuePtr: Int32Array;
  private declare readonly groupOff: Int32Array;
  private declare readonly groupEdges: Int32Array;
  private held = 0;

  // ---- requests (pooled): one 64-byte record each, Q_* fields (Int32 view) and Q.START (Float64 view) ----
  private rCap = 0;
  private rFree: Int32Array = new Int32Array(0);
  private rFreeTop = 0;
  private rm: Int32Array = new Int32Array(0);
  private rd: Float64Array = new Float64Array(0);

  // ---- frames (pooled): one 64-byte record (a cache line) each, F_* fields and F.ENTER ----------------
  private fCap = 0;
  private fFree: Int32Array = new Int32Array(0);
  private fFreeTop = 0;
  private fm: Int32Array = new Int32Array(0);
  private fd: Float64Array = new Float64Array(0);

  // ---- timeouts ---------------------------------------------------------------------------
  // Deadlines at one component arrive in order (its timeout is constant), so each component with a
  // timeout keeps a FIFO of (deadline, frame, serial) and one sweep event: no timer per request.
  private readonly toRing: (RingQueue | null)[] = [];
  private declare readonly toScheduled: Uint8Array;

  // ---- system statistics -----------------------------------------------------------------
  private sysCompleted = 0;
  private sysFailed = 0;
  private sysDropped = 0;
  private sysStale = 0;
  private readonly sysLatency = new LatencyHistogram();
  private allCompleted = 0;
  private allErrors = 0;
  private allStale = 0;
  private readonly windowLatency = new LatencyHistogram();
  private winP50 = NaN;
  private winP95 = NaN;
  private winP99 = NaN;
  private declare readonly series: SeriesSampler;
  private nextSample = 0;

  constructor(model: SimModel) {
    this.model = model;
    this.warmup = model.warmup;
    this.duration = model.duration;
    this.measuring = model.warmup <= 0;
    this.keySpace = model.keySpace;
    const root = new Rng(model.seed);

    // nodes
    const N = model.nodes.length;
    this.nodeCount = N;
    this.nRole = new Uint8Array(N);
    this.nStart = new Int32Array(N);
    this.nCount = new Int32Array(N);
    this.nCores = new Int32Array(N);
    this.nTimeout = new Float64Array(N);
    this.nHitT = new Float64Array(N);
    this.nRateLimit = new Float64Array(N);
    this.nTokens = new Float64Array(N);
    this.nTokenT = new Float64Array(N);
    this.nChoose = new Uint8Array(N);
    this.nGeo = new Uint8Array(N);
    this.nRegion = new Int32Array(N);
    this.nRegMask = new Int32Array(N);
    this.nSalt = new Int32Array(N);
    this.nRng = [];
    this.nRR = new Int32Array(N);
    this.nStopped = new Uint8Array(N);
    this.nFlags = new Uint8Array(N);
    this.toScheduled = new Uint8Array(N);
    this.nProv = new Int32Array(N);
    this.nDegraded = new Int32Array(N);
    this.nServing = new Int32Array(N);
    this.nInFlight = new Int32Array(N);
    this.nQLen = new Int32Array(N);
    this.dbShards = new Int32Array(N);
    this.dbCopies = new Int32Array(N);
    this.dbMode = new Uint8Array(N);
    this.dbSync = new Uint8Array(N);
    this.dbReadFrom = new Uint8Array(N);
    this.dbW = new Int32Array(N);
    this.dbR = new Int32Array(N);
    this.dbCp = new Uint8Array(N);
    this.asMin = new Int32Array(N);
    this.asMax = new Int32Array(N);
    this.asTarget = new Float64Array(N);
    this.asWarmup = new Float64Array(N);
    this.asInterval = new Float64Array(N);
    this.asLastBusy = new Float64Array(N);
    this.asLastAvail = new Float64Array(N);
    this.nArrivals = new Float64Array(N);
    this.nCompleted = new Float64Array(N);
    this.nFailed = new Float64Array(N);
    this.nDropped = new Float64Array(N);
    this.nStale = new Float64Array(N);
    this.nTimeouts = new Float64Array(N);
    this.nBypassed = new Float64Array(N);
    this.nReads = new Float64Array(N);
    this.nHits = new Float64Array(N);
    this.nLatHist = [];
    this.nMaxQ = new Int32Array(N);
    this.nInstMax = new Int32Array(N);
    this.nInstMin = new Int32Array(N);
    this.nSatAt = new Float64Array(N).fill(NaN);

    const E = model.edges.length;
    this.eFrom = new Int32Array(E);
    this.eTo = new Int32Array(E);
    this.eAsync = new Uint8Array(E);
    this.eMode = new Uint8Array(E);
    this.eProbT = new Float64Array(E);
    this.ePick = new Uint8Array(E);
    this.eHC = new Uint8Array(E);
    this.eWeight = new Float64Array(E);
    this.eRR = new Int32Array(E);
    this.eCur = new Float64Array(E);
    this.eCount = new Float64Array(E);
    for (const e of model.edges) {
      this.eFrom[e.index] = e.from;
      this.eTo[e.index] = e.to;
      this.eAsync[e.index] = e.async ? 1 : 0;
      this.eMode[e.index] = (e.async ? Em.ASYNC : 0) | (e.probability < 1 ? Em.THINNED : 0);
      this.eProbT[e.index] = e.probability * TWO_32;
      this.ePick[e.index] = PICK_CODE[e.pick];
      this.eHC[e.index] = e.healthCheck ? 1 : 0;
      this.eWeight[e.index] = e.weight;
    }

    this.routeOff = new Int32Array(2 * N);
    this.routeEnd = new Int32Array(2 * N);
    const flat: number[] = [];
    const weights: number[] = [];
    let maxStations = 1;
    let slots = 0;
    let groupSlots = 0;
    for (const node of model.nodes) {
      const n = node.index;
      this.nRole[n] = ROLE_CODE[node.role];
      this.nStart[n] = node.stationStart;
      this.nCount[n] = node.stationCount;
      this.nCores[n] = node.cores;
      this.nTimeout[n] = node.timeout;
      this.nHitT[n] = node.hitRatio * TWO_32;
      this.nRateLimit[n] = node.rateLimit;
      this.nTokens[n] = Number.isFinite(node.rateLimit) ? Math.max(1, node.rateLimit) : 0;
      this.nChoose[n] = PICK_CODE[node.choose];
      this.nGeo[n] = node.geo ? 1 : 0;
      this.nRegion[n] = node.region;
      this.nRegMask[n] = node.regionMask;
      this.nSalt[n] = hashString(node.name) | 0;
      this.nRng.push(root.fork(`route:${node.name}`));
      this.nFlags[n] =
        (Number.isFinite(node.rateLimit) ? Fl.LIMIT : 0) |
        (Number.isFinite(node.timeout) ? Fl.TIMEOUT : 0) |
        (node.role === 'database' || node.stationCount === 0 ? Fl.SPECIAL : 0);
      this.nProv[n] = node.instances;
      this.nInstMin[n] = node.instances;
      this.nInstMax[n] = node.instances;
      this.nServing[n] = node.instances;
      if (node.stationCount > maxStations) maxStations = node.stationCount;
      for (const [c, list] of [[Cls.READ, node.routes.read], [Cls.WRITE, node.routes.write]] as const) {
        this.routeOff[2 * n + c] = flat.length;
        for (const e of list) {
          flat.push(e);
          weights.push(model.edges[e].weight);
        }
        this.routeEnd[2 * n + c] = flat.length;
      }
      const db = node.database;
      if (db) {
        this.dbShards[n] = db.shards;
        this.dbCopies[n] = db.copies;
        this.dbMode[n] = db.mode === 'none' ? DbMode.NONE : db.mode === 'primary_replica' ? DbMode.PR : db.mode === 'multi_primary' ? DbMode.MP : DbMode.LL;
        this.dbSync[n] = db.sync === 'sync' ? Sync.SYNC : db.sync === 'semi_sync' ? Sync.SEMI : Sync.ASYNC;
        this.dbReadFrom[n] = db.readFrom === 'replicas' ? ReadFrom.REPLICAS : db.readFrom === 'any' ? ReadFrom.ANY : ReadFrom.PRIMARY;
        this.dbW[n] = db.w;
        this.dbR[n] = db.r;
        this.dbCp[n] = db.cp ? 1 : 0;
      }
      const as = node.autoscale;
      if (as) {
        this.asMin[n] = as.min;
        this.asMax[n] = as.max;
        this.asTarget[n] = as.targetCpu;
        this.asWarmup[n] = as.warmup;
        this.asInterval[n] = as.interval;
      }
      this.nLatHist.push(node.role === 'none' ? null : new LatencyHistogram());
      this.toRing.push(Number.isFinite(node.timeout) ? new RingQueue(1024) : null);
      if (node.role === 'queue' || node.role === 'pubsub') slots += 1;
      else if (node.role === 'stream') {
        slots += node.groups.length;
        groupSlots += node.groups.length;
      }
    }
    this.routeEdges = Int32Array.from(flat);
    this.routeWeight = Float64Array.from(weights);
    this.scratch = new Int32Array(maxStations);
    this.chosen = new Int32Array(maxStations);

    // messaging slots
    this.slotNode = new Int32Array(slots);
    this.slotGroup = new Int32Array(slots).fill(-1);
    this.slotCount = new Float64Array(slots);
    this.slotMax = new Float64Array(slots);
    this.slotHold = [];
    this.nSlotStart = new Int32Array(N);
    this.nSlotEnd = new Int32Array(N);
    this.nQueuePtr = new Int32Array(N);
    this.groupOff = new Int32Array(groupSlots + 1);
    const gEdges: number[] = [];
    let slot = 0;
    let g = 0;
    for (const node of model.nodes) {
      const n = node.index;
      this.nSlotStart[n] = slot;
      if (node.role === 'queue' || node.role === 'pubsub') {
        this.slotNode[slot] = n;
        this.slotHold.push(node.role === 'queue' ? new RingQueue(64) : null);
        slot++;
      } else if (node.role === 'stream') {
        for (const group of node.groups) {
          this.slotNode[slot] = n;
          this.slotGroup[slot] = g;
          this.slotHold.push(new RingQueue(64));
          this.groupOff[g] = gEdges.length;
          gEdges.push(...group.edges);
          g++;
          slot++;
        }
      }
      this.nSlotEnd[n] = slot;
    }
    this.groupOff[g] = gEdges.length;
    this.groupEdges = Int32Array.from(gEdges);

    // stations
    const S = model.stations.length;
    this.stationCount = S;
    this.sNode = new Int32Array(S);
    this.sPos = new Int32Array(S);
    this.sCores = new Int32Array(S);
    this.sMaxQ = new Float64Array(S);
    this.sSampler = [];
    this.sExpMean = new Float64Array(S);
    this.sRng = [];
    this.sUp = new Uint8Array(S).fill(1);
    this.sProv = new Uint8Array(S);
    this.sReady = new Uint8Array(S);
    this.sServing = new Uint8Array(S);
    this.sReadyAt = new Float64Array(S);
    this.sDownAt = new Float64Array(S);
    this.sGen = new Int32Array(S);
    this.sBusy = new Int32Array(S);
    this.sQLen = new Int32Array(S);
    this.sQHead = new Int32Array(S).fill(-1);
    this.sQTail = new Int32Array(S).fill(-1);
    this.sInFlight = new Int32Array(S);
    this.sLast = new Float64Array(S);
    this.sBusyArea = new Float64Array(S);
    this.sQArea = new Float64Array(S);
    this.sAvailArea = new Float64Array(S);
    this.sAvailLast = new Float64Array(S);
    this.sBusy0 = new Float64Array(S);
    this.sQ0 = new Float64Array(S);
    this.sAvail0 = new Float64Array(S);
    this.sArrivals = new Float64Array(S);
    this.sServed = new Float64Array(S);
    this.sSojourn = new Float64Array(S);
    this.sWait = new Float64Array(S);
    this.sMaxQLen = new Int32Array(S);
    this.sDropped = new Float64Array(S);
    for (const st of model.stations) {
      const s = st.index;
      this.sNode[s] = st.node;
      this.sPos[s] = st.instance;
      this.sCores[s] = st.cores;
      this.sMaxQ[s] = st.maxQueue;
      const rng = root.fork(`station:${st.label}`);
      this.sSampler.push(makeSampler(st.serviceTime, rng));
      this.sRng.push(rng);
      this.sExpMean[s] = st.serviceTime.kind === 'exp' ? st.serviceTime.mean : -1;
      const prov = st.instance < model.nodes[st.node].instances ? 1 : 0;
      this.sProv[s] = prov;
      this.sReady[s] = prov;
      this.sServing[s] = prov;
    }

    // clients
    const C = model.clients.length;
    this.clientNode = new Int32Array(C);
    this.clientRate = new Float64Array(C);
    this.clientReadT = new Float64Array(C);
    this.clientSeq = new Float64Array(C);
    this.clientSalt = new Int32Array(C);
    this.clientRng = [];
    for (let i = 0; i < C; i++) {
      const c = model.clients[i];
      this.clientNode[i] = c.node;
      this.clientRate[i] = c.rate;
      this.clientReadT[i] = c.readRatio * TWO_32;
      this.clientSalt[i] = hashString(`key:${model.nodes[c.node].name}`) | 0;
      this.clientRng.push(root.fork(`client:${model.nodes[c.node].name}`));
    }

    this.growRequests(256);
    this.growFrames(1024);

    this.series = new SeriesSampler(model.duration, { maxPoints: SERIES_POINTS });
    this.setupSeries();
  }

  // =====================================================================================
  // Running

  /**
   * Runs the simulation to its duration, its event limit or cancellation, and
   * returns the results (partial ones when stopped early). A Simulation runs
   * once; build another for another run.
   */
  run(control: RunControl = {}): SimResult {
    if (this.ran) throw new Error('a Simulation runs once; create a new one for another run');
    this.ran = true;
    const wallStart = performance.now();
    const heap = this.heap;
    const model = this.model;
    const duration = this.duration;
    const maxEvents = model.maxEvents;
    const signal = control.signal;
    const onProgress = control.onProgress;
    const progressEvery = Math.max(1, Math.floor(control.progressEvery ?? 65536));
    let nextProgress = progressEvery;
    this.maxInFlight = Math.max(1, Math.floor(control.maxInFlight ?? MAX_IN_FLIGHT));
    this.memoryCeiling = Math.min(MEMORY_CEILING * 16, Math.max(RECORD_BYTES * 2048, control.memoryCeiling ?? MEMORY_CEILING));

    // Initial events: one arrival per client, faults, autoscaling ticks, warm-up.
    for (let i = 0; i < this.clientNode.length; i++) {
      if (this.clientRate[i] > 0) heap.push(this.interArrival(i), (i << 3) | Ev.ARRIVAL);
    }
    for (let i = 0; i < model.faults.length; i++) {
      if (model.faults[i].at <= duration) heap.push(model.faults[i].at, (i << 3) | Ev.FAULT);
    }
    for (let n = 0; n < this.nodeCount; n++) {
      if (this.asInterval[n] > 0) heap.push(this.asInterval[n], (n << 3) | Ev.SCALE);
    }
    if (this.warmup > 0) heap.push(this.warmup, Ev.WARMUP);

    let stopped: StopReason = 'duration';
    let end = duration;
    let events = 0;
    // Cancellation, progress and the event limit are looked at every 1,024 events, not on each one.
    let checkAt = Math.min(maxEvents, 1024);
    for (;;) {
      if (events >= checkAt) {
        if (events >= maxEvents) {
          stopped = 'max-events';
          end = this.now;
          break;
        }
        if (signal !== undefined && signal.aborted) {
          stopped = 'cancelled';
          end = this.now;
          break;
        }
        if (this.overMemory) {
          stopped = 'memory';
          end = this.now;
          break;
        }
        if (onProgress !== undefined && events >= nextProgress) {
          nextProgress += progressEvery;
          onProgress(this.now / duration);
        }
        checkAt = Math.min(maxEvents, events + 1024);
      }
      if (heap.size === 0) break;
      const payload = heap.take(); // lazy pop: the first event this one schedules takes its slot
      const t = heap.lastTime;
      if (t > duration) break; // past the end: the run is over, the event is dropped
      if (t >= this.nextSample) this.sampleTo(t);
      this.now = t;
      events++;
      const id = payload >>> 3;
      switch (payload & 7) {
        case Ev.DONE:
          this.onDone(id);
          break;
        case Ev.ARRIVAL:
          this.onArrival(id);
          break;
        case Ev.TIMER:
          this.onTimer(id);
          break;
        case Ev.FAULT:
          this.onFault(id);
          break;
        case Ev.SCALE:
          this.onScale(id);
          break;
        case Ev.READY:
          this.onReady(id);
          break;
        case Ev.WARMUP:
          this.onWarmup();
          break;
      }
    }
    this.events = events;
    if (end > this.now) this.now = end;
    if (!this.measuring) this.onWarmup(); // stopped before the warm-up ended: measure nothing but keep the shape
    this.sampleTo(end);
    if (onProgress !== undefined) onProgress(stopped === 'duration' ? 1 : end / duration);
    const wallSeconds = (performance.now() - wallStart) / 1000;
    return reduceRun(model, this.rawRun(stopped, end, wallSeconds));
  }

  // =====================================================================================
  // Events

  private interArrival(c: number): number {
    return this.now - Math.log(1 - this.clientRng[c].next()) / this.clientRate[c];
  }

  private onArrival(c: number): void {
    const rng = this.clientRng[c];
    const n = this.clientNode[c];
    this.heap.push(this.now - Math.log(1 - rng.next()) / this.clientRate[c], (c << 3) | Ev.ARRIVAL);
    const cls = rng.nextU32() < this.clientReadT[c] ? Cls.READ : Cls.WRITE;
    // The key (a user id): a hash of the client's request count, uniform over the key space; no draw needed.
    const h = mix32(mix32(this.clientSeq[c]++ | 0) ^ this.clientSalt[c]);
    const key = this.keySpace >= TWO_32 ? h : index(h, this.keySpace);
    if (this.nStopped[n] !== 0) return;
    if (this.rCap - this.rFreeTop >= this.maxInFlight) {
      this.shedUser();
      return;
    }
    const r = this.allocRequest(Rk.USER, cls, key, n);
    const f = this.allocFrame(Fk.VISIT, r, n, -1);
    this.nArrivals[n]++;
    this.proceed(f);
  }

  /** A client request found MAX_IN_FLIGHT requests alive: dropped before it starts, and counted. */
  private shedUser(): void {
    this.inFlightDropped++;
    this.allErrors++;
    if (this.now >= this.warmup) this.sysDropped++;
  }

  /** A station finished serving frame f. */
  private onDone(f: number): void {
    const s = this.fm[f * F.W + F.STATION];
    const r = this.fm[f * F.W + F.REQ];
    if (this.fm[f * F.W + F.GEN] !== this.sGen[s]) {
      // The station was stopped while this frame was in service.
      if (r >= 0) this.rm[r * Q.W + Q.LIVE]--;
      this.evicted(f, s);
      return;
    }
    const now = this.now;
    const sLast = this.sLast;
    const dt = now - sLast[s];
    const busy = this.sBusy;
    const qlen = this.sQLen;
    if (dt > 0) {
      this.sBusyArea[s] += busy[s] * dt;
      this.sQArea[s] += qlen[s] * dt;
      sLast[s] = now;
    }
    busy[s]--;
    this.sServed[s]++;
    this.sSojourn[s] += now - this.fd[f * F.D + F.ENTER];
    if (qlen[s] > 0) {
      const g = this.sQHead[s];
      const next = this.fm[g * F.W + F.NEXT];
      this.sQHead[s] = next;
      if (next < 0) this.sQTail[s] = -1;
      qlen[s]--;
      this.nQLen[this.sNode[s]]--;
      this.startService(s, g);
    }
    if (this.fm[f * F.W + F.KIND] === Fk.TASK) {
      this.taskDone(f, false);
      return;
    }
    this.rm[r * Q.W + Q.LIVE]--;
    if (this.rm[r * Q.W + Q.ABORTED] !== 0) {
      this.release(f, r);
      return;
    }
    this.afterService(f);
  }

  /**
   * Sweep of component n's deadlines: every visit still there past its
   * deadline times out now. Sweeps come at most every timeout/8, so a stuck
   * request is declared failed at most that late; a visit that returns late
   * is caught exactly when it returns (finishFrame).
   */
  private onTimer(n: number): void {
    this.toScheduled[n] = 0;
    const ring = this.toRing[n]!;
    const now = this.now;
    while (ring.size > 0 && ring.peek() <= now) {
      ring.shift();
      const f = ring.shift();
      const serial = ring.shift();
      if (this.fm[f * F.W + F.SERIAL] !== serial) continue; // the visit ended
      const r = this.fm[f * F.W + F.REQ];
      if (r < 0 || this.rm[r * Q.W + Q.ABORTED] !== 0) continue;
      this.nTimeouts[n]++;
      this.countOutcome(n, Out.FAILED);
      this.abortRequest(r, Out.FAILED);
      if (this.rm[r * Q.W + Q.LIVE] === 0) this.release(f, r);
    }
    if (ring.size > 0) this.scheduleSweep(n, ring.peek());
  }

  private addDeadline(f: number, n: number): void {
    const ring = this.toRing[n]!;
    const deadline = this.now + this.nTimeout[n];
    ring.push(deadline);
    ring.push(f);
    ring.push(this.fm[f * F.W + F.SERIAL]);
    if (this.toScheduled[n] === 0) this.scheduleSweep(n, deadline);
  }

  private scheduleSweep(n: number, deadline: number): void {
    const soonest = this.now + this.nTimeout[n] / 8;
    this.toScheduled[n] = 1;
    this.heap.push(deadline > soonest ? deadline : soonest, (n << 3) | Ev.TIMER);
  }

  /** Whole-run counters; their values at the end of the warm-up are subtracted from the results. */
  private counters(): Counters {
    return {
      arrivals: this.nArrivals, completed: this.nCompleted, failed: this.nFailed, dropped: this.nDropped, stale: this.nStale,
      timeouts: this.nTimeouts, bypassed: this.nBypassed, reads: this.nReads, hits: this.nHits,
      stationArrivals: this.sArrivals, served: this.sServed, sojourn: this.sSojourn, wait: this.sWait, stationDropped: this.sDropped,
      edgeCount: this.eCount,
    };
  }

  private onWarmup(): void {
    if (this.measuring) return;
    this.measuring = true;
    this.snapshot = copyCounters(this.counters());
    for (let s = 0; s < this.stationCount; s++) {
      this.touch(s);
      this.touchAvail(s);
      this.sBusy0[s] = this.sBusyArea[s];
      this.sQ0[s] = this.sQArea[s];
      this.sAvail0[s] = this.sAvailArea[s];
      this.sMaxQLen[s] = this.sQLen[s];
    }
    for (let n = 0; n < this.nodeCount; n++) this.nMaxQ[n] = this.nQLen[n];
    for (let i = 0; i < this.slotMax.length; i++) this.slotMax[i] = this.slotCount[i];
  }

  private onReady(s: number): void {
    if (this.sProv[s] === 0 || this.sReady[s] !== 0 || this.sReadyAt[s] !== this.now) return;
    this.sReady[s] = 1;
    this.refreshStation(s);
    this.refreshNode(this.sNode[s]);
    this.flushHolds();
  }

  // =====================================================================================
  // Moving requests

  /** After a frame's own work at its component (service done, or nothing to serve). */
  private afterService(f: number): void {
    const n = this.fm[f * F.W + F.NODE];
    const role = this.nRole[n];
    if (role === Role.CACHE) {
      const r = this.fm[f * F.W + F.REQ];
      if (this.rm[r * Q.W + Q.CLS] === Cls.READ) {
        const hit = this.nRng[n].nextU32() < this.nHitT[n];
        this.nReads[n]++;
        if (hit) this.nHits[n]++;
        if (hit) {
          this.finishFrame(f);
          return;
        }
      }
    } else if (role === Role.DATABASE) {
      if (this.fm[f * F.W + F.PHASE] === Ph.PRIMARY_WRITE) {
        this.replicate(f);
        return;
      }
    }
    this.proceed(f);
  }

  /**
   * Sends frame f on to its component's targets: a chooser calls one, everyone
   * else each eligible one in declaration order (async ones without waiting).
   * Resumes where it left off when a child returns.
   */
  private proceed(f: number): void {
    if (this.proceedDepth >= MAX_PROCEED_DEPTH) {
      this.deferred.push(f);
      return;
    }
    this.proceedDepth++;
    this.proceedNow(f);
    if (--this.proceedDepth === 0 && this.deferred.length > 0) this.drainDeferred();
  }

  /** Runs the frames deferred by `proceed`, each from the bottom of the stack again (they may defer more). */
  private drainDeferred(): void {
    const deferred = this.deferred;
    this.proceedDepth = 1;
    while (deferred.length > 0) this.proceedNow(deferred.pop()!);
    this.proceedDepth = 0;
  }

  private proceedNow(f: number): void {
    const n = this.fm[f * F.W + F.NODE];
    const r = this.fm[f * F.W + F.REQ];
    const cls = this.rm[r * Q.W + Q.CLS];
    const k = 2 * n + cls;
    if (this.nRole[n] === Role.CHOOSER) {
      if (this.fm[f * F.W + F.CURSOR] !== 0) {
        this.finishFrame(f);
        return;
      }
      this.fm[f * F.W + F.CURSOR] = 1;
      const e = this.chooseEdge(n, k, r);
      if (e < 0 || (this.eProbT[e] !== TWO_32 && this.nRng[n].nextU32() >= this.eProbT[e])) {
        this.finishFrame(f);
        return;
      }
      this.eCount[e]++;
      if (this.eAsync[e] !== 0) {
        this.spawnAsync(e, r, n);
        this.finishFrame(f);
        return;
      }
      this.enter(this.eTo[e], e, r, f, n);
      return;
    }
    const off = this.routeOff[k];
    const end = this.routeEnd[k];
    const edges = this.routeEdges;
    const mode = this.eMode;
    for (let i = off + this.fm[f * F.W + F.CURSOR]; i < end; i++) {
      const e = edges[i];
      const m = mode[e];
      if (m !== 0) {
        // thinned by a `rate:` attribute, or async
        if ((m & Em.THINNED) !== 0 && this.nRng[n].nextU32() >= this.eProbT[e]) continue;
        if ((m & Em.ASYNC) !== 0) {
          this.eCount[e]++;
          this.spawnAsync(e, r, n);
          continue;
        }
      }
      this.eCount[e]++;
      this.fm[f * F.W + F.CURSOR] = i - off + 1;
      this.enter(this.eTo[e], e, r, f, n);
      return;
    }
    this.finishFrame(f);
  }

  /** Frame f is done at its component: record it, and resume the caller (or end the request). */
  private finishFrame(f: number): void {
    const n = this.fm[f * F.W + F.NODE];
    const r = this.fm[f * F.W + F.REQ];
    const p = this.fm[f * F.W + F.PARENT];
    const enter = this.fd[f * F.D + F.ENTER];
    if ((this.nFlags[n] & Fl.TIMEOUT) !== 0 && this.now - enter > this.nTimeout[n]) {
      // Returned after its deadline, before the sweep noticed: it times out here all the same.
      this.nTimeouts[n]++;
      this.countOutcome(n, Out.FAILED);
      this.abortRequest(r, Out.FAILED);
      this.release(f, r);
      return;
    }
    this.nCompleted[n]++;
    if (enter >= this.warmup) this.nLatHist[n]!.record(this.now - enter);
    this.freeFrame(f);
    if (p >= 0) this.proceed(p);
    else this.finishRequest(r);
  }

  private finishRequest(r: number): void {
    const kind = this.rm[r * Q.W + Q.KIND];
    if (kind === Rk.USER) {
      const d = this.now - this.rd[r * Q.D + Q.START];
      const stale = this.rm[r * Q.W + Q.STALE] !== 0;
      this.allCompleted++;
      if (stale) this.allStale++;
      this.windowLatency.record(d);
      if (this.rd[r * Q.D + Q.START] >= this.warmup) {
        this.sysCompleted++;
        if (stale) this.sysStale++;
        this.sysLatency.record(d);
      }
    } else if (kind === Rk.MESSAGE) {
      this.slotCount[this.rm[r * Q.W + Q.SLOT]]--;
    }
    this.freeRequest(r);
  }

  /**
   * Request r enters component `to` over edge e from `from`, as the child of
   * frame `parent` (-1: the start of a background request or message).
   */
  private enter(to: number, e: number, r: number, parent: number, from: number): void {
    if (this.nFlags[to] === 0 && this.partMask === 0) {
      // The common case: a component with stations, up, no rate limit, no timeout, no partition anywhere.
      const f = this.allocFrame(Fk.VISIT, r, to, parent);
      this.nArrivals[to]++;
      const s = this.pickStation(to, e, r, from);
      if (s >= 0 && this.sUp[s] !== 0) this.enqueue(f, s, true);
      else if (this.nRole[to] === Role.CACHE) this.bypass(f);
      else this.failFrame(f, Out.FAILED);
      return;
    }
    this.enterSlow(to, e, r, parent, from);
  }

  /** `enter` for components with something special: stopped, rate-limited, timed, a database, no stations; or a partition. */
  private enterSlow(to: number, e: number, r: number, parent: number, from: number): void {
    const role = this.nRole[to];
    let crossing = false;
    if (this.partMask !== 0 && from >= 0 && ((this.nRegMask[from] ^ this.nRegMask[to]) & this.partMask) !== 0) {
      if (role !== Role.DATABASE) {
        this.failEntry(to, parent, r, Out.FAILED); // unreachable across the partition
        return;
      }
      crossing = true;
    }
    if (this.nStopped[to] !== 0 && role !== Role.CACHE) {
      this.failEntry(to, parent, r, Out.FAILED);
      return;
    }
    if (this.nRateLimit[to] !== Infinity && !this.takeToken(to)) {
      this.failEntry(to, parent, r, Out.FAILED);
      return;
    }
    const f = this.allocFrame(Fk.VISIT, r, to, parent);
    this.nArrivals[to]++;
    if (this.nTimeout[to] !== Infinity) this.addDeadline(f, to);
    if (role === Role.DATABASE) {
      this.dbEnter(f, crossing);
      return;
    }
    if (this.nCount[to] === 0) {
      if (this.nStopped[to] !== 0) this.bypass(f);
      else this.afterService(f);
      return;
    }
    const s = this.nStopped[to] !== 0 ? -1 : this.pickStation(to, e, r, from);
    if (s < 0 || this.sUp[s] === 0) {
      if (role === Role.CACHE) this.bypass(f);
      else this.failFrame(f, Out.FAILED);
      return;
    }
    this.enqueue(f, s, true);
  }

  /** A cache or CDN that is down: the request carries on as a miss (cache-aside falls back to the backend). */
  private bypass(f: number): void {
    this.nBypassed[this.fm[f * F.W + F.NODE]]++;
    this.proceed(f);
  }

  private takeToken(n: number): boolean {
    const rate = this.nRateLimit[n];
    const burst = rate > 1 ? rate : 1;
    let tokens = this.nTokens[n] + (this.now - this.nTokenT[n]) * rate;
    if (tokens > burst) tokens = burst;
    this.nTokenT[n] = this.now;
    if (tokens >= 1) {
      this.nTokens[n] = tokens - 1;
      return true;
    }
    this.nTokens[n] = tokens;
    return false;
  }

  /** Frame f joins station s: served at once if a core is free, else queued (dropped when `bounded` and the queue is full). */
  private enqueue(f: number, s: number, bounded: boolean): void {
    const r = this.fm[f * F.W + F.REQ];
    this.fm[f * F.W + F.STATION] = s;
    this.sInFlight[s]++;
    this.sArrivals[s]++;
    if (this.sBusy[s] < this.sCores[s]) {
      if (r >= 0) this.rm[r * Q.W + Q.LIVE]++;
      this.startService(s, f);
      return;
    }
    const n = this.sNode[s];
    if (bounded && this.sQLen[s] >= this.sMaxQ[s]) {
      this.sDropped[s]++;
      if (this.nSatAt[n] !== this.nSatAt[n]) this.nSatAt[n] = this.now;
      if (this.fm[f * F.W + F.KIND] === Fk.TASK) {
        this.taskDone(f, true);
        return;
      }
      this.failFrame(f, Out.DROPPED);
      return;
    }
    if (r >= 0) this.rm[r * Q.W + Q.LIVE]++;
    this.touch(s);
    this.fm[f * F.W + F.NEXT] = -1;
    const tail = this.sQTail[s];
    if (tail < 0) this.sQHead[s] = f;
    else this.fm[tail * F.W + F.NEXT] = f;
    this.sQTail[s] = f;
    const q = ++this.sQLen[s];
    if (q > this.sMaxQLen[s]) this.sMaxQLen[s] = q;
    const nq = ++this.nQLen[n];
    if (nq > this.nMaxQ[n]) {
      this.nMaxQ[n] = nq;
      if (nq > SATURATION_QUEUE && this.nSatAt[n] !== this.nSatAt[n]) this.nSatAt[n] = this.now;
    }
  }

  private startService(s: number, f: number): void {
    const now = this.now;
    const dt = now - this.sLast[s];
    if (dt > 0) {
      this.sBusyArea[s] += this.sBusy[s] * dt;
      this.sQArea[s] += this.sQLen[s] * dt;
      this.sLast[s] = now;
    }
    this.sBusy[s]++;
    this.fm[f * F.W + F.GEN] = this.sGen[s];
    this.sWait[s] += now - this.fd[f * F.D + F.ENTER];
    // Exponential service (the common case) drawn here, exactly as ExpSampler draws it; other shapes through their sampler.
    const mean = this.sExpMean[s];
    const d = mean >= 0 ? -mean * Math.log(1 - this.sRng[s].next()) : this.sSampler[s].sample();
    this.heap.push(now + d, (f << 3) | Ev.DONE);
  }

  /** Brings station s's busy and queue integrals up to now. */
  private touch(s: number): void {
    const dt = this.now - this.sLast[s];
    if (dt > 0) {
      this.sBusyArea[s] += this.sBusy[s] * dt;
      this.sQArea[s] += this.sQLen[s] * dt;
      this.sLast[s] = this.now;
    }
  }

  private touchAvail(s: number): void {
    const dt = this.now - this.sAvailLast[s];
    if (dt > 0) {
      if (this.sServing[s] !== 0) this.sAvailArea[s] += dt;
      this.sAvailLast[s] = this.now;
    }
  }

  // ---- async calls and messaging ---------------------------------------------------------

  private spawnAsync(e: number, r: number, from: number): void {
    if (this.rCap - this.rFreeTop >= this.maxInFlight) {
      this.inFlightDropped++;
      return;
    }
    const to = this.eTo[e];
    const role = this.nRole[to];
    if (role === Role.QUEUE || role === Role.STREAM || role === Role.PUBSUB) {
      this.publish(to, r, from);
      return;
    }
    const b = this.allocRequest(Rk.BACKGROUND, this.rm[r * Q.W + Q.CLS], this.rm[r * Q.W + Q.KEY], -1);
    this.enter(to, e, b, -1, from);
  }

  private crosses(a: number, b: number): boolean {
    return this.partMask !== 0 && ((this.nRegMask[a] ^ this.nRegMask[b]) & this.partMask) !== 0;
  }

  /** A message from request r published to messaging node m. */
  private publish(m: number, r: number, from: number): void {
    if (this.nStopped[m] !== 0 || this.crosses(from, m)) {
      this.countOutcome(m, Out.FAILED);
      return;
    }
    if (this.rCap - this.rFreeTop >= this.maxInFlight) {
      this.inFlightDropped++;
      return;
    }
    this.nArrivals[m]++;
    const role = this.nRole[m];
    const cls = this.rm[r * Q.W + Q.CLS];
    const key = this.rm[r * Q.W + Q.KEY];
    const first = this.nSlotStart[m];
    if (role === Role.QUEUE) {
      const b = this.newMessage(cls, key, first);
      this.deliver(first, b);
    } else if (role === Role.STREAM) {
      for (let slot = first; slot < this.nSlotEnd[m]; slot++) {
        const b = this.newMessage(cls, key, slot);
        this.deliver(slot, b);
      }
    } else {
      // pub/sub: every consumer now, or never.
      const k = 2 * m + cls;
      for (let i = this.routeOff[k]; i < this.routeEnd[k]; i++) {
        const e = this.routeEdges[i];
        if (this.eProbT[e] !== TWO_32 && this.nRng[m].nextU32() >= this.eProbT[e]) continue;
        const t = this.eTo[e];
        const s = this.nStopped[t] !== 0 || this.crosses(m, t) ? -1 : this.pickLive(t, e, key, m);
        if (s < 0) {
          this.nDropped[m]++;
          continue;
        }
        this.eCount[e]++;
        const b = this.newMessage(cls, key, first);
        this.startMessage(t, s, b, true);
      }
    }
    this.nCompleted[m]++;
  }

  private newMessage(cls: number, key: number, slot: number): number {
    const b = this.allocRequest(Rk.MESSAGE, cls, key, -1);
    this.rm[b * Q.W + Q.SLOT] = slot;
    const c = ++this.slotCount[slot];
    if (c > this.slotMax[slot]) this.slotMax[slot] = c;
    return b;
  }

  /** Hands message b of slot `slot` (a queue, or one stream group) to its consumer, or holds it until one can take it. */
  private deliver(slot: number, b: number): void {
    const m = this.slotNode[slot];
    const g = this.slotGroup[slot];
    if (g < 0) {
      // Queue: consumers take turns (round robin across consumer components); a consumer that is down does not pull.
      const k = 2 * m + this.rm[b * Q.W + Q.CLS];
      const off = this.routeOff[k];
      const count = this.routeEnd[k] - off;
      for (let j = 0; j < count; j++) {
        const idx = (this.nQueuePtr[m] + j) % count;
        const e = this.routeEdges[off + idx];
        const t = this.eTo[e];
        if (this.nStopped[t] !== 0 || this.crosses(m, t)) continue;
        const s = this.pickLive(t, e, this.rm[b * Q.W + Q.KEY], m);
        if (s < 0) continue;
        this.nQueuePtr[m] = (idx + 1) % count;
        if (this.eProbT[e] !== TWO_32 && this.nRng[m].nextU32() >= this.eProbT[e]) {
          this.slotCount[slot]--;
          this.freeRequest(b);
          return;
        }
        this.eCount[e]++;
        this.startMessage(t, s, b, false);
        return;
      }
      this.hold(slot, b);
      return;
    }
    // Stream group: the key's partition, served by consumer slot (partition mod min(consumers, partitions)).
    const start = this.groupOff[g];
    const end = this.groupOff[g + 1];
    let consumers = 0;
    for (let i = start; i < end; i++) consumers += this.nProv[this.eTo[this.groupEdges[i]]];
    const partitions = this.model.nodes[m].partitions;
    const active = consumers < partitions ? consumers : partitions;
    if (active === 0) {
      this.hold(slot, b);
      return;
    }
    const partition = index(mix32(this.rm[b * Q.W + Q.KEY] ^ this.nSalt[m]), partitions);
    let which = partition % active;
    for (let i = start; i < end; i++) {
      const e = this.groupEdges[i];
      const t = this.eTo[e];
      const prov = this.nProv[t];
      if (which >= prov) {
        which -= prov;
        continue;
      }
      const s = this.nStart[t] + which;
      if (this.nStopped[t] !== 0 || this.sUp[s] === 0 || this.sReady[s] === 0 || this.crosses(m, t)) break;
      if (this.eProbT[e] !== TWO_32 && this.nRng[m].nextU32() >= this.eProbT[e]) {
        this.slotCount[slot]--;
        this.freeRequest(b);
        return;
      }
      this.eCount[e]++;
      this.startMessage(t, s, b, false);
      return;
    }
    this.hold(slot, b);
  }

  private hold(slot: number, b: number): void {
    this.slotHold[slot]!.push(b);
    this.held++;
  }

  /** Offers every held message again (after a start, a heal, a new instance). */
  private flushHolds(): void {
    if (this.held === 0) return;
    for (let slot = 0; slot < this.slotHold.length; slot++) {
      const q = this.slotHold[slot];
      if (q === null || q.size === 0) continue;
      const k = q.size;
      for (let i = 0; i < k; i++) {
        const b = q.shift();
        this.held--;
        this.deliver(slot, b);
      }
    }
  }

  /** Message b starts at consumer t's station s. Queues and streams are broker-backed: never dropped by max_queue. */
  private startMessage(t: number, s: number, b: number, bounded: boolean): void {
    const f = this.allocFrame(Fk.VISIT, b, t, -1);
    this.nArrivals[t]++;
    if (this.nTimeout[t] !== Infinity) this.addDeadline(f, t);
    this.enqueue(f, s, bounded);
  }

  // ---- choosing ------------------------------------------------------------------------

  /** A chooser's target among the eligible edges of class-slot k, or -1. */
  private chooseEdge(n: number, k: number, r: number): number {
    const off = this.routeOff[k];
    const end = this.routeEnd[k];
    const count = end - off;
    if (count <= 1) return count === 1 ? this.routeEdges[off] : -1;
    const edges = this.routeEdges;
    const rng = this.nRng[n];
    switch (this.nChoose[n]) {
      case Pick.WRAND: {
        const lo = off;
        const hi = end;
        if (this.nGeo[n] !== 0) {
          // Geo DNS: the client's region's entry points, when it has any (they are contiguous only by chance, so filter).
          const client = this.rm[r * Q.W + Q.CLIENT];
          const region = client >= 0 ? this.nRegion[client] : -1;
          if (region >= 0) {
            let m = 0;
            for (let i = off; i < end; i++) if (this.nRegion[this.eTo[edges[i]]] === region) this.scratchEdge(m++, edges[i]);
            if (m > 0) return this.weightedFromScratch(m, rng);
          }
        }
        let total = 0;
        for (let i = lo; i < hi; i++) total += this.routeWeight[i];
        if (!(total > 0)) return edges[lo + index(rng.nextU32(), hi - lo)];
        let u = (rng.nextU32() / TWO_32) * total;
        for (let i = lo; i < hi; i++) {
          u -= this.routeWeight[i];
          if (u < 0) return edges[i];
        }
        return edges[hi - 1];
      }
      case Pick.WRR: {
        // Smooth weighted round robin (nginx): each turn every edge gains its weight; the richest is chosen and pays the total.
        let total = 0;
        let best = -1;
        let bestCur = -Infinity;
        for (let i = off; i < end; i++) {
          const e = edges[i];
          const w = this.routeWeight[i];
          total += w;
          const cur = (this.eCur[e] += w);
          if (cur > bestCur) {
            bestCur = cur;
            best = e;
          }
        }
        if (!(total > 0)) return edges[off + (this.nRR[n]++ % count)];
        this.eCur[best] -= total;
        return best;
      }
      case Pick.RANDOM:
        return edges[off + index(rng.nextU32(), count)];
      case Pick.LEAST: {
        let best = -1;
        let bestLoad = Infinity;
        const start = this.nRR[n]++ % count;
        for (let j = 0; j < count; j++) {
          const e = edges[off + ((start + j) % count)];
          const t = this.eTo[e];
          const load = this.nInFlight[t] / (this.nServing[t] > 0 ? this.nServing[t] : 1);
          if (load < bestLoad) {
            bestLoad = load;
            best = e;
          }
        }
        return best;
      }
      case Pick.P2: {
        const a = index(rng.nextU32(), count);
        let b = index(rng.nextU32(), count - 1);
        if (b >= a) b++;
        const ea = edges[off + a];
        const eb = edges[off + b];
        const ta = this.eTo[ea];
        const tb = this.eTo[eb];
        const la = this.nInFlight[ta] / (this.nServing[ta] > 0 ? this.nServing[ta] : 1);
        const lb = this.nInFlight[tb] / (this.nServing[tb] > 0 ? this.nServing[tb] : 1);
        return lb < la ? eb : ea;
      }
      case Pick.HASH:
        return edges[off + index(mix32(this.rm[r * Q.W + Q.KEY] ^ this.nSalt[n]), count)];
      case Pick.CHASH: {
        const h = mix32(this.rm[r * Q.W + Q.KEY] ^ this.nSalt[n]);
        let best = edges[off];
        let top = -1;
        for (let i = off; i < end; i++) {
          const score = mix32(h ^ Math.imul(this.eTo[edges[i]] + 1, 0x9e3779b1));
          if (score > top) {
            top = score;
            best = edges[i];
          }
        }
        return best;
      }
      default: // round robin
        return edges[off + (this.nRR[n]++ % count)];
    }
  }

  private readonly scratchEdges: number[] = [];
  private scratchEdge(i: number, e: number): void {
    this.scratchEdges[i] = e;
  }
  private weightedFromScratch(m: number, rng: Rng): number {
    let total = 0;
    for (let i = 0; i < m; i++) total += this.eWeight[this.scratchEdges[i]];
    if (!(total > 0)) return this.scratchEdges[index(rng.nextU32(), m)];
    let u = (rng.nextU32() / TWO_32) * total;
    for (let i = 0; i < m; i++) {
      u -= this.eWeight[this.scratchEdges[i]];
      if (u < 0) return this.scratchEdges[i];
    }
    return this.scratchEdges[m - 1];
  }

  /**
   * The instance of `to` that request r is sent to over edge e: the picker's
   * policy among the provisioned, warmed-up instances it believes alive. A
   * dead instance stays a candidate until the health check notices it
   * (HEALTH_CHECK_INTERVAL after it died), or forever without health checks;
   * the caller then fails the request there. -1 when there is no candidate.
   */
  private pickStation(to: number, e: number, r: number, from: number): number {
    const base = this.nStart[to];
    const prov = this.nProv[to];
    let m = prov;
    const degraded = this.nDegraded[to] !== 0;
    if (degraded) {
      m = 0;
      const hc = this.eHC[e] !== 0;
      const scratch = this.scratch;
      const now = this.now;
      for (let k = 0; k < prov; k++) {
        const s = base + k;
        if (this.sReady[s] === 0) continue;
        if (this.sUp[s] === 0 && hc && now - this.sDownAt[s] >= HEALTH_CHECK_INTERVAL) continue;
        scratch[m++] = s;
      }
    }
    if (m <= 1) return m === 1 ? (degraded ? this.scratch[0] : base) : -1;
    const idx = this.pickIndex(this.ePick[e], m, degraded, base, e, this.rm[r * Q.W + Q.KEY], from >= 0 ? from : to);
    return degraded ? this.scratch[idx] : base + idx;
  }

  /** Like pickStation, but only among instances that are up and ready (consumers pull; pub/sub knows its subscribers). */
  private pickLive(to: number, e: number, key: number, from: number): number {
    const base = this.nStart[to];
    const prov = this.nProv[to];
    let m = 0;
    const scratch = this.scratch;
    for (let k = 0; k < prov; k++) {
      const s = base + k;
      if (this.sReady[s] !== 0 && this.sUp[s] !== 0) scratch[m++] = s;
    }
    if (m <= 1) return m === 1 ? scratch[0] : -1;
    return scratch[this.pickIndex(this.ePick[e], m, true, base, e, key, from)];
  }

  private pickIndex(policy: number, m: number, listed: boolean, base: number, e: number, key: number, rngNode: number): number {
    switch (policy) {
      case Pick.RANDOM:
        return index(this.nRng[rngNode].nextU32(), m);
      case Pick.LEAST: {
        const start = this.eRR[e]++ % m;
        let best = start;
        let bestLoad = 0x7fffffff;
        for (let j = 0; j < m; j++) {
          const i = start + j < m ? start + j : start + j - m;
          const load = this.sInFlight[listed ? this.scratch[i] : base + i];
          if (load < bestLoad) {
            bestLoad = load;
            best = i;
          }
        }
        return best;
      }
      case Pick.P2: {
        const rng = this.nRng[rngNode];
        const a = index(rng.nextU32(), m);
        let b = index(rng.nextU32(), m - 1);
        if (b >= a) b++;
        const la = this.sInFlight[listed ? this.scratch[a] : base + a];
        const lb = this.sInFlight[listed ? this.scratch[b] : base + b];
        return lb < la ? b : a;
      }
      case Pick.HASH:
        return index(mix32(key ^ this.nSalt[rngNode]), m);
      case Pick.CHASH: {
        // Rendezvous hashing: the instance with the highest score for this key; removing an instance moves only its keys.
        const h = mix32(key ^ this.nSalt[rngNode]);
        let best = 0;
        let top = -1;
        for (let i = 0; i < m; i++) {
          const pos = (listed ? this.scratch[i] : base + i) - base;
          const score = mix32(h ^ Math.imul(pos + 1, 0x9e3779b1));
          if (score > top) {
            top = score;
            best = i;
          }
        }
        return best;
      }
      default: {
        // round robin (weighted round robin picks instances in turn too)
        const i = this.eRR[e] % m;
        this.eRR[e] = i + 1;
        return i;
      }
    }
  }

  // ---- databases ---------------------------------------------------------------------------

  private liveCopy(base: number, from: number, to: number, rng: Rng): number {
    let m = 0;
    for (let c = from; c < to; c++) if (this.sUp[base + c] !== 0) this.scratch[m++] = base + c;
    if (m === 0) return -1;
    return m === 1 ? this.scratch[0] : this.scratch[index(rng.nextU32(), m)];
  }

  private liveCount(base: number, copies: number, except: number): number {
    let live = 0;
    for (let c = 0; c < copies; c++) if (base + c !== except && this.sUp[base + c] !== 0) live++;
    return live;
  }

  /** A request arrives at database frame f (crossing: from the other side of a partition). */
  private dbEnter(f: number, crossing: boolean): void {
    const n = this.fm[f * F.W + F.NODE];
    const r = this.fm[f * F.W + F.REQ];
    const write = this.rm[r * Q.W + Q.CLS] === Cls.WRITE;
    const cp = this.dbCp[n] !== 0;
    if (crossing) {
      if (write && cp) {
        this.failFrame(f, Out.FAILED); // refused: it could not be replicated across the cut
        return;
      }
      if (!write && !cp) this.markStale(r, n);
    }
    const shards = this.dbShards[n];
    const copies = this.dbCopies[n];
    const shard = shards > 1 ? index(mix32(this.rm[r * Q.W + Q.KEY] ^ this.nSalt[n]), shards) : 0;
    const base = this.nStart[n] + shard * copies;
    const rng = this.nRng[n];
    const mode = this.dbMode[n];
    let s = -1;
    if (mode === DbMode.NONE) {
      s = this.sUp[base] !== 0 ? base : -1;
      this.fm[f * F.W + F.PHASE] = Ph.SIMPLE;
    } else if (mode === DbMode.LL) {
      const live = this.liveCount(base, copies, -1);
      let need = write ? this.dbW[n] : this.dbR[n];
      if (live < need) {
        if (cp || live === 0) {
          this.failFrame(f, Out.FAILED);
          return;
        }
        need = live;
        if (!write) this.markStale(r, n);
      }
      // Writes go to every live copy (wait for W); reads ask R distinct live copies (wait for all R).
      let m = 0;
      for (let c = 0; c < copies; c++) if (this.sUp[base + c] !== 0) this.scratch[m++] = base + c;
      const ask = write ? m : need;
      for (let i = 0; i < ask; i++) {
        // partial Fisher–Yates: pick a random remaining copy
        const j = write ? i : i + index(rng.nextU32(), m - i);
        const pick = this.scratch[j];
        this.scratch[j] = this.scratch[i];
        this.scratch[i] = pick;
      }
      this.fm[f * F.W + F.PHASE] = Ph.JOIN;
      this.fm[f * F.W + F.PENDING] = need;
      this.rm[r * Q.W + Q.LIVE]++;
      const chosen = this.chosen;
      for (let i = 0; i < ask; i++) chosen[i] = this.scratch[i];
      for (let i = 0; i < ask; i++) this.spawnTask(chosen[i], f);
      return;
    } else if (!write) {
      const readFrom = mode === DbMode.PR ? this.dbReadFrom[n] : ReadFrom.ANY;
      if (readFrom === ReadFrom.PRIMARY) {
        if (this.sUp[base] !== 0) s = base;
        else if (!cp) {
          s = this.liveCopy(base, 1, copies, rng);
          if (s >= 0) this.markStale(r, n);
        }
      } else if (readFrom === ReadFrom.REPLICAS) {
        s = this.liveCopy(base, 1, copies, rng);
        if (s < 0 && this.sUp[base] !== 0) s = base;
      } else {
        s = this.liveCopy(base, 0, copies, rng);
      }
      this.fm[f * F.W + F.PHASE] = Ph.SIMPLE;
    } else {
      // A write: to the primary (multi-primary: any live primary), then replicated.
      if (mode === DbMode.PR) s = this.sUp[base] !== 0 ? base : cp ? -1 : this.liveCopy(base, 1, copies, rng);
      else s = this.liveCopy(base, 0, copies, rng);
      if (s >= 0) {
        const others = this.liveCount(base, copies, s);
        const sync = this.dbSync[n];
        let need = sync === Sync.SYNC ? copies - 1 : sync === Sync.SEMI ? 1 : 0;
        if (others < need) {
          if (cp) {
            this.failFrame(f, Out.FAILED); // refused: cannot replicate as required
            return;
          }
          need = others;
        }
        this.fm[f * F.W + F.PENDING] = need;
        this.fm[f * F.W + F.PHASE] = Ph.PRIMARY_WRITE;
      }
    }
    if (s < 0) {
      this.failFrame(f, Out.FAILED);
      return;
    }
    this.enqueue(f, s, true);
  }

  private markStale(r: number, n: number): void {
    if (this.rm[r * Q.W + Q.STALE] === 0) {
      this.rm[r * Q.W + Q.STALE] = 1;
    }
    this.nStale[n]++;
  }

  /** The primary applied write frame f: every other live copy applies it too; wait for the acks sync/semi_sync need. */
  private replicate(f: number): void {
    const n = this.fm[f * F.W + F.NODE];
    const served = this.fm[f * F.W + F.STATION];
    const copies = this.dbCopies[n];
    const base = served - (this.sPos[served] % copies);
    const live = this.liveCount(base, copies, served);
    let need = this.fm[f * F.W + F.PENDING];
    if (live < need) {
      // A replica died while the primary worked: CP refuses, AP settles for what is left.
      if (this.dbCp[n] !== 0) {
        this.failFrame(f, Out.FAILED);
        return;
      }
      need = live;
    }
    this.fm[f * F.W + F.PENDING] = need;
    for (let c = 0; c < copies; c++) {
      const s = base + c;
      if (s === served || this.sUp[s] === 0) continue;
      this.spawnTask(s, need > 0 ? f : -1);
    }
    if (need > 0) {
      this.fm[f * F.W + F.PHASE] = Ph.JOIN;
      this.rm[this.fm[f * F.W + F.REQ] * Q.W + Q.LIVE]++;
      return;
    }
    this.fm[f * F.W + F.PHASE] = Ph.DONE;
    this.proceed(f);
  }

  /** A copy's share of a database request: acks frame `parent` (or nobody: -1) when served. */
  private spawnTask(s: number, parent: number): void {
    const t = this.allocFrame(Fk.TASK, -1, this.sNode[s], -1);
    this.fm[t * F.W + F.PARENT] = parent;
    this.fm[t * F.W + F.JOIN] = parent >= 0 ? this.fm[parent * F.W + F.SERIAL] : 0;
    if (this.sUp[s] === 0) {
      this.taskDone(t, true);
      return;
    }
    this.enqueue(t, s, false);
  }

  private taskDone(t: number, failed: boolean): void {
    const p = this.fm[t * F.W + F.PARENT];
    const serial = this.fm[t * F.W + F.JOIN];
    this.freeFrame(t);
    if (p < 0 || this.fm[p * F.W + F.SERIAL] !== serial || this.fm[p * F.W + F.PENDING] <= 0) return;
    const phase = this.fm[p * F.W + F.PHASE];
    if (phase !== Ph.JOIN && phase !== Ph.PRIMARY_WRITE) return;
    const r = this.fm[p * F.W + F.REQ];
    const n = this.fm[p * F.W + F.NODE];
    if (failed && this.dbCp[n] !== 0) {
      this.fm[p * F.W + F.PENDING] = 0;
      if (phase === Ph.JOIN) this.rm[r * Q.W + Q.LIVE]--;
      this.fm[p * F.W + F.PHASE] = Ph.DONE;
      if (this.rm[r * Q.W + Q.ABORTED] !== 0) {
        if (this.rm[r * Q.W + Q.LIVE] === 0) this.release(p, r);
        return;
      }
      this.failFrame(p, Out.FAILED);
      return;
    }
    if (--this.fm[p * F.W + F.PENDING] > 0 || phase !== Ph.JOIN) return;
    this.rm[r * Q.W + Q.LIVE]--;
    this.fm[p * F.W + F.PHASE] = Ph.DONE;
    if (this.rm[r * Q.W + Q.ABORTED] !== 0) {
      if (this.rm[r * Q.W + Q.LIVE] === 0) this.release(p, r);
      return;
    }
    this.proceed(p);
  }

  // ---- failure -------------------------------------------------------------------------------

  private countOutcome(n: number, how: number): void {
    if (how === Out.DROPPED) {
      this.nDropped[n]++;
      if (this.nSatAt[n] !== this.nSatAt[n]) this.nSatAt[n] = this.now;
    } else this.nFailed[n]++;
  }

  /** Request r failed or was dropped: its outcome, once. */
  private abortRequest(r: number, how: number): void {
    if (this.rm[r * Q.W + Q.ABORTED] !== 0) return;
    this.rm[r * Q.W + Q.ABORTED] = 1;
    const kind = this.rm[r * Q.W + Q.KIND];
    if (kind === Rk.USER) {
      this.allErrors++;
      if (this.rd[r * Q.D + Q.START] >= this.warmup) {
        if (how === Out.DROPPED) this.sysDropped++;
        else this.sysFailed++;
      }
    } else if (kind === Rk.MESSAGE) {
      this.slotCount[this.rm[r * Q.W + Q.SLOT]]--;
    }
  }

  /** Request r could not enter component n (parent: the frame that called it). */
  private failEntry(n: number, parent: number, r: number, how: number): void {
    this.countOutcome(n, how);
    this.abortRequest(r, how);
    if (this.rm[r * Q.W + Q.LIVE] === 0) {
      this.unwind(parent);
      this.freeRequest(r);
    }
  }

  /** Frame f (holding no station) failed at its component. */
  private failFrame(f: number, how: number): void {
    const n = this.fm[f * F.W + F.NODE];
    const r = this.fm[f * F.W + F.REQ];
    const parent = this.fm[f * F.W + F.PARENT];
    this.countOutcome(n, how);
    this.freeFrame(f);
    if (r < 0) return;
    this.abortRequest(r, how);
    if (this.rm[r * Q.W + Q.LIVE] === 0) {
      this.unwind(parent);
      this.freeRequest(r);
    }
  }

  /** Frees frame f of aborted request r and, once nothing of r holds a station, everything r still holds. */
  private release(f: number, r: number): void {
    if (this.rm[r * Q.W + Q.LIVE] === 0) {
      this.unwind(f);
      this.freeRequest(r);
    } else this.freeFrame(f);
  }

  /** Frees frame f and its waiting ancestors. */
  private unwind(f: number): void {
    while (f >= 0) {
      const p = this.fm[f * F.W + F.PARENT];
      this.freeFrame(f);
      f = p;
    }
  }

  /** Frame f lost its station s (stopped): messages go back to their queue or stream, caches pass it on, the rest fail. */
  private evicted(f: number, s: number): void {
    if (this.fm[f * F.W + F.KIND] === Fk.TASK) {
      this.taskDone(f, true);
      return;
    }
    const r = this.fm[f * F.W + F.REQ];
    if (this.rm[r * Q.W + Q.ABORTED] !== 0) {
      this.release(f, r);
      return;
    }
    const n = this.fm[f * F.W + F.NODE];
    if (this.fm[f * F.W + F.PARENT] < 0 && this.rm[r * Q.W + Q.KIND] === Rk.MESSAGE && this.slotHold[this.rm[r * Q.W + Q.SLOT]] !== null) {
      this.freeFrame(f);
      this.hold(this.rm[r * Q.W + Q.SLOT], r); // redelivered when a consumer can take it
      return;
    }
    if (this.nRole[n] === Role.CACHE) {
      this.sInFlight[s]--;
      this.fm[f * F.W + F.STATION] = -1;
      this.bypass(f);
      return;
    }
    this.failFrame(f, Out.FAILED);
  }

  // =====================================================================================
  // Faults, instances, autoscaling

  private onFault(i: number): void {
    const fault = this.model.faults[i];
    switch (fault.action) {
      case 'partition':
        this.partMask |= 1 << fault.region;
        break;
      case 'heal':
        this.partMask &= ~(1 << fault.region);
        break;
      case 'stop':
      case 'start': {
        const up = fault.action === 'start';
        for (const n of fault.nodes) this.setNodeUp(n, up, fault.instance, fault.copy);
        break;
      }
    }
    this.flushHolds();
  }

  private setNodeUp(n: number, up: boolean, instance: number, copy: number): void {
    const count = this.nCount[n];
    const base = this.nStart[n];
    if (instance < 0 && copy < 0) {
      this.nStopped[n] = up ? 0 : 1;
      this.nFlags[n] = up ? this.nFlags[n] & ~Fl.STOPPED : this.nFlags[n] | Fl.STOPPED;
    }
    if (count === 0) return;
    const copies = this.nRole[n] === Role.DATABASE ? this.dbCopies[n] : 1;
    for (let k = 0; k < count; k++) {
      if (instance >= 0) {
        // name[i]: an instance (database: shard i, all its copies)
        const unit = this.nRole[n] === Role.DATABASE ? Math.floor(k / copies) : k;
        if (unit !== instance) continue;
      }
      if (copy >= 0 && k % copies !== copy) continue;
      if (up) this.startStation(base + k);
      else this.stopStation(base + k);
    }
    this.refreshNode(n);
  }

  private stopStation(s: number): void {
    if (this.sUp[s] === 0) return;
    this.touch(s);
    this.touchAvail(s);
    this.sUp[s] = 0;
    this.sDownAt[s] = this.now;
    this.sGen[s]++;
    this.sBusy[s] = 0; // frames in service fail when their completion comes (stale generation)
    this.refreshStation(s);
    this.refreshNode(this.sNode[s]);
    // Detach the queue, then settle each frame that waited in it.
    let f = this.sQHead[s];
    this.nQLen[this.sNode[s]] -= this.sQLen[s];
    this.sQHead[s] = -1;
    this.sQTail[s] = -1;
    this.sQLen[s] = 0;
    while (f >= 0) {
      const next = this.fm[f * F.W + F.NEXT];
      const r = this.fm[f * F.W + F.REQ];
      if (r >= 0) this.rm[r * Q.W + Q.LIVE]--;
      this.evicted(f, s);
      f = next;
    }
  }

  private startStation(s: number): void {
    if (this.sUp[s] !== 0) return;
    this.touch(s);
    this.touchAvail(s);
    this.sUp[s] = 1;
    this.refreshStation(s);
  }

  /** Recomputes whether station s serves (provisioned, warmed up, up), keeping its availability integral. */
  private refreshStation(s: number): void {
    const serving = this.sProv[s] !== 0 && this.sReady[s] !== 0 && this.sUp[s] !== 0 ? 1 : 0;
    if (serving !== this.sServing[s]) {
      this.touchAvail(s);
      this.sServing[s] = serving;
    }
  }

  private refreshNode(n: number): void {
    const base = this.nStart[n];
    const prov = this.nProv[n];
    let degraded = 0;
    let serving = 0;
    for (let k = 0; k < this.nCount[n]; k++) {
      const s = base + k;
      this.refreshStation(s);
      if (k < prov && (this.sReady[s] === 0 || this.sUp[s] === 0)) degraded++;
      if (this.sServing[s] !== 0) serving++;
    }
    this.nDegraded[n] = degraded;
    this.nServing[n] = serving;
    if (serving > this.nInstMax[n]) this.nInstMax[n] = serving;
    if (serving < this.nInstMin[n]) this.nInstMin[n] = serving;
  }

  /** Busy core-seconds of node n's stations up to now. */
  private nodeBusy(n: number): number {
    let sum = 0;
    const now = this.now;
    for (let k = 0, s = this.nStart[n]; k < this.nCount[n]; k++, s++) sum += this.sBusyArea[s] + this.sBusy[s] * (now - this.sLast[s]);
    return sum;
  }

  /** Serving instance-seconds of node n's stations up to now. */
  private nodeAvail(n: number): number {
    let sum = 0;
    const now = this.now;
    for (let k = 0, s = this.nStart[n]; k < this.nCount[n]; k++, s++) sum += this.sAvailArea[s] + (this.sServing[s] !== 0 ? now - this.sAvailLast[s] : 0);
    return sum;
  }

  /**
   * Autoscaling tick: the mean CPU utilization of the last interval against
   * the target. Above it, ceil(ready × util / target) instances are wanted
   * (up to max; new ones serve after warmup); below half the target, the
   * same formula removes instances (down to min) once none is warming up.
   */
  private onScale(n: number): void {
    const interval = this.asInterval[n];
    this.heap.push(this.now + interval, (n << 3) | Ev.SCALE);
    const busy = this.nodeBusy(n);
    const avail = this.nodeAvail(n) * this.nCores[n];
    const dBusy = busy - this.asLastBusy[n];
    const dAvail = avail - this.asLastAvail[n];
    this.asLastBusy[n] = busy;
    this.asLastAvail[n] = avail;
    if (!(dAvail > 0)) return;
    const util = dBusy / dAvail;
    const target = this.asTarget[n];
    const ready = this.nServing[n];
    const prov = this.nProv[n];
    const base = this.nStart[n];
    let warming = 0;
    for (let k = 0; k < prov; k++) if (this.sReady[base + k] === 0) warming++;
    if (util > target) {
      const desired = Math.min(this.asMax[n], Math.ceil((Math.max(ready, 1) * util) / target - 1e-9));
      for (let k = prov; k < desired; k++) {
        const s = base + k;
        this.sProv[s] = 1;
        this.sReady[s] = 0;
        this.sReadyAt[s] = this.now + this.asWarmup[n];
        this.heap.push(this.sReadyAt[s], (s << 3) | Ev.READY);
      }
      if (desired > prov) {
        this.nProv[n] = desired;
        this.refreshNode(n);
      }
    } else if (util < 0.5 * target && warming === 0) {
      const desired = Math.max(this.asMin[n], Math.ceil((ready * util) / target - 1e-9));
      if (desired < prov) {
        for (let k = desired; k < prov; k++) {
          const s = base + k;
          this.sProv[s] = 0; // drains its queue, takes nothing new
          this.sReady[s] = 0;
        }
        this.nProv[n] = desired;
        this.refreshNode(n);
        this.flushHolds();
      }
    }
  }

  // =====================================================================================
  // Pools

  private allocRequest(kind: number, cls: number, key: number, client: number): number {
    if (this.rFreeTop === 0) this.growRequests(this.rCap * 2);
    const r = this.rFree[--this.rFreeTop];
    if (this.rCap - this.rFreeTop > this.peakInFlight) this.peakInFlight = this.rCap - this.rFreeTop;
    this.rm[r * Q.W + Q.KIND] = kind;
    this.rm[r * Q.W + Q.CLS] = cls;
    this.rm[r * Q.W + Q.KEY] = key;
    this.rd[r * Q.D + Q.START] = this.now;
    this.rm[r * Q.W + Q.CLIENT] = client;
    this.rm[r * Q.W + Q.ABORTED] = 0;
    this.rm[r * Q.W + Q.STALE] = 0;
    this.rm[r * Q.W + Q.LIVE] = 0;
    this.rm[r * Q.W + Q.SLOT] = -1;
    return r;
  }

  private freeRequest(r: number): void {
    this.rFree[this.rFreeTop++] = r;
  }

  private allocFrame(kind: number, r: number, n: number, parent: number): number {
    if (this.fFreeTop === 0) this.growFrames(this.fCap * 2);
    const f = this.fFree[--this.fFreeTop];
    // fStation is -1 on the free list; fPhase and fPending are set by the database code that reads them.
    this.fm[f * F.W + F.KIND] = kind;
    this.fm[f * F.W + F.REQ] = r;
    this.fm[f * F.W + F.NODE] = n;
    this.fm[f * F.W + F.PARENT] = parent;
    this.fm[f * F.W + F.SERIAL]++;
    this.fm[f * F.W + F.CURSOR] = 0;
    this.fd[f * F.D + F.ENTER] = this.now;
    this.nInFlight[n]++;
    return f;
  }

  private freeFrame(f: number): void {
    this.nInFlight[this.fm[f * F.W + F.NODE]]--;
    const s = this.fm[f * F.W + F.STATION];
    if (s >= 0) this.sInFlight[s]--;
    this.fm[f * F.W + F.STATION] = -1;
    this.fm[f * F.W + F.SERIAL]++;
    this.fFree[this.fFreeTop++] = f;
  }

  /**
   * The capacity a pool of `cap` records may grow to: doubling while both
   * pools fit the memory ceiling; past it an eighth more, just enough to
   * finish the events before the run loop's next check stops the run.
   */
  private boundedCap(old: number, wanted: number, other: number): number {
    if ((wanted + other) * RECORD_BYTES <= this.memoryCeiling) return wanted;
    this.overMemory = true;
    return old + Math.max(1024, old >> 3);
  }

  private growRequests(wanted: number): void {
    const old = this.rCap;
    const cap = this.boundedCap(old, wanted, this.fCap);
    const buffer = new ArrayBuffer(cap * RECORD_BYTES);
    new Uint8Array(buffer).set(new Uint8Array(this.rm.buffer, 0, old * RECORD_BYTES));
    this.rm = new Int32Array(buffer);
    this.rd = new Float64Array(buffer);
    this.rFree = growI32(this.rFree, cap);
    for (let i = cap - 1; i >= old; i--) this.rFree[this.rFreeTop++] = i;
    this.rCap = cap;
  }

  private growFrames(wanted: number): void {
    const old = this.fCap;
    const cap = this.boundedCap(old, wanted, this.rCap);
    const buffer = new ArrayBuffer(cap * RECORD_BYTES);
    new Uint8Array(buffer).set(new Uint8Array(this.fm.buffer, 0, old * RECORD_BYTES));
    this.fm = new Int32Array(buffer);
    this.fd = new Float64Array(buffer);
    for (let f = old; f < cap; f++) this.fm[f * F.W + F.STATION] = -1;
    this.fFree = growI32(this.fFree, cap);
    for (let i = cap - 1; i >= old; i--) this.fFree[this.fFreeTop++] = i;
    this.fCap = cap;
  }

  // =====================================================================================
  // Series and results

  /**
   * Series (keys of the JSON `series` object, besides `t_s`):
   * - `throughput_rps`, `errors_rps` (failed + dropped), `stale_rps`: client requests per second over each step;
   * - `latency_p50_ms`, `latency_p95_ms`, `latency_p99_ms`: client response times completed within each step;
   * - `throughput_rps.NAME`: visits completed per second at a component (messages published, for messaging);
   * - `errors_rps.NAME`: requests failed or dropped per second at a component;
   * - `utilization.NAME`: busy cores / serving cores over each step (components with stations);
   * - `queue.NAME`: requests waiting for a core, all instances together, at the sample time;
   * - `instances.NAME`: serving instances (up and warmed up) at the sample time;
   * - `backlog.NAME`: messages published to a queue or stream and not yet processed (all groups);
   * - `lag.NAME.GROUP`: a stream group's unprocessed messages.
   */
  private setupSeries(): void {
    const s = this.series;
    s.rate('throughput_rps', () => this.allCompleted);
    s.rate('errors_rps', () => this.allErrors);
    s.rate('stale_rps', () => this.allStale);
    s.gauge('latency_p50_ms', () => this.winP50 * 1000);
    s.gauge('latency_p95_ms', () => this.winP95 * 1000);
    s.gauge('latency_p99_ms', () => this.winP99 * 1000);
    for (const node of this.model.nodes) {
      if (node.kind === 'region' || node.kind === 'group') continue;
      const n = node.index;
      s.rate(`throughput_rps.${node.name}`, () => this.nCompleted[n]);
      s.rate(`errors_rps.${node.name}`, () => this.nFailed[n] + this.nDropped[n]);
      if (node.stationCount > 0) {
        let lastBusy = 0;
        let lastAvail = 0;
        s.gauge(`utilization.${node.name}`, () => {
          const busy = this.nodeBusy(n);
          const avail = this.nodeAvail(n) * this.nCores[n];
          const u = avail > lastAvail ? (busy - lastBusy) / (avail - lastAvail) : 0;
          lastBusy = busy;
          lastAvail = avail;
          return u;
        });
        s.gauge(`queue.${node.name}`, () => this.nQLen[n]);
        s.gauge(`instances.${node.name}`, () => this.nServing[n]);
      }
      if (node.role === 'queue' || node.role === 'stream') {
        s.gauge(`backlog.${node.name}`, () => {
          let sum = 0;
          for (let k = this.nSlotStart[n]; k < this.nSlotEnd[n]; k++) sum += this.slotCount[k];
          return sum;
        });
      }
      if (node.role === 'stream') {
        node.groups.forEach((g, i) => {
          const slot = this.nSlotStart[n] + i;
          s.gauge(`lag.${node.name}.${g.name}`, () => this.slotCount[slot]);
        });
      }
    }
    this.nextSample = s.nextTime;
  }

  /**
   * Records every series point due at or before t (each with its own latency
   * window). Nothing changes between the last event and t, so the clock may
   * stand at each point's time while the readers integrate up to it.
   */
  private sampleTo(t: number): void {
    const s = this.series;
    while (s.nextTime <= t) {
      const at = s.nextTime;
      if (at > this.now) this.now = at;
      const w = this.windowLatency;
      if (w.count > 0) {
        this.winP50 = w.percentile(50);
        this.winP95 = w.percentile(95);
        this.winP99 = w.percentile(99);
        w.reset();
      } else {
        this.winP50 = this.winP95 = this.winP99 = NaN;
      }
      s.advanceTo(at);
    }
    this.nextSample = s.nextTime;
  }

  private rawRun(stopped: StopReason, end: number, wallSeconds: number): RawRun {
    const now = this.now;
    // Counters over the measured window: final minus warm-up values.
    const c = countersSince(this.counters(), this.snapshot);
    for (let s = 0; s < this.stationCount; s++) {
      this.touch(s);
      this.touchAvail(s);
    }
    const stations = [];
    for (let s = 0; s < this.stationCount; s++) {
      stations.push({
        busy: this.sBusyArea[s] - this.sBusy0[s],
        queueArea: this.sQArea[s] - this.sQ0[s],
        available: this.sAvailArea[s] - this.sAvail0[s],
        arrivals: c.stationArrivals[s],
        served: c.served[s],
        sojourn: c.sojourn[s],
        wait: c.wait[s],
        maxQueue: this.sMaxQLen[s],
        dropped: c.stationDropped[s],
        up: this.sUp[s] !== 0,
        serving: this.sServing[s] !== 0,
      });
    }
    const nodes = [];
    for (let n = 0; n < this.nodeCount; n++) {
      let backlogMax = 0;
      let backlogFinal = 0;
      const lagMax: number[] = [];
      const lagFinal: number[] = [];
      for (let k = this.nSlotStart[n]; k < this.nSlotEnd[n]; k++) {
        backlogMax += this.slotMax[k];
        backlogFinal += this.slotCount[k];
        lagMax.push(this.slotMax[k]);
        lagFinal.push(this.slotCount[k]);
      }
      nodes.push({
        arrivals: c.arrivals[n],
        completed: c.completed[n],
        failed: c.failed[n],
        dropped: c.dropped[n],
        stale: c.stale[n],
        timeouts: c.timeouts[n],
        bypassed: c.bypassed[n],
        reads: c.reads[n],
        hits: c.hits[n],
        latencySum: this.nLatHist[n]?.sum ?? 0,
        latencyCount: this.nLatHist[n]?.count ?? 0,
        latency: this.nLatHist[n],
        maxQueue: this.nMaxQ[n],
        instancesMax: this.nInstMax[n],
        instancesMin: this.nInstMin[n],
        instancesFinal: this.nServing[n],
        saturatedAt: this.nSatAt[n],
        backlogMax,
        backlogFinal,
        lagMax,
        lagFinal,
      });
    }
    return {
      stopped,
      end,
      now,
      events: this.events,
      wallSeconds,
      measuredFrom: Math.min(this.warmup, end),
      system: {
        completed: this.sysCompleted,
        failed: this.sysFailed,
        dropped: this.sysDropped,
        stale: this.sysStale,
        latency: this.sysLatency,
      },
      nodes,
      stations,
      edgeCounts: Array.from(c.edgeCount),
      series: this.series.result(),
      inFlight: { limit: this.maxInFlight, peak: this.peakInFlight, dropped: this.inFlightDropped },
    };
  }
}

function growI32(a: Int32Array, cap: number): Int32Array {
  const b = new Int32Array(cap);
  b.set(a);
  return b;
}

/** Builds and runs one simulation of `model`. */
export function simulate(model: SimModel, control?: RunControl): SimResult {
  return new Simulation(model).run(control);
}

/**
 * The engine's state and record layout (engine.ts): every typed array of
 * nodes, edges, stations, clients and messaging slots, built once from the
 * model; the request and frame pools (64-byte records, grown within the
 * memory ceiling). The engine's concerns are layers of one class chain over
 * this state (stations, routing, messaging, databases, failures, faults,
 * statistics, then the run loop in Simulation): one concrete class, so
 * every object has one shape and V8 keeps each call site monomorphic.
 */
import type { Tracer } from './tracer';
import type { Counters } from './counters';
import { MAX_IN_FLIGHT, MEMORY_CEILING, SHED_SHARE } from './limits';
import { makeSampler, type Sampler } from './distributions';
import { EventHeap } from './heap';
import { RingQueue } from './ring';
import { Rng } from './rng';
import { LatencyHistogram, SeriesSampler } from './stats';
import type { SimModel } from './model';
import type { RawRun, StopReason } from './results';
import {
  Cls, DbMode, Em, F, Fl, Ph, PICK_CODE, Q, ReadFrom, ROLE_CODE, RECORD_BYTES, Sync,
} from './engine-codes';
import { hashString, growI32, TWO_32, SERIES_POINTS } from './engine-helpers';
import { pushAll } from '../arrays';

export abstract class EngineState {
  // Fields set in the constructor are `declare`d: without it, ES2022 class fields are first defined as
  // undefined, V8 then forgets the field's type (a Float64Array, an Int32Array…) and checks the map of
  // the typed array at each use in the hot path (measured: several per cent of the run time). The same
  // holds in heap.ts, rng.ts, ring.ts, stats.ts and distributions.ts.
  readonly model: SimModel;

  // ---- run state ---------------------------------------------------------------
  protected readonly heap = new EventHeap(4096);
  protected now = 0;
  protected events = 0;
  protected declare measuring: boolean;
  protected declare readonly warmup: number;
  protected declare readonly duration: number;
  protected partMask = 0;
  protected ran = false;
  protected maxInFlight = MAX_IN_FLIGHT;
  protected memoryCeiling = MEMORY_CEILING;
  /** Set when the record pools outgrew the memory ceiling: the run stops at its next check. */
  protected overMemory = false;
  protected peakInFlight = 0;
  protected inFlightDropped = 0;
  /** Nesting of `proceed` on the current event, and the frames deferred past MAX_PROCEED_DEPTH. */
  protected proceedDepth = 0;
  protected readonly deferred: number[] = [];
  /** Follows sampled client requests (tracer.ts); undefined, and never called, unless the run asks for traces. */
  protected tracer: Tracer | undefined = undefined;

  // ---- nodes -------------------------------------------------------------------
  protected declare readonly nodeCount: number;
  protected declare readonly nRole: Uint8Array;
  protected declare readonly nStart: Int32Array;
  protected declare readonly nCount: Int32Array;
  protected declare readonly nCores: Int32Array;
  protected declare readonly nTimeout: Float64Array;
  /** Hit ratio × 2^32: a hit is one 32-bit draw below it. */
  protected declare readonly nHitT: Float64Array;
  protected declare readonly nRateLimit: Float64Array;
  protected declare readonly nTokens: Float64Array;
  protected declare readonly nTokenT: Float64Array;
  protected declare readonly nChoose: Uint8Array;
  protected declare readonly nGeo: Uint8Array;
  protected declare readonly nRegion: Int32Array;
  protected declare readonly nRegMask: Int32Array;
  protected declare readonly nSalt: Int32Array;
  protected declare readonly nRng: Rng[];
  /** Routes: edges of node n, class c, are routeEdges[routeOff[2n+c] .. routeOff[2n+c+1]) — offsets laid out as [n0r, n0w, n1r, …, end]. */
  protected declare readonly routeOff: Int32Array;
  protected declare readonly routeEnd: Int32Array;
  protected declare readonly routeEdges: Int32Array;
  protected declare readonly routeWeight: Float64Array;
  protected declare readonly nRR: Int32Array;
  protected declare readonly nStopped: Uint8Array;
  /** Non-zero when `enter` must take the slow path: FL_* bits. */
  protected declare readonly nFlags: Uint8Array;
  protected declare readonly nProv: Int32Array;
  protected declare readonly nDegraded: Int32Array;
  protected declare readonly nServing: Int32Array;
  protected declare readonly nInFlight: Int32Array;
  protected declare readonly nQLen: Int32Array;
  // database config
  protected declare readonly dbShards: Int32Array;
  protected declare readonly dbCopies: Int32Array;
  protected declare readonly dbMode: Uint8Array;
  protected declare readonly dbSync: Uint8Array;
  protected declare readonly dbReadFrom: Uint8Array;
  protected declare readonly dbW: Int32Array;
  protected declare readonly dbR: Int32Array;
  protected declare readonly dbCp: Uint8Array;
  protected declare readonly dbFailover: Float64Array;
  /** Replication lag of the copies a write does not wait for; null when none lags. */
  protected declare readonly dbLag: (Sampler | null)[];
  /** First entry of node n's shards in shardPrimary. */
  protected declare readonly dbShardBase: Int32Array;
  /** Per node and class (2n + cls): the share of requests that are scatter–gather queries, × 2^32. */
  protected declare readonly dbScatterT: Float64Array;
  /** The copy serving as primary, per shard of every primary/replica database (0 until a fail-over). */
  protected declare readonly shardPrimary: Int32Array;
  // caches
  /** Seconds an entry lives: the refill time after a (re)start (Infinity: CACHE_REFILL_SECONDS). */
  protected declare readonly nTtl: Float64Array;
  protected declare readonly nWriteBack: Uint8Array;
  /** Stationless caches (CDNs): when the last (re)start was, and until when they refill. */
  protected declare readonly nColdFrom: Float64Array;
  protected declare readonly nColdUntil: Float64Array;
  /** Queues: most messages held. */
  protected declare readonly nMaxLength: Float64Array;
  // autoscale
  protected declare readonly asMin: Int32Array;
  protected declare readonly asMax: Int32Array;
  protected declare readonly asTarget: Float64Array;
  protected declare readonly asWarmup: Float64Array;
  protected declare readonly asInterval: Float64Array;
  protected declare readonly asLastBusy: Float64Array;
  protected declare readonly asLastAvail: Float64Array;
  // statistics per node: counters run from the start; the warm-up's share is subtracted at the end
  protected declare readonly nArrivals: Float64Array;
  protected declare readonly nCompleted: Float64Array;
  protected declare readonly nFailed: Float64Array;
  protected declare readonly nDropped: Float64Array;
  protected declare readonly nStale: Float64Array;
  protected declare readonly nTimeouts: Float64Array;
  protected declare readonly nBypassed: Float64Array;
  protected declare readonly nReads: Float64Array;
  protected declare readonly nHits: Float64Array;
  protected declare readonly nLatHist: (LatencyHistogram | null)[];
  protected declare readonly nMaxQ: Int32Array;
  /** Replicas promoted to primary (whole run). */
  protected declare readonly nFailovers: Float64Array;
  protected declare readonly nInstMax: Int32Array;
  protected declare readonly nInstMin: Int32Array;
  protected declare readonly nSatAt: Float64Array;
  /** Counters at the end of the warm-up, subtracted from the final ones. */
  protected snapshot: Counters | undefined;

  // ---- edges -------------------------------------------------------------------
  protected declare readonly eFrom: Int32Array;
  protected declare readonly eTo: Int32Array;
  protected declare readonly eAsync: Uint8Array;
  /** EM_* bits: 0 for a plain synchronous edge taken by every request. */
  protected declare readonly eMode: Uint8Array;
  /** Probability × 2^32 that a request takes the edge (2^32: always). */
  protected declare readonly eProbT: Float64Array;
  protected declare readonly ePick: Uint8Array;
  protected declare readonly eHC: Uint8Array;
  protected declare readonly eWeight: Float64Array;
  protected declare readonly eRR: Int32Array;
  protected declare readonly eCur: Float64Array;
  protected declare readonly eCount: Float64Array;

  // ---- stations ------------------------------------------------------------------
  protected declare readonly stationCount: number;
  protected declare readonly sNode: Int32Array;
  protected declare readonly sPos: Int32Array;
  protected declare readonly sCores: Int32Array;
  protected declare readonly sMaxQ: Float64Array;
  protected declare readonly sSampler: Sampler[];
  /** Mean of an exponential service time, or -1 when the station's distribution is another shape. */
  protected declare readonly sExpMean: Float64Array;
  protected declare readonly sRng: Rng[];
  protected declare readonly sUp: Uint8Array;
  protected declare readonly sProv: Uint8Array;
  protected declare readonly sReady: Uint8Array;
  protected declare readonly sServing: Uint8Array;
  protected declare readonly sReadyAt: Float64Array;
  protected declare readonly sDownAt: Float64Array;
  protected declare readonly sGen: Int32Array;
  protected declare readonly sBusy: Int32Array;
  protected declare readonly sQLen: Int32Array;
  protected declare readonly sQHead: Int32Array;
  protected declare readonly sQTail: Int32Array;
  protected declare readonly sInFlight: Int32Array;
  protected declare readonly sLast: Float64Array;
  protected declare readonly sBusyArea: Float64Array;
  protected declare readonly sQArea: Float64Array;
  protected declare readonly sAvailArea: Float64Array;
  protected declare readonly sAvailLast: Float64Array;
  protected declare readonly sBusy0: Float64Array;
  protected declare readonly sQ0: Float64Array;
  protected declare readonly sAvail0: Float64Array;
  protected declare readonly sArrivals: Float64Array;
  protected declare readonly sServed: Float64Array;
  protected declare readonly sSojourn: Float64Array;
  protected declare readonly sWait: Float64Array;
  protected declare readonly sMaxQLen: Int32Array;
  protected declare readonly sDropped: Float64Array;
  /** A database copy lacks a write committed elsewhere until this time (replication lag): reads there are stale. */
  protected declare readonly sStaleUntil: Float64Array;
  /** Cache instances: when the last (re)start was, and until when they refill. */
  protected declare readonly sColdFrom: Float64Array;
  /** Stopped by `stop db.primary`: what `start db.primary` starts again (after a fail-over it rejoins as a replica). */
  protected declare readonly sStoppedAsPrimary: Uint8Array;
  protected declare readonly sColdUntil: Float64Array;
  protected declare readonly scratch: Int32Array;
  /** Copies a leaderless request asks (spawning tasks must not share `scratch`). */
  protected declare readonly chosen: Int32Array;

  // ---- clients -------------------------------------------------------------------
  protected declare readonly clientNode: Int32Array;
  protected declare readonly clientRate: Float64Array;
  protected declare readonly clientReadT: Float64Array;
  /** Requests made so far per client: their keys are hashes of this count. */
  protected declare readonly clientSeq: Float64Array;
  protected declare readonly clientSalt: Int32Array;
  protected declare readonly clientRng: Rng[];
  protected declare readonly keySpace: number;

  // ---- messaging slots (a queue, a pub/sub channel, a stream group) ----------------
  protected declare readonly slotNode: Int32Array;
  protected declare readonly slotGroup: Int32Array;
  protected declare readonly slotCount: Float64Array;
  protected declare readonly slotMax: Float64Array;
  protected declare readonly slotHold: (RingQueue | null)[];
  protected declare readonly nSlotStart: Int32Array;
  protected declare readonly nSlotEnd: Int32Array;
  protected declare readonly nQueuePtr: Int32Array;
  /** Queues a node consumes from: slots pullSlot[pullOff[n] .. pullOff[n + 1]), each over edge pullEdge[…]. */
  protected declare readonly pullOff: Int32Array;
  protected declare readonly pullSlot: Int32Array;
  protected declare readonly pullEdge: Int32Array;
  protected declare readonly groupOff: Int32Array;
  protected declare readonly groupEdges: Int32Array;
  protected held = 0;

  // ---- requests (pooled): one 64-byte record each, Q_* fields (Int32 view) and Q.START (Float64 view) ----
  protected rCap = 0;
  protected rFree: Int32Array = new Int32Array(0);
  protected rFreeTop = 0;
  protected rm: Int32Array = new Int32Array(0);
  protected rd: Float64Array = new Float64Array(0);

  // ---- frames (pooled): one 64-byte record (a cache line) each, F_* fields and F.ENTER ----------------
  protected fCap = 0;
  protected fFree: Int32Array = new Int32Array(0);
  protected fFreeTop = 0;
  protected fm: Int32Array = new Int32Array(0);
  protected fd: Float64Array = new Float64Array(0);

  // ---- timeouts ---------------------------------------------------------------------------
  // Deadlines at one component arrive in order (its timeout is constant), so each component with a
  // timeout keeps a FIFO of (deadline, frame, serial) and one sweep event: no timer per request.
  protected readonly toRing: (RingQueue | null)[] = [];
  protected declare readonly toScheduled: Uint8Array;

  // ---- system statistics -----------------------------------------------------------------
  protected sysCompleted = 0;
  protected sysFailed = 0;
  protected sysDropped = 0;
  protected sysStale = 0;
  protected readonly sysLatency = new LatencyHistogram();
  protected allCompleted = 0;
  protected allErrors = 0;
  protected allStale = 0;
  protected readonly windowLatency = new LatencyHistogram();
  protected winMean = NaN;
  protected winP50 = NaN;
  protected winP95 = NaN;
  protected winP99 = NaN;
  protected declare readonly series: SeriesSampler;
  protected nextSample = 0;

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
    this.dbFailover = new Float64Array(N).fill(Infinity);
    this.dbLag = [];
    this.dbShardBase = new Int32Array(N);
    this.dbScatterT = new Float64Array(2 * N);
    this.nTtl = new Float64Array(N).fill(Infinity);
    this.nWriteBack = new Uint8Array(N);
    this.nColdFrom = new Float64Array(N).fill(-Infinity);
    this.nColdUntil = new Float64Array(N).fill(-Infinity);
    this.nMaxLength = new Float64Array(N).fill(Infinity);
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
    this.nFailovers = new Float64Array(N);
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
    let shardTotal = 0;
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
        this.dbFailover[n] = db.failover;
        this.dbScatterT[2 * n + Cls.READ] = db.scatter.read * TWO_32;
        this.dbScatterT[2 * n + Cls.WRITE] = db.scatter.write * TWO_32;
        this.dbShardBase[n] = shardTotal;
        shardTotal += db.shards;
      }
      this.dbLag.push(db?.lag ? makeSampler(db.lag, root.fork(`lag:${node.name}`)) : null);
      if (node.cache) {
        this.nTtl[n] = node.cache.ttl;
        this.nWriteBack[n] = node.cache.writeBack ? 1 : 0;
      }
      this.nMaxLength[n] = node.maxLength;
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
    this.shardPrimary = new Int32Array(shardTotal);
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
          pushAll(gEdges, group.edges);
          g++;
          slot++;
        }
      }
      this.nSlotEnd[n] = slot;
    }
    this.groupOff[g] = gEdges.length;
    this.groupEdges = Int32Array.from(gEdges);
    // A queue's consumers pull: when one of their cores frees, they take the queue's next held message.
    this.pullOff = new Int32Array(N + 1);
    const pullSlots: number[] = [];
    const pullEdges: number[] = [];
    for (const node of model.nodes) {
      this.pullOff[node.index] = pullSlots.length;
      for (const e of model.edges) {
        if (e.to !== node.index || model.nodes[e.from].role !== 'queue') continue;
        pullSlots.push(this.nSlotStart[e.from]);
        pullEdges.push(e.index);
      }
    }
    this.pullOff[N] = pullSlots.length;
    this.pullSlot = Int32Array.from(pullSlots);
    this.pullEdge = Int32Array.from(pullEdges);

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
    this.sStaleUntil = new Float64Array(S);
    this.sColdFrom = new Float64Array(S).fill(-Infinity);
    this.sStoppedAsPrimary = new Uint8Array(S);
    this.sColdUntil = new Float64Array(S).fill(-Infinity);
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
  // Pools

  protected allocRequest(kind: number, cls: number, key: number, client: number): number {
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

  /**
   * No room for a new request: MAX_IN_FLIGHT requests are alive, or the
   * request and frame records in use passed SHED_SHARE of the memory ceiling
   * (a deep design fills the ceiling with fewer requests). New requests are
   * then shed and counted (`in_flight.dropped`) and the run goes on; the
   * ceiling itself stops a run only if the requests already in flight
   * outgrow it.
   */
  protected full(): boolean {
    const requests = this.rCap - this.rFreeTop;
    return requests >= this.maxInFlight || (requests + this.fCap - this.fFreeTop) * RECORD_BYTES > this.memoryCeiling * SHED_SHARE;
  }

  protected freeRequest(r: number): void {
    this.rFree[this.rFreeTop++] = r;
  }

  protected allocFrame(kind: number, r: number, n: number, parent: number): number {
    if (this.fFreeTop === 0) this.growFrames(this.fCap * 2);
    const f = this.fFree[--this.fFreeTop];
    // fStation is -1 on the free list; fPhase and fPending are set by the database code that reads them.
    this.fm[f * F.W + F.KIND] = kind;
    this.fm[f * F.W + F.REQ] = r;
    this.fm[f * F.W + F.NODE] = n;
    this.fm[f * F.W + F.PARENT] = parent;
    this.fm[f * F.W + F.SERIAL]++;
    this.fm[f * F.W + F.CURSOR] = 0;
    this.fm[f * F.W + F.PHASE] = Ph.SIMPLE;
    this.fd[f * F.D + F.ENTER] = this.now;
    this.nInFlight[n]++;
    return f;
  }

  protected freeFrame(f: number): void {
    this.nInFlight[this.fm[f * F.W + F.NODE]]--;
    const s = this.fm[f * F.W + F.STATION];
    if (s >= 0) this.sInFlight[s]--;
    this.fm[f * F.W + F.STATION] = -1;
    this.fm[f * F.W + F.SERIAL]++;
    this.fFree[this.fFreeTop++] = f;
  }

  /**
   * The capacity a pool of `cap` records may grow to: doubling while both
   * pools fit the memory ceiling, then an eighth at a time while they fit;
   * past it an eighth more, just enough to finish the events before the run
   * loop's next check stops the run.
   */
  protected boundedCap(old: number, wanted: number, other: number): number {
    if ((wanted + other) * RECORD_BYTES <= this.memoryCeiling) return wanted;
    // Near the ceiling, an eighth at a time while it fits (new requests are shed before it: `full`);
    // past it only enough to finish the event, and the run stops.
    const step = old + Math.max(1024, old >> 3);
    if ((step + other) * RECORD_BYTES <= this.memoryCeiling) return step;
    this.overMemory = true;
    return step;
  }

  protected growRequests(wanted: number): void {
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

  protected growFrames(wanted: number): void {
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

  // ---- defined by the layers above (engine-*.ts), declared here so that every layer can call them
  protected abstract enqueue(f: number, s: number, bounded: boolean): void;
  protected abstract startService(s: number, f: number): void;
  protected abstract touch(s: number): void;
  protected abstract touchAvail(s: number): void;
  protected abstract nodeBusy(n: number): number;
  protected abstract nodeAvail(n: number): number;
  protected abstract afterService(f: number): void;
  protected abstract proceed(f: number): void;
  protected abstract drainDeferred(): void;
  protected abstract proceedNow(f: number): void;
  protected abstract finishFrame(f: number): void;
  protected abstract finishRequest(r: number): void;
  protected abstract enter(to: number, e: number, r: number, parent: number, from: number): void;
  protected abstract enterSlow(to: number, e: number, r: number, parent: number, from: number): void;
  protected abstract bypass(f: number): void;
  protected abstract takeToken(n: number): boolean;
  protected abstract chooseEdge(n: number, k: number, r: number): number;
  protected abstract scratchEdge(i: number, e: number): void;
  protected abstract weightedFromScratch(m: number, rng: Rng): number;
  protected abstract pickStation(to: number, e: number, r: number, from: number): number;
  protected abstract pickLive(to: number, e: number, key: number, from: number): number;
  protected abstract pickIndex(policy: number, m: number, listed: boolean, base: number, e: number, key: number, rngNode: number): number;
  protected abstract spawnAsync(e: number, r: number, from: number): void;
  protected abstract crosses(a: number, b: number): boolean;
  protected abstract publish(m: number, r: number, from: number): void;
  protected abstract newMessage(cls: number, key: number, slot: number): number;
  protected abstract deliver(slot: number, b: number): void;
  protected abstract hold(slot: number, b: number): void;
  protected abstract flushHolds(): void;
  protected abstract pull(s: number): void;
  protected abstract startMessage(t: number, s: number, b: number, bounded: boolean): void;
  protected abstract liveCopy(base: number, from: number, to: number, rng: Rng): number;
  protected abstract liveCount(base: number, copies: number, except: number): number;
  protected abstract dbEnter(f: number, crossing: boolean): void;
  protected abstract markStale(r: number, n: number): void;
  protected abstract replicate(f: number): void;
  protected abstract spawnTask(s: number, parent: number): void;
  protected abstract taskDone(t: number, failed: boolean): void;
  protected abstract countOutcome(n: number, how: number): void;
  protected abstract abortRequest(r: number, how: number): void;
  protected abstract failEntry(n: number, parent: number, r: number, how: number): void;
  protected abstract failFrame(f: number, how: number): void;
  protected abstract release(f: number, r: number): void;
  protected abstract unwind(f: number): void;
  protected abstract evicted(f: number, s: number): void;
  protected abstract onTimer(n: number): void;
  protected abstract addDeadline(f: number, n: number): void;
  protected abstract scheduleSweep(n: number, deadline: number): void;
  protected abstract onFault(i: number): void;
  protected abstract setNodeUp(n: number, up: boolean, instance: number, copy: number): void;
  protected abstract stopStation(s: number): void;
  protected abstract startStation(s: number): void;
  protected abstract refreshStation(s: number): void;
  protected abstract refreshNode(n: number): void;
  protected abstract onScale(n: number): void;
  protected abstract onReady(s: number): void;
  protected abstract onFailover(s: number): void;
  protected abstract counters(): Counters;
  protected abstract onWarmup(): void;
  protected abstract setupSeries(): void;
  protected abstract sampleTo(t: number): void;
  protected abstract rawRun(stopped: StopReason, end: number, wallSeconds: number): RawRun;
  protected abstract interArrival(c: number): number;
  protected abstract onArrival(c: number): void;
  protected abstract dbScatter(f: number): void;
  protected abstract shedUser(): void;
  protected abstract onDone(f: number): void;
}

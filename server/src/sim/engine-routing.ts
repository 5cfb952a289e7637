/**
 * Routing: how a request moves on (a chooser calls one target, everyone else
 * each target in declaration order), the deferred work list that keeps deep
 * chains off the stack, and how a target instance is picked. (A layer of the
 * engine: engine-state.ts says how they fit.)
 */
import { Rng } from './rng';
import {
  Cls, Em, F, Fk, Fl, Out, Ph, Pick, Q, Rk, Role,
} from './engine-codes';
import { index, mix32, TWO_32, HEALTH_CHECK_INTERVAL, MAX_PROCEED_DEPTH } from './engine-helpers';
import { EngineStations } from './engine-stations';

export abstract class EngineRouting extends EngineStations {
  // =====================================================================================
  // Moving requests

  /** After a frame's own work at its component (service done, or nothing to serve). */
  protected afterService(f: number): void {
    const n = this.fm[f * F.W + F.NODE];
    const role = this.nRole[n];
    if (role === Role.CACHE) {
      const r = this.fm[f * F.W + F.REQ];
      if (this.rm[r * Q.W + Q.CLS] === Cls.READ) {
        const s = this.fm[f * F.W + F.STATION];
        const coldUntil = s >= 0 ? this.sColdUntil[s] : this.nColdUntil[n];
        const threshold = this.now < coldUntil ? this.refillingHitT(n, s >= 0 ? this.sColdFrom[s] : this.nColdFrom[n], coldUntil) : this.nHitT[n];
        const hit = this.nRng[n].nextU32() < threshold;
        this.nReads[n]++;
        if (hit) this.nHits[n]++;
        if (hit) {
          this.finishFrame(f);
          return;
        }
      } else if (this.nWriteBack[n] !== 0) {
        this.writeBack(f, n, r);
        return;
      }
    } else if (role === Role.DATABASE) {
      if (this.fm[f * F.W + F.PHASE] === Ph.PRIMARY_WRITE) {
        this.replicate(f);
        return;
      }
      // A read answered by a copy that has not applied the latest write yet (replication lag) is stale.
      const s = this.fm[f * F.W + F.STATION];
      if (s >= 0 && this.now < this.sStaleUntil[s]) this.markStale(this.fm[f * F.W + F.REQ], n);
    }
    this.proceed(f);
  }

  /**
   * A cache's hit threshold (× 2^32) while it refills after a restart at
   * `from`, full again at `until`: h(t) = 1 − (1 − h)^(t / T). It is the hit
   * ratio of a cache whose entries each live T (the ttl) and are asked for at
   * one common rate, chosen so that the steady state is `hit_ratio`
   * (docs/simulation.md, Caches).
   */
  protected refillingHitT(n: number, from: number, until: number): number {
    const h = this.nHitT[n] / TWO_32;
    const elapsed = (this.now - from) / (until - from);
    return (1 - Math.pow(1 - h, elapsed)) * TWO_32;
  }

  /**
   * `strategy: write_back`: the cache absorbs write frame f — the caller's
   * write ends here — and the write goes on to the cache's backends as
   * background requests (counted on their edges and components, not in the
   * caller's response time).
   */
  protected writeBack(f: number, n: number, r: number): void {
    const k = 2 * n + Cls.WRITE;
    for (let i = this.routeOff[k]; i < this.routeEnd[k]; i++) {
      const e = this.routeEdges[i];
      if (this.eProbT[e] !== TWO_32 && this.nRng[n].nextU32() >= this.eProbT[e]) continue;
      this.eCount[e]++;
      this.spawnAsync(e, r, n);
    }
    this.finishFrame(f);
  }

  /**
   * Sends frame f on to its component's targets: a chooser calls one, everyone
   * else each eligible one in declaration order (async ones without waiting).
   * Resumes where it left off when a child returns.
   */
  protected proceed(f: number): void {
    if (this.proceedDepth >= MAX_PROCEED_DEPTH) {
      this.deferred.push(f);
      return;
    }
    this.proceedDepth++;
    this.proceedNow(f);
    if (--this.proceedDepth === 0 && this.deferred.length > 0) this.drainDeferred();
  }

  /** Runs the frames deferred by `proceed`, each from the bottom of the stack again (they may defer more). */
  protected drainDeferred(): void {
    const deferred = this.deferred;
    this.proceedDepth = 1;
    while (deferred.length > 0) this.proceedNow(deferred.pop()!);
    this.proceedDepth = 0;
  }

  protected proceedNow(f: number): void {
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
  protected finishFrame(f: number): void {
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
    if (this.fm[f * F.W + F.PHASE] !== Ph.BYPASSED) {
      // A visit that passed a stopped cache is no completion there (a stopped component reports zero).
      this.nCompleted[n]++;
      if (enter >= this.warmup) this.nLatHist[n]!.record(this.now - enter);
    }
    this.freeFrame(f);
    if (p >= 0) this.proceed(p);
    else this.finishRequest(r);
  }

  protected finishRequest(r: number): void {
    const kind = this.rm[r * Q.W + Q.KIND];
    if (kind === Rk.USER) {
      if (this.tracer !== undefined) this.tracer.ended(r, this.now, 'completed');
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
  protected enter(to: number, e: number, r: number, parent: number, from: number): void {
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
  protected enterSlow(to: number, e: number, r: number, parent: number, from: number): void {
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
  protected bypass(f: number): void {
    this.nBypassed[this.fm[f * F.W + F.NODE]]++;
    this.fm[f * F.W + F.PHASE] = Ph.BYPASSED;
    this.proceed(f);
  }

  protected takeToken(n: number): boolean {
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

  // ---- choosing ------------------------------------------------------------------------

  /** A chooser's target among the eligible edges of class-slot k, or -1. */
  protected chooseEdge(n: number, k: number, r: number): number {
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

  protected readonly scratchEdges: number[] = [];
  protected scratchEdge(i: number, e: number): void {
    this.scratchEdges[i] = e;
  }

  protected weightedFromScratch(m: number, rng: Rng): number {
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
  protected pickStation(to: number, e: number, r: number, from: number): number {
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
  protected pickLive(to: number, e: number, key: number, from: number): number {
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

  protected pickIndex(policy: number, m: number, listed: boolean, base: number, e: number, key: number, rngNode: number): number {
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
}

/**
 * Faults and autoscaling: the scenario's stops, starts, partitions and
 * heals, instances warming up, and the autoscaler's interval decisions. (A
 * layer of the engine: engine-state.ts says how they fit.)
 */
import {
  Ev, F, Fl, Q, Role,
} from './engine-codes';
import { EngineFailures } from './engine-failures';
import { CACHE_REFILL_SECONDS } from './engine-helpers';

/** setNodeUp's `copy` for `db.primary`: whichever copy is each shard's primary at that moment. */
const CURRENT_PRIMARY = -2;

export abstract class EngineFaults extends EngineFailures {
  // =====================================================================================
  // Faults, instances, autoscaling

  protected onFault(i: number): void {
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
        for (const n of fault.nodes) this.setNodeUp(n, up, fault.instance, fault.primary ? CURRENT_PRIMARY : fault.copy);
        break;
      }
    }
    this.flushHolds();
  }

  /** Stops or starts node n, one instance of it, or one copy (CURRENT_PRIMARY: each shard's current primary). */
  protected setNodeUp(n: number, up: boolean, instance: number, copy: number): void {
    const count = this.nCount[n];
    const base = this.nStart[n];
    if (instance < 0 && copy === -1) {
      if (up && this.nStopped[n] !== 0 && count === 0 && this.nRole[n] === Role.CACHE) {
        // A CDN (no stations) starts empty: it refills over its ttl.
        this.nColdFrom[n] = this.now;
        this.nColdUntil[n] = this.now + this.refillTime(n);
      }
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
      if (copy === CURRENT_PRIMARY) {
        // `stop db.primary`: each shard's primary now; `start db.primary`: the copies that were stopped as primaries.
        if (up ? this.sStoppedAsPrimary[base + k] === 0 : k % copies !== this.shardPrimary[this.dbShardBase[n] + Math.floor(k / copies)]) continue;
        this.sStoppedAsPrimary[base + k] = up ? 0 : 1;
      }
      if (up) this.startStation(base + k);
      else this.stopStation(base + k);
    }
    this.refreshNode(n);
  }

  protected stopStation(s: number): void {
    if (this.sUp[s] === 0) return;
    this.touch(s);
    this.touchAvail(s);
    this.sUp[s] = 0;
    this.sDownAt[s] = this.now;
    this.sGen[s]++;
    const n = this.sNode[s];
    if (this.dbFailover[n] !== Infinity && this.sPos[s] % this.dbCopies[n] === this.shardPrimary[this.dbShardBase[n] + Math.floor(this.sPos[s] / this.dbCopies[n])]) {
      this.heap.push(this.now + this.dbFailover[n], (s << 3) | Ev.FAILOVER);
    }
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

  protected startStation(s: number): void {
    if (this.sUp[s] !== 0) return;
    this.touch(s);
    this.touchAvail(s);
    this.sUp[s] = 1;
    const n = this.sNode[s];
    const lag = this.dbLag[n];
    // A database copy catches up on the writes it missed (one lag); a cache instance starts empty.
    if (lag !== null) this.sStaleUntil[s] = Math.max(this.sStaleUntil[s], this.now + lag.sample());
    if (this.nRole[n] === Role.CACHE) {
      this.sColdFrom[s] = this.now;
      this.sColdUntil[s] = this.now + this.refillTime(n);
    }
    this.refreshStation(s);
  }

  /** Seconds a cache takes to refill after a (re)start: its ttl, else CACHE_REFILL_SECONDS. */
  protected refillTime(n: number): number {
    return this.nTtl[n] !== Infinity ? this.nTtl[n] : CACHE_REFILL_SECONDS;
  }

  /** Recomputes whether station s serves (provisioned, warmed up, up), keeping its availability integral. */
  protected refreshStation(s: number): void {
    const serving = this.sProv[s] !== 0 && this.sReady[s] !== 0 && this.sUp[s] !== 0 ? 1 : 0;
    if (serving !== this.sServing[s]) {
      this.touchAvail(s);
      this.sServing[s] = serving;
    }
  }

  protected refreshNode(n: number): void {
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

  /**
   * Autoscaling tick: the mean CPU utilization of the last interval against
   * the target. Above it, ceil(ready × util / target) instances are wanted
   * (up to max; new ones serve after warmup); below half the target, the
   * same formula removes instances (down to min) once none is warming up.
   */
  protected onScale(n: number): void {
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

  protected onReady(s: number): void {
    if (this.sProv[s] === 0 || this.sReady[s] !== 0 || this.sReadyAt[s] !== this.now) return;
    this.sReady[s] = 1;
    if (this.nRole[this.sNode[s]] === Role.CACHE) {
      // A cache instance the autoscaler added starts empty, like one restarted.
      this.sColdFrom[s] = this.now;
      this.sColdUntil[s] = this.now + this.refillTime(this.sNode[s]);
    }
    this.refreshStation(s);
    this.refreshNode(this.sNode[s]);
    this.flushHolds();
  }
}

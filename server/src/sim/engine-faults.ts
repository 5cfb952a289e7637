/**
 * Faults and autoscaling: the scenario's stops, starts, partitions and
 * heals, instances warming up, and the autoscaler's interval decisions. (A
 * layer of the engine: engine-state.ts says how they fit.)
 */
import {
  Ev, F, Fl, Q, Role,
} from './engine-codes';
import { EngineFailures } from './engine-failures';

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
        for (const n of fault.nodes) this.setNodeUp(n, up, fault.instance, fault.copy);
        break;
      }
    }
    this.flushHolds();
  }

  protected setNodeUp(n: number, up: boolean, instance: number, copy: number): void {
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

  protected stopStation(s: number): void {
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

  protected startStation(s: number): void {
    if (this.sUp[s] !== 0) return;
    this.touch(s);
    this.touchAvail(s);
    this.sUp[s] = 1;
    this.refreshStation(s);
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
    this.refreshStation(s);
    this.refreshNode(this.sNode[s]);
    this.flushHolds();
  }
}

/**
 * Stations: a frame joins an instance's FIFO queue, is served by one of its
 * cores, and the busy and queue integrals the utilisation comes from. (A
 * layer of the engine: engine-state.ts says how they fit.)
 */
import {
  Ev, F, Fk, Out, Q,
} from './engine-codes';
import { SATURATION_QUEUE } from './engine-helpers';
import { EngineState } from './engine-state';

export abstract class EngineStations extends EngineState {
  /** Frame f joins station s: served at once if a core is free, else queued (dropped when `bounded` and the queue is full). */
  protected enqueue(f: number, s: number, bounded: boolean): void {
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

  protected startService(s: number, f: number): void {
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
    if (this.tracer !== undefined) {
      const r = this.fm[f * F.W + F.REQ];
      if (r >= 0) this.tracer.served(r, this.sNode[s], this.fd[f * F.D + F.ENTER], now, d);
    }
  }

  /** Brings station s's busy and queue integrals up to now. */
  protected touch(s: number): void {
    const dt = this.now - this.sLast[s];
    if (dt > 0) {
      this.sBusyArea[s] += this.sBusy[s] * dt;
      this.sQArea[s] += this.sQLen[s] * dt;
      this.sLast[s] = this.now;
    }
  }

  protected touchAvail(s: number): void {
    const dt = this.now - this.sAvailLast[s];
    if (dt > 0) {
      if (this.sServing[s] !== 0) this.sAvailArea[s] += dt;
      this.sAvailLast[s] = this.now;
    }
  }

  /** Busy core-seconds of node n's stations up to now. */
  protected nodeBusy(n: number): number {
    let sum = 0;
    const now = this.now;
    for (let k = 0, s = this.nStart[n]; k < this.nCount[n]; k++, s++) sum += this.sBusyArea[s] + this.sBusy[s] * (now - this.sLast[s]);
    return sum;
  }

  /** Serving instance-seconds of node n's stations up to now. */
  protected nodeAvail(n: number): number {
    let sum = 0;
    const now = this.now;
    for (let k = 0, s = this.nStart[n]; k < this.nCount[n]; k++, s++) sum += this.sAvailArea[s] + (this.sServing[s] !== 0 ? now - this.sAvailLast[s] : 0);
    return sum;
  }
}

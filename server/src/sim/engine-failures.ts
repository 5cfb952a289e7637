/**
 * Failures and timeouts: a request fails or is dropped where it happens, its
 * parked frames are released once it holds no station, and per-component
 * deadline sweeps. (A layer of the engine: engine-state.ts says how they
 * fit.)
 */
import {
  Ev, F, Fk, Out, Q, Rk, Role,
} from './engine-codes';
import { EngineDatabases } from './engine-databases';

export abstract class EngineFailures extends EngineDatabases {
  // ---- failure -------------------------------------------------------------------------------

  protected countOutcome(n: number, how: number): void {
    if (how === Out.DROPPED) {
      this.nDropped[n]++;
      if (this.nSatAt[n] !== this.nSatAt[n]) this.nSatAt[n] = this.now;
    } else this.nFailed[n]++;
  }

  /** Request r failed or was dropped: its outcome, once. */
  protected abortRequest(r: number, how: number): void {
    if (this.rm[r * Q.W + Q.ABORTED] !== 0) return;
    this.rm[r * Q.W + Q.ABORTED] = 1;
    const kind = this.rm[r * Q.W + Q.KIND];
    if (kind === Rk.USER) {
      if (this.tracer !== undefined) this.tracer.ended(r, this.now, how === Out.DROPPED ? 'dropped' : 'failed');
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
  protected failEntry(n: number, parent: number, r: number, how: number): void {
    this.countOutcome(n, how);
    this.abortRequest(r, how);
    if (this.rm[r * Q.W + Q.LIVE] === 0) {
      this.unwind(parent);
      this.freeRequest(r);
    }
  }

  /** Frame f (holding no station) failed at its component. */
  protected failFrame(f: number, how: number): void {
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
  protected release(f: number, r: number): void {
    if (this.rm[r * Q.W + Q.LIVE] === 0) {
      this.unwind(f);
      this.freeRequest(r);
    } else this.freeFrame(f);
  }

  /** Frees frame f and its waiting ancestors. */
  protected unwind(f: number): void {
    while (f >= 0) {
      const p = this.fm[f * F.W + F.PARENT];
      this.freeFrame(f);
      f = p;
    }
  }

  /** Frame f lost its station s (stopped): messages go back to their queue or stream, caches pass it on, the rest fail. */
  protected evicted(f: number, s: number): void {
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

  /**
   * Sweep of component n's deadlines: every visit still there past its
   * deadline times out now. Sweeps come at most every timeout/8, so a stuck
   * request is declared failed at most that late; a visit that returns late
   * is caught exactly when it returns (finishFrame).
   */
  protected onTimer(n: number): void {
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

  protected addDeadline(f: number, n: number): void {
    const ring = this.toRing[n]!;
    const deadline = this.now + this.nTimeout[n];
    ring.push(deadline);
    ring.push(f);
    ring.push(this.fm[f * F.W + F.SERIAL]);
    if (this.toScheduled[n] === 0) this.scheduleSweep(n, deadline);
  }

  protected scheduleSweep(n: number, deadline: number): void {
    const soonest = this.now + this.nTimeout[n] / 8;
    this.toScheduled[n] = 1;
    this.heap.push(deadline > soonest ? deadline : soonest, (n << 3) | Ev.TIMER);
  }
}

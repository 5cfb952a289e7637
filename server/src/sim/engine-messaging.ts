/**
 * Async calls and messaging: background requests, queues (consumers take
 * turns), streams (every group, in order) and pub/sub, with messages held
 * while no consumer can take them. (A layer of the engine: engine-state.ts
 * says how they fit.)
 */
import {
  Fk, Out, Q, Rk, Role,
} from './engine-codes';
import { index, mix32, TWO_32 } from './engine-helpers';
import { EngineRouting } from './engine-routing';

export abstract class EngineMessaging extends EngineRouting {
  // ---- async calls and messaging ---------------------------------------------------------

  protected spawnAsync(e: number, r: number, from: number): void {
    if (this.full()) {
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

  protected crosses(a: number, b: number): boolean {
    return this.partMask !== 0 && ((this.nRegMask[a] ^ this.nRegMask[b]) & this.partMask) !== 0;
  }

  /** A message from request r published to messaging node m. */
  protected publish(m: number, r: number, from: number): void {
    if (this.nStopped[m] !== 0 || this.crosses(from, m)) {
      this.countOutcome(m, Out.FAILED);
      return;
    }
    if (this.full()) {
      this.inFlightDropped++;
      return;
    }
    const role = this.nRole[m];
    const first = this.nSlotStart[m];
    if (role === Role.QUEUE && this.slotCount[first] >= this.nMaxLength[m]) {
      // `max_length`: the broker refuses the message; the publish fails at the queue (the publisher does not wait, so its request goes on).
      this.countOutcome(m, Out.FAILED);
      return;
    }
    this.nArrivals[m]++;
    const cls = this.rm[r * Q.W + Q.CLS];
    const key = this.rm[r * Q.W + Q.KEY];
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

  protected newMessage(cls: number, key: number, slot: number): number {
    const b = this.allocRequest(Rk.MESSAGE, cls, key, -1);
    this.rm[b * Q.W + Q.SLOT] = slot;
    const c = ++this.slotCount[slot];
    if (c > this.slotMax[slot]) this.slotMax[slot] = c;
    return b;
  }

  /** Hands message b of slot `slot` (a queue, or one stream group) to its consumer, or holds it until one can take it. */
  protected deliver(slot: number, b: number): void {
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
        // Consumers pull: a message waits in the queue, not at a busy consumer (`pull` takes it when a core frees).
        if (s < 0 || this.sBusy[s] >= this.sCores[s]) continue;
        this.nQueuePtr[m] = (idx + 1) % count;
        this.deliverHeld(slot, b, m, e, t, s);
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
      this.deliverHeld(slot, b, m, e, t, s);
      return;
    }
    this.hold(slot, b);
  }

  /**
   * Hands held message `b` of `slot` to server `s` of consumer `t` over edge
   * `e`, unless the edge's probability thins it out: then the message leaves
   * the slot and is freed.
   */
  protected deliverHeld(slot: number, b: number, m: number, e: number, t: number, s: number): void {
    if (this.eProbT[e] !== TWO_32 && this.nRng[m].nextU32() >= this.eProbT[e]) {
      this.slotCount[slot]--;
      this.freeRequest(b);
      return;
    }
    this.eCount[e]++;
    this.startMessage(t, s, b, false);
  }

  /**
   * A core of station s freed: its component takes the next message held by
   * a queue it consumes from (in the order its connections were written),
   * while the station has a free core and the queue has messages.
   */
  protected pull(s: number): void {
    const t = this.sNode[s];
    const end = this.pullOff[t + 1];
    for (let i = this.pullOff[t]; i < end; i++) {
      const slot = this.pullSlot[i];
      const q = this.slotHold[slot]!;
      const m = this.slotNode[slot];
      while (q.size > 0 && this.sBusy[s] < this.sCores[s] && this.sUp[s] !== 0 && this.sReady[s] !== 0 && this.nStopped[t] === 0 && !this.crosses(m, t)) {
        const b = q.shift();
        this.held--;
        this.deliverHeld(slot, b, m, this.pullEdge[i], t, s);
      }
    }
  }

  protected hold(slot: number, b: number): void {
    this.slotHold[slot]!.push(b);
    this.held++;
  }

  /** Offers every held message again (after a start, a heal, a new instance). */
  protected flushHolds(): void {
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
  protected startMessage(t: number, s: number, b: number, bounded: boolean): void {
    const f = this.allocFrame(Fk.VISIT, b, t, -1);
    this.nArrivals[t]++;
    if (this.nTimeout[t] !== Infinity) this.addDeadline(f, t);
    this.enqueue(f, s, bounded);
  }
}

/**
 * Databases: shards and copies, primary/replica, multi-primary and
 * leaderless quorums, replication tasks and their acks. (A layer of the
 * engine: engine-state.ts says how they fit.)
 */
import { Rng } from './rng';
import {
  Cls, DbMode, F, Fk, Out, Ph, Q, ReadFrom, Sync,
} from './engine-codes';
import { index, mix32 } from './engine-helpers';
import { EngineMessaging } from './engine-messaging';

export abstract class EngineDatabases extends EngineMessaging {
  // ---- databases ---------------------------------------------------------------------------

  protected liveCopy(base: number, from: number, to: number, rng: Rng): number {
    let m = 0;
    for (let c = from; c < to; c++) if (this.sUp[base + c] !== 0) this.scratch[m++] = base + c;
    if (m === 0) return -1;
    return m === 1 ? this.scratch[0] : this.scratch[index(rng.nextU32(), m)];
  }

  /** A live copy of the shard at `base` other than station `except`, at random; -1 when none. */
  protected liveOther(base: number, copies: number, except: number, rng: Rng): number {
    let m = 0;
    for (let c = 0; c < copies; c++) if (base + c !== except && this.sUp[base + c] !== 0) this.scratch[m++] = base + c;
    if (m === 0) return -1;
    return m === 1 ? this.scratch[0] : this.scratch[index(rng.nextU32(), m)];
  }

  protected liveCount(base: number, copies: number, except: number): number {
    let live = 0;
    for (let c = 0; c < copies; c++) if (base + c !== except && this.sUp[base + c] !== 0) live++;
    return live;
  }

  /** A request arrives at database frame f (crossing: from the other side of a partition). */
  protected dbEnter(f: number, crossing: boolean): void {
    const n = this.fm[f * F.W + F.NODE];
    const r = this.fm[f * F.W + F.REQ];
    const write = this.rm[r * Q.W + Q.CLS] === Cls.WRITE;
    const cp = this.dbCp[n] !== 0;
    if (crossing) {
      if (cp) {
        // Refused on the cut-off side: a write could not be replicated across the cut, a read could miss the latest write.
        this.failFrame(f, Out.FAILED);
        return;
      }
      if (!write) this.markStale(r, n);
    }
    const shards = this.dbShards[n];
    const copies = this.dbCopies[n];
    const scatterT = this.dbScatterT[2 * n + (write ? Cls.WRITE : Cls.READ)];
    if (scatterT !== 0 && this.nRng[n].nextU32() < scatterT) {
      this.dbScatter(f);
      return;
    }
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
      // Whether the copy that answers has every write is decided when it answers (afterService: replication lag).
      const readFrom = mode === DbMode.PR ? this.dbReadFrom[n] : ReadFrom.ANY;
      const primary = mode === DbMode.PR ? base + this.shardPrimary[this.dbShardBase[n] + shard] : -1;
      if (readFrom === ReadFrom.PRIMARY) {
        // A primary read while the primary is down: CP refuses it; AP asks a replica instead.
        if (this.sUp[primary] !== 0) s = primary;
        else if (!cp) s = this.liveOther(base, copies, primary, rng);
      } else if (readFrom === ReadFrom.REPLICAS) {
        s = this.liveOther(base, copies, primary, rng);
        if (s < 0 && this.sUp[primary] !== 0) s = primary;
      } else {
        s = this.liveCopy(base, 0, copies, rng);
      }
      this.fm[f * F.W + F.PHASE] = Ph.SIMPLE;
    } else {
      // A write: to the shard's primary (multi-primary: any live primary), then replicated. While the
      // primary is down, writes fail until it starts again or the fail-over promotes a replica.
      if (mode === DbMode.PR) {
        const primary = base + this.shardPrimary[this.dbShardBase[n] + shard];
        s = this.sUp[primary] !== 0 ? primary : -1;
      } else s = this.liveCopy(base, 0, copies, rng);
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

  /**
   * A scatter–gather query (frame f at its database): one task per shard, at
   * the copy a request of its class would use there (the primary, or for reads
   * a live copy where `read_from` allows), and the query completes when the
   * last shard answers. A shard without a usable copy fails the query.
   */
  protected dbScatter(f: number): void {
    const n = this.fm[f * F.W + F.NODE];
    const r = this.fm[f * F.W + F.REQ];
    const write = this.rm[r * Q.W + Q.CLS] === Cls.WRITE;
    const shards = this.dbShards[n];
    const copies = this.dbCopies[n];
    const rng = this.nRng[n];
    const chosen = this.chosen;
    for (let shard = 0; shard < shards; shard++) {
      const base = this.nStart[n] + shard * copies;
      const primary = base + this.shardPrimary[this.dbShardBase[n] + shard];
      let s: number;
      if (this.dbMode[n] === DbMode.PR) {
        s = write || this.dbReadFrom[n] === ReadFrom.PRIMARY ? (this.sUp[primary] !== 0 ? primary : -1) : this.liveCopy(base, 0, copies, rng);
      } else s = this.liveCopy(base, 0, copies, rng);
      if (s < 0) {
        this.failFrame(f, Out.FAILED);
        return;
      }
      chosen[shard] = s;
    }
    this.fm[f * F.W + F.PHASE] = Ph.JOIN;
    this.fm[f * F.W + F.PENDING] = shards;
    this.rm[r * Q.W + Q.LIVE]++;
    for (let shard = 0; shard < shards; shard++) this.spawnTask(chosen[shard], f);
  }

  protected markStale(r: number, n: number): void {
    if (this.rm[r * Q.W + Q.STALE] === 0) {
      this.rm[r * Q.W + Q.STALE] = 1;
    }
    this.nStale[n]++;
  }

  /** The primary applied write frame f: every other live copy applies it too; wait for the acks sync/semi_sync need. */
  protected replicate(f: number): void {
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
    const lag = this.dbLag[n];
    for (let c = 0; c < copies; c++) {
      const s = base + c;
      if (s === served) continue;
      if (lag !== null) {
        // Replication lag: copy s has this write only from now + lag on (a stopped copy catches up when it starts).
        const until = this.now + lag.sample();
        if (until > this.sStaleUntil[s]) this.sStaleUntil[s] = until;
      }
      if (this.sUp[s] === 0) continue;
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

  /**
   * The fail-over time of stopped primary station s came: if it is still down
   * and still its shard's primary, the first live replica (in copy order)
   * becomes the primary. The old primary, when it starts again, is a replica.
   * Without a live replica nothing changes (the primary resumes when it starts).
   */
  protected onFailover(s: number): void {
    const n = this.sNode[s];
    if (this.sUp[s] !== 0 || this.sDownAt[s] + this.dbFailover[n] !== this.now) return; // restarted, or an earlier stop's
    const copies = this.dbCopies[n];
    const pos = this.sPos[s];
    const shard = Math.floor(pos / copies);
    const slot = this.dbShardBase[n] + shard;
    if (this.shardPrimary[slot] !== pos % copies) return;
    const base = this.nStart[n] + shard * copies;
    for (let c = 0; c < copies; c++) {
      if (this.sUp[base + c] === 0) continue;
      this.shardPrimary[slot] = c;
      this.nFailovers[n]++;
      return;
    }
  }

  /** A copy's share of a database request: acks frame `parent` (or nobody: -1) when served. */
  protected spawnTask(s: number, parent: number): void {
    const t = this.allocFrame(Fk.TASK, -1, this.sNode[s], -1);
    this.fm[t * F.W + F.PARENT] = parent;
    this.fm[t * F.W + F.JOIN] = parent >= 0 ? this.fm[parent * F.W + F.SERIAL] : 0;
    if (this.sUp[s] === 0) {
      this.taskDone(t, true);
      return;
    }
    this.enqueue(t, s, false);
  }

  protected taskDone(t: number, failed: boolean): void {
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
}

/**
 * Statistics: the counters by name and their warm-up snapshot, the time
 * series, and the raw run handed to the reduction (results.ts). (A layer of
 * the engine: engine-state.ts says how they fit.)
 */
import { copyCounters, countersSince, type Counters } from './counters';
import type { RawRun, StopReason } from './results';
import { EngineFaults } from './engine-faults';

export abstract class EngineStatistics extends EngineFaults {
  /** Whole-run counters; their values at the end of the warm-up are subtracted from the results. */
  protected counters(): Counters {
    return {
      arrivals: this.nArrivals, completed: this.nCompleted, failed: this.nFailed, dropped: this.nDropped, stale: this.nStale,
      timeouts: this.nTimeouts, bypassed: this.nBypassed, reads: this.nReads, hits: this.nHits,
      stationArrivals: this.sArrivals, served: this.sServed, sojourn: this.sSojourn, wait: this.sWait, stationDropped: this.sDropped,
      edgeCount: this.eCount,
    };
  }

  protected onWarmup(): void {
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

  // =====================================================================================
  // Series and results

  /**
   * Series (keys of the JSON `series` object, besides `t_s`):
   * - `throughput_rps`, `errors_rps` (failed + dropped), `stale_rps`: client requests per second over each step;
   * - `latency_mean_ms`, `latency_p50_ms`, `latency_p95_ms`, `latency_p99_ms`: client response times completed within each step
   *   (the mean is what the automatic warm-up, mser.ts, reads);
   * - `throughput_rps.NAME`: visits completed per second at a component (messages published, for messaging);
   * - `errors_rps.NAME`: requests failed or dropped per second at a component;
   * - `utilization.NAME`: busy cores / serving cores over each step (components with stations);
   * - `queue.NAME`: requests waiting for a core, all instances together, at the sample time;
   * - `instances.NAME`: serving instances (up and warmed up) at the sample time;
   * - `backlog.NAME`: messages published to a queue or stream and not yet processed (all groups);
   * - `lag.NAME.GROUP`: a stream group's unprocessed messages.
   */
  protected setupSeries(): void {
    const s = this.series;
    s.rate('throughput_rps', () => this.allCompleted);
    s.rate('errors_rps', () => this.allErrors);
    s.rate('stale_rps', () => this.allStale);
    s.gauge('latency_mean_ms', () => this.winMean * 1000);
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
  protected sampleTo(t: number): void {
    const s = this.series;
    while (s.nextTime <= t) {
      const at = s.nextTime;
      if (at > this.now) this.now = at;
      const w = this.windowLatency;
      if (w.count > 0) {
        this.winMean = w.mean;
        this.winP50 = w.percentile(50);
        this.winP95 = w.percentile(95);
        this.winP99 = w.percentile(99);
        w.reset();
      } else {
        this.winMean = this.winP50 = this.winP95 = this.winP99 = NaN;
      }
      s.advanceTo(at);
    }
    this.nextSample = s.nextTime;
  }

  protected rawRun(stopped: StopReason, end: number, wallSeconds: number): RawRun {
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
        failovers: this.nFailovers[n],
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

/**
 * Memory under overload (issue 14, v2 §4): a realistic design at twice its
 * capacity for 10 simulated minutes must stay under 1 GB, and the run must
 * say what it shed.
 *
 *   node --expose-gc out/server/bench/overload.bench.js
 *
 * The design: a balancer, a gateway, two service tiers, a cache, a
 * replicated database and a queue with its worker, at 4,000 requests/s;
 * `orders` (8 cores, 4 ms) can serve 2,000/s, so it runs at twice its
 * capacity (the estimate's utilization 2.0; every other part below 0.7). Nothing bounds its queues but the engine's
 * in-flight cap (limits.ts MAX_IN_FLIGHT), so the backlog grows until the cap
 * sheds new requests: the figure to watch is the process's peak resident
 * memory (sampled at each progress report), with the requests shed at the
 * cap (`in_flight.dropped`) and the peak in flight.
 */
import { analyze } from '../src/analyze';
import { buildSimModel } from '../src/sim/model';
import { Simulation } from '../src/sim/engine';
import type { Targets } from './targets';

export const OVERLOAD_DESIGN = `
system overload {
  client users { rate: 4000/s  read_ratio: 80% }
  loadbalancer lb { instances: 2 }
  gateway api { instances: 2  cores: 4 }
  service front { instances: 4  cores: 2  service_time: 1ms }
  cache sessions { instances: 2  hit_ratio: 80%  service_time: 200us }
  service orders { instances: 4  cores: 2  service_time: 4ms }
  database db {
    cores: 8
    service_time: 2ms
    replication { mode: primary_replica  replicas: 2  read_from: replicas }
  }
  queue jobs
  worker mailer { instances: 2  cores: 2  service_time: 2.5ms }
  users -> lb -> api -> front
  front -> sessions -> db
  front -> orders -> db
  orders -> jobs (on: write)
  jobs -> mailer
}`;

export const OVERLOAD_TARGETS: Targets = {
  'overload.600s.peakRssMB': { below: 1024 },
};

export function benchOverload(): Record<string, number> {
  const system = analyze(OVERLOAD_DESIGN).systems[0];
  const model = buildSimModel(system, { duration: 600, seed: 1, warmup: 0 });
  const gc = (global as { gc?: () => void }).gc;
  gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const t0 = performance.now();
  const result = new Simulation(model).run({
    progressEvery: 1 << 20,
    onProgress: () => {
      peak = Math.max(peak, process.memoryUsage().rss);
    },
  });
  peak = Math.max(peak, process.memoryUsage().rss);
  const results: Record<string, number> = {
    'overload.600s.peakRssMB': peak / 2 ** 20,
    'overload.600s.rssBeforeMB': before / 2 ** 20,
    'overload.600s.wallSeconds': (performance.now() - t0) / 1000,
    'overload.600s.simulatedSeconds': result.simulated,
    'overload.600s.events': result.events,
    'overload.600s.completed': result.requests.completed,
    'overload.600s.failed': result.requests.failed,
    'overload.600s.dropped': result.requests.dropped,
    'overload.600s.inFlightPeak': result.inFlight.peak,
    'overload.600s.inFlightDropped': result.inFlight.dropped,
  };
  console.log(`overload: ${result.stopped}; ${JSON.stringify(results, null, 1)}`);
  return results;
}

if (require.main === module) benchOverload();

/**
 * Speed and memory of the simulation engine, on one core.
 *
 *   npx tsx server/bench/sim.bench.ts        (or node out/server/bench/sim.bench.js)
 *
 * - engine.10c.*: events per second of the engine on a 10-component design
 *   (balancer, gateway, services, a cache, a replicated database, a queue
 *   and its worker) over a long run, next to the M/M/1 baseline loop
 *   (`runMm1Baseline`, the same primitives with nothing else) measured in
 *   the same process, alternating, best of a few repetitions. Goals: ratio
 *   ≥ 0.5 and ≥ 3 M events/s. Rates are per second of this process's CPU
 *   time (`process.cpuUsage`), which on an idle machine equals wall time and
 *   on a shared one is not distorted by time slicing; the wall-clock rates
 *   are printed too.
 * - floor.10c.*: the same events on the same design with nothing else
 *   (`runNetworkFloor`): pop, draw, pick, push. Its ratio to the baseline
 *   bounds the engine's, which does more per event; engine.10c.ratioToFloor
 *   is what the engine's own work costs on top of it.
 * - scenario.20c.wallSeconds: wall time of a 60 s scenario of a
 *   20-component design at 1,000 requests/s, with a fault (goal < 1 s).
 * - memory.*: heap used after a 60 s and a 600 s run of the 20-component
 *   design (statistics are streamed, so the two should be close).
 */
import { analyze } from '../src/analyze';
import { buildSimModel } from '../src/sim/model';
import { Simulation } from '../src/sim/engine';
import { runMm1Baseline } from '../src/sim/mm1-baseline';
import { runNetworkFloor, type FloorPath } from './network-floor';
import type { Targets } from './targets';

export const BENCH_10 = `
system bench10 {
  client users { rate: 2000/s  read_ratio: 80% }
  loadbalancer lb { instances: 2  algorithm: least_connections }
  gateway api { instances: 2 }
  service front { instances: 4  cores: 2  service_time: 2ms }
  service auth { instances: 2  cores: 2  service_time: 1ms }
  cache sessions { instances: 2  hit_ratio: 90%  service_time: 200us }
  service orders { instances: 4  cores: 2  service_time: 3ms }
  database db {
    cores: 8
    service_time: 2ms
    replication { mode: primary_replica  replicas: 2  read_from: replicas }
  }
  queue jobs
  worker mailer { instances: 2  cores: 2  service_time: 5ms }
  users -> lb -> api -> front
  front -> auth -> sessions -> db
  front -> orders -> db
  orders -> jobs (on: write)
  jobs -> mailer
}`;

/** BENCH_10's station visits per request, for the floor loop: 8.28, as the engine counts them. */
export const BENCH_10_FLOOR: FloorPath = {
  read: [
    { at: 'lb' }, { at: 'api' }, { at: 'front' }, { at: 'auth' }, { at: 'sessions' },
    { at: 'db.replica', p: 0.1 }, // a session-cache miss
    { at: 'orders' }, { at: 'db.replica' },
  ],
  write: [
    { at: 'lb' }, { at: 'api' }, { at: 'front' }, { at: 'auth' }, { at: 'sessions' },
    { at: 'db.primary' }, { at: 'db.replica' }, { at: 'db.replica' }, // a write and its replication
    { at: 'orders' },
    { at: 'db.primary' }, { at: 'db.replica' }, { at: 'db.replica' },
    { at: 'mailer' }, // through the queue
  ],
};

/** 20 components, 1,000 requests/s, a cache outage in the middle. */
export const BENCH_20 = `
system bench20 {
  client web { rate: 700/s  read_ratio: 90% }
  client mobile { rate: 300/s  read_ratio: 80% }
  dns edge_dns
  cdn static { origin: assets  hit_ratio: 95% }
  blob assets
  loadbalancer lb { instances: 2 }
  gateway api { instances: 2  timeout: 2s }
  service catalog { instances: 4  cores: 2  service_time: 4ms  timeout: 1s }
  cache catalog_cache { instances: 2  hit_ratio: 85%  service_time: 300us }
  database catalog_db { cores: 8  service_time: 3ms  replication { mode: primary_replica  replicas: 1  read_from: any } }
  service cart { instances: 2  cores: 2  service_time: 3ms }
  cache cart_cache { hit_ratio: 70% }
  database cart_db { cores: 8  service_time: 2ms  sharding { strategy: hash  shards: 4  key: user_id } }
  service checkout { instances: 2  cores: 2  service_time: 8ms  autoscale { min: 2  max: 6  warmup: 10s } }
  database orders_db { cores: 8  service_time: 4ms  replication { mode: primary_replica  replicas: 2  sync: semi_sync } }
  stream order_events { partitions: 8 }
  worker payments { instances: 4  cores: 2  service_time: 10ms }
  worker emails { instances: 2  cores: 2  service_time: 5ms }
  queue notifications
  worker notifier { instances: 2  service_time: 2ms }
  web -> static (on: read)
  web -> edge_dns
  mobile -> edge_dns
  edge_dns -> lb -> api
  api -> catalog (on: read)
  api -> cart (weight: 1)
  api -> checkout (on: write)
  catalog -> catalog_cache -> catalog_db
  cart -> cart_cache -> cart_db
  checkout -> orders_db
  checkout -> order_events
  order_events -> payments (group: payments)
  order_events -> emails (group: emails)
  emails -> notifications
  notifications -> notifier
  scenario bench {
    duration: 60s
    seed: 5
    at 20s: stop catalog_cache
    at 40s: start catalog_cache
  }
}`;

function model(text: string, options: Parameters<typeof buildSimModel>[1] = {}) {
  const analysis = analyze(text);
  const system = analysis.systems[0];
  const scenario = system.scenarios[0];
  return buildSimModel(system, { scenario, ...options });
}

interface Rate {
  events: number;
  /** CPU seconds of this process. */
  cpu: number;
  wall: number;
}

function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** Times `run` (which returns the events it processed) in CPU and wall seconds. */
function timed(run: () => number): Rate {
  const c0 = cpuSeconds();
  const w0 = performance.now();
  const events = run();
  return { events, cpu: cpuSeconds() - c0, wall: (performance.now() - w0) / 1000 };
}

function engineRate(seconds: number): Rate {
  const m = model(BENCH_10, { duration: seconds, seed: 11 });
  return timed(() => new Simulation(m).run().events);
}

function floorRate(seconds: number): Rate {
  const m = model(BENCH_10, { duration: seconds, seed: 11 });
  return timed(() => runNetworkFloor(m, BENCH_10_FLOOR, seconds, 11).events);
}

function baselineRate(events: number): Rate {
  return timed(() => runMm1Baseline(0.8, 1, events, 7).events);
}

/**
 * Heap in use at the end of a run of the 20-component design, with the
 * simulation still live: what a run of that length holds. Taken inside the
 * run's last progress call, after full collections, so garbage left by
 * earlier benchmarks is not counted.
 */
function heapUsedAfter(duration: number): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  const m = model(BENCH_20, { duration, seed: 5 });
  let used = NaN;
  const r = new Simulation(m).run({
    onProgress: (done) => {
      if (done < 1) return;
      gc?.();
      gc?.();
      used = process.memoryUsage().heapUsed;
    },
  });
  if (r.events === 0 || Number.isNaN(used)) throw new Error('nothing simulated');
  return used;
}

/** The figures: at least 3 M events/s, half the baseline's rate (a goal), 60 s in under 1 s, flat memory. */
export const SIM_TARGETS: Targets = {
  'engine.10c.eventsPerSec': { atLeast: 3e6 },
  'engine.10c.ratioToBaseline': { atLeast: 0.5 },
  'scenario.20c.60s.wallSeconds': { below: 1 },
  'memory.20c.growthRatio': { below: 1.1 },
};

/** Runs the benchmarks, prints them and returns the figures. */
export function benchSim(): Record<string, number> {
  const results: Record<string, number> = {};
  // Warm-up: both loops optimised before anything is timed.
  engineRate(20);
  floorRate(20);
  baselineRate(2_000_000);

  const REPS = 4;
  let engineBest = 0;
  let baselineBest = 0;
  let floorBest = 0;
  let engineWall = 0;
  let baselineWall = 0;
  let events = 0;
  for (let i = 0; i < REPS; i++) {
    const e = engineRate(300);
    events = e.events;
    engineBest = Math.max(engineBest, e.events / e.cpu);
    engineWall = Math.max(engineWall, e.events / e.wall);
    const b = baselineRate(e.events);
    baselineBest = Math.max(baselineBest, b.events / b.cpu);
    baselineWall = Math.max(baselineWall, b.events / b.wall);
    const f = floorRate(300);
    // The floor stands for this design only while it makes the engine's events.
    if (Math.abs(f.events / e.events - 1) > 0.03) throw new Error(`the floor loop made ${f.events} events, the engine ${e.events}: BENCH_10_FLOOR no longer matches BENCH_10`);
    floorBest = Math.max(floorBest, f.events / f.cpu);
  }
  results['engine.10c.events'] = events;
  results['engine.10c.eventsPerSec'] = engineBest;
  results['baseline.mm1.eventsPerSec'] = baselineBest;
  results['engine.10c.ratioToBaseline'] = engineBest / baselineBest;
  results['floor.10c.eventsPerSec'] = floorBest;
  results['floor.10c.ratioToBaseline'] = floorBest / baselineBest;
  results['engine.10c.ratioToFloor'] = engineBest / floorBest;
  results['engine.10c.wall.eventsPerSec'] = engineWall;
  results['baseline.mm1.wall.eventsPerSec'] = baselineWall;

  // A 60 s scenario of the 20-component design at 1,000 requests/s.
  model(BENCH_20); // warm the parser and the model builder too
  let wall = Infinity;
  let scenarioEvents = 0;
  for (let i = 0; i < REPS; i++) {
    const t0 = performance.now();
    const m = model(BENCH_20);
    const r = new Simulation(m).run();
    wall = Math.min(wall, (performance.now() - t0) / 1000);
    scenarioEvents = r.events;
  }
  results['scenario.20c.60s.events'] = scenarioEvents;
  results['scenario.20c.60s.wallSeconds'] = wall;

  // Memory: heap used after a short and a ten-times-longer run.
  // Least of three, alternating: a collection can leave a little garbage behind in one measurement.
  let short = Infinity;
  let long = Infinity;
  for (let i = 0; i < 3; i++) {
    short = Math.min(short, heapUsedAfter(60));
    long = Math.min(long, heapUsedAfter(600));
  }
  results['memory.20c.60s.heapUsedMB'] = short / 2 ** 20;
  results['memory.20c.600s.heapUsedMB'] = long / 2 ** 20;
  results['memory.20c.growthRatio'] = long / short;

  const width = Math.max(...Object.keys(results).map((k) => k.length));
  for (const [k, v] of Object.entries(results)) {
    const shown = k.endsWith('PerSec') ? `${(v / 1e6).toFixed(2)} M/s` : Number.isInteger(v) ? String(v) : v.toFixed(3);
    console.log(`${k.padEnd(width)}  ${shown.padStart(12)}`);
  }
  if (!(global as { gc?: unknown }).gc) console.log('(run node with --expose-gc for exact heap figures)');
  return results;
}

if (require.main === module) benchSim();

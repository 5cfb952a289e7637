/**
 * A deterministic generator of realistic `.sysdesign` designs, for benchmarks
 * and stress tests: several systems, each with a workload, an edge tier
 * (clients, DNS, CDN, load balancer, gateway), regions holding groups of
 * services and workers, caches, databases with replication, sharding and
 * tables, streams and queues, connections, queries and a scenario.
 *
 *   generateDesign({ components: 1500 })   // about 10,000 lines
 *
 * The output is a valid design (no syntax or linker errors), so a benchmark
 * measures the normal path; the same options and seed give the same text.
 */

export interface GenerateOptions {
  /** Total number of components (regions and groups included), across all systems. */
  components: number;
  /** Number of systems the components are spread over [ceil(components / 500)]. */
  systems?: number;
  /** Regions per system [3]. */
  regions?: number;
  /** Services per group inside a region [6]. */
  groupSize?: number;
  /** Tables per database [2]. */
  tablesPerDatabase?: number;
  /** Queries per database [2]. */
  queriesPerDatabase?: number;
  /** Add a scenario with fault events to each system [true]. */
  scenarios?: boolean;
  /** Seed of the pseudo-random choices [1]. */
  seed?: number;
}

/** mulberry32: a small, fast, seedable PRNG (no global state). The fuzz tests use it too. */
export class Prng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  /** An integer in [0, n). */
  below(n: number): number {
    return Math.floor(this.next() * n);
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
}

const SERVICE_WORDS = ['orders', 'payments', 'catalog', 'search', 'users', 'auth', 'feed', 'inventory', 'shipping', 'billing', 'profile', 'media', 'notify', 'ranking', 'pricing', 'reviews', 'cart', 'checkout', 'ledger', 'graph'];
const REGION_NAMES = ['us_east', 'us_west', 'eu_west', 'eu_central', 'ap_south', 'ap_northeast', 'sa_east'];
const LB_ALGORITHMS = ['round_robin', 'least_connections', 'power_of_two', 'random'];
const DB_TECH = ['postgres', 'mysql', 'cassandra', 'mongodb', 'dynamodb', 'cockroachdb'];
const COLUMN_WORDS = ['name', 'email', 'created_at', 'updated_at', 'status', 'amount', 'title', 'body', 'country', 'score', 'owner_id', 'parent_id'];

/** Accumulates lines for one system and counts its components. */
class SystemWriter {
  readonly lines: string[] = [];
  components = 0;

  line(indent: number, text: string): void {
    this.lines.push('  '.repeat(indent) + text);
  }
}

export function generateDesign(options: GenerateOptions): string {
  const total = Math.max(1, Math.floor(options.components));
  const systemCount = Math.max(1, options.systems ?? Math.ceil(total / 500));
  const rng = new Prng(options.seed ?? 1);
  const out: string[] = [`// Generated design: ${total} components in ${systemCount} system${systemCount === 1 ? '' : 's'} (seed ${options.seed ?? 1}).`];
  let remaining = total;
  for (let s = 0; s < systemCount; s++) {
    const share = Math.ceil(remaining / (systemCount - s));
    remaining -= share;
    out.push('', ...generateSystem(`sys${s + 1}`, share, options, rng));
  }
  return out.join('\n') + '\n';
}

function generateSystem(name: string, budget: number, options: GenerateOptions, rng: Prng): string[] {
  const w = new SystemWriter();
  const regionCount = Math.max(1, options.regions ?? 3);
  const groupSize = Math.max(1, options.groupSize ?? 6);
  const tablesPerDb = Math.max(1, options.tablesPerDatabase ?? 2);
  const queriesPerDb = Math.max(0, options.queriesPerDatabase ?? 2);
  const connections: string[] = [];
  const queries: string[] = [];
  let unique = 0;
  const fresh = (base: string) => `${base}_${++unique}`;

  w.line(0, `system ${name} "${name.toUpperCase()} platform" {`);
  w.line(1, 'cap: AP');
  w.line(1, 'layout: right');
  w.line(1, 'workload {');
  w.line(2, `dau: ${rng.int(1, 200)}M`);
  w.line(2, `writes_per_user: ${rng.int(1, 20)}/day`);
  w.line(2, `reads_per_user: ${rng.int(100, 2000)}/day`);
  w.line(2, 'record_size: 1KB');
  w.line(2, 'media_fraction: 10%');
  w.line(2, 'media_size: 2MB');
  w.line(2, 'peak_factor: 3');
  w.line(1, '}');
  w.line(0, '');

  // Edge tier: 7 components.
  const small = budget < 12;
  const app = fresh('app');
  w.line(1, `client ${app} "Mobile and web" { rate: ${rng.int(1, 20)}k/s }`);
  w.components++;
  if (small) {
    const svc = fresh('svc');
    w.line(1, `service ${svc}`);
    w.components++;
    connections.push(`${app} -> ${svc}`);
    while (w.components < budget) {
      const extra = fresh('svc');
      w.line(1, `service ${extra} { instances: ${rng.int(1, 8)} }`);
      w.components++;
      connections.push(`${svc} -> ${extra}`);
    }
    for (const c of connections) w.line(1, c);
    w.line(0, '}');
    return w.lines;
  }
  const dns = fresh('dns');
  const blob = fresh('media');
  const cdn = fresh('edge');
  const lb = fresh('lb');
  const api = fresh('api');
  w.line(1, `dns ${dns}: route53 { geo: true }`);
  w.line(1, `blob ${blob}: s3`);
  w.line(1, `cdn ${cdn}: cloudfront { origin: ${blob}  ttl: 24h  hit_ratio: 95% }`);
  w.line(1, `loadbalancer ${lb} { algorithm: ${rng.pick(LB_ALGORITHMS)}  instances: 2 }`);
  w.line(1, `gateway ${api} { rate_limit: ${rng.int(1, 100)}k/s  auth: jwt }`);
  w.components += 5;
  connections.push(`${app} -> ${dns}`, `${app} -> ${cdn}`, `${app} -> ${lb} -> ${api}`);
  const events = fresh('events');
  w.line(1, `stream ${events}: kafka { partitions: ${rng.int(4, 64)}  retention: 7d  partition_key: user_id }`);
  w.components++;

  // Regions: each holds groups; each group holds services, a cache, a database, a queue and a worker.
  const services: string[] = [];
  const databases: { name: string; tables: { name: string; columns: string[] }[] }[] = [];
  const regions: string[] = [];
  const perGroup = 1 + groupSize + 4;
  const groupCount = Math.max(1, Math.ceil((budget - w.components - regionCount) / perGroup));
  const groupsPerRegion = Math.max(1, Math.ceil(groupCount / regionCount));
  let region = 0;
  // Regions until the budget is spent (more than `regionCount` only if groups run out).
  while (w.components < budget) {
    const regionName = REGION_NAMES[region % REGION_NAMES.length];
    const regionId = region < REGION_NAMES.length ? regionName : fresh(regionName);
    region++;
    regions.push(regionId);
    w.line(0, '');
    w.line(1, `region ${regionId} "${regionName.replace('_', '-')}" {`);
    w.components++;
    // A few groups per region.
    for (let g = 0; g < groupsPerRegion && w.components < budget; g++) {
      const group = fresh('team');
      w.line(2, `group ${group} {`);
      w.components++;
      const groupServices: string[] = [];
      for (let i = 0; i < groupSize && w.components < budget; i++) {
        const svc = fresh(rng.pick(SERVICE_WORDS));
        groupServices.push(svc);
        services.push(svc);
        w.line(3, `service ${svc} "${svc.replace('_', ' ')} service" {`);
        w.line(4, `instances: ${rng.int(2, 12)}`);
        w.line(4, `cores: ${rng.pick([1, 2, 4, 8])}`);
        const mean = `${rng.int(2, 40)}ms`;
        const shape = rng.pick(['exp', 'const', 'lognormal']);
        w.line(4, `service_time: ${shape === 'lognormal' ? `lognormal(${mean}, 5ms)` : `${shape}(${mean})`}`);
        w.line(4, `timeout: ${rng.int(1, 5)}s`);
        if (i === 0) w.line(4, `autoscale { min: 2  max: ${rng.int(12, 64)}  target_cpu: ${rng.int(50, 80)}%  warmup: 30s }`);
        w.line(3, '}');
        w.components++;
      }
      if (w.components < budget) {
        const cache = fresh('cache');
        w.line(3, `cache ${cache}: redis { ttl: ${rng.int(1, 60)}m  strategy: cache_aside  hit_ratio: ${rng.int(60, 99)}%  memory: ${rng.int(1, 64)}GiB }`);
        w.components++;
        if (groupServices.length) connections.push(`${rng.pick(groupServices)} -> ${cache}`);
        if (w.components < budget) {
          const db = fresh('db');
          const tech = rng.pick(DB_TECH);
          const relational = tech === 'postgres' || tech === 'mysql' || tech === 'cockroachdb';
          w.line(3, `database ${db}: ${tech} {`);
          w.line(4, `consistency: ${relational ? 'strong' : 'eventual'}`);
          w.line(4, `replication { mode: primary_replica  replicas: ${rng.int(1, 3)}  sync: async  read_from: ${relational ? 'primary' : 'replicas'} }`);
          w.line(4, `sharding { strategy: consistent_hash  shards: ${rng.int(2, 32)}  key: user_id }`);
          w.line(4, 'backup: daily');
          const tables: { name: string; columns: string[] }[] = [];
          for (let t = 0; t < tablesPerDb; t++) {
            const table = fresh('t');
            const columns = ['id', 'user_id', ...COLUMN_WORDS.filter(() => rng.next() < 0.4)];
            tables.push({ name: table, columns });
            w.line(4, `table ${table} {`);
            w.line(5, `columns: [${columns.map((c, i) => (i === 2 && rng.next() < 0.3 ? `${c}: text` : c)).join(', ')}]`);
            w.line(5, 'key: id');
            w.line(5, 'shard_key: user_id');
            w.line(4, '}');
          }
          w.line(3, '}');
          w.components++;
          databases.push({ name: db, tables });
          connections.push(`${cache} -> ${db}`);
          for (const svc of groupServices) if (rng.next() < 0.5) connections.push(`${svc} -> ${db} (protocol: tcp)`);
          for (let q = 0; q < queriesPerDb; q++) {
            const a = tables[q % tables.length];
            const b = tables[(q + 1) % tables.length];
            // Joins only where the database has them; filters on the shard key.
            const join = relational && a !== b ? `  join: ${a.name}.user_id = ${b.name}.user_id` : '';
            queries.push(`query ${fresh('q')} { from: ${a.name}${join}  where: ${a.name}.user_id  rate: ${rng.int(1, 900)}/s }`);
          }
        }
      }
      let lastWorker: string | undefined;
      if (w.components < budget) {
        const worker = fresh('worker');
        lastWorker = worker;
        w.line(3, `worker ${worker} { instances: ${rng.int(1, 6)}  service_time: exp(${rng.int(50, 900)}ms) }`);
        w.components++;
        connections.push(`${events} -> ${worker} (group: ${worker}_g)`);
        if (groupServices.length) connections.push(`${rng.pick(groupServices)} -> ${events} : "${worker}.requested"`);
      }
      if (w.components < budget) {
        const queue = fresh('jobs');
        w.line(3, `queue ${queue}: sqs { visibility_timeout: 30s }`);
        w.components++;
        if (groupServices.length) connections.push(`${rng.pick(groupServices)} -> ${queue}`);
        connections.push(`${queue} -> ${lastWorker ?? groupServices[groupServices.length - 1] ?? api}`);
      }
      w.line(2, '}');
      // Calls between services of the group, and from the gateway into it.
      if (groupServices.length) connections.push(`${api} -> ${groupServices[0]} (path: "/${groupServices[0]}")`);
      for (let i = 1; i < groupServices.length; i++) {
        connections.push(i % 3 === 0 ? `${groupServices[i - 1]} -> ${groupServices[i]} (async, on: write)` : `${groupServices[i - 1]} -> ${groupServices[i]}`);
      }
    }
    w.line(1, '}');
  }

  w.line(0, '');
  for (const c of connections) w.line(1, c);
  if (queries.length) w.line(0, '');
  for (const q of queries) w.line(1, q);
  if (options.scenarios !== false && services.length) {
    const svc = services[0];
    const db = databases[0];
    w.line(0, '');
    w.line(1, 'scenario failover {');
    w.line(2, 'duration: 10m  seed: 7  load: 2x');
    w.line(2, `at 1m: stop ${svc}[2]`);
    if (db) w.line(2, `at 2m: stop ${db.name}.primary`);
    if (db) w.line(2, `at 3m: start ${db.name}.primary`);
    if (regions.length) w.line(2, `at 4m: partition ${regions[0]}`);
    if (regions.length) w.line(2, `at 5m: heal ${regions[0]}`);
    w.line(1, '}');
  }
  w.line(0, '}');
  return w.lines;
}

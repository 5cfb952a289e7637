// THE schema: every kind, property, block, flag, value, unit and default of
// the language, with a paragraph of documentation each. Validation,
// completion, hover and docs/language-reference.md all read this table.
import { COMPONENT_KINDS } from '../syntax/tokens';
import { MAX_CLIENT_RATE, MAX_DURATION, MAX_LOAD, MAX_SHARDS } from '../sim/limits';
import type { BlockSpec, EnumValue, KindSpec, PropertySpec, TechnologySpec, ValueSpec } from './types';
import type { PropertyName } from './property-names';

// ---- value helpers -------------------------------------------------------

const e = (name: string, doc: string): EnumValue => ({ name, doc });
const oneOf = (...values: EnumValue[]): ValueSpec => ({ type: 'enum', values });
const time = (min = 0): ValueSpec => ({ type: 'quantity', family: 'time', min });
const positiveTime = (): ValueSpec => ({ type: 'quantity', family: 'time', min: 0, exclusiveMin: true });
const size = (): ValueSpec => ({ type: 'quantity', family: 'size', min: 0 });
const percent = (): ValueSpec => ({ type: 'quantity', family: 'percent', min: 0, max: 1 });
const count = (min: number, integer = true, max?: number): ValueSpec => (max === undefined ? { type: 'quantity', family: 'count', min, integer } : { type: 'quantity', family: 'count', min, integer, max });
/**
 * Upper bounds on counts that size servers, far above any real design: they
 * catch typos such as `cores: 1B` (a billion) and keep queueing formulas and
 * the simulation, which are linear in the number of servers, bounded.
 */
const MAX_INSTANCES = 1_000_000;
const MAX_CORES = 1024;
const BOOL: ValueSpec = { type: 'boolean' };
/** A client's read share when neither it nor the workload says (read_ratio has no plain default: the workload comes first). */
export const READ_RATIO_FALLBACK = 0.9;

function p(name: PropertyName, value: ValueSpec, doc: string, extra: Partial<PropertySpec> = {}): PropertySpec {
  return { name, value, doc, ...extra };
}

// ---- shared properties ---------------------------------------------------

const instances = (what: string) =>
  p('instances', count(1, true, MAX_INSTANCES), `How many identical copies of this ${what} run. More instances add capacity and remove the single point of failure; the estimate divides the load between them.`, { default: 1, defaultText: '1' });
const cores = (defaultCores: number) =>
  p('cores', count(1, true, MAX_CORES), 'CPU cores per instance. Each core serves one request at a time, so an instance is a queue with this many parallel servers (M/M/c).', { default: defaultCores, defaultText: String(defaultCores) });
const serviceTime = (defaultSeconds: number | undefined, text?: string) =>
  p('service_time', { type: 'distribution' },
    'Mean CPU time one request needs here, not counting calls to other components. A bare time means exponentially distributed; write exp(10ms), const(10ms), normal(10ms, 2ms) or lognormal(10ms, 5ms) to choose the shape.',
    defaultSeconds === undefined ? {} : { default: { kind: 'exp', mean: defaultSeconds }, defaultText: text });
const maxQueue = p('max_queue', count(0), 'The most requests that may wait for a core. An arrival that finds the queue full is dropped and counted; without it the queue is unbounded and overload shows up as latency instead.', { defaultText: 'unbounded' });
const timeout = p('timeout', positiveTime(), 'A request that has spent longer than this in the component (waiting plus service plus downstream calls) fails here.');
const ttl = (doc: string) => p('ttl', positiveTime(), doc);

const AUTOSCALE: BlockSpec = {
  name: 'autoscale',
  doc: 'Adds instances when the mean CPU utilisation of the last interval is above the target and removes them when it is well below, between min and max. New instances take warmup to become usable, which is why autoscaling does not absorb a sudden spike.',
  properties: [
    p('min', count(1, true, MAX_INSTANCES), 'The fewest instances kept running.', { required: true }),
    p('max', count(1, true, MAX_INSTANCES), 'The most instances autoscaling may add.', { required: true }),
    p('target_cpu', percent(), 'Utilisation that autoscaling aims for.', { default: 0.7, defaultText: '70%' }),
    p('warmup', time(), 'Time from the decision to add an instance until it serves traffic.', { default: 30, defaultText: '30s' }),
    p('interval', positiveTime(), 'How often utilisation is checked.', { default: 10, defaultText: '10s' }),
  ],
};

/**
 * Service-level objectives, in a system (every client's requests) or a
 * client (its own): latency targets as times and an availability target as a
 * percentage (docs/slo.md).
 */
export const SLO: BlockSpec = {
  name: 'slo',
  doc: 'Service-level objectives: the latency and availability the design promises. `check` estimates whether each can hold (rule slo-at-risk); `simulate` reports each as met or missed and exits with status 1 when one is missed. In a system the targets apply to every client\'s requests together; in a client, to that client\'s requests.',
  properties: [
    p('p50', positiveTime(), 'Median response time: half of the requests take at most this long.'),
    p('p95', positiveTime(), '95th percentile response time.'),
    p('p99', positiveTime(), '99th percentile response time: one request in a hundred may take longer.'),
    p('mean', positiveTime(), 'Mean response time.'),
    p('availability', { type: 'quantity', family: 'percent', min: 0, max: 1, exclusiveMin: true }, 'Share of requests that succeed (not dropped, rejected, timed out or failed).'),
  ],
};

/** `price:` on every callable kind (added below the kind table). */
const PRICE = p('price', { type: 'money', min: 0 },
  'What one instance costs, in US dollars per instance-hour (0.20/h; /day, /month and /year are converted with 730 hours a month). Replaces the built-in price table\'s figure for this component (docs/cost.md); a database pays it per node, a stream per partition, and a kind without instances (CDN, DNS, queue, pub/sub, blob store) once, as the whole component\'s price.',
  { defaultText: 'from the price table' });

const STATEFUL = p('stateful', BOOL, 'The service keeps per-user state in memory (sessions, websocket connections), so a user must keep reaching the same instance: balance with hash(key).', { flag: true, default: false, defaultText: 'false' });
const CRITICAL = p('critical', BOOL, 'Whether the user waits for this work. Write `critical: false` for work that could happen later (emails, analytics); calling such work synchronously makes every user wait for it.', { flag: true, default: true, defaultText: 'true' });

// ---- kinds ---------------------------------------------------------------

const LB_ALGORITHMS = [
  e('round_robin', 'Each instance in turn. Simple and even when requests cost the same.'),
  e('weighted_round_robin', 'In turn, in proportion to each connection\'s `weight:`. For instances of different sizes.'),
  e('least_connections', 'The instance with the fewest requests in progress. Adapts to uneven request costs.'),
  e('random', 'An instance picked uniformly at random.'),
  e('power_of_two', 'Two instances sampled at random; the less busy one wins. Nearly as good as least_connections without global state.'),
  e('hash', 'hash(key): the same key always reaches the same instance (sticky sessions, stateful services). Adding an instance remaps most keys.'),
  e('consistent_hash', 'consistent_hash(key): like hash(key), but on a hash ring, so adding or removing an instance moves only its own keys. An extension of the language for autoscaled, stateful targets.'),
];

const SHARDING_STRATEGIES = [
  e('range', 'Contiguous key ranges per shard. Range scans are cheap, but an increasing key sends every new write to the last shard.'),
  e('hash', 'hash(key) mod N. Even spread, but changing N moves almost every key.'),
  e('consistent_hash', 'Keys on a hash ring with virtual nodes. Adding a shard moves only about 1/N of the keys.'),
  e('geo', 'Shards by the user\'s region, keeping data near its users.'),
  e('directory', 'A lookup table maps each key to its shard. Flexible, but the directory is one more thing to scale and keep available.'),
];

function shardingBlock(name: 'sharding' | 'partitioning'): BlockSpec {
  return {
    name,
    doc: name === 'sharding'
      ? 'Splits the data across several database servers by a key. Each shard holds part of the rows, so writes and storage scale out; queries that do not filter on the key must ask every shard.'
      : 'Splits tables into partitions on the same server by a key. Helps maintenance and pruning, but adds no capacity.',
    properties: [
      p('strategy', oneOf(...SHARDING_STRATEGIES), 'How keys are mapped to shards.', { required: true }),
      p('shards', { type: 'countOrRange', min: 1, max: MAX_SHARDS }, 'How many shards, or a range such as 4..64 when the count changes over time.', { required: name === 'sharding' }),
      p('key', { type: 'identifier' }, 'The column that decides the shard. A table can override it with its own `shard_key`.'),
    ],
  };
}

/**
 * `failover`'s default depends on `replicas` (30s with a copy to promote,
 * none without), which a single table default cannot say; the semantic model
 * applies it from here.
 */
export const FAILOVER_DEFAULT_SECONDS = 30;
/** Also the lag of a database without a `replication` block (nothing to read it from). */
export const REPLICATION_LAG_DEFAULT = { kind: 'exp', mean: 0.1 } as const;

const REPLICATION: BlockSpec = {
  name: 'replication',
  doc: 'Keeps copies of the data on other servers, for availability (a replica takes over when the primary fails) and for read capacity.',
  properties: [
    p('mode', oneOf(
      e('none', 'No copies.'),
      e('primary_replica', 'One primary takes writes and ships them to read-only replicas.'),
      e('multi_primary', 'Several primaries accept writes and exchange them; concurrent writes to the same row conflict.'),
      e('leaderless', 'Any replica accepts reads and writes; quorums (W + R > N) give consistency (Dynamo, Cassandra).'),
    ), 'How the copies are organised.', { default: 'none', defaultText: 'none' }),
    p('replicas', count(0, true, 1000), 'Number of copies besides the primary (for leaderless: the total number of replicas).', { default: 0, defaultText: '0' }),
    p('sync', oneOf(
      e('sync', 'A write returns after every replica has it: no data loss on failover, but every write waits for the slowest replica.'),
      e('async', 'A write returns as soon as the primary has it; replicas catch up later and may serve stale reads.'),
      e('semi_sync', 'A write waits for at least one replica.'),
    ), 'Whether a write waits for the replicas.', { default: 'async', defaultText: 'async' }),
    p('read_from', oneOf(
      e('primary', 'All reads go to the primary: always fresh.'),
      e('replicas', 'Reads go to the replicas: more read capacity, possibly stale.'),
      e('any', 'Reads go to any copy.'),
    ), 'Where reads are served.', { default: 'primary', defaultText: 'primary' }),
    p('conflict_resolution', oneOf(
      e('last_write_wins', 'The write with the latest timestamp wins; the other is silently lost.'),
      e('merge', 'Concurrent writes are merged (CRDTs, application merge).'),
      e('custom', 'The application resolves conflicts.'),
    ), 'How concurrent writes to the same data are reconciled (needed for multi-primary).'),
    p('failover', { type: 'oneOf', options: [time(), oneOf(e('none', 'The primary is never replaced: writes fail until it starts again.'))] },
      'After the primary stops, writes (and primary reads) fail for this long; then a replica is promoted and serves as primary. A restarted old primary rejoins as a replica.',
      { defaultText: `${FAILOVER_DEFAULT_SECONDS}s when replicas ≥ 1, otherwise none` }),
    p('lag', { type: 'distribution' }, 'Replication delay of asynchronous copies: a read served by a copy that has not yet applied the latest write is stale.',
      { default: REPLICATION_LAG_DEFAULT, defaultText: '100ms' }),
  ],
};

const QUORUM: BlockSpec = {
  name: 'quorum',
  doc: 'Read and write quorums for replicated data: a write waits for W copies, a read asks R copies. When W + R > N every read overlaps the latest write.',
  properties: [
    p('w', count(1), 'Copies that must acknowledge a write.', { required: true }),
    p('r', count(1), 'Copies asked on a read.', { required: true }),
  ],
};

const TABLE: BlockSpec = {
  name: 'table',
  named: true,
  repeatable: true,
  doc: 'A table (or collection) in the database, with its columns, primary key and the key it is sharded on. Queries name tables in `from:` and `join:`.',
  properties: [
    p('columns', { type: 'columns' }, 'The columns: [id, name, photo: blob]. A type after a colon is optional.', { required: true }),
    p('key', { type: 'column' }, 'The primary key column.'),
    p('shard_key', { type: 'column' }, 'The column this table is sharded on; defaults to the database\'s `sharding.key`.'),
    p('indexes', { type: 'columns' }, 'Secondary indexes, one per column listed.'),
  ],
};

const MESSAGING_CONSUMERS = ['service', 'worker', 'job', 'database', 'blob', 'cache'];

export const KINDS: KindSpec[] = [
  {
    name: 'client', noun: 'a client', callable: false,
    doc: 'Where requests come from: users\' browsers and apps, or another system. A client sends requests at its `rate` (or the workload\'s peak) to everything it connects to.',
    properties: [
      p('rate', { type: 'rate', of: 'count', min: 0, max: MAX_CLIENT_RATE }, 'Requests per second this client sends.', { defaultText: 'the workload\'s peak rate' }),
      p('read_ratio', percent(), 'Share of requests that are reads; the rest are writes.', { defaultText: `from the workload, else ${READ_RATIO_FALLBACK * 100}%` }),
    ],
    blocks: [SLO],
  },
  {
    name: 'dns', noun: 'a DNS', callable: true, chooser: true,
    doc: 'Resolves the service\'s name to one of its entry points. A managed DNS is highly available; with `geo` it sends users to the nearest region.',
    properties: [p('geo', BOOL, 'GeoDNS: answer with the entry point of the user\'s region.', { flag: true, default: false, defaultText: 'false' })],
    blocks: [],
  },
  {
    name: 'cdn', noun: 'a CDN', callable: true,
    doc: 'Caches static content and media at edge locations near users. A hit is served from the edge; a miss fetches from the origin, so the origin sees only (1 − hit_ratio) of the traffic.',
    properties: [
      // Required, but reported by the cdn-origin rule (which also checks the origin's kind), not as missing-property.
      p('origin', { type: 'component', kinds: ['blob', 'service', 'proxy'] }, 'Where the CDN fetches content on a miss: a blob store, a service or a proxy. Required.'),
      ttl('How long an edge keeps a copy before fetching it again.'),
      p('hit_ratio', percent(), 'Share of requests served from the edge.', { default: 0.9, defaultText: '90%' }),
    ],
    blocks: [],
  },
  {
    name: 'loadbalancer', noun: 'a load balancer', callable: true, chooser: true,
    doc: 'Spreads requests over the instances of what it connects to, one target per request, by its algorithm. With health checks it stops sending to dead instances.',
    properties: [
      p('algorithm', { type: 'algorithm', values: LB_ALGORITHMS }, 'How the next instance is chosen.', { default: { name: 'round_robin' }, defaultText: 'round_robin' }),
      instances('load balancer'),
      p('health_check', BOOL, 'Probe instances and stop routing to dead ones (after one check interval, 5 s).', { flag: true, default: true, defaultText: 'true' }),
      cores(4),
      serviceTime(0.00005, '50us'),
      maxQueue,
    ],
    blocks: [],
  },
  {
    name: 'gateway', noun: 'an API gateway', callable: true, chooser: true,
    doc: 'The single entry point for API calls: authenticates, rate-limits and routes each request to one backend (routes go on the connections: `api -> orders (path: "/orders")`).',
    properties: [
      p('rate_limit', { type: 'rate', of: 'count', min: 0 }, 'Requests per second accepted; more are rejected with 429.'),
      p('auth', oneOf(e('none', 'No authentication.'), e('jwt', 'Signed JSON Web Tokens, checked without a call.'), e('oauth', 'OAuth 2 access tokens.'), e('api_key', 'Static API keys.')), 'How callers authenticate.', { default: 'none', defaultText: 'none' }),
      p('cache', positiveTime(), 'Cache responses for this long.'),
      instances('gateway'),
      cores(4),
      serviceTime(0.0002, '0.2ms'),
      maxQueue,
      timeout,
    ],
    blocks: [],
  },
  {
    name: 'proxy', noun: 'a proxy', callable: true,
    doc: 'Sits between callers and servers: a reverse proxy terminates TLS, caches and forwards to backends; a forward proxy sends internal traffic out.',
    properties: [
      p('mode', oneOf(e('forward', 'Outbound traffic from clients.'), e('reverse', 'Inbound traffic to servers.')), 'Which way it proxies.', { default: 'reverse', defaultText: 'reverse' }),
      p('cache', positiveTime(), 'Cache responses for this long.'),
      p('tls_termination', BOOL, 'Decrypts TLS here so backends speak plain HTTP.', { flag: true, default: false, defaultText: 'false' }),
      instances('proxy'),
      cores(4),
      serviceTime(0.0001, '0.1ms'),
      maxQueue,
    ],
    blocks: [],
  },
  {
    name: 'service', noun: 'a service', callable: true,
    doc: 'Application code that handles requests: it spends its service time on a core, then calls everything it connects to. Its capacity is instances × cores / service_time requests per second.',
    properties: [instances('service'), cores(1), serviceTime(0.01, '10ms'), maxQueue, timeout, STATEFUL, CRITICAL],
    blocks: [AUTOSCALE],
  },
  {
    name: 'worker', noun: 'a worker', callable: true,
    doc: 'Background code that consumes messages from a queue or stream at its own pace. Users do not wait for it, so it can be slow; its backlog grows when it is slower than the producers.',
    properties: [instances('worker'), cores(1), serviceTime(0.1, '100ms'), maxQueue, timeout, STATEFUL, CRITICAL],
    blocks: [AUTOSCALE],
  },
  {
    name: 'cache', noun: 'a cache', callable: true,
    doc: 'Keeps hot data in memory. A hit answers at once; a miss passes the request on to what the cache connects to, so a cache with hit ratio h thins its backend\'s load to (1 − h).',
    properties: [
      ttl('How long an entry lives before it must be fetched again. Without one, cache-aside entries never refresh.'),
      p('strategy', oneOf(
        e('cache_aside', 'The application reads the cache, and on a miss reads the database and fills the cache.'),
        e('write_through', 'Writes go to the cache and the database together: fresh, but every write pays both.'),
        e('write_back', 'Writes go to the cache and reach the database later: fast, but a cache failure loses writes.'),
      ), 'How the cache is kept in step with its backend.', { default: 'cache_aside', defaultText: 'cache_aside' }),
      p('hit_ratio', percent(), 'Share of reads served from the cache.', { default: 0.8, defaultText: '80%' }),
      p('eviction', oneOf(e('lru', 'Evict the least recently used entry.'), e('lfu', 'Evict the least frequently used entry.'), e('fifo', 'Evict the oldest entry.')), 'What goes when memory is full.', { default: 'lru', defaultText: 'lru' }),
      p('memory', size(), 'Memory per instance.'),
      serviceTime(0.001, '1ms'),
      instances('cache'),
      cores(1),
      maxQueue,
    ],
    blocks: [],
  },
  {
    name: 'database', noun: 'a database', callable: true,
    doc: 'Durable storage with tables, consistency, replication and sharding. Writes go to the primary (every primary for multi-primary), reads where `read_from` says; a sharded database routes each request by key to one shard.',
    properties: [
      p('model', oneOf(
        e('relational', 'Tables, joins and transactions (PostgreSQL, MySQL).'),
        e('document', 'JSON documents; joins are done in the application (MongoDB).'),
        e('key_value', 'Values looked up by key (DynamoDB, Redis).'),
        e('column', 'Wide-column rows partitioned by key (Cassandra, HBase).'),
        e('graph', 'Nodes and edges (Neo4j).'),
      ), 'The data model.', { defaultText: 'from the technology, else relational' }),
      p('consistency', oneOf(
        e('strong', 'Every read sees the latest acknowledged write.'),
        e('eventual', 'Reads may briefly return older data; replicas converge.'),
      ), 'What reads are guaranteed to see.', { defaultText: 'strong for relational, eventual otherwise' }),
      p('indexes', { type: 'columns' }, 'Secondary indexes.'),
      p('cap', oneOf(
        e('CP', 'This store refuses what it cannot keep consistent during a partition (orders, payments).'),
        e('AP', 'This store keeps answering during a partition and reconciles later (a catalogue, a feed).'),
      ), 'This store\'s own side of the CAP trade-off, when it differs from the system\'s `cap` (strongly consistent orders beside an eventually consistent catalogue). The review judges each store against its own choice.', { defaultText: 'the system\'s `cap`' }),
      p('backup', oneOf(e('none', 'No backups.'), e('daily', 'A daily snapshot.'), e('weekly', 'A weekly snapshot.'), e('continuous', 'Continuous archiving (point-in-time recovery).')), 'How the data is backed up.', { default: 'none', defaultText: 'none' }),
      p('data', oneOf(e('financial', 'Money and ledgers: must never be lost or double-spent.'), e('personal', 'Personal data, subject to privacy rules.'), e('general', 'Anything else.')), 'What kind of data it holds.', { default: 'general', defaultText: 'general' }),
      serviceTime(0.005, '5ms'),
      cores(8),
      maxQueue,
    ],
    blocks: [REPLICATION, shardingBlock('sharding'), shardingBlock('partitioning'), QUORUM, TABLE, AUTOSCALE],
  },
  {
    name: 'blob', noun: 'a blob store', callable: true,
    doc: 'Object storage for large files (photos, videos, backups): cheap, durable and effectively unlimited, but slower per request than a database. Keep media here and store only its URL in the database.',
    properties: [
      p('durability', percent(), 'Probability an object survives a year (S3: 99.999999999%).'),
      serviceTime(0.02, '20ms'),
      // Managed object storage scales far beyond one server: modelled as many parallel servers.
      cores(1000),
    ],
    blocks: [],
  },
  {
    name: 'queue', noun: 'a queue', callable: true, messaging: true, calls: MESSAGING_CONSUMERS,
    doc: 'Holds messages until a consumer takes them; each message goes to exactly one consumer. Good for distributing work; wrong for broadcasting, since two different consumers each see only part of the messages.',
    properties: [
      p('max_length', count(1), 'Most messages held; publishing to a full queue fails.'),
      p('visibility_timeout', positiveTime(), 'How long a taken message stays hidden before it is redelivered if not acknowledged.'),
      p('dead_letter', { type: 'component', kinds: ['queue'] }, 'Queue that receives messages that keep failing.'),
    ],
    blocks: [],
  },
  {
    name: 'stream', noun: 'a stream', callable: true, messaging: true, calls: MESSAGING_CONSUMERS,
    doc: 'An append-only, partitioned log (Kafka, Kinesis). Every consumer group reads every message, and within a group each partition is read by one consumer, so partitions cap a group\'s parallelism.',
    properties: [
      p('partitions', count(1, true, MAX_INSTANCES), 'Number of partitions: the most consumers of one group that can work at once.', { default: 1, defaultText: '1' }),
      p('retention', positiveTime(), 'How long messages are kept; consumers can replay within it.', { default: 7 * 86_400, defaultText: '7d' }),
      p('partition_key', { type: 'identifier' }, 'Message field that picks the partition; messages with the same key stay in order.'),
    ],
    blocks: [],
  },
  {
    name: 'pubsub', noun: 'a pub/sub channel', callable: true, messaging: true, calls: MESSAGING_CONSUMERS,
    doc: 'Pushes each message to every subscriber at once. Nothing is retained: a subscriber that is down misses the message.',
    properties: [],
    blocks: [],
  },
  {
    name: 'orchestrator', noun: 'an orchestrator', callable: true,
    doc: 'Coordinates other components: scheduling, configuration, locks or leader election (ZooKeeper, etcd, Kubernetes control plane).',
    properties: [
      instances('orchestrator'),
      p('leader_election', oneOf(e('raft', 'Raft consensus: a majority elects one leader.'), e('bully', 'The highest-ranked live node becomes leader.'), e('gossip', 'Membership spread by gossip.'), e('none', 'No election: several instances may act as leader at once.')), 'How instances agree on a leader.'),
      cores(1),
      serviceTime(0.002, '2ms'),
    ],
    blocks: [],
  },
  {
    name: 'job', noun: 'a batch job', callable: true,
    doc: 'Batch or stream processing that runs on a schedule or continuously (Spark, Flink): throughput-oriented work outside the request path.',
    properties: [
      p('engine', oneOf(e('spark', 'Apache Spark.'), e('flink', 'Apache Flink.'), e('other', 'Anything else.')), 'The processing engine.'),
      p('workers', count(1, true, MAX_INSTANCES), 'Parallel workers.'),
      p('schedule', { type: 'oneOf', options: [{ type: 'string' }, positiveTime()] }, 'When it runs: a cron string ("0 * * * *") or an interval (1h).'),
      serviceTime(1, '1s'),
    ],
    blocks: [],
  },
  {
    name: 'region', noun: 'a region', callable: false, container: true,
    doc: 'A geographic region (a data centre or cloud region) holding components. Drawn as a box; scenarios can fail or partition a whole region, and geo sharding and multi-primary setups place data by region.',
    properties: [],
    blocks: [],
  },
  {
    name: 'group', noun: 'a group', callable: false, container: true,
    doc: 'A box around related components in the diagram (a bounded context, a team\'s services). It has no behaviour of its own.',
    properties: [],
    blocks: [],
  },
];

// Every component that can be called can be priced; clients and boxes cost nothing.
for (const kind of KINDS) if (kind.callable) kind.properties.push(PRICE);

// ---- system level, workload, queries, scenarios, connections ------------

export const WORKLOAD: BlockSpec = {
  name: 'workload',
  doc: 'The expected usage, for back-of-the-envelope estimation: daily active users and what each does per day. From it come writes and reads per second (average and peak) and storage per day and in total; clients without a `rate` send the peak.',
  properties: [
    p('dau', count(0), 'Daily active users.', { required: true }),
    p('writes_per_user', { type: 'rate', of: 'count', min: 0 }, 'Writes each user makes per day (10/day).'),
    p('reads_per_user', { type: 'rate', of: 'count', min: 0 }, 'Reads each user makes per day (1000/day).'),
    p('record_size', size(), 'Bytes stored per write.'),
    p('media_fraction', percent(), 'Share of writes that carry media (a photo, a video).'),
    p('media_size', size(), 'Size of one media item.'),
    p('peak_factor', { type: 'oneOf', options: [count(1, false), { type: 'quantity', family: 'multiplier', min: 1 }] }, 'Peak traffic divided by average traffic.', { default: 2, defaultText: '2' }),
    p('retention', positiveTime(), 'How long data is kept, for total storage.', { default: 5 * 365 * 86_400, defaultText: '5y' }),
  ],
};

export const SYSTEM: { doc: string; properties: PropertySpec[]; blocks: BlockSpec[] } = {
  doc: 'A system: the components, their connections, the data, the queries and the workload of one design. A file may hold several systems; names are unique within each.',
  properties: [
    p('cap', oneOf(
      e('CP', 'Consistency over availability: during a network partition, refuse what cannot be kept consistent.'),
      e('AP', 'Availability over consistency: during a partition, keep answering and reconcile later.'),
      e('CA', 'Consistent and available, which only holds when there are no partitions: a single node. Not a choice for a distributed system.'),
    ), 'Which side of the CAP trade-off the design takes when the network partitions.'),
    p('layout', oneOf(
      e('auto', 'Left to right, top to bottom or wrapped into rows, whichever fits the preview panel (about 16:10 for `sysdesign render`).'),
      e('right', 'Left to right.'),
      e('down', 'Top to bottom.'),
    ), 'Direction of the diagram.', { default: 'auto', defaultText: 'auto' }),
    p('budget', { type: 'money', min: 0 }, 'What the design may cost, in US dollars per month (40k/month). Rule over-budget warns when the estimated monthly cost is above it (docs/cost.md).'),
  ],
  blocks: [WORKLOAD, SLO],
};

export const QUERY: { doc: string; properties: PropertySpec[] } = {
  doc: 'A query the application runs on the data, so the review can see which tables it touches: joins across shards or databases, and filters that miss the shard key and must ask every shard. Queries are not drawn.',
  properties: [
    p('from', { type: 'table' }, 'The table the query reads.', { required: true }),
    p('join', { type: 'equation' }, 'A join condition: posts.user_id = users.user_id. Repeat for more joins.', { repeatable: true }),
    p('where', { type: 'columnRefs' }, 'The column or columns the query filters on: posts.user_id or [user_id, created_at].'),
    p('rate', { type: 'rate', of: 'count', min: 0 }, 'How often it runs.'),
    p('kind', oneOf(e('read', 'Reads data.'), e('write', 'Changes data.')), 'Whether it reads or writes.', { default: 'read', defaultText: 'read' }),
  ],
};

/** A run's settings when neither the scenario nor the caller gives them; also what a run without a scenario uses. */
export const SCENARIO_DEFAULTS = { duration: 60, seed: 1, load: 1, warmup: 0 } as const;

export const SCENARIO: { doc: string; properties: PropertySpec[] } = {
  doc: 'A simulation run: how long, with which seed and load, and which faults happen when (`at 2m: stop db.primary`). Run it from the preview or with `sysdesign simulate --scenario NAME`.',
  properties: [
    p('duration', { type: 'quantity', family: 'time', min: 0, exclusiveMin: true, max: MAX_DURATION }, 'Simulated time to run.', { default: SCENARIO_DEFAULTS.duration, defaultText: `${SCENARIO_DEFAULTS.duration}s` }),
    p('seed', count(0), 'Random seed: the same seed gives the same numbers.', { default: SCENARIO_DEFAULTS.seed, defaultText: String(SCENARIO_DEFAULTS.seed) }),
    p('load', { type: 'quantity', family: 'multiplier', min: 0, max: MAX_LOAD }, 'Multiplies every client\'s rate (3x for a traffic spike).', { default: SCENARIO_DEFAULTS.load, defaultText: `${SCENARIO_DEFAULTS.load}x` }),
    p('warmup', time(), 'Initial time excluded from the statistics.', { default: SCENARIO_DEFAULTS.warmup, defaultText: `${SCENARIO_DEFAULTS.warmup}s` }),
  ],
};

/** The most hops a `focus` view may reach out; more than any drawing can show. */
export const MAX_VIEW_DEPTH = 100;

export const VIEW: { doc: string; properties: PropertySpec[] } = {
  doc: 'A view: part of the system drawn on its own, picked in the preview or with `sysdesign render --view NAME`. A view is one of three forms: `include: [a, b]` (exactly those components and the connections among them), `focus: X  depth: N` (X and every component within N connections of it, either direction) or `path: read|write  from: CLIENT` (the components a read or write from that client visits, following the routing the estimate uses). Regions and groups that hold a selected component are drawn around it.',
  properties: [
    p('include', { type: 'component', list: true }, 'The components the view shows: [lb, orders, orders_db]. Connections among them are drawn; others are not.'),
    p('focus', { type: 'component' }, 'The component the view is centred on; `depth` says how far out it reaches.'),
    p('depth', count(0, true, MAX_VIEW_DEPTH), 'How many connections away from `focus` a component may be and still be shown, following connections both ways.', { default: 1, defaultText: '1' }),
    p('path', oneOf(e('read', 'What a read request visits: connections marked `on: read` or `on: all`.'), e('write', 'What a write request visits: connections marked `on: write` or `on: all`.')), 'Which request the view follows from `from`.'),
    p('from', { type: 'component', kinds: ['client'] }, 'The client whose requests `path` follows.'),
  ],
};

export const EVENT_ACTIONS_DOC: Record<string, string> = {
  stop: 'Stop a component, an instance (name[2]), a database replica (db.primary, db.replica[1]) or a whole region.',
  start: 'Start again what was stopped.',
  partition: 'Cut a region off from the rest: CP databases refuse writes they cannot replicate, AP ones serve stale reads.',
  heal: 'End a partition.',
};

export const CONNECTION_ATTRIBUTES: PropertySpec[] = [
  p('async', BOOL, 'The caller does not wait for the call to complete.', { flag: true, default: false, defaultText: 'false unless the target is a queue, stream or pub/sub channel' }),
  p('weight', count(0, false), 'Share of traffic for weighted_round_robin balancing.', { default: 1, defaultText: '1' }),
  p('path', { type: 'string' }, 'Route on a gateway: "/orders".'),
  p('on', oneOf(e('read', 'Only reads take this connection.'), e('write', 'Only writes take this connection.'), e('all', 'Every request.')), 'Which requests take this connection.', { defaultText: 'write when publishing, otherwise all' }),
  p('rate', { type: 'rate', of: 'count', min: 0 }, 'Fixed request rate over this connection, overriding the propagated estimate.'),
  p('protocol', oneOf(e('http', 'HTTP.'), e('grpc', 'gRPC.'), e('tcp', 'Plain TCP.'), e('websocket', 'A long-lived WebSocket.')), 'Wire protocol.'),
  p('group', { type: 'identifier' }, 'Consumer group on a stream: each group sees every message.', { defaultText: 'the consumer\'s name' }),
];

// ---- technologies --------------------------------------------------------

const t = (name: string, kinds: string[], doc: string, implies?: Record<string, unknown>): TechnologySpec => ({ name, kinds, doc, implies });

export const TECHNOLOGIES: TechnologySpec[] = [
  t('postgres', ['database'], 'PostgreSQL: relational, strongly consistent.', { model: 'relational' }),
  t('mysql', ['database'], 'MySQL: relational.', { model: 'relational' }),
  t('aurora', ['database'], 'Amazon Aurora: relational with shared storage.', { model: 'relational' }),
  t('cockroachdb', ['database'], 'CockroachDB: distributed SQL with Raft.', { model: 'relational' }),
  t('spanner', ['database'], 'Cloud Spanner: globally distributed SQL.', { model: 'relational' }),
  t('mongodb', ['database'], 'MongoDB: document store.', { model: 'document' }),
  t('dynamodb', ['database'], 'DynamoDB: managed key-value store.', { model: 'key_value' }),
  t('cassandra', ['database'], 'Apache Cassandra: wide-column, leaderless.', { model: 'column' }),
  t('scylladb', ['database'], 'ScyllaDB: wide-column, Cassandra-compatible.', { model: 'column' }),
  t('hbase', ['database'], 'Apache HBase: wide-column on HDFS.', { model: 'column' }),
  t('bigtable', ['database'], 'Cloud Bigtable: wide-column.', { model: 'column' }),
  t('neo4j', ['database'], 'Neo4j: graph database.', { model: 'graph' }),
  t('elasticsearch', ['database'], 'Elasticsearch: document search engine.', { model: 'document' }),
  t('redis', ['cache', 'database', 'pubsub'], 'Redis: in-memory key-value store.', { model: 'key_value' }),
  t('memcached', ['cache'], 'Memcached: in-memory cache.'),
  t('kafka', ['stream'], 'Apache Kafka: partitioned log.'),
  t('kinesis', ['stream'], 'Amazon Kinesis Data Streams.'),
  t('pulsar', ['stream', 'queue', 'pubsub'], 'Apache Pulsar.'),
  t('redpanda', ['stream'], 'Redpanda: Kafka-compatible log.'),
  t('rabbitmq', ['queue', 'pubsub'], 'RabbitMQ message broker.'),
  t('sqs', ['queue'], 'Amazon SQS.'),
  t('sns', ['pubsub'], 'Amazon SNS.'),
  t('nats', ['pubsub', 'stream'], 'NATS messaging.'),
  t('s3', ['blob'], 'Amazon S3.'),
  t('gcs', ['blob'], 'Google Cloud Storage.'),
  t('azure_blob', ['blob'], 'Azure Blob Storage.'),
  t('cloudfront', ['cdn'], 'Amazon CloudFront.'),
  t('cloudflare', ['cdn', 'dns', 'proxy'], 'Cloudflare.'),
  t('akamai', ['cdn'], 'Akamai.'),
  t('fastly', ['cdn'], 'Fastly.'),
  t('route53', ['dns'], 'Amazon Route 53.'),
  t('nginx', ['loadbalancer', 'proxy', 'gateway'], 'nginx.'),
  t('haproxy', ['loadbalancer', 'proxy'], 'HAProxy.'),
  t('envoy', ['loadbalancer', 'proxy', 'gateway'], 'Envoy proxy.'),
  t('alb', ['loadbalancer'], 'AWS Application Load Balancer.'),
  t('nlb', ['loadbalancer'], 'AWS Network Load Balancer.'),
  t('kong', ['gateway'], 'Kong API gateway.'),
  t('apigee', ['gateway'], 'Apigee API gateway.'),
  t('zookeeper', ['orchestrator'], 'Apache ZooKeeper.', { leader_election: 'raft' }),
  t('etcd', ['orchestrator'], 'etcd (Raft).', { leader_election: 'raft' }),
  t('kubernetes', ['orchestrator'], 'Kubernetes control plane.', { leader_election: 'raft' }),
  t('consul', ['orchestrator'], 'HashiCorp Consul (Raft).', { leader_election: 'raft' }),
  t('spark', ['job'], 'Apache Spark.', { engine: 'spark' }),
  t('flink', ['job'], 'Apache Flink.', { engine: 'flink' }),
  t('airflow', ['job', 'orchestrator'], 'Apache Airflow.'),
];

// ---- lookups -------------------------------------------------------------

const KIND_BY_NAME = new Map(KINDS.map((k) => [k.name, k]));
const TECH_BY_NAME = new Map(TECHNOLOGIES.map((x) => [x.name, x]));

export function kindSpec(name: string): KindSpec | undefined {
  return KIND_BY_NAME.get(name);
}

export function technology(name: string): TechnologySpec | undefined {
  return TECH_BY_NAME.get(name);
}

export function isKind(name: string): boolean {
  return KIND_BY_NAME.has(name);
}

/** Each property list's specs by name, made on first use (a body looks up every property it holds). */
const PROPERTY_INDEX = new WeakMap<readonly PropertySpec[], Map<string, PropertySpec>>();

/** The spec named `name` in a property list of this schema (a kind's, a block's, the connection attributes). */
export function findProperty(specs: readonly PropertySpec[], name: string): PropertySpec | undefined {
  let index = PROPERTY_INDEX.get(specs);
  if (!index) PROPERTY_INDEX.set(specs, (index = new Map(specs.map((spec) => [spec.name, spec]))));
  return index.get(name);
}

const UNNAMED_BLOCKS = new WeakMap<KindSpec, BlockSpec[]>();

/** The blocks a kind's body holds as `name { … }` (a table is a declaration, not one of them). */
export function unnamedBlocks(kind: KindSpec): BlockSpec[] {
  let blocks = UNNAMED_BLOCKS.get(kind);
  if (!blocks) UNNAMED_BLOCKS.set(kind, (blocks = kind.blocks.filter((b) => !b.named)));
  return blocks;
}

/** Where a property name is valid elsewhere, for "did you mean" and "belongs to" messages. */
export function kindsWithProperty(name: string): string[] {
  return KINDS.filter((k) => k.properties.some((x) => x.name === name)).map((k) => k.name);
}

// The lexer's kind list and the schema must agree; fail fast if they drift.
for (const kind of COMPONENT_KINDS) if (!KIND_BY_NAME.has(kind)) throw new Error(`schema: no entry for kind ${kind}`);

// Designs shared by the syntax, model, robustness, formatter, LSP and simulation tests.

/** The complete example design (photo sharing): every common construct, and valid. */
export const SPEC_EXAMPLE = `// Photo sharing, sized with back-of-the-envelope numbers.
system "Photo share" {
  cap: AP                                   // CP | AP | CA

  workload {
    dau: 100M
    writes_per_user: 10/day
    reads_per_user: 1000/day
    record_size: 500B
    media_fraction: 10%
    media_size: 2MB
    peak_factor: 3
  }

  client app "Mobile and web" { rate: 20k/s }
  cdn edge: cloudfront { origin: photos  ttl: 24h  hit_ratio: 95% }
  loadbalancer lb { algorithm: least_connections  instances: 2 }
  gateway api { rate_limit: 100/s  auth: jwt }

  service posts "Post service" {
    instances: 4
    cores: 4
    service_time: 10ms
    autoscale { min: 4  max: 40  target_cpu: 70%  warmup: 30s }
  }

  worker thumbnailer { instances: 3  service_time: exp(800ms) }

  cache feed_cache: redis { ttl: 10m  strategy: cache_aside  hit_ratio: 80% }

  database content: postgres {
    model: relational
    consistency: strong
    replication { mode: primary_replica  replicas: 2  sync: async  read_from: replicas }
    sharding { strategy: consistent_hash  shards: 16  key: user_id }
    backup: continuous
    table users { columns: [user_id, name, email]  key: user_id }
    table posts { columns: [post_id, user_id, caption, photo_url]  key: post_id  shard_key: user_id }
  }

  blob photos: s3
  stream uploads: kafka { partitions: 12  retention: 7d  partition_key: user_id }

  query user_feed {
    from: posts
    join: posts.user_id = users.user_id
    where: posts.user_id
    rate: 2k/s
  }

  app -> edge
  app -> lb -> api -> posts
  posts -> feed_cache -> content
  posts -> photos
  posts -> uploads : "photo.uploaded"
  uploads -> thumbnailer (group: thumbnails)
}
`;

/** A design that uses every construct of docs/language-reference.md at least once, and is valid. */
export const ALL_CONSTRUCTS = `// Every construct, valid.
/* A block comment
   over two lines. */
system shop "Online shop" {
  cap: CP, layout: down
  workload { dau: 10M  writes_per_user: 5/day  reads_per_user: 200/day  record_size: 2KiB
             media_fraction: 5%  media_size: 1.5MB  peak_factor: 3x  retention: 2y }

  client web "Web \\\\ \\"app\\"\\nv2" { rate: 2k/s  read_ratio: 95% }
  dns resolver: route53 { geo }
  cdn edge: cloudfront { origin: assets  ttl: 1h  hit_ratio: 90% }
  loadbalancer lb { algorithm: hash(user_id), instances: 2, health_check: true }
  gateway api { rate_limit: 500/min  auth: oauth  cache: 30s }
  proxy egress { mode: forward  tls_termination }
  region eu "EU" {
    group checkout {
      service orders: java "Order service" {
        instances: 3  cores: 2  service_time: normal(20ms, 5ms)  max_queue: 100  timeout: 2s
        stateful
        critical: true
        autoscale { min: 3  max: 30  target_cpu: 60%  warmup: 45s  interval: 15s }
      }
      worker mailer { service_time: const(300ms)  critical: false }
    }
    cache sessions: redis { ttl: 30m  strategy: write_through  eviction: lfu  memory: 4GiB  service_time: 500us }
  }
  database main: postgres {
    model: relational
    consistency: strong
    quorum { w: 2  r: 2 }
    replication { mode: primary_replica  replicas: 2  sync: semi_sync  read_from: any  conflict_resolution: last_write_wins }
    sharding { strategy: range  shards: 4..64  key: user_id }
    partitioning { strategy: hash  shards: 8 }
    indexes: [email]
    backup: weekly  data: financial
    table users { columns: [user_id, email, avatar: blob]  key: user_id  indexes: [email] }
    table orders { columns: [order_id, user_id, total]  key: order_id  shard_key: user_id }
  }
  blob assets: s3 { durability: 99.999999999% }
  queue jobs: sqs { max_length: 10k  visibility_timeout: 30s  dead_letter: dlq }
  queue dlq
  stream events: kafka { partitions: 6  retention: 3d  partition_key: order_id }
  pubsub fanout: sns
  orchestrator zk: zookeeper { instances: 3  leader_election: raft }
  job nightly: spark { engine: spark  workers: 20  schedule: "0 3 * * *" }
  job hourly { schedule: 1h }

  query order_history {
    from: orders
    join: orders.user_id = users.user_id
    join: users.email = users.email
    where: [orders.user_id, total]
    rate: 300/s
    kind: read
  }

  scenario outage {
    duration: 5m, seed: 42, load: 2x, warmup: 10s
    at 30s: stop orders[2]
    at 1m: stop main.primary
    at 90s: start main.replica[1]
    at 2m: partition eu
    at 3m: heal eu
  }

  web -> resolver
  web -> edge
  web -> lb -> api -> orders (path: "/orders", protocol: grpc) : "place order"
  orders -> sessions -> main (on: read)
  orders -> main
  orders -> jobs
  jobs -> mailer
  orders -> events : "order.placed"
  events -> mailer (group: notifications)
  orders -> fanout (async)
  fanout -> mailer
  orders -> zk (weight: 1, rate: 5/s)
  nightly -> main
}
`;

/** For the simulation: `api` drops requests (max_queue) and `slow` queues without bound; both are overloaded (capacity errors). */
export const HOT = `system hot {
  client users { rate: 2000/s }
  service front { cores: 8  service_time: 1ms }
  service api { service_time: 1ms  max_queue: 50 }
  service slow { service_time: 9ms }
  users -> front -> api
  front -> slow

  scenario burst { duration: 10s  seed: 5 }
}
`;

/** Indents every line of `lines` by two spaces: the depth of a system's body. */
function inSystem(lines: string): string {
  return lines.split('\n').map((line) => `  ${line}`).join('\n');
}

/**
 * For the rule tests: a shop whose web client calls a load balancer of two
 * instances, which calls `path`; `parts` declares what sits behind it, and
 * `more` adds connections after the path.
 */
export function shopBehindBalancer(parts: string, path = 'api', more = ''): string {
  return `system shop {
  client web { rate: 100/s }
  loadbalancer lb { instances: 2 }
${inSystem(parts)}
  web -> lb -> ${path}${more ? `\n${inSystem(more)}` : ''}
}`;
}

/** For the rule tests: a chat app calling a load balancer that uses `algorithm`, in front of `service sockets { <sockets> }`. */
export function chatBehindBalancer(algorithm: string, sockets: string): string {
  return `system chat {
  client app { rate: 1k/s }
  loadbalancer lb { instances: 2  algorithm: ${algorithm} }
  service sockets { ${sockets} }
  app -> lb -> sockets
}`;
}

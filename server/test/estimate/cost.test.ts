// The monthly cost (docs/cost.md) against figures computed by hand from the
// price table: instances × 730 h × the hourly price of the smallest size with
// the component's cores, usage at the average rate × 2,628,000 s a month ×
// the price per million, `price:` replacing the table, and an autoscaled
// component paying for its steady state at the average load.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../src/analyze';
import { estimateOf } from '../../src/estimate/per-version';
import { estimateJson } from '../../src/estimate/report';
import { biggestCosts } from '../../src/estimate/cost';
import { COMPUTE, instanceSize } from '../../src/estimate/prices';
import { interpretMoney } from '../../src/schema/units';

function cost(design: string) {
  const a = analyze(design);
  const errors = a.diagnostics.filter((d) => d.severity === 'error' && !['overload'].includes(d.rule));
  assert.deepEqual(errors.map((d) => d.message), []);
  return estimateOf(a.systems[0]!).cost;
}

/** Within a cent: the figures are sums of products of decimals. */
function usd(actual: number | undefined, expected: number, what: string): void {
  assert.ok(actual !== undefined && Math.abs(actual - expected) < 0.005, `${what}: ${actual} ≠ ${expected}`);
}

describe('cost per component', () => {
  test('instances: the smallest m6i size with the cores, × 730 h', () => {
    const c = cost(`system s {
      client web { rate: 100/s }
      service one { instances: 3  cores: 1  service_time: 1ms }
      service two { instances: 3  cores: 2  service_time: 1ms }
      service three { instances: 1  cores: 3  service_time: 1ms }
      web -> one
      web -> two
      web -> three
    }`);
    // m6i.large (2 vCPU) $0.096/h: 3 × 730 × 0.096 = 210.24, also for one core (no smaller size).
    usd(c.byName.get('one')?.monthlyUsd, 210.24, 'one');
    usd(c.byName.get('two')?.monthlyUsd, 210.24, 'two');
    // Three cores need m6i.xlarge (4 vCPU) $0.192/h: 730 × 0.192 = 140.16.
    usd(c.byName.get('three')?.monthlyUsd, 140.16, 'three');
    usd(c.monthlyUsd, 560.64, 'total');
    assert.match(c.byName.get('three')!.lines[0]!.text, /1 instance \(EC2 m6i\.xlarge\) × 730 h × \$0\.192\/h/);
  });

  test('databases pay every node (shards × copies), caches per node, the ALB per hour and per LCU', () => {
    const c = cost(`system s {
      client web { rate: 1k/s }
      loadbalancer lb: alb { instances: 2 }
      service api { instances: 4  cores: 4  service_time: 2ms }
      cache rc: redis { instances: 2 }
      database db: postgres {
        replication { mode: primary_replica  replicas: 2 }
        sharding { strategy: hash  shards: 2  key: id }
      }
      web -> lb -> api -> rc -> db
    }`);
    // 2 shards × 3 copies = 6 × db.m5.2xlarge (8 cores: 4 × $0.178/h) × 730 = 6 × 519.76.
    usd(c.byName.get('db')?.monthlyUsd, 6 * 0.712 * 730, 'db');
    assert.equal(c.byName.get('db')?.instances, 6);
    // 2 × cache.m5.large $0.156/h × 730.
    usd(c.byName.get('rc')?.monthlyUsd, 227.76, 'rc');
    // Peak 1k/s, peak factor 2: 500/s on average = 0.5 LCU. 2 × 730 × 0.0225 + 0.5 × 730 × 0.008.
    usd(c.byName.get('lb')?.monthlyUsd, 32.85 + 2.92, 'lb');
  });

  test('usage-priced kinds: requests and messages at the average rate', () => {
    const c = cost(`system s {
      client web { rate: 200/s  read_ratio: 50% }
      cdn edge: cloudfront { origin: files }
      blob files: s3
      service api { instances: 2  cores: 2  service_time: 1ms }
      database kv: dynamodb
      queue q: sqs
      worker w { instances: 1  service_time: 1ms }
      pubsub events: sns
      stream log: kinesis { partitions: 4 }
      web -> edge
      web -> api -> kv
      api -> q -> w
      api -> events -> w
      api -> log -> w
    }`);
    const month = 2_628_000;
    // 100/s average reach the CDN: 262.8M requests × $1/M.
    usd(c.byName.get('edge')?.monthlyUsd, (100 * month) / 1e6 * 1.0, 'cdn');
    // DynamoDB: 50/s reads, 50/s writes on average.
    usd(c.byName.get('kv')?.monthlyUsd, (50 * month) / 1e6 * 0.625 + (50 * month) / 1e6 * 0.125, 'dynamodb');
    // SQS: the 50/s writes are published; three requests each at $0.40/M.
    usd(c.byName.get('q')?.monthlyUsd, (50 * 3 * month) / 1e6 * 0.4, 'sqs');
    usd(c.byName.get('events')?.monthlyUsd, (50 * month) / 1e6 * 0.5, 'sns');
    // Kinesis: 4 shards × 730 h × $0.015 + 50/s PUTs at $0.014/M.
    usd(c.byName.get('log')?.monthlyUsd, 4 * 730 * 0.015 + (50 * month) / 1e6 * 0.014, 'kinesis');
    // The CDN passes its 50/s writes and its misses (10 % of 50/s reads) to the blob store:
    // PUTs at $0.005 and GETs at $0.0004 per 1,000.
    usd(c.byName.get('files')?.monthlyUsd, (50 * month) / 1e6 * 5 + (5 * month) / 1e6 * 0.4, 'blob');
  });

  test("a blob store holds the workload's media: GB-months at $0.023", () => {
    const c = cost(`system s {
      workload { dau: 1M  writes_per_user: 1/day  reads_per_user: 0/day  media_fraction: 10%  media_size: 1MB  retention: 10d }
      client web
      blob files: s3
      web -> files
    }`);
    // 1M writes a day, 10 % with 1 MB: 100 GB a day × 10 days = 1,000 GB; PUTs: 1M / 86,400 s on average.
    const puts = (1e6 / 86_400) * 2_628_000 / 1e6 * 5;
    usd(c.byName.get('files')?.monthlyUsd, puts + 1000 * 0.023, 'blob');
  });

  test('price: replaces the table: instances × 730 h × the written price', () => {
    const c = cost(`system s {
      client web { rate: 100/s }
      service api { instances: 3  cores: 8  service_time: 1ms  price: 0.20/h }
      database db: postgres { price: 1k/month }
      web -> api -> db
    }`);
    usd(c.byName.get('api')?.monthlyUsd, 3 * 730 * 0.2, 'api');
    assert.equal(c.byName.get('api')?.overridden, true);
    // 1k/month is 1,000 ÷ 730 per hour, for the database's one node.
    usd(c.byName.get('db')?.monthlyUsd, 1000, 'db');
  });

  test('an autoscaled component pays for its steady state at the average load', () => {
    const design = (block: string) => `system s {
      client web { rate: 1k/s }
      loadbalancer lb { instances: 2 }
      service api { cores: 4  service_time: 10ms  ${block} }
      web -> lb -> api
    }`;
    // 500/s average × 10 ms = 5 cores of work; ⌈5 ÷ (4 × 70 %)⌉ = 2 m6i.xlarge, not the max of 10.
    const scaled = cost(design('autoscale { min: 1  max: 10 }')).byName.get('api')!;
    assert.equal(scaled.instances, 2);
    usd(scaled.monthlyUsd, 2 * 730 * 0.192, 'steady');
    // The steady state never goes below min.
    assert.equal(cost(design('autoscale { min: 3  max: 10 }')).byName.get('api')!.instances, 3);
  });

  test('clients and boxes cost nothing and are not listed', () => {
    const c = cost(`system s {
      region eu { service api { service_time: 1ms } }
      client web { rate: 1/s }
      web -> api
    }`);
    assert.deepEqual(c.components.map((x) => x.name), ['api']);
  });

  test('the biggest contributors come first', () => {
    const c = cost(`system s {
      client web { rate: 1/s }
      service small { service_time: 1ms }
      service big { instances: 5  service_time: 1ms }
      web -> small
      web -> big
    }`);
    assert.deepEqual(biggestCosts(c, 1).map((x) => x.name), ['big']);
  });
});

describe('instance sizes', () => {
  test('past the largest size, the price per vCPU × cores', () => {
    assert.equal(instanceSize(COMPUTE, 96).name, 'm6i.24xlarge');
    assert.equal(instanceSize(COMPUTE, 200).perHour, 200 * 0.048);
  });
});

describe('money', () => {
  test('normalised to US dollars per month with 730 hours a month', () => {
    assert.deepEqual(interpretMoney(0.2, '', 'h'), { ok: true, value: 146 });
    assert.deepEqual(interpretMoney(40, 'k', 'month'), { ok: true, value: 40_000 });
    assert.deepEqual(interpretMoney(1.2, 'k', 'year'), { ok: true, value: 100 });
    const minutes = interpretMoney(1, '', 'm');
    assert.ok(!minutes.ok && /use \/h, \/day, \/month or \/year/.test(minutes.message));
  });

  test('written in the design: budget and price, with clear messages for what is not money', () => {
    const a = analyze(`system s {
      budget: 40k/month
      client web { rate: 1/s }
      service api { price: 20MB/h }
      service b { price: 3 }
      web -> api
      web -> b
    }`);
    assert.equal(a.systems[0]!.props.num('budget'), 40_000);
    const messages = a.diagnostics.filter((d) => d.rule === 'invalid-value').map((d) => d.message);
    assert.equal(messages.length, 2, messages.join('\n'));
    assert.match(messages[0]!, /US dollars such as 0\.20\/h or 40k\/month/);
    assert.match(messages[1]!, /Expected US dollars over a period for 'price' \(0\.20\/h, 40k\/month\)/);
  });
});

describe('estimate JSON cost', () => {
  test('per system: monthly_usd and components by name, in cents', () => {
    const a = analyze(`system s {
      client web { rate: 100/s }
      service api { instances: 3  cores: 2  service_time: 1ms }
      web -> api
    }`);
    const json = estimateJson([estimateOf(a.systems[0]!)]);
    assert.deepEqual(JSON.parse(JSON.stringify(json.systems[0]!.cost)), { monthly_usd: 210.24, components: { api: 210.24 } });
  });
});

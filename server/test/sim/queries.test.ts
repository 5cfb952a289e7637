// Scatter–gather queries: a `query` on a sharded table that does not filter
// on the shard key asks every shard and completes with the slowest (the
// maximum of the shards' response times). Its `rate` is a share of the
// traffic that reaches the database, not extra load.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../src/analyze';
import { buildSimModel, Simulation } from '../../src/sim';

const design = (where: string) => `system q {
  client app { rate: 50/s  read_ratio: 100% }
  database orders: postgres {
    service_time: 5ms
    sharding { strategy: hash  shards: 8  key: user_id }
    table orders { columns: [order_id, user_id, status]  key: order_id }
  }
  app -> orders
  query by_status { from: orders  where: ${where}  rate: 20/s }
}`;

function run(where: string) {
  const system = analyze(design(where)).systems[0];
  const model = buildSimModel(system, { duration: 300, seed: 4 });
  return { model, result: new Simulation(model).run() };
}

const H8 = [1, 2, 3, 4, 5, 6, 7, 8].reduce((a, k) => a + 1 / k, 0);

describe('scatter–gather queries', () => {
  it('ask every shard and take the slowest: H(8) × the service time, for their share of the reads', () => {
    const { model, result } = run('orders.status');
    const db = model.nodes.find((n) => n.name === 'orders')!.database!;
    assert.equal(db.scatter.read, 0.4); // 20/s of the 50/s reads
    const orders = result.components.find((c) => c.name === 'orders')!;
    assert.ok(Math.abs(orders.throughput - 50) < 2, String(orders.throughput));
    // 8 cores per shard at ~24/s × 5 ms: hardly any waiting. 60 % of reads take one exponential of 5 ms, 40 % the
    // maximum of 8 of them, H(8) × 5 ms = 13.59 ms: mean 0.6 × 5 + 0.4 × 13.59 = 8.44 ms (sd of the mean ≈ 0.04 ms): ±3 %.
    const expected = 0.6 * 0.005 + 0.4 * H8 * 0.005;
    assert.ok(Math.abs(orders.latency.mean - expected) < 0.03 * expected, `${orders.latency.mean} vs ${expected}`);
    // Each shard serves its eighth of the single-shard reads and every query: 30/8 + 20 per second.
    for (const st of result.stations.filter((s) => s.component === 'orders')) {
      assert.ok(Math.abs(st.throughput - 23.75) < 2, `${st.label} ${st.throughput}`);
    }
    assert.ok(Math.abs(result.latency.mean - expected) < 0.03 * expected, 'the client waits for the slowest shard');
  });

  it('a query that filters on the shard key asks one shard', () => {
    const { model, result } = run('[orders.user_id, orders.status]');
    assert.equal(model.nodes.find((n) => n.name === 'orders')!.database!.scatter.read, 0);
    const orders = result.components.find((c) => c.name === 'orders')!;
    assert.ok(Math.abs(orders.latency.mean - 0.005) < 0.0003, String(orders.latency.mean));
  });
});

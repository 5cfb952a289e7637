// The rules of v2 §1 "one meaning": traffic conserved through choosers,
// autoscaled components judged at their steady state, bounded queues that
// lose requests rather than grow.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fires, silent } from './helpers';

const gateway = (clientRate: string, fixed: string, on = '') => `system shop {
  client web { rate: ${clientRate}  read_ratio: 50% }
  gateway edge { }
  service search { }
  service orders { }
  web -> edge
  edge -> search (rate: ⟦${fixed}⟧${on})
  edge -> orders
}`;

describe('fixed-rate-exceeds-inflow', () => {
  const id = 'fixed-rate-exceeds-inflow';

  test('fires at the rate when the chooser receives less than it', () => {
    fires(id, gateway('100/s', '500/s'), ['edge -> search', '500/s', '100/s']);
  });

  test('silent when what arrives covers the rate, even exactly', () => {
    silent(id, gateway('1k/s', '500/s').replace(/[⟦⟧]/g, ''));
    silent(id, gateway('500/s', '500/s').replace(/[⟦⟧]/g, ''));
  });

  test('counts only the classes the connection carries', () => {
    // 1000/s half reads: only 500/s of writes can go over a write-only connection.
    fires(id, gateway('1k/s', '600/s', ', on: write'), ['500/s']);
    silent(id, gateway('1k/s', '400/s', ', on: write').replace(/[⟦⟧]/g, ''));
  });

  test('silent on a service: a fan-out sends a copy, not a share', () => {
    silent(id, `system s {
      client web { rate: 10/s }
      service a { }
      service b { }
      web -> a
      a -> b (rate: 50/s)
    }`);
  });
});

const autoscaled = (min: number, max: number) => `system shop {
  client web { rate: 1k/s }
  loadbalancer lb { instances: 2 }
  service api { service_time: 10ms  autoscale { min: ⟦${min}⟧  max: ${max} } }
  web -> lb -> api
}`;

describe('autoscale-min-below-peak', () => {
  const id = 'autoscale-min-below-peak';

  test('fires on min when the minimum cannot carry the peak, naming how long scaling up takes', () => {
    // 1000/s × 10 ms = 10 cores of work on 2 one-core instances: 500 %.
    const fired = fires(id, autoscaled(2, 20), ['api', '500%', 'every 10 s', '30 s warm-up', 'up to 40 s', 'at least 11']);
    assert.match(fired.findings[0].message, /the 15 instances the peak needs/);
  });

  test('silent when the minimum carries it', () => {
    silent(id, autoscaled(11, 20).replace(/[⟦⟧]/g, ''));
  });

  test('silent when even max cannot carry it: overload says so', () => {
    silent(id, autoscaled(2, 8).replace(/[⟦⟧]/g, ''));
    fires('overload', autoscaled(2, 8).replace(/[⟦⟧]/g, '').replace('max: 8', 'max: ⟦8⟧'), ['api']);
  });
});

describe('overload with a bounded queue', () => {
  test('says the station turns requests away, not that its queue grows without bound', () => {
    const fired = fires('overload', `system s {
      client web { rate: 2k/s }
      service api { instances: ⟦1⟧  service_time: 1ms  max_queue: 10 }
      web -> api
    }`, ['api', 'turns away about 50']);
    assert.doesNotMatch(fired.findings[0].message, /without bound/);
  });
});

// Targets and cost: slo-at-risk against the estimate's response times (exact
// for one M/M/1 station: mean = S / (1 − ρ), p99 = mean × ln 100) and
// over-budget against the price table's figures, computed by hand here.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fires, silent } from './helpers';

/** One M/M/1 station: 50/s × 10 ms = ρ 0.5, mean response 20 ms, p50 13.86 ms, p99 92.10 ms. */
const mm1 = (slo: string, clientSlo = '') => `system shop {
  ${slo}
  client web { rate: 50/s ${clientSlo} }
  service api { service_time: 10ms }
  web -> api
}`;

describe('slo-at-risk', () => {
  const id = 'slo-at-risk';

  test('p99 from an exponential tail on the mean: 20 ms × ln 100 = 92.1 ms', () => {
    const fired = fires(id, mm1('slo { ⟦p99: 90ms⟧ }'), ['p99', '92.1 ms', '90 ms']);
    assert.match(fired.findings[0].message, /approximate/);
    silent(id, mm1('slo { p99: 93ms }'));
  });

  test('mean and p50 targets', () => {
    fires(id, mm1('slo { ⟦mean: 19ms⟧ }'), ['mean', '20 ms']);
    silent(id, mm1('slo { mean: 21ms }'));
    fires(id, mm1('slo { ⟦p50: 13ms⟧ }'), ['p50', '13.9 ms']);
    silent(id, mm1('slo { p50: 14ms }'));
  });

  test('a client\'s own targets are named after it', () => {
    fires(id, mm1('', 'slo { ⟦p99: 90ms⟧ }'), ['p99', 'of client `web`', '92.1 ms']);
    silent(id, mm1('', 'slo { p99: 100ms }'));
  });

  test('an overloaded station makes latency targets unreachable', () => {
    const overloaded = (slo: string) => `system shop {
  slo { ${slo} }
  client web { rate: 150/s }
  service api { service_time: 10ms }
  web -> api
}`;
    fires(id, overloaded('⟦p99: 10s⟧'), ['api', 'overloaded']);
  });

  test('availability: what a rate limit rejects is lost (1k/s against 900/s keeps 90 %)', () => {
    const limited = (target: string) => `system shop {
  slo { ${target} }
  client web { rate: 1k/s }
  gateway gw { rate_limit: 900/s  instances: 2 }
  service api { instances: 4  cores: 4  service_time: 10ms }
  web -> gw -> api
}`;
    fires(id, limited('⟦availability: 99%⟧'), ['gw', '90%', '99%']);
    silent(id, limited('availability: 89%'));
  });

  test('availability holds when nothing is lost', () => {
    silent(id, mm1('slo { availability: 99.99% }'));
  });
});

/** 3 × m6i.large (2 vCPU, $0.096/h) × 730 h = $210.24 a month. */
const priced = (budget: string) => `system shop {
  ${budget}
  client web { rate: 100/s }
  service api { instances: 3  cores: 2  service_time: 10ms }
  web -> api
}`;

describe('over-budget', () => {
  const id = 'over-budget';

  test('fires above the budget, naming the total, the budget and the biggest parts', () => {
    const fired = fires(id, priced('⟦budget: 200/month⟧'), ['$210', '$200', '`api` $210']);
    assert.match(fired.findings[0].message, /\$10\.24 \(5 %\) over/);
  });

  test('silent at or under the budget, and without one', () => {
    silent(id, priced('budget: 211/month'));
    silent(id, priced(''));
  });

  test('a component\'s price: replaces the table (3 × $0.05/h × 730 h = $109.50)', () => {
    const withPrice = (budget: string) => priced(budget).replace('service_time: 10ms', 'service_time: 10ms  price: 0.05/h');
    fires(id, withPrice('⟦budget: 100/month⟧'), ['$110 a month', '$9.50 (10 %) over']);
    silent(id, withPrice('budget: 110/month'));
  });

  test('a budget over a longer period is converted to a month (1.2k/year = $100/month)', () => {
    fires(id, priced('⟦budget: 1.2k/year⟧'), ['$100']);
  });
});

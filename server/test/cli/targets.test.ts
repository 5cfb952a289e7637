// SLOs and cost through the built CLI: `simulate` gives a verdict per target
// (JSON `slo: [{ metric, target, value, value_ci95, met }]`, a text section)
// and exits 1 when one is missed; `estimate --format json` gives each
// system's `cost: { monthly_usd, components }`; `check` reports slo-at-risk
// and over-budget.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { removeTree, spawnCli, tempTree } from './helpers';

/**
 * One M/M/1 station at ρ = 0.5 (50/s × 10 ms): mean response 20 ms, p99
 * 20 ms × ln 100 ≈ 92 ms, and no request lost. An autoscaled service, so the
 * JSON carries its instance-hours.
 */
const design = (slo: string, budget = '') => `system shop {
  ${budget}
  slo { ${slo} }
  client web { rate: 50/s }
  service api { service_time: 10ms  autoscale { min: 1  max: 2  target_cpu: 90% } }
  web -> api
}
`;

let dir: string;

before(() => {
  dir = tempTree({
    'met.sysdesign': design('p99: 200ms  mean: 30ms  availability: 99.9%'),
    'missed.sysdesign': design('p99: 40ms  availability: 99%', 'budget: 10/month'),
    'client.sysdesign': 'system s {\n  client web { rate: 50/s  slo { p50: 1ms } }\n  service api { service_time: 10ms }\n  web -> api\n}\n',
  });
});

after(() => removeTree(dir));

describe('sysdesign simulate with SLOs', () => {
  test('every target met: exit 0, verdicts in the JSON with exactly the published fields', () => {
    const run = spawnCli(['simulate', 'met.sysdesign', '--format', 'json', '--duration', '5m'], dir);
    assert.equal(run.code, 0, run.stderr);
    const json = JSON.parse(run.stdout);
    assert.deepEqual(json.slo.map((v: { metric: string }) => v.metric), ['p99', 'mean', 'availability']);
    for (const v of json.slo) assert.deepEqual(Object.keys(v), ['metric', 'target', 'value', 'value_ci95', 'met']);
    const [p99, mean, availability] = json.slo;
    assert.equal(p99.target, 200);
    assert.ok(p99.value > 80 && p99.value < 105, `p99 ${p99.value} ms near 92 ms`);
    assert.ok(mean.value > 18 && mean.value < 22, `mean ${mean.value} ms near 20 ms`);
    assert.deepEqual([availability.target, availability.value], [0.999, 1]);
    // One run gives no interval.
    assert.ok(json.slo.every((v: { value_ci95: unknown; met: boolean }) => v.value_ci95 === null && v.met));
    // 5 minutes of one instance (the autoscaler has no reason to add one at 50 % against a 90 % target).
    assert.equal(json.components.api.instance_hours, 0.0833333);
  });

  test('a missed target: exit 1, the verdict in the text and on stderr', () => {
    const run = spawnCli(['simulate', 'missed.sysdesign', '--duration', '5m'], dir);
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.match(run.stdout, /SLOs\n {2}p99 +≤ 40 ms +\d+(\.\d)? ms +missed\n {2}availability +≥ 99% +100% +met\n/);
    assert.match(run.stderr, /1 SLO target missed \(exit status 1\)/);
    const json = JSON.parse(spawnCli(['simulate', 'missed.sysdesign', '--format', 'json', '--duration', '5m'], dir).stdout);
    assert.deepEqual(json.slo.map((v: { met: boolean }) => v.met), [false, true]);
  });

  test("a client's targets carry its name", () => {
    const run = spawnCli(['simulate', 'client.sysdesign', '--format', 'json', '--duration', '1m'], dir);
    assert.equal(run.code, 1);
    const [v] = JSON.parse(run.stdout).slo;
    assert.deepEqual(Object.keys(v), ['metric', 'client', 'target', 'value', 'value_ci95', 'met']);
    assert.deepEqual([v.metric, v.client, v.target, v.met], ['p50', 'web', 1, false]);
  });

  test('a design without targets has no slo key and exits 0', () => {
    const plain = tempTree({ 'plain.sysdesign': 'system s {\n  client web { rate: 5/s }\n  service api\n  web -> api\n}\n' });
    try {
      const run = spawnCli(['simulate', 'plain.sysdesign', '--format', 'json', '--duration', '10s'], plain);
      assert.equal(run.code, 0, run.stderr);
      assert.equal('slo' in JSON.parse(run.stdout), false);
    } finally {
      removeTree(plain);
    }
  });
});

describe('sysdesign estimate and check with targets and a budget', () => {
  test('estimate --format json: cost per system', () => {
    const run = spawnCli(['estimate', 'missed.sysdesign', '--format', 'json'], dir);
    assert.equal(run.code, 0, run.stderr);
    const { cost } = JSON.parse(run.stdout).systems[0];
    assert.deepEqual(Object.keys(cost), ['monthly_usd', 'components']);
    // Peak 50/s, 25/s on average × 10 ms = 0.25 cores: the steady state is min, one m6i.large at $0.096/h × 730 h.
    assert.deepEqual(cost, { monthly_usd: 70.08, components: { api: 70.08 } });
  });

  test('estimate text: the cost table', () => {
    const run = spawnCli(['estimate', 'missed.sysdesign'], dir);
    assert.match(run.stdout, /Cost per month \(AWS us-east-1, on-demand, Linux, US dollars, prices of 2025-01; docs\/cost\.md\)\n {2}api {4}\$70\.08 {2}1 instance \(EC2 m6i\.large\) × 730 h × \$0\.096\/h\n {2}total {2}\$70\.08\n/);
  });

  test('check: slo-at-risk and over-budget', () => {
    const run = spawnCli(['check', 'missed.sysdesign', '--format', 'json'], dir);
    const findings = JSON.parse(run.stdout)[0].diagnostics as { rule: string; message: string }[];
    const rules = findings.map((d) => d.rule);
    assert.ok(rules.includes('slo-at-risk'), rules.join(', '));
    assert.ok(rules.includes('over-budget'), rules.join(', '));
    assert.match(findings.find((d) => d.rule === 'over-budget')!.message, /\$70\.08 a month, \$60\.08 \(601 %\) over its budget of \$10\.00/);
  });
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { removeTree, runCli, tempTree } from './helpers';

const CLASSIC = `system classic {
  workload { dau: 100M  writes_per_user: 10/day  reads_per_user: 1000/day  record_size: 500B  media_fraction: 10%  media_size: 2MB  peak_factor: 3 }
  client web { rate: 10k/s }
  loadbalancer lb { instances: 2 }
  service api { instances: 30  cores: 4  service_time: 10ms }
  web -> lb -> api
}
`;

test('estimate --format json gives the documented workload and component fields', async () => {
  const dir = tempTree({ 'classic.sysdesign': CLASSIC });
  try {
    const run = await runCli(['estimate', 'classic.sysdesign', '--format', 'json'], { cwd: dir });
    assert.equal(run.code, 0, run.stderr);
    const json = JSON.parse(run.stdout);
    const [system] = json.systems;
    assert.equal(system.system, 'classic');
    assert.equal(system.workload.writes_per_s, 11574.1);
    assert.equal(system.workload.reads_per_s, 1157410);
    assert.equal(system.workload.storage_per_day_bytes, 200.5e12);
    for (const key of ['peak_writes_per_s', 'peak_reads_per_s', 'storage_total_bytes']) assert.equal(typeof system.workload[key], 'number');
    const api = system.components.api;
    assert.equal(api.rate_rps, 10000);
    assert.equal(api.cores_needed, 100);
    assert.equal(api.servers_needed, 25);
    assert.equal(api.utilization, 0.833333);
  } finally {
    removeTree(dir);
  }
});

test('estimate text output is an aligned table with human units; bad input exits 2, design errors 1', async () => {
  const dir = tempTree({ 'classic.sysdesign': CLASSIC, 'broken.sysdesign': 'system s {\n  service api { instances: 0 }\n}\n' });
  try {
    const run = await runCli(['estimate', 'classic.sysdesign'], { cwd: dir });
    assert.equal(run.code, 0);
    assert.match(run.stdout, /11,574\.07/);
    assert.match(run.stdout, /200\.5 TB/);
    assert.match(run.stdout, /api +service +10k\/s +100 +25 +30 +83\.3%/);
    assert.equal((await runCli(['estimate', 'missing.sysdesign'], { cwd: dir })).code, 2);
    assert.equal((await runCli(['estimate', 'classic.sysdesign', '--format', 'xml'], { cwd: dir })).code, 2);
    const broken = await runCli(['estimate', 'broken.sysdesign'], { cwd: dir });
    assert.equal(broken.code, 1);
    assert.match(broken.stderr, /broken\.sysdesign:2:28 +error/);
  } finally {
    removeTree(dir);
  }
});

test('estimate on a design with no system says so and exits 1, in text and JSON', async () => {
  const dir = tempTree({ 'empty.sysdesign': '// nothing designed yet\n' });
  try {
    for (const args of [['estimate', 'empty.sysdesign'], ['estimate', 'empty.sysdesign', '--format', 'json']]) {
      const result = await runCli(args, { cwd: dir });
      assert.equal(result.code, 1, args.join(' '));
      assert.equal(result.stdout, '');
      assert.match(result.stderr, /empty\.sysdesign declares no system; nothing to estimate/);
    }
  } finally {
    removeTree(dir);
  }
});

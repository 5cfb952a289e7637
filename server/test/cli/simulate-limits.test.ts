/**
 * Absurd sizes end in a clear answer (issue 19): shard counts, rates, loads
 * and durations past the documented limits are invalid values in `check`
 * (at the value) or usage errors of `simulate`; a design over its limits
 * simulates what could be read, within bounded memory.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { removeTree, runCli, tempTree } from './helpers';

const SHARDS = `system r {
  client c { rate: 100/s }
  database d: postgres {
    sharding { strategy: consistent_hash  shards: 10M  key: user_id }
  }
  c -> d
}
`;

const RATE = `system r {
  client c { rate: 1000000000000000/s }
  service s { service_time: 1ms }
  c -> s
}
`;

const OVERLOAD = `system r {
  client c { rate: 30k/s }
  service s { service_time: 1ms  instances: 10 }
  c -> s
  scenario long { duration: 100d  load: 5000x }
}
`;

let dir = '';
before(() => {
  dir = tempTree({ 'shards.sysdesign': SHARDS, 'rate.sysdesign': RATE, 'overload.sysdesign': OVERLOAD });
});
after(() => removeTree(dir));

describe('limits on sizes', () => {
  test('shards: 10M is an invalid value at the value, and simulate runs what could be read', async () => {
    const check = await runCli(['check', 'shards.sysdesign', '--format', 'json'], { cwd: dir });
    const diagnostics = JSON.parse(check.stdout)[0].diagnostics as { rule: string; message: string; range: { start: { line: number; character: number } } }[];
    const shards = diagnostics.find((d) => d.rule === 'invalid-value');
    assert.ok(shards, check.stdout);
    assert.match(shards.message, /'shards' must be between 1 and 100000/);
    assert.deepEqual(shards.range.start, { line: 3, character: 50 });
    const sim = await runCli(['simulate', 'shards.sysdesign', '--duration', '2s', '--format', 'json'], { cwd: dir });
    assert.equal(sim.code, 1);
    assert.equal(JSON.parse(sim.stdout).stopped, 'duration');
  });

  test('a client rate of 10^15/s is an invalid value', async () => {
    const check = await runCli(['check', 'rate.sysdesign', '--format', 'json'], { cwd: dir });
    const messages = (JSON.parse(check.stdout)[0].diagnostics as { rule: string; message: string }[]).filter((d) => d.rule === 'invalid-value');
    assert.equal(messages.length, 1);
    assert.match(messages[0].message, /'rate' must be between 0 and 1000000000/);
  });

  test('a scenario duration and load past the limits are invalid values', async () => {
    const check = await runCli(['check', 'overload.sysdesign', '--format', 'json'], { cwd: dir });
    const messages = (JSON.parse(check.stdout)[0].diagnostics as { rule: string; message: string }[]).filter((d) => d.rule === 'invalid-value').map((d) => d.message);
    assert.equal(messages.length, 2, messages.join('\n'));
    assert.match(messages[0], /'duration' must be/);
    assert.match(messages[1], /'load' must be between 0x and 1000x/);
  });

  test('--load and --duration past the limits are usage errors that name the limit', async () => {
    const load = await runCli(['simulate', 'overload.sysdesign', '--load', '1000000x'], { cwd: dir });
    assert.equal(load.code, 2);
    assert.match(load.stderr, /--load must be at most 1000x, got 1000000x/);
    const duration = await runCli(['simulate', 'overload.sysdesign', '--duration', '100d'], { cwd: dir });
    assert.equal(duration.code, 2);
    assert.match(duration.stderr, /--duration must be at most 30 days/);
  });

  test('rate × duration past the limit is refused before the run starts', async () => {
    const run = await runCli(['simulate', 'overload.sysdesign', '--load', '1000x', '--duration', '29d'], { cwd: dir });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /would send about 7\.5e\+13 client requests .* lower the load or the duration/);
    assert.equal(run.stdout, '');
  });
});

// sysdesign simulate --trace N: `traces` in the JSON, a Traces section in the
// text, and a clear usage error for a bad count.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { removeTree, runCli, tempTree } from './helpers';

const CHAIN = `system chain {
  client app { rate: 50/s }
  service a { service_time: 5ms }
  service b { service_time: 10ms }
  app -> a -> b
}
`;

let dir: string;
before(() => {
  dir = tempTree({ 'chain.sysdesign': CHAIN });
});
after(() => removeTree(dir));

describe('sysdesign simulate --trace', () => {
  test('--format json carries N traces; without --trace there is no traces key', async () => {
    const r = await runCli(['simulate', 'chain.sysdesign', '--duration', '20s', '--trace', '3', '--format', 'json'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const json = JSON.parse(r.stdout) as { traces: { id: number; outcome: string; hops: { component: string }[] }[] };
    assert.equal(json.traces.length, 3);
    for (const t of json.traces) assert.deepEqual(t.hops.map((h) => h.component), ['a', 'b']);
    const plain = await runCli(['simulate', 'chain.sysdesign', '--duration', '20s', '--format', 'json'], { cwd: dir });
    assert.ok(!('traces' in (JSON.parse(plain.stdout) as object)));
    const withoutTraces = JSON.parse(r.stdout) as Record<string, unknown>;
    delete withoutTraces.traces;
    assert.deepEqual(withoutTraces, JSON.parse(plain.stdout));
  });

  test('the text lists each trace and its visits', async () => {
    const r = await runCli(['simulate', 'chain.sysdesign', '--duration', '20s', '--trace', '2'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /\nTraces\n {2}#1 (read|write) from app at [\d.]+ s: completed, [\d.]+ ms\n {4}a {2}starts +0\.00 ms {2}waits +[\d.]+ ms {2}served +[\d.]+ ms\n {4}b /);
    assert.match(r.stdout, /\n {2}#2 /);
  });

  test('traces follow one run: --trace with several --replications is a usage error', async () => {
    const r = await runCli(['simulate', 'chain.sysdesign', '--trace', '2', '--replications', '3'], { cwd: dir });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--trace follows the requests of one run; leave out --replications/);
  });

  test('a bad count is a usage error', async () => {
    for (const bad of ['0', '-1', '2.5', 'many', '1001']) {
      const r = await runCli(['simulate', 'chain.sysdesign', '--trace', bad], { cwd: dir });
      assert.equal(r.code, 2, bad);
      assert.match(r.stderr, /--trace must be a whole number from 1 to 1000, got/);
    }
  });
});

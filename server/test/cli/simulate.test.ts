// sysdesign simulate: the JSON of docs/simulation.md, byte-identical across processes
// for the same inputs; the options (and how they override a scenario); the
// text summary; exit statuses; and the progress bar, which appears on stderr
// only when it is a terminal and the run lasts more than a second.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { main } from '../../src/cli';
import { parseDuration, parseLoad, parseReplications, parseSeed, parseWarmup } from '../../src/cli/commands/simulate';
import { formatEta, ProgressBar } from '../../src/cli/progress';
import { UsageError } from '../../src/cli/types';
import { removeTree, runCli, spawnCli, tempTree } from './helpers';
import { HOT } from '../helpers/designs';
import { LONG_SIMULATION } from '../../bench/worst-cases';

const SHOP = `system shop {
  client web { rate: 200/s }
  loadbalancer lb { instances: 2 }
  service api { instances: 2  cores: 2  service_time: 5ms }
  cache hot: redis { hit_ratio: 80%  service_time: 200us }
  database db: postgres { service_time: 2ms }
  web -> lb -> api -> hot -> db

  scenario spike {
    duration: 20s
    seed: 3
    load: 2x
  }
}

system other {
  client c { rate: 10/s }
  service s
  c -> s

  scenario quiet { duration: 5s }
}
`;

let dir: string;

before(() => {
  dir = tempTree({
    'shop.sysdesign': SHOP,
    'hot.sysdesign': HOT,
    'long.sysdesign': LONG_SIMULATION,
    'broken.sysdesign': 'system b {\n  client c { rate: 50/s }\n  service api { instancs: 2 }\n  c -> api\n}\n',
    'empty.sysdesign': '// nothing here\n',
  });
});

after(() => removeTree(dir));

describe('sysdesign simulate --format json', () => {
  test('has the shape of docs/simulation.md', async () => {
    const run = await runCli(['simulate', 'shop.sysdesign', '--format', 'json', '--duration', '10s', '--warmup', '0'], { cwd: dir });
    assert.equal(run.code, 0, run.stderr);
    assert.ok(run.stdout.endsWith('}\n'));
    const json = JSON.parse(run.stdout);
    assert.deepEqual(Object.keys(json), [
      'system', 'scenario', 'seed', 'replications', 'duration_s', 'warmup_s', 'warmup_method', 'measured_s', 'events', 'stopped',
      'requests', 'in_flight', 'throughput_rps', 'throughput_rps_ci95', 'latency_ms', 'components', 'series',
    ]);
    assert.equal(json.replications, 1);
    assert.equal(json.warmup_s, 0);
    assert.equal(json.warmup_method, 'given');
    assert.equal(json.measured_s, 10);
    assert.equal(json.latency_ms.mean_ci95, null, 'one replication: no interval');
    assert.equal(json.system, 'shop');
    assert.equal(json.scenario, '');
    assert.equal(json.seed, 1);
    assert.equal(json.duration_s, 10);
    assert.ok(Number.isInteger(json.events) && json.events > 0);
    assert.deepEqual(Object.keys(json.requests), ['completed', 'completed_ci95', 'failed', 'failed_ci95', 'dropped', 'dropped_ci95', 'stale', 'stale_ci95']);
    assert.deepEqual(Object.keys(json.latency_ms), ['mean', 'mean_ci95', 'p50', 'p50_ci95', 'p95', 'p95_ci95', 'p99', 'p99_ci95', 'max', 'max_ci95']);
    assert.deepEqual(Object.keys(json.components), ['web', 'lb', 'api', 'hot', 'db']);
    for (const [name, c] of Object.entries<Record<string, unknown>>(json.components)) {
      const keys = ['throughput_rps', 'throughput_rps_ci95', 'utilization', 'utilization_ci95', 'mean_queue', 'max_queue', 'latency_ms',
        'instances_max', 'failed', 'dropped', ...(name === 'hot' ? ['hit_ratio'] : [])];
      assert.deepEqual(Object.keys(c), keys, name);
      assert.deepEqual(Object.keys(c.latency_ms as object), ['mean', 'mean_ci95', 'p95', 'p95_ci95'], name);
    }
    assert.equal(json.series.t_s[0], 0);
    assert.equal(json.series.t_s.at(-1), 10);
    for (const key of ['throughput_rps', 'errors_rps', 'latency_p95_ms', 'utilization.api', 'queue.api']) {
      assert.equal(json.series[key].length, json.series.t_s.length, key);
    }
    // 200/s for 10 s.
    assert.ok(json.requests.completed > 1800 && json.requests.completed < 2200, String(json.requests.completed));
  });

  test('--replications N runs seeds seed…seed+N−1 and gives 95 % half-widths; without --warmup MSER-5 picks one', async () => {
    const args = ['simulate', 'shop.sysdesign', '--format', 'json', '--duration', '10s', '--warmup', '1s'];
    const many = JSON.parse((await runCli([...args, '--replications', '3'], { cwd: dir })).stdout);
    assert.equal(many.replications, 3);
    assert.equal(many.warmup_s, 1);
    assert.equal(many.measured_s, 9);
    const singles = [];
    for (const seed of ['1', '2', '3']) singles.push(JSON.parse((await runCli([...args, '--seed', seed], { cwd: dir })).stdout));
    const xs = singles.map((j) => j.latency_ms.mean as number);
    const mean = xs.reduce((a, b) => a + b, 0) / 3;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / 2);
    assert.ok(Math.abs(many.latency_ms.mean - mean) < 1e-3 * mean, `${many.latency_ms.mean} vs ${mean}`);
    // t(0.975, 2) = 4.303
    assert.ok(Math.abs(many.latency_ms.mean_ci95 - (4.303 * sd) / Math.sqrt(3)) < 1e-3 * many.latency_ms.mean_ci95 + 1e-9);
    assert.ok(many.components.api.utilization_ci95 > 0);
    assert.ok(many.components.api.throughput_rps_ci95 > 0);

    const auto = JSON.parse((await runCli(['simulate', 'shop.sysdesign', '--format', 'json', '--duration', '10s'], { cwd: dir })).stdout);
    assert.equal(auto.warmup_method, 'mser5');
    assert.ok(auto.warmup_s >= 0 && auto.warmup_s <= 5, String(auto.warmup_s)); // MSER-5 looks at the first half only
    assert.equal(auto.measured_s, 10 - auto.warmup_s);

    const bad = await runCli([...args, '--replications', '0'], { cwd: dir });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--replications must be an integer from 1 to 1000, got '0'/);
    const badWarmup = await runCli(['simulate', 'shop.sysdesign', '--warmup', 'soon'], { cwd: dir });
    assert.equal(badWarmup.code, 2);
    assert.match(badWarmup.stderr, /--warmup must be a time such as 10s or 2m/);
  });

  test('is byte-identical across processes for the same inputs; another seed differs', () => {
    const args = ['simulate', 'shop.sysdesign', '--scenario', 'spike', '--format', 'json'];
    const first = spawnCli(args, dir);
    const second = spawnCli(args, dir);
    assert.equal(first.code, 0, first.stderr);
    assert.equal(second.code, 0, second.stderr);
    assert.equal(first.stdout, second.stdout);
    assert.equal(first.stderr, '');
    const other = spawnCli([...args, '--seed', '4'], dir);
    assert.equal(other.code, 0, other.stderr);
    assert.notEqual(other.stdout, first.stdout);
    assert.equal(JSON.parse(first.stdout).seed, 3);
    assert.equal(JSON.parse(other.stdout).seed, 4);
  });

  test('options override the scenario: --duration, --seed, --load', async () => {
    const scenario = JSON.parse((await runCli(['simulate', 'shop.sysdesign', '--scenario', 'spike', '--format', 'json'], { cwd: dir })).stdout);
    // The scenario's own values: 20 s, seed 3, 2x (200/s -> 400/s).
    assert.equal(scenario.scenario, 'spike');
    assert.equal(scenario.seed, 3);
    assert.equal(scenario.duration_s, 20);
    assert.ok(scenario.throughput_rps > 360 && scenario.throughput_rps < 440, String(scenario.throughput_rps));

    const run = await runCli(['simulate', 'shop.sysdesign', '--scenario', 'spike', '--duration', '5s', '--seed', '7', '--load', '0.5x', '--format', 'json'], { cwd: dir });
    assert.equal(run.code, 0, run.stderr);
    const json = JSON.parse(run.stdout);
    assert.equal(json.seed, 7);
    assert.equal(json.duration_s, 5);
    assert.ok(json.throughput_rps > 80 && json.throughput_rps < 120, String(json.throughput_rps)); // 200/s × 0.5

    const plain = JSON.parse((await runCli(['simulate', 'shop.sysdesign', '--duration', '5', '--load', '2', '--format', 'json'], { cwd: dir })).stdout);
    assert.equal(plain.duration_s, 5);
    assert.ok(plain.throughput_rps > 360 && plain.throughput_rps < 440, String(plain.throughput_rps));
    const minutes = JSON.parse((await runCli(['simulate', 'shop.sysdesign', '--duration', '0.1m', '--format', 'json'], { cwd: dir })).stdout);
    assert.equal(minutes.duration_s, 6);
  });

  test('--system picks a system; --scenario alone finds the system declaring it', async () => {
    const bySystem = JSON.parse((await runCli(['simulate', 'shop.sysdesign', '--system', 'other', '--duration', '2s', '--format', 'json'], { cwd: dir })).stdout);
    assert.equal(bySystem.system, 'other');
    assert.deepEqual(Object.keys(bySystem.components), ['c', 's']);
    const byScenario = JSON.parse((await runCli(['simulate', 'shop.sysdesign', '--scenario', 'quiet', '--format', 'json'], { cwd: dir })).stdout);
    assert.equal(byScenario.system, 'other');
    assert.equal(byScenario.scenario, 'quiet');
    assert.equal(byScenario.duration_s, 5);
  });
});

describe('sysdesign simulate (text)', () => {
  test('prints a header, requests, latency, an aligned component table and the bottlenecks', async () => {
    const run = await runCli(['simulate', 'hot.sysdesign', '--scenario', 'burst', '--warmup', '0'], { cwd: dir });
    const out = run.stdout;
    assert.match(out, /^Simulation of hot, scenario burst\n/);
    assert.match(out, /seed 5 · load 1x · simulated 10 s · [\d.]+k events · ran to the end/);
    assert.match(out, /^Requests {4}[\d.]+k? completed · 0 failed · [\d.]+k dropped · 0 stale$/m);
    assert.match(out, /^Throughput {2}[\d.]+\/s$/m);
    assert.match(out, /^Latency {5}mean [\d.]+ m?s · p50 [\d.]+ m?s · p95 [\d.]+ m?s · p99 [\d.]+ m?s · max [\d.]+ m?s$/m);
    const header = out.split('\n').find((l) => l.startsWith('  Component '))!;
    assert.match(header, /Component +Throughput +Util\. +Queue mean +Queue max +Backlog max +Failed +Latency mean +p95 +Instances +Hit ratio/);
    // Every row of the table ends where the header does (right-aligned columns).
    const rows = out.slice(out.indexOf('Components'), out.indexOf('Bottlenecks')).split('\n').filter((l) => /^ {2}(users|front|api|slow) /.test(l));
    assert.equal(rows.length, 4);
    for (const row of rows) assert.equal(row.length, header.length, row);
    assert.match(out, /^ {2}users +[\d.]+\/s +— +— +—/m);
    const bottlenecks = out.slice(out.indexOf('Bottlenecks'));
    assert.match(bottlenecks, /api +dropped [\d.]+k requests \(queue full\) from t = [\d.]+ ms \(utilization 99\.\d+%\)/);
    assert.match(bottlenecks, /slow +queued more than 100 requests from t = [\d.]+ ms \(queue max [\d.]+k, utilization 99\.\d+%\)/);
    assert.doesNotMatch(bottlenecks, /front/);
    // Not a terminal: no colour, no progress bar.
    assert.doesNotMatch(out + run.stderr, /\u001b\[|\r/);
  });

  test('a clean run says there were no bottlenecks and exits 0', async () => {
    const run = await runCli(['simulate', 'shop.sysdesign', '--duration', '5s', '--load', '2x', '--seed', '7'], { cwd: dir });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, '');
    assert.match(run.stdout, /^Simulation of shop, default run \(no scenario\)\n {2}seed 7 · load 2x · simulated 5 s · /);
    assert.match(run.stdout, /^ {2}hot +[\d.]+\/s +[\d.]+% .* (7|8)\d(\.\d+)?%$/m);
    assert.match(run.stdout, /Bottlenecks\n {2}none: no component saturated, dropped or failed requests\n/);
  });
});

describe('sysdesign simulate exit statuses', () => {
  test('2 for bad usage, unreadable files, unknown systems and scenarios', async () => {
    const scenario = await runCli(['simulate', 'shop.sysdesign', '--scenario', 'nope'], { cwd: dir });
    assert.equal(scenario.code, 2);
    assert.match(scenario.stderr, /no scenario named 'nope' in system shop \(scenarios: spike\)/);
    const noScenarios = await runCli(['simulate', 'shop.sysdesign', '--system', 'other', '--scenario', 'spike'], { cwd: dir });
    assert.equal(noScenarios.code, 2);
    assert.match(noScenarios.stderr, /in system other \(scenarios: quiet\)/);
    const system = await runCli(['simulate', 'shop.sysdesign', '--system', 'nope'], { cwd: dir });
    assert.equal(system.code, 2);
    assert.match(system.stderr, /no system named 'nope' \(systems: shop, other\)/);
    assert.equal((await runCli(['simulate', 'missing.sysdesign'], { cwd: dir })).code, 2);
    assert.equal((await runCli(['simulate'], { cwd: dir })).code, 2);
    assert.equal((await runCli(['simulate', 'shop.sysdesign', '--format', 'xml'], { cwd: dir })).code, 2);
    for (const [option, value, message] of [
      ['--duration', '5q', /--duration: Unknown unit 'q'/],
      ['--duration', '0s', /--duration must be above 0/],
      ['--duration', '2MB', /--duration: Expected a time/],
      ['--load', 'lots', /--load must be a multiplier/],
      ['--load', '0x', /--load must be above 0/],
      ['--seed', '1.5', /--seed must be an integer/],
    ] as const) {
      const run = await runCli(['simulate', 'shop.sysdesign', option, value], { cwd: dir });
      assert.equal(run.code, 2, `${option} ${value}`);
      assert.match(run.stderr, message);
      assert.equal(run.stdout, '');
    }
  });

  test('1 when the design has errors (what could be read is still simulated) or declares no system', async () => {
    const broken = await runCli(['simulate', 'broken.sysdesign', '--duration', '2s', '--format', 'json'], { cwd: dir });
    assert.equal(broken.code, 1);
    assert.match(broken.stderr, /broken\.sysdesign:3:17 +error/);
    assert.match(broken.stderr, /has errors; simulating what could be read/);
    assert.match(broken.stderr, /has 1 error: the results cover what could be read \(exit status 1\)/);
    assert.equal(JSON.parse(broken.stdout).system, 'b');
    const empty = await runCli(['simulate', 'empty.sysdesign'], { cwd: dir });
    assert.equal(empty.code, 1);
    assert.match(empty.stderr, /declares no system; nothing to simulate/);
  });

  test('help lists the options', async () => {
    const run = await runCli(['simulate', '--help'], { cwd: dir });
    assert.equal(run.code, 0);
    for (const option of ['--system', '--scenario', '--duration', '--seed', '--load', '--warmup', '--replications', '--format']) assert.ok(run.stdout.includes(option), option);
    assert.match(run.stdout, /else the\s+first/);
    // It explains the outputs by a document in the repository, and no line is wrapped by the help formatter.
    assert.match(run.stdout, /docs\/simulation\.md\s+in the sysdesign repository/);
    assert.doesNotMatch(run.stdout, /shared|spec/);
    for (const line of run.stdout.split('\n')) assert.ok(line.length <= 80, line);
  });
});

describe('option parsing', () => {
  test('durations, loads and seeds', () => {
    assert.equal(parseDuration('30s'), 30);
    assert.equal(parseDuration('10m'), 600);
    assert.equal(parseDuration('1.5h'), 5400);
    assert.equal(parseDuration('250ms'), 0.25);
    assert.equal(parseDuration('45'), 45);
    assert.equal(parseLoad('3x'), 3);
    assert.equal(parseLoad('3'), 3);
    assert.equal(parseLoad('0.5x'), 0.5);
    assert.equal(parseSeed('42'), 42);
    assert.equal(parseWarmup('10s'), 10);
    assert.equal(parseWarmup('0'), 0);
    assert.equal(parseReplications('20'), 20);
    assert.throws(() => parseReplications('2.5'), /--replications must be an integer from 1 to 1000/);
    assert.throws(() => parseReplications('1001'), /--replications must be an integer from 1 to 1000/);
    assert.equal(parseSeed('-3'), -3);
    assert.throws(() => parseDuration('-5s'), UsageError);
    assert.throws(() => parseLoad('3%'), UsageError);
    assert.throws(() => parseSeed('1e3'), UsageError);
    assert.throws(() => parseSeed('99999999999999999999'), UsageError);
  });
});

describe('the progress bar', () => {
  /** A fake clock the test moves. */
  function clock(): { now: () => number; advance: (ms: number) => void } {
    let t = 0;
    return { now: () => t, advance: (ms) => void (t += ms) };
  }

  test('appears after the delay, redraws at most every interval, and is erased at the end', () => {
    const c = clock();
    let out = '';
    const bar = new ProgressBar({ write: (s) => void (out += s), enabled: true, label: 'simulating x', now: c.now, columns: 80 });
    bar.update(0.1, '6 s of 1 min');
    c.advance(900);
    bar.update(0.2);
    assert.equal(out, '', 'nothing in the first second');
    c.advance(200);
    bar.update(0.25, '15 s of 1 min');
    assert.equal(bar.visible, true);
    assert.match(out, /^\r\u001b\[2Ksimulating x {2}\[█+░+\] {3}25% {2}15 s of 1 min {2}ETA 4 s$/);
    const drawn = out.length;
    c.advance(50);
    bar.update(0.3);
    assert.equal(out.length, drawn, 'not redrawn within 100 ms');
    c.advance(60);
    bar.update(0.5);
    assert.ok(out.length > drawn);
    for (const line of out.split('\r\u001b[2K').filter(Boolean)) assert.ok(line.length < 80, line);
    bar.done();
    assert.ok(out.endsWith('\r\u001b[2K'));
    const final = out.length;
    c.advance(1000);
    bar.update(0.9);
    assert.equal(out.length, final, 'nothing after done()');
  });

  test('writes nothing when stderr is not a terminal, or when the run is quick', () => {
    const c = clock();
    let out = '';
    const off = new ProgressBar({ write: (s) => void (out += s), enabled: false, label: 'x', now: c.now });
    c.advance(5000);
    off.update(0.5);
    off.done();
    const quick = new ProgressBar({ write: (s) => void (out += s), enabled: true, label: 'x', now: c.now });
    c.advance(500);
    quick.update(1);
    quick.done();
    assert.equal(out, '');
    assert.equal(formatEta(58_100), '59 s');
    assert.equal(formatEta(61_000), '1 min');
    assert.equal(formatEta(3_900_000), '1 h 5 min');
  });

  test('a long run draws it on a terminal stderr, and not otherwise; stdout is the same', async () => {
    const run = async (stderrIsTTY: boolean) => {
      let stdout = '';
      let stderr = '';
      // Each look at the clock is 300 ms later: past the 1 s delay after a few
      // progress reports, however fast the machine simulates.
      let t = 0;
      const now = (): number => (t += 300);
      const code = await main(['node', 'sysdesign', 'simulate', 'long.sysdesign', '--duration', '20s', '--format', 'json'], {
        stdout: (t) => void (stdout += t),
        stderr: (t) => void (stderr += t),
        cwd: dir,
        isTTY: false,
        stderrIsTTY,
        stderrColumns: 100,
        now,
        env: {},
      });
      return { code, stdout, stderr };
    };
    const tty = await run(true);
    assert.equal(tty.code, 0, tty.stderr);
    assert.match(tty.stderr, /\r\u001b\[2Ksimulating long {2}\[[█░]+\] +\d+% {2}(pilot )?[\d.]+ s of 20 s/);
    assert.ok(tty.stderr.endsWith('\r\u001b[2K'), 'the bar is erased at the end');
    const pipe = await run(false);
    assert.equal(pipe.code, 0);
    assert.equal(pipe.stderr, '');
    assert.equal(pipe.stdout, tty.stdout);
  });
});

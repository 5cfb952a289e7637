// `sysdesign/simulate`, `sysdesign/simulationTargets`, the "Simulate" lenses
// and the bottleneck diagnostics, over stdio to the real server: the run is in
// a worker thread (an edit's diagnostics arrive while it runs), progress comes
// as `$/progress` on the client's work-done token, cancelling answers at once
// with the partial result, and the `sysdesign-sim` diagnostics stay until the
// next edit.
import { SCENARIO_DEFAULTS } from '../../src/schema/schema';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CancellationTokenSource, ProgressType, ResponseError } from 'vscode-jsonrpc/node';
import type { CodeLens, Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { analyze } from '../../src/analyze';
import {
  SIM_DIAGNOSTIC_SOURCE, SIMULATE_COMMAND, SimulateRequest, SimulationTargetsRequest,
  type SimulateParams, type SimulateResult,
} from '../../src/protocol';
import { findScenario, simulateSystem, toJsonText } from '../../src/sim';
import { SimulationRunner } from '../../src/lsp/simulation';
import { jobFor } from '../../src/lsp/sim-job';
import { clientForSuite, type LspClient, positionOf } from './harness';
import { HOT } from '../helpers/designs';
import { LONG_SIMULATION } from '../../bench/worst-cases';

const CALM = `system calm "Calm shop" {
  client web { rate: 100/s }
  service api { instances: 2  service_time: 5ms }
  web -> api

  scenario double {
    duration: 30s
    seed: 9
    load: 2x
    at 10s: stop api[1]
    at 20s: start api[1]
  }
  scenario plain { }
}
`;

const WORK_DONE = new ProgressType<{ kind: 'begin' | 'report' | 'end'; percentage?: number; message?: string; title?: string; cancellable?: boolean }>();

const client = clientForSuite();

function simulate(params: SimulateParams, token?: CancellationTokenSource, on: LspClient = client): Promise<SimulateResult> {
  return token ? on.connection.sendRequest(SimulateRequest, params, token.token) : on.request(SimulateRequest, params);
}

const simDiagnostics = (p: PublishDiagnosticsParams): Diagnostic[] => p.diagnostics.filter((d) => d.source === SIM_DIAGNOSTIC_SOURCE);

/** The progress reports on `token`; `first` resolves at the first report. */
function watchProgress(token: string, on: LspClient = client): { values: { kind: string; percentage?: number; message?: string }[]; first: Promise<void>; dispose(): void } {
  const values: { kind: string; percentage?: number; message?: string }[] = [];
  let resolveFirst!: () => void;
  const first = new Promise<void>((resolve) => (resolveFirst = resolve));
  const sub = on.connection.onProgress(WORK_DONE, token, (value) => {
    values.push(value);
    if (value.kind === 'report') resolveFirst();
  });
  return { values, first, dispose: () => sub.dispose() };
}

describe('Simulate code lenses and targets', () => {
  test('a "Simulate" lens on each system (plain run) and each scenario, next to "Preview diagram"', async () => {
    const uri = 'file:///w/sim/calm.sysdesign';
    await client.open(uri, CALM);
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    const simulate = lenses.filter((l) => l.command?.command === SIMULATE_COMMAND);
    assert.deepEqual(simulate.map((l) => [l.command!.title, l.range.start, l.command!.arguments]), [
      ['Simulate', positionOf(CALM, 'system calm'), [{ uri, system: 'calm' }]],
      ['Simulate', positionOf(CALM, 'scenario double'), [{ uri, system: 'calm', scenario: 'double' }]],
      ['Simulate', positionOf(CALM, 'scenario plain'), [{ uri, system: 'calm', scenario: 'plain' }]],
    ]);
    assert.ok(lenses.some((l) => l.command?.title === 'Preview diagram'), 'the preview lens is still there');
  });

  test('sysdesign/simulationTargets lists systems and their scenarios', async () => {
    const uri = 'file:///w/sim/calm.sysdesign';
    const targets = await client.request(SimulationTargetsRequest, { uri });
    assert.deepEqual(targets, {
      systems: [{
        name: 'calm',
        title: 'Calm shop',
        scenarios: [
          { name: 'double', events: 2, duration: 30, seed: 9, load: 2 },
          { name: 'plain', events: 0 },
        ],
      }],
      // The language's defaults, which the client shows for what nothing sets.
      defaults: { duration: SCENARIO_DEFAULTS.duration, seed: SCENARIO_DEFAULTS.seed, load: SCENARIO_DEFAULTS.load },
    });
    assert.deepEqual((await client.request(SimulationTargetsRequest, { uri: 'file:///w/sim/not-open.sysdesign' })).systems, []);
  });
});

describe('sysdesign/simulate', () => {
  test('answers the JSON of the CLI (byte for byte), raw figures, the analytic comparison and progress', async () => {
    const uri = 'file:///w/sim/calm-run.sysdesign';
    await client.open(uri, CALM);
    const progress = watchProgress('calm-1');
    const r = await simulate({ uri, scenario: 'double', workDoneToken: 'calm-1' });
    progress.dispose();
    assert.equal(r.uri, uri);
    assert.equal(r.version, 1);
    assert.equal(r.system, 'calm');
    assert.equal(r.scenario, 'double');
    assert.equal(r.seed, 9);
    assert.equal(r.load, 2);
    assert.equal(r.duration, 30);
    assert.equal(r.simulated, 30);
    assert.equal(r.stopped, 'duration');
    assert.equal(r.errors, 0);
    const system = analyze(CALM).systems[0];
    const expected = toJsonText(simulateSystem(system, { scenario: findScenario(system, 'double') }));
    assert.equal(JSON.stringify(r.result, null, 2), expected);
    assert.equal(r.events, r.result.events);

    const api = r.components.find((c) => c.name === 'api')!;
    assert.equal(api.stations, true);
    assert.ok(api.throughput! > 180 && api.throughput! < 220, String(api.throughput));
    assert.ok(api.utilization! > 0.4 && api.utilization! < 0.7, String(api.utilization));
    assert.equal(api.saturatedAt, null);
    assert.equal(r.components.find((c) => c.name === 'web')!.utilization, null);
    assert.deepEqual(r.edges.map((e) => [e.from, e.to]), [['web', 'api']]);

    // Analytic: 100/s × 2 = 200/s over 2 instances of 5 ms → 50 % (latency only at 1x).
    const row = r.comparison.rows.find((x) => x.component === 'api')!;
    assert.equal(r.comparison.load, 2);
    assert.equal(row.analytic.throughputRps, 200);
    assert.equal(row.analytic.utilization, 0.5);
    assert.equal(row.analytic.latencyMs, null);
    assert.ok(Math.abs(row.simulated.throughputRps! - 200) < 20);
    assert.ok(r.comparison.notes.some((n) => /latencies hold at 1x only/.test(n)));

    const oneX = await simulate({ uri, scenario: 'plain', duration: 20 });
    const row1 = oneX.comparison.rows.find((x) => x.component === 'api')!;
    assert.equal(row1.analytic.utilization, 0.25);
    // M/M/1 at ρ = 0.25 with 5 ms: 6.67 ms.
    assert.ok(Math.abs(row1.analytic.latencyMs! - 6.66667) < 0.01, String(row1.analytic.latencyMs));
    assert.ok(Math.abs(row1.simulated.latencyMs! - row1.analytic.latencyMs!) < 1.5, `${row1.simulated.latencyMs} vs ${row1.analytic.latencyMs}`);

    assert.equal(progress.values[0].kind, 'begin');
    assert.equal(progress.values.at(-1)!.kind, 'end');
    const reports = progress.values.filter((v) => v.kind === 'report');
    assert.ok(reports.length >= 1, 'at least one report');
    for (const v of reports) {
      assert.ok(Number.isInteger(v.percentage) && v.percentage! >= 0 && v.percentage! <= 100);
      assert.match(v.message!, /of 30 s simulated$/);
    }
  });

  test('an autoscaled component is compared at the capacity the run served with, not at its planned max', async () => {
    const uri = 'file:///w/sim/autoscaled.sysdesign';
    // 100/s of 5 ms = 0.5 busy cores; the autoscaler stays at its min of 2 (25 %), the plan is 10 (5 %).
    await client.open(uri, `system elastic {
  client web { rate: 100/s }
  service api {
    service_time: 5ms
    autoscale { min: 2  max: 10 }
  }
  web -> api
}`);
    const r = await simulate({ uri, duration: 30, seed: 3 });
    const row = r.comparison.rows.find((x) => x.component === 'api')!;
    assert.ok(Math.abs(row.analytic.utilization! - 0.25) < 0.01, `analytic ${row.analytic.utilization}`);
    assert.ok(Math.abs(row.simulated.utilization! - row.analytic.utilization!) < 0.03, `${row.simulated.utilization} vs ${row.analytic.utilization}`);
    assert.ok(r.comparison.notes.some((n) => /Autoscaled: .*`api` \(2 cores on average\)/.test(n)), r.comparison.notes.join('\n'));
  });

  test('settings: params override the scenario, defaults fill in what it does not set', async () => {
    const uri = 'file:///w/sim/calm-settings.sysdesign';
    await client.open(uri, CALM);
    const overridden = await simulate({ uri, scenario: 'double', duration: 4, seed: 2, load: 1, defaults: { duration: 99, seed: 99, load: 3 } });
    assert.deepEqual([overridden.duration, overridden.seed, overridden.load], [4, 2, 1]);
    const scenarioWins = await simulate({ uri, scenario: 'double', defaults: { duration: 5, seed: 99, load: 3 } });
    assert.deepEqual([scenarioWins.duration, scenarioWins.seed, scenarioWins.load], [30, 9, 2]);
    const defaults = await simulate({ uri, scenario: 'plain', defaults: { duration: 3, seed: 4, load: 0.5 } });
    assert.deepEqual([defaults.duration, defaults.seed, defaults.load, defaults.scenario], [3, 4, 0.5, 'plain']);
    const plain = await simulate({ uri, duration: 2 });
    assert.deepEqual([plain.scenario, plain.seed, plain.load], ['', 1, 1]);
  });

  test('bad requests fail with InvalidParams and say why', async () => {
    const uri = 'file:///w/sim/calm-bad.sysdesign';
    await client.open(uri, CALM);
    const failure = async (params: SimulateParams): Promise<ResponseError<unknown>> => {
      try {
        await simulate(params);
      } catch (err) {
        assert.ok(err instanceof ResponseError);
        return err;
      }
      assert.fail('the request succeeded');
    };
    const scenario = await failure({ uri, scenario: 'nope' });
    assert.equal(scenario.code, -32602);
    assert.equal(scenario.message, "No scenario named 'nope' in system calm (scenarios: double, plain).");
    assert.match((await failure({ uri, system: 'other' })).message, /No system named 'other' \(systems: calm\)/);
    assert.match((await failure({ uri: 'file:///w/sim/closed.sysdesign' })).message, /not open/);
    assert.match((await failure({ uri, duration: -1 })).message, /duration must be a number of seconds above 0/);
    assert.match((await failure({ uri, seed: 1.5 })).message, /seed must be an integer/);
    assert.match((await failure({ uri, defaults: { load: 0 } })).message, /defaults\.load must be a multiplier above 0/);
    const empty = 'file:///w/sim/empty.sysdesign';
    await client.open(empty, '// no system\n');
    assert.match((await failure({ uri: empty })).message, /declares no system/);
  });
});

// A second server whose runs stop after their first progress report and wait
// there until cancelled (the worker's test hook): what happens "during a run"
// is then certain, however fast the engine is.
describe('sysdesign/simulate while a run is held in its worker', () => {
  const held = clientForSuite({ env: { SYSDESIGN_TEST_HOLD_SIMULATIONS: '1' } });

  test('runs off the main thread: an edit made during a run is diagnosed, other requests answer', async () => {
    const uri = 'file:///w/sim/long.sysdesign';
    await held.open(uri, LONG_SIMULATION);
    const progress = watchProgress('long-1', held);
    const source = new CancellationTokenSource();
    let answered = false;
    const run = simulate({ uri, duration: 150, workDoneToken: 'long-1' }, source, held).then((r) => {
      answered = true;
      return r;
    });
    await progress.first; // the worker is simulating, and holds
    const diagnostics = await held.change(uri, LONG_SIMULATION.replace('instances: 4', 'instancs: 4'));
    assert.ok(diagnostics.some((d) => d.code === 'unknown-property'), 'the edit is diagnosed');
    const lenses = await held.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.ok(lenses.length >= 2);
    assert.equal(answered, false, 'the run is still held');

    source.cancel();
    const r = await run;
    progress.dispose();
    assert.equal(r.version, 1, 'the text as it was when the request came');
    assert.equal(r.stopped, 'cancelled');
  });

  test('cancelling answers with the partial result', async () => {
    const uri = 'file:///w/sim/long-cancel.sysdesign';
    await held.open(uri, LONG_SIMULATION);
    const progress = watchProgress('long-2', held);
    const source = new CancellationTokenSource();
    const run = simulate({ uri, duration: 3600, workDoneToken: 'long-2' }, source, held);
    await progress.first;
    source.cancel();
    const r = await run;
    progress.dispose();
    assert.equal(r.stopped, 'cancelled');
    assert.ok(r.simulated > 0 && r.simulated < 3600, String(r.simulated));
    assert.equal(r.result.duration_s, r.simulated);
    assert.ok(r.result.requests.completed > 0);
    assert.equal(progress.values.at(-1)!.kind, 'end');
  });
});

describe('bottleneck diagnostics (sysdesign-sim)', () => {
  test('name what saturated or dropped requests and when, and go at the next edit', async () => {
    const uri = 'file:///w/sim/hot.sysdesign';
    const initial = await client.open(uri, HOT);
    assert.equal(initial.filter((d) => d.source === SIM_DIAGNOSTIC_SOURCE).length, 0);
    const published = client.waitForDiagnosticsWhere(uri, (p) => simDiagnostics(p).length > 0);
    const r = await simulate({ uri, scenario: 'burst' });
    assert.deepEqual(r.bottlenecks.map((b) => b.component), ['api', 'slow']);

    const p = await published;
    assert.equal(p.version, 1);
    const sim = simDiagnostics(p);
    assert.deepEqual(sim.map((d) => d.range), [
      { start: positionOf(HOT, 'api {'), end: positionOf(HOT, 'api {', 0, 3) },
      { start: positionOf(HOT, 'slow {'), end: positionOf(HOT, 'slow {', 0, 4) },
    ]);
    for (const d of sim) assert.equal(d.severity, 3, 'information');
    assert.match(sim[0].message, /^Simulation \(burst, seed 5\): `api` dropped [\d.]+k requests \(queue full\) from t = [\d.]+ ms \(utilization 99\.\d+%\)\.$/);
    assert.match(sim[1].message, /^Simulation \(burst, seed 5\): `slow` queued more than 100 requests from t = [\d.]+ ms \(queue max [\d.]+k, utilization 99\.\d+%\)\.$/);
    assert.equal(sim[0].message, r.bottlenecks[0].message);
    // The document's own diagnostics are still there (the overload errors).
    assert.ok(p.diagnostics.some((d) => d.source === 'sysdesign' && d.code === 'overload'));

    // The next edit clears them.
    const edited = await client.change(uri, HOT.replace('seed: 5', 'seed: 6'));
    assert.equal(edited.filter((d) => d.source === SIM_DIAGNOSTIC_SOURCE).length, 0);
    assert.ok(edited.some((d) => d.code === 'overload'));

    // A run without bottlenecks replaces a run with them.
    const again = client.waitForDiagnosticsWhere(uri, (q) => q.version === 2 && simDiagnostics(q).length > 0);
    await simulate({ uri, scenario: 'burst', duration: 2 });
    await again;
    const cleared = client.waitForDiagnosticsWhere(uri, (q) => q.version === 2 && simDiagnostics(q).length === 0);
    const calm = await simulate({ uri, scenario: 'burst', duration: 2, load: 0.01 });
    assert.deepEqual(calm.bottlenecks, []);
    await cleared;
  });
});

describe('SimulationRunner without a worker', () => {
  test('runs on the calling thread, honouring a cancellation already requested', async () => {
    const runner = new SimulationRunner({ workerFile: null });
    assert.equal(runner.usesWorker, false);
    const job = jobFor({ uri: 'file:///x.sysdesign', duration: 60 }, CALM, 1, 0);
    const fractions: number[] = [];
    const done = await runner.run(job, { onProgress: (f) => fractions.push(f) });
    assert.equal(done.stopped, 'duration');
    assert.equal(fractions.at(-1), 1);
    const cancelled = await runner.run(job, { cancellation: { isCancellationRequested: true, onCancellationRequested: () => ({ dispose() {} }) } });
    assert.equal(cancelled.stopped, 'cancelled');
  });
});

// Rules with an observable effect, shown in the simulation (issue 14, item 6):
// a design `stale-replica-reads` flags reads stale data in a plain run (more
// with more lag, none with `sync`); a single point of failure fails every
// request while it is stopped; replicas bound the failures through fail-over
// (about the write share × the fail-over window).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '../helpers/repo';
import { analyze } from '../../src/analyze';
import { singlePointOfFailure } from '../../src/rules/checks/single-point-of-failure';
import { staleReplicaReads } from '../../src/rules/checks/stale-replica-reads';
import { buildSimModel, Simulation, type SimResult } from '../../src/sim';

function flagged(text: string, rule: string): boolean {
  return analyze(text).diagnostics.some((d) => d.rule === rule);
}

function run(text: string, duration: number, scenario?: string): SimResult {
  const system = analyze(text).systems[0];
  const found = scenario ? system.scenarios.find((s) => s.name === scenario) : undefined;
  return new Simulation(buildSimModel(system, { duration, scenario: found, seed: 2 })).run();
}

/** The rule's own "fires" example, with traffic into it. */
function withTraffic(example: string, extra: string): string {
  return example.replace(/\}\s*$/, `${extra}\n}`);
}

describe('scenarios that show the rules', () => {
  it('stale-replica-reads: the flagged design reads stale data, more with more lag, none with sync', () => {
    const base = withTraffic(staleReplicaReads.docs.fires, `
  client users { rate: 50/s  read_ratio: 80% }
  users -> orders`);
    assert.ok(flagged(base, 'stale-replica-reads'));
    const stale = (text: string) => run(text, 60).requests.stale;
    const lag = (l: string) => base.replace('read_from: replicas', `read_from: replicas  lag: ${l}`);
    // 10 writes/s: P(stale) = 1 − e^(−w·E[lag]) (docs/simulation.md), 9.5 % of ~2,400 reads at 10 ms, 63 % at 100 ms.
    const at100 = stale(base); // the default lag, 100 ms
    const at10 = stale(lag('10ms'));
    assert.ok(at10 > 0, String(at10));
    assert.ok(at100 > 2 * at10, `${at100} vs ${at10}`);
    const synced = base.replace('sync: async', 'sync: sync');
    assert.ok(!flagged(synced, 'stale-replica-reads'));
    assert.equal(stale(synced), 0);
  });

  it('stale-replica-reads: the review sample that shows it reads stale data in a plain run', () => {
    const text = readFileSync(join(repoRoot, 'samples', 'review', 'stale-replica-reads.sysdesign'), 'utf8');
    assert.ok(flagged(text, 'stale-replica-reads'));
    const r = run(text, 30);
    assert.ok(r.requests.stale > 0.05 * r.requests.completed, `${r.requests.stale} of ${r.requests.completed}`);
  });

  it('single-point-of-failure: the flagged component fails every request while it is stopped', () => {
    const scenario = '\n  scenario outage { at 10s: stop api\n  at 20s: start api }';
    const spof = withTraffic(singlePointOfFailure.docs.fires, scenario);
    assert.ok(flagged(spof, 'single-point-of-failure'));
    const r = run(spof, 30, 'outage');
    // 100/s for 10 s (Poisson sd 32): ±15 %.
    assert.ok(Math.abs(r.requests.failed - 1000) < 150, String(r.requests.failed));
    const fixed = withTraffic(singlePointOfFailure.docs.fixed, '\n  scenario outage { at 10s: stop api[1]\n  at 20s: start api[1] }');
    assert.ok(!flagged(fixed, 'single-point-of-failure'));
    // Two instances behind a health-checked balancer: only the first check interval (5 s) sends half to the dead one.
    assert.ok(run(fixed, 30, 'outage').requests.failed < 0.5 * r.requests.failed);
  });

  it('replicas bound the failures of a primary outage to the writes of the fail-over window', () => {
    const design = (replicas: number) => `system s {
  client users { rate: 400/s  read_ratio: 75% }
  service api { instances: 2  cores: 4  service_time: 1ms }
  database db { consistency: eventual  cores: 8  service_time: 1ms  replication { mode: primary_replica  replicas: ${replicas}  read_from: primary } }
  users -> api -> db
  scenario outage { at 10s: stop db.primary }
}`;
    const replicated = run(design(2), 70, 'outage');
    // AP: reads go to a replica at once; writes (25 % of 400/s) fail for the 30 s fail-over: 3,000 (sd 55).
    assert.ok(Math.abs(replicated.requests.failed - 3000) < 300, String(replicated.requests.failed));
    const single = run(design(0), 70, 'outage');
    // No replica to promote: every request fails from 10 s to the end, 400/s × 60 s.
    assert.ok(Math.abs(single.requests.failed - 24000) < 1000, String(single.requests.failed));
  });
});

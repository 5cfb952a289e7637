/**
 * The consistency oracle on 200 generated designs: the estimate against the
 * simulator, each design run with three seeds (a 95 % Student-t interval on
 * the run means, docs/estimate.md "How exact").
 *
 * The designs are drawn from a seeded generator of stable request paths: a
 * client, optionally a load balancer (each algorithm), one or two service
 * tiers (exponential, constant or lognormal service times with cs² up to 1,
 * 1–3 instances of 1–4 cores), optionally a cache and a database with replication (sync,
 * semi-sync or async). Each design's client rate is set so its busiest
 * station runs at 30–70 % at peak: an overloaded design has no steady state
 * to agree on, and near saturation, or with heavier tails than cs² = 1,
 * three short runs cannot pin the mean down (the interval they give is
 * itself too narrow; the single-station tests in agreement.test.ts cover
 * heavy tails with longer runs).
 *
 * - Where the estimate says `exact: true`, its mean response must lie inside
 *   the interval; with 95 % intervals about 1 in 20 exact designs falls
 *   outside by chance, so the test asserts that the share outside is what
 *   chance allows (a one-sided binomial bound at three standard deviations)
 *   and that none is outside three half-widths.
 * - Where it says `exact: false`, it must lie within 15 % of the simulated
 *   mean: the documented approximations (balancing algorithms, semi-sync)
 *   are each within about 11 % on one station, and a path dilutes them.
 *
 * The seeds are pinned, so the outcome is the same on every machine.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../../src/analyze';
import { Prng } from '../../bench/generate';
import { simulateSystem } from '../../src/sim';

const DESIGNS = 200;
const SEEDS = [1, 2, 3];
/** Two-sided 95 % quantile of Student's t with 2 degrees of freedom. */
const T95_2 = 4.303;
const APPROXIMATE_TOLERANCE = 0.15;

/** A random stable request path; `rate` is the client's rate per second. */
function design(rng: Prng, rate: number): string {
  const time = (meanMs: number) => {
    const shape = rng.pick(['exp', 'const', 'lognormal'] as const);
    if (shape === 'exp') return `${meanMs}ms`;
    if (shape === 'const') return `const(${meanMs}ms)`;
    return `lognormal(${meanMs}ms, ${Math.round(meanMs * rng.pick([0.5, 1]))}ms)`;
  };
  const lines = [`system g {`, `  client c { rate: ${rate}/s  read_ratio: ${rng.pick([100, 90, 70])}% }`];
  const path: string[] = ['c'];
  if (rng.next() < 0.5) {
    lines.push(`  loadbalancer lb { algorithm: ${rng.pick(['random', 'round_robin', 'least_connections', 'power_of_two'])}  service_time: 0.1ms }`);
    path.push('lb');
  }
  const tiers = rng.int(1, 2);
  for (let t = 1; t <= tiers; t++) {
    lines.push(`  service s${t} { instances: ${rng.int(1, 3)}  cores: ${rng.int(1, 4)}  service_time: ${time(rng.int(2, 12))} }`);
    path.push(`s${t}`);
  }
  for (let i = 1; i < path.length; i++) lines.push(`  ${path[i - 1]} -> ${path[i]}`);
  const last = path[path.length - 1];
  if (rng.next() < 0.5) {
    let reader = last;
    if (rng.next() < 0.5) {
      lines.push(`  cache kv: redis { hit_ratio: ${rng.pick([50, 80, 90])}%  service_time: 0.2ms }`);
      lines.push(`  ${last} -> kv`);
      reader = 'kv';
    }
    const replicas = rng.int(0, 2);
    const replication = replicas === 0 ? '' : `  replication { mode: primary_replica  replicas: ${replicas}  sync: ${rng.pick(['sync', 'semi_sync', 'async'])} }`;
    lines.push(`  database db: postgres { cores: ${rng.int(2, 8)}  service_time: ${time(rng.int(1, 4))}${replication}  backup: daily }`);
    lines.push(`  ${reader} -> db`);
  }
  lines.push('}');
  return lines.join('\n');
}

interface Outcome { file: string; estimated: number; exact: boolean; mean: number; half: number }

function compare(index: number): Outcome | undefined {
  // The structure comes from the design's own seed; the rate is scaled to a target utilization.
  const draft = analyze(design(new Prng(index), 100));
  // The draft's rate is arbitrary, so it may overload; anything else would be a broken generator.
  const errors = draft.diagnostics.filter((d) => d.severity === 'error' && d.rule !== 'overload');
  assert.deepEqual(errors.map((d) => d.message), [], `generated design ${index} is valid`);
  const busiest = Math.max(...draft.estimate(draft.systems[0]).components.map((c) => c.utilization ?? 0));
  if (!(busiest > 0)) return undefined;
  const target = 0.3 + new Prng(index * 7919).next() * 0.4;
  const text = design(new Prng(index), Math.max(1, Math.round((100 * target) / busiest)));
  const analysis = analyze(text);
  assert.deepEqual(analysis.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message), [], `design ${index} at its rate:\n${text}`);
  const system = analysis.systems[0];
  const client = analysis.estimate(system).clients[0];
  const xs = SEEDS.map((seed) => simulateSystem(system, { seed, duration: 15, warmup: 3 }).latency.mean);
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1));
  return { file: text, estimated: client.meanResponse, exact: client.exact, mean, half: (T95_2 * sd) / Math.sqrt(xs.length) };
}

test(`estimate and simulation agree on ${DESIGNS} generated designs`, () => {
  const outcomes: Outcome[] = [];
  for (let i = 1; i <= DESIGNS; i++) {
    const o = compare(i);
    if (o) outcomes.push(o);
  }
  assert.ok(outcomes.length >= DESIGNS * 0.9, `${outcomes.length} of ${DESIGNS} designs compared`);
  const exact = outcomes.filter((o) => o.exact);
  const approximate = outcomes.filter((o) => !o.exact);
  const outside = exact.filter((o) => Math.abs(o.estimated - o.mean) > o.half + 0.005 * o.estimated);
  const describe = (o: Outcome) =>
    `estimate ${(o.estimated * 1000).toPrecision(4)} ms vs simulated ${(o.mean * 1000).toPrecision(4)} ± ${(o.half * 1000).toPrecision(2)} ms in\n${o.file}`;
  // Both kinds must be well represented for the oracle to mean something.
  assert.ok(exact.length >= 40 && approximate.length >= 40, `${exact.length} exact, ${approximate.length} approximate`);
  const allowed = exact.length * 0.05 + 3 * Math.sqrt(exact.length * 0.05 * 0.95);
  assert.ok(outside.length <= allowed, `${outside.length} of ${exact.length} exact estimates outside their 95 % interval (chance allows ${allowed.toFixed(1)}):\n${outside.map(describe).join('\n')}`);
  for (const o of exact) assert.ok(Math.abs(o.estimated - o.mean) <= 3 * o.half + 0.005 * o.estimated, `exact, far outside: ${describe(o)}`);
  for (const o of approximate) assert.ok(Math.abs(o.estimated - o.mean) / o.mean <= APPROXIMATE_TOLERANCE, `approximate, beyond ${APPROXIMATE_TOLERANCE * 100} %: ${describe(o)}`);
  const worst = Math.max(...approximate.map((o) => Math.abs(o.estimated - o.mean) / o.mean));
  console.log(`${outcomes.length} designs: ${exact.length} exact (${outside.length} outside their 95 % interval), ${approximate.length} approximate (worst ${(worst * 100).toFixed(1)} %)`);
});

/**
 * Every sample: the clients' mean response, weighted by their rates (the
 * simulator reports one latency over all clients), estimate against
 * simulation (docs/estimate.md). Three seeded 20-second runs give a 95 %
 * t-interval: an exact estimate must fall inside it; the samples mix
 * approximations (round robin, least connections, fork–join), and those
 * must agree within a stated 3 % of the simulated mean. Measured: every
 * sample within 1 %.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { analyze } from '../../src/analyze';
import { estimateSystem } from '../../src/estimate/propagate';
import { simulateSystem } from '../../src/sim';
import { repoRoot } from '../helpers/repo';

const TOLERANCE = 0.03;
const SEEDS = [1, 2, 3];
/** Two-sided 95 % quantile of Student's t with 2 degrees of freedom. */
const T95_2 = 4.303;

describe('estimate vs simulation on every sample', () => {
  const dir = join(repoRoot, 'samples');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.sysdesign')).sort()) {
    test(file, () => {
      for (const system of analyze(readFileSync(join(dir, file), 'utf8')).systems) {
        const estimate = estimateSystem(system);
        const runs = SEEDS.map((seed) => simulateSystem(system, { seed, duration: 20, warmup: 5 }));
        // The simulator's latency is over all clients' requests: compare the rate-weighted estimate.
        const sending = estimate.clients.filter((c) => c.rateRps > 0);
        const rate = sending.reduce((a, c) => a + c.rateRps, 0);
        const estimated = sending.reduce((a, c) => a + c.rateRps * c.meanResponse, 0) / rate;
        const exact = sending.every((c) => c.exact);
        const xs = runs.map((r) => r.latency.mean);
        const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
        const sd = Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1));
        const half = (T95_2 * sd) / Math.sqrt(xs.length);
        const err = (estimated - mean) / mean;
        const msg = `${file} ${system.name}: estimate ${(estimated * 1000).toPrecision(4)} ms (${exact ? 'exact' : 'approximate'}) vs simulated ${(mean * 1000).toPrecision(4)} ± ${(half * 1000).toPrecision(2)} ms (${(err * 100).toFixed(2)} %)`;
        console.log(msg);
        if (exact) assert.ok(Math.abs(estimated - mean) <= half + 0.005 * estimated, msg);
        else assert.ok(Math.abs(err) <= TOLERANCE, msg);
      }
    });
  }
});

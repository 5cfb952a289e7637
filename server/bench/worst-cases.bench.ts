/**
 * Worst cases, timed: the budgets the tests once asserted (and that flaked on
 * a busy machine) are targets here instead.
 *
 *   node out/server/bench/worst-cases.bench.js
 *
 * - worst.did_you_mean_ms: analyze() with 1,000 unknown names among 5,000.
 * - worst.recovery_ms: analyze() of 4,000 lines with an error every hundred.
 * - worst.sim_cancel_ms: from cancelling a simulation running in its worker
 *   thread to the partial result.
 */
import { CancellationTokenSource } from 'vscode-languageserver';
import { analyze } from '../src/analyze';
import { jobFor } from '../src/lsp/sim-job';
import { SimulationRunner } from '../src/lsp/simulation';
import type { Targets } from './targets';
import { brokenEveryHundredLines, LONG_SIMULATION, manyUnknownReferences } from './worst-cases';

export const WORST_CASE_TARGETS: Targets = {
  'worst.did_you_mean_ms': { below: 5000 },
  'worst.recovery_ms': { below: 2000 },
  'worst.sim_cancel_ms': { below: 1500 },
};

function timed(fn: () => unknown): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

/** Starts a long run in the worker, cancels it at its first progress report, and times the answer. */
async function simCancelMs(): Promise<number> {
  const runner = new SimulationRunner();
  if (!runner.usesWorker) throw new Error('the simulation worker is not built (npm run build)');
  let cancelledAt = 0;
  const cancel = new CancellationTokenSource();
  const outcome = await runner.run(jobFor({ uri: 'file:///bench.sysdesign', duration: 3600 }, LONG_SIMULATION, 1, 0), {
    cancellation: cancel.token,
    onProgress: () => {
      if (cancelledAt) return;
      cancelledAt = performance.now();
      cancel.cancel();
    },
  });
  if (outcome.stopped !== 'cancelled') throw new Error(`the run was not cancelled (stopped: ${outcome.stopped})`);
  return performance.now() - cancelledAt;
}

export async function benchWorstCases(): Promise<Record<string, number>> {
  const unknown = manyUnknownReferences();
  const broken = brokenEveryHundredLines();
  return {
    'worst.did_you_mean_ms': timed(() => analyze(unknown)),
    'worst.recovery_ms': timed(() => analyze(broken)),
    'worst.sim_cancel_ms': await simCancelMs(),
  };
}

if (require.main === module) {
  void benchWorstCases().then((results) => console.log(results));
}

// The simulation worker: one thread per run, started by SimulationRunner
// (simulation.ts) with the job in `workerData`, so the language server's main
// thread keeps answering (diagnostics, completion, hover) while a run of many
// seconds goes on. Bundled on its own as dist/sim-worker.js, and compiled next
// to simulation.js otherwise.
//
// - Progress: `{ type: 'progress', fraction }` every PROGRESS_EVERY events
//   (the main thread throttles what it forwards to the client).
// - Cancellation: the main thread sets the first Int32 of `abort` (a
//   SharedArrayBuffer); the engine looks at it every 1,024 events, stops, and
//   the partial result is posted as usual (`stopped: 'cancelled'`).
// - The answer: `{ type: 'done', outcome }` or `{ type: 'failed', message,
//   request }` (request: a problem with the request, for the user, rather
//   than a bug). The thread then ends on its own.
// - Test hook: with SYSDESIGN_TEST_HOLD_SIMULATIONS=1 in the server's
//   environment, a run stops after its first progress report and waits there
//   until it is cancelled, so a test can act "during a run" without racing
//   the engine's speed.
import { parentPort, workerData } from 'worker_threads';
import { runSimulationJob, SimulationRequestError, type SimulationJob, type SimulationOutcome } from './sim-job';

/** What the main thread passes as `workerData`. */
export interface SimWorkerData {
  sysdesignSimulation: true;
  job: SimulationJob;
  /** Int32Array(1) over a SharedArrayBuffer: non-zero asks the run to stop. */
  abort: SharedArrayBuffer;
  progressEvery: number;
}

/** Worker -> main thread. */
export type SimWorkerMessage =
  | { type: 'progress'; fraction: number }
  | { type: 'done'; outcome: SimulationOutcome }
  | { type: 'failed'; message: string; request: boolean };

function describe(err: unknown): string {
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}

function main(port: NonNullable<typeof parentPort>, data: SimWorkerData): void {
  const flag = new Int32Array(data.abort);
  const signal = {
    get aborted(): boolean {
      return Atomics.load(flag, 0) !== 0;
    },
  };
  const holdUntilCancelled = process.env.SYSDESIGN_TEST_HOLD_SIMULATIONS === '1';
  let reply: SimWorkerMessage;
  try {
    const outcome = runSimulationJob(data.job, {
      signal,
      progressEvery: data.progressEvery,
      onProgress: (fraction) => {
        port.postMessage({ type: 'progress', fraction } satisfies SimWorkerMessage);
        if (holdUntilCancelled) Atomics.wait(flag, 0, 0); // returns at once once the flag is set
      },
    });
    reply = { type: 'done', outcome };
  } catch (err) {
    reply = err instanceof SimulationRequestError
      ? { type: 'failed', message: err.message, request: true }
      : { type: 'failed', message: describe(err), request: false };
  }
  port.postMessage(reply);
}

// Only when started as the simulation worker (not when some test or tool
// merely imports this module).
const data = workerData as Partial<SimWorkerData> | null | undefined;
if (parentPort && data?.sysdesignSimulation === true) main(parentPort, data as SimWorkerData);

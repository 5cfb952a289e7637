// One replication of a simulation on a worker thread, started by
// runReplications (replications.ts) with the model (plain data, seed already
// set) in `workerData`. It runs the engine and posts the SimResult back (plain
// data too), then ends. Bundled on its own as dist/replication-worker.js, and
// compiled next to replications.js otherwise.
import { parentPort, workerData } from 'worker_threads';
import { Simulation } from './engine';
import type { SimModel } from './model';
import type { SimResult } from './results';

/** What the main thread passes as `workerData`. */
export interface ReplicationWorkerData {
  sysdesignReplication: true;
  model: SimModel;
}

/** Worker -> main thread. */
export type ReplicationWorkerMessage = { type: 'done'; result: SimResult } | { type: 'failed'; message: string };

const data = workerData as Partial<ReplicationWorkerData> | null | undefined;
if (parentPort && data?.sysdesignReplication === true) {
  let reply: ReplicationWorkerMessage;
  try {
    reply = { type: 'done', result: new Simulation(data.model!).run() };
  } catch (err) {
    reply = { type: 'failed', message: err instanceof Error ? (err.stack ?? err.message) : String(err) };
  }
  parentPort.postMessage(reply);
}

/**
 * The bound on concurrent simulations in the server (issue 19): at most
 * `limit` run, `queueLimit` wait in order, the rest are refused at once with
 * a message; a waiting request can be cancelled. Orders are asserted through
 * promises settling, never through time.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CancellationTokenSource } from 'vscode-languageserver';
import { RunSlots, SlotsFull, SlotWaitCancelled } from '../../src/lsp/run-slots';
import { jobFor } from '../../src/lsp/sim-job';
import { SimulationCancelled, SimulationRunner } from '../../src/lsp/simulation';

/** Settles to 'pending' if `p` has not settled after the queued microtasks run. */
async function state(p: Promise<unknown>): Promise<'resolved' | 'rejected' | 'pending'> {
  const marker = Symbol('pending');
  const result = await Promise.race([p.then(() => 'resolved' as const, () => 'rejected' as const), new Promise((r) => setImmediate(() => r(marker)))]);
  return result === marker ? 'pending' : (result as 'resolved' | 'rejected');
}

describe('RunSlots', () => {
  test('grants up to the limit, queues in order, refuses past the queue, and passes slots on', async () => {
    const slots = new RunSlots(2, 2);
    const a = await slots.acquire();
    const b = await slots.acquire();
    const c = slots.acquire();
    const d = slots.acquire();
    await assert.rejects(slots.acquire(), (err: Error) => err instanceof SlotsFull && /2 simulations are running and 2 more are waiting/.test(err.message));
    assert.equal(slots.running, 2);
    assert.equal(slots.queued, 2);
    assert.equal(await state(c), 'pending');
    a();
    a(); // a second release of the same slot frees nothing more
    assert.equal(await state(c), 'resolved');
    assert.equal(await state(d), 'pending');
    b();
    const releaseD = await d;
    (await c)();
    releaseD();
    assert.equal(slots.running, 0);
    assert.equal(slots.queued, 0);
  });

  test('a request cancelled while it waits leaves the line; one cancelled before it asks is refused', async () => {
    const slots = new RunSlots(1, 3);
    const held = await slots.acquire();
    const first = new CancellationTokenSource();
    const waiting = slots.acquire(first.token);
    const next = slots.acquire();
    first.cancel();
    await assert.rejects(waiting, SlotWaitCancelled);
    assert.equal(slots.queued, 1);
    const already = new CancellationTokenSource();
    already.cancel();
    await assert.rejects(slots.acquire(already.token), SlotWaitCancelled);
    held();
    (await next)();
    assert.equal(slots.running, 0);
  });
});

const BUSY = `system busy {
  client c { rate: 20k/s }
  service s { service_time: 1ms  instances: 30 }
  c -> s
}`;

describe('SimulationRunner limits concurrent runs', () => {
  test('one runs, one waits, the third is refused; cancelling frees the slot for the waiting one', async () => {
    // A grace long enough for any machine: a cancelled run always hands over its partial result, however slowly its thread starts.
    const runner = new SimulationRunner({ maxConcurrent: 1, maxQueued: 1, cancelGraceMs: 600_000 });
    assert.equal(runner.usesWorker, true, 'the compiled sim-worker.js is next to simulation.js');
    const job = jobFor({ uri: 'file:///busy.sysdesign', duration: 3600 }, BUSY, 1, 0);
    const first = new CancellationTokenSource();
    const second = new CancellationTokenSource();
    const running = runner.run(job, { cancellation: first.token });
    const waiting = runner.run(job, { cancellation: second.token });
    await assert.rejects(runner.run(job), (err: Error) => err instanceof SlotsFull && /try again when one finishes/.test(err.message));
    assert.equal(await state(waiting), 'pending');
    assert.equal(runner.slots.running, 1);
    assert.equal(runner.slots.queued, 1);
    first.cancel();
    assert.equal((await running).stopped, 'cancelled');
    second.cancel();
    const outcome = await waiting.catch((err: unknown) => err);
    // Cancelled either while it waited or once it started (then it reports what it has).
    assert.ok(outcome instanceof SimulationCancelled || (outcome as { stopped?: string }).stopped === 'cancelled', String(outcome));
    assert.equal(runner.slots.running, 0);
    await runner.dispose();
  });
});

// The guard every request handler runs through: a thrown error is logged and
// answered with the empty result; a deliberate ResponseError reaches the client.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LSPErrorCodes, ResponseError } from 'vscode-languageserver';
import { guard, guardVoid } from '../../src/lsp/safe';

function logger() {
  const errors: string[] = [];
  return { errors, log: { error: (m: string) => errors.push(m), log: () => undefined } };
}

test('an exception becomes a logged error and the fallback result', async () => {
  const { errors, log } = logger();
  const handler = guard(log, 'hover', () => null, (_p: { x: number }) => {
    throw new Error('boom');
  });
  assert.equal(await handler({ x: 1 }), null);
  assert.equal(errors.length, 1);
  assert.match(errors[0], /sysdesign: hover failed: Error: boom/);
});

test('results and async results pass through', async () => {
  const { errors, log } = logger();
  assert.deepEqual(await guard(log, 'x', () => [], (n: number) => [n])(3), [3]);
  assert.deepEqual(await guard(log, 'x', () => [], async (n: number) => [n, n])(2), [2, 2]);
  assert.deepEqual(await guard(log, 'x', () => ['fallback'], async () => Promise.reject(new Error('late')))(), ['fallback']);
  assert.equal(errors.length, 1);
});

test('a ResponseError is the answer, not a failure', async () => {
  const { errors, log } = logger();
  const handler = guard(log, 'rename', () => null, () => {
    throw new ResponseError(LSPErrorCodes.RequestFailed, 'cannot rename a keyword');
  });
  await assert.rejects(handler(), /cannot rename a keyword/);
  assert.deepEqual(errors, []);
});

test('event handlers are guarded too', () => {
  const { errors, log } = logger();
  guardVoid(log, 'diagnostics', () => {
    throw new Error('bad document');
  })();
  assert.equal(errors.length, 1);
});

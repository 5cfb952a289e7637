// The server exits when its input stream ends, even while the editor that
// started it lives on and its layout worker is still running.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagramRequest } from '../../src/protocol';
import { LspClient, PHOTO_SHARE } from './harness';

test('closing stdin ends the server, after a drawing started its layout worker', { timeout: 60_000 }, async () => {
  const client = new LspClient();
  await client.initialize();
  const uri = 'file:///w/stdin/photo.sysdesign';
  await client.open(uri, PHOTO_SHARE);
  const drawn = await client.request(DiagramRequest, { uri, version: 1 });
  assert.ok(drawn.drawing);
  const exited = new Promise<number | null>((resolve) => {
    if (client.process.exitCode !== null) resolve(client.process.exitCode);
    else client.process.once('exit', (code) => resolve(code));
  });
  client.process.stdin!.end();
  assert.equal(await exited, 0);
});

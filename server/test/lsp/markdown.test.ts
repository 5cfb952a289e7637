// Markdown documents over LSP: a ```sysdesign fence is analysed where it
// stands (diagnostics at the fence's own lines, hover and completion inside
// it); prose gets nothing, whole-file features stay off, and a Markdown file
// without fences has no diagnostics.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Hover } from 'vscode-languageserver-protocol';
import { clientForSuite, labels, positionOf } from './harness';

const client = clientForSuite();

/** Prose around two fences; the second fence's cache has one instance (single-point-of-failure). */
const DOC = `# Ticket sales

Some prose that mentions service and database, and a \`code span\`.

\`\`\`js
const service = 1; // not sysdesign
\`\`\`

The design:

\`\`\`sysdesign
system shop {
  client users
  service api {
    instances: 3
    service_time: 5ms
  }
  cache hot: redis
  users -> api
  api -> hot
}
\`\`\`

More prose after the fence.

~~~ sysdesign title="empty"
~~~
`;

const URI = 'file:///w/notes.md';

describe('Markdown fences over LSP', () => {
  test('diagnostics come from the fence, at its lines', async () => {
    const diagnostics = await client.open(URI, DOC, 'markdown');
    const spof = diagnostics.filter((d) => d.code === 'single-point-of-failure');
    assert.equal(spof.length, 1, JSON.stringify(diagnostics.map((d) => [d.code, d.range.start])));
    assert.deepEqual(spof[0]!.range.start, positionOf(DOC, 'hot: redis'));
    const fenceStart = positionOf(DOC, 'system shop').line;
    const fenceEnd = positionOf(DOC, 'More prose').line;
    for (const d of diagnostics) assert.ok(d.range.start.line >= fenceStart && d.range.start.line < fenceEnd, `inside the fence: ${d.code} at ${d.range.start.line}`);
    assert.ok(!diagnostics.some((d) => d.code === 'syntax'), 'prose and the js fence are not read as design text');
  });

  test('hover and completion work inside the fence', async () => {
    await client.open(URI, DOC, 'markdown');
    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: URI }, position: positionOf(DOC, 'api {', 0, 1) });
    assert.ok(hover, 'a hover on the service');
    assert.match(JSON.stringify(hover.contents), /api/);
    const items = await client.completion(URI, positionOf(DOC, 'instances: 3', 0, 0));
    assert.ok(labels(items).includes('cores') && labels(items).includes('autoscale'), `service properties: ${labels(items).slice(0, 10).join(', ')}`);
  });

  test('prose gets no hover and no completion', async () => {
    await client.open(URI, DOC, 'markdown');
    for (const needle of ['service and database', 'const service', 'More prose']) {
      const position = positionOf(DOC, needle, 0, 2);
      const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: URI }, position });
      assert.equal(hover, null, `no hover at ${needle}`);
      assert.deepEqual(await client.completion(URI, position), [], `no completion at ${needle}`);
    }
  });

  test('whole-file features stay off in Markdown', async () => {
    await client.open(URI, DOC, 'markdown');
    const doc = { textDocument: { uri: URI }, options: { tabSize: 2, insertSpaces: true } };
    assert.deepEqual(await client.request('textDocument/formatting', doc), []);
    assert.deepEqual(await client.request('textDocument/documentSymbol', { textDocument: { uri: URI } }), []);
    assert.deepEqual(await client.request('textDocument/foldingRange', { textDocument: { uri: URI } }), []);
    assert.deepEqual(await client.request('textDocument/codeLens', { textDocument: { uri: URI } }), []);
  });

  test('a Markdown file without fences has no diagnostics; editing a fence in updates them', async () => {
    const uri = 'file:///w/plain.md';
    const prose = '# Notes\n\nsystem shop { this is prose, not a design }\n\n```\nservice api\n```\n';
    assert.deepEqual(await client.open(uri, prose, 'markdown'), []);
    const withFence = `${prose}\n\`\`\`sysdesign\nsystem s {\n  servce api\n}\n\`\`\`\n`;
    const after = await client.change(uri, withFence);
    assert.ok(after.length > 0, 'the typo in the new fence is found');
    for (const d of after) assert.ok(d.range.start.line >= positionOf(withFence, 'system s').line, `${d.code} inside the fence`);
  });
});

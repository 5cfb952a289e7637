// No input takes the server down: garbage, deep nesting, a
// huge file, non-ASCII text and hundreds of randomly broken designs, with
// every request at random positions. Handlers must answer (or refuse with a
// deliberate protocol error), never log an internal failure, and the server
// must keep serving afterwards.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Hover, MarkupContent, Position } from 'vscode-languageserver-protocol';
import { clientForSuite, PHOTO_SHARE, positionAt, positionOf } from './harness';

const client = clientForSuite();

/** mulberry32: a small seeded PRNG so failures reproduce. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FRAGMENTS = ['{', '}', '(', ')', '[', ']', ':', '::', '->', '.', '..', ',', '=', '"', '/*', '*/', '//', '\n', ' ', 'service', 'at 2m:', 'table t {', '10ms', '20k/', '%', 'é', '😀', '\\', 'system', 'query q {', 'hash(', 'x.y.z', '->->', '0..', '\t'];

function mutate(text: string, random: () => number): string {
  let out = text;
  const edits = 1 + Math.floor(random() * 6);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(random() * (out.length + 1));
    const choice = random();
    if (choice < 0.35) out = out.slice(0, at) + out.slice(Math.min(out.length, at + 1 + Math.floor(random() * 40)));
    else if (choice < 0.8) out = out.slice(0, at) + FRAGMENTS[Math.floor(random() * FRAGMENTS.length)] + out.slice(at);
    else {
      const from = Math.floor(random() * out.length);
      out = out.slice(0, at) + out.slice(from, from + Math.floor(random() * 80)) + out.slice(at);
    }
  }
  return out;
}

const errorsLogged = () => client.logs.filter((l) => l.type === 1).map((l) => l.message);

/** Every request the server handles, at one position; deliberate refusals (rename) are allowed. */
async function everyRequest(uri: string, position: Position): Promise<void> {
  const textDocument = { uri };
  const requests: Promise<unknown>[] = [
    client.request('textDocument/completion', { textDocument, position }),
    client.request('textDocument/hover', { textDocument, position }),
    client.request('textDocument/definition', { textDocument, position }),
    client.request('textDocument/references', { textDocument, position, context: { includeDeclaration: true } }),
    client.request('textDocument/documentHighlight', { textDocument, position }),
    client.request('textDocument/selectionRange', { textDocument, positions: [position] }),
    client.request('textDocument/prepareRename', { textDocument, position }).catch((e: { code?: number }) => assert.equal(e.code, -32803)),
    client.request('textDocument/rename', { textDocument, position, newName: 'renamed_x' }).catch((e: { code?: number }) => assert.equal(e.code, -32803)),
  ];
  await Promise.all(requests);
}

async function wholeDocumentRequests(uri: string, end: Position): Promise<void> {
  const textDocument = { uri };
  await Promise.all([
    client.request('textDocument/documentSymbol', { textDocument }),
    client.request('textDocument/foldingRange', { textDocument }),
    client.request('textDocument/semanticTokens/full', { textDocument }),
    client.request('textDocument/formatting', { textDocument, options: { tabSize: 2, insertSpaces: true } }),
    client.request('textDocument/codeAction', { textDocument, range: { start: { line: 0, character: 0 }, end }, context: { diagnostics: [] } }),
    client.request('workspace/symbol', { query: 'a' }),
  ]);
}

async function stillServing(): Promise<void> {
  const uri = 'file:///w/alive.sysdesign';
  await client.open(uri, PHOTO_SHARE);
  const h = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: positionOf(PHOTO_SHARE, 'feed_cache ->', 0, 1) });
  assert.match((h!.contents as MarkupContent).value, /\*\*cache\*\* `feed_cache`/);
  await client.close(uri);
  assert.equal(client.exitCode, null, 'the server process is alive');
}

describe('hostile input', () => {
  test('garbage, deep nesting, unterminated everything, non-ASCII', async () => {
    const inputs = [
      '}}}{{{ system -> : :: "unterminated\n/* unterminated',
      '\u0000\u0001\uffff\ud800 system \u00a0 { service \ud83d\ude00 }',
      'system s {' + '{'.repeat(5000) + '}'.repeat(10),
      'system s { service a { service_time: exp(exp(exp(exp(' + '['.repeat(3000),
      'system "😀 émoji" {\n  service café "Café ☕"\n  service b\n  café -> b\n  b -> 😀\n}',
      'system s { query q { from: t join: a.b = where: x.y.z.w } scenario x { at 2m: at at at: } }',
      'system',
      '',
      '\n\n\n',
    ];
    for (const [i, text] of inputs.entries()) {
      const uri = `file:///w/hostile-${i}.sysdesign`;
      await client.open(uri, text);
      for (let offset = 0; offset <= text.length; offset += Math.max(1, Math.floor(text.length / 40))) {
        await everyRequest(uri, positionAt(text, offset));
      }
      await everyRequest(uri, { line: 9999, character: 9999 });
      await wholeDocumentRequests(uri, positionAt(text, text.length));
      await client.close(uri);
    }
    assert.deepEqual(errorsLogged(), []);
    await stillServing();
  });

  test('a 10,000-line design is analysed and answered', async () => {
    const lines: string[] = ['system big {'];
    for (let i = 0; i < 2000; i++) {
      lines.push(`  service s${i} { instances: 2  service_time: 5ms }`, `  cache c${i}: redis { ttl: 1m }`, `  s${i} -> c${i}`, `  // component ${i}`);
    }
    lines.push('}');
    const text = lines.join('\n');
    const uri = 'file:///w/big.sysdesign';
    const diagnostics = await client.open(uri, text);
    assert.ok(Array.isArray(diagnostics));
    const items = await client.completion(uri, positionOf(text, 's1999 -> ', 0, 9));
    assert.ok(items.some((i) => i.label === 'c1999'));
    await wholeDocumentRequests(uri, positionAt(text, text.length));
    await client.close(uri);
    assert.deepEqual(errorsLogged(), []);
  });
});

describe('randomly broken designs', () => {
  test('every request at random positions of 120 mutated designs', async () => {
    const random = rng(20260123);
    const uri = 'file:///w/fuzz.sysdesign';
    await client.open(uri, PHOTO_SHARE);
    for (let round = 0; round < 120; round++) {
      const text = mutate(PHOTO_SHARE, random);
      await client.change(uri, text);
      for (let k = 0; k < 6; k++) await everyRequest(uri, positionAt(text, Math.floor(random() * (text.length + 1))));
      if (round % 10 === 0) await wholeDocumentRequests(uri, positionAt(text, text.length));
      const errors = errorsLogged();
      assert.deepEqual(errors, [], `round ${round}:\n${text}`);
    }
    await client.close(uri);
    await stillServing();
  });
});

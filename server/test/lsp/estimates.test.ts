// Inlay hints, the estimates report request and estimate hovers, over the protocol.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Hover, InitializeResult, InlayHint, MarkupContent } from 'vscode-languageserver-protocol';
import { EstimatesRequest } from '../../src/protocol';
import { clientForSuite, positionOf } from './harness';

const DESIGN = `system shop {
  workload { dau: 100M  writes_per_user: 10/day  reads_per_user: 1000/day  record_size: 500B  media_fraction: 10%  media_size: 2MB  peak_factor: 3 }
  client web { rate: 10k/s }
  loadbalancer lb { instances: 2 }
  service api { instances: 25  cores: 4  service_time: 10ms }
  database db: postgres { backup: continuous  replication { mode: primary_replica  replicas: 1 } }
  web -> lb -> api
}
`;
const uri = 'file:///w/shop.sysdesign';
let init: InitializeResult;
const client = clientForSuite({
  setUp: async (c, result) => {
    init = result;
    await c.open(uri, DESIGN);
  },
});

const wholeDocument = { start: { line: 0, character: 0 }, end: { line: 99, character: 0 } };

test('inlay hints show each loaded component\'s peak rate and utilization at the end of its header', async () => {
  assert.ok(init.capabilities.inlayHintProvider);
  const hints = await client.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri }, range: wholeDocument });
  const byLine = new Map(hints.map((h) => [h.position.line, typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join('')]));
  // 10k/s × 10 ms = 100 cores on 25 × 4 cores: exactly 100 %.
  assert.match(byLine.get(4) ?? '', /10k\/s · 100% ⚠ · \$[\d,]+\/mo$/);
  assert.match(byLine.get(3) ?? '', /10k\/s/);
  assert.equal(byLine.has(5), false, 'an unused database gets no hint');
  const api = hints.find((h) => h.position.line === 4)!;
  assert.equal(api.position.character, DESIGN.split('\n')[4].length, 'at the end of the line');
  assert.match((api.tooltip as MarkupContent).value, /100 cores/);
});

test('inlay hints can be turned off with sysdesign.inlayHints.enabled', async () => {
  await client.notify('workspace/didChangeConfiguration', { settings: { sysdesign: { inlayHints: { enabled: false } } } });
  assert.deepEqual(await client.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri }, range: wholeDocument }), []);
  await client.notify('workspace/didChangeConfiguration', { settings: { sysdesign: { inlayHints: { enabled: true } } } });
  assert.ok((await client.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri }, range: wholeDocument })).length > 0);
});

test('the estimates request returns a markdown report with the workload arithmetic and a component table', async () => {
  const result = await client.request(EstimatesRequest, { uri });
  assert.equal(result.systems, 1);
  assert.match(result.markdown, /## System shop/);
  assert.match(result.markdown, /writes\/day = 100M DAU × 10 = 1,000,000,000/);
  assert.match(result.markdown, /\| `api` \| service \|/);
  assert.match(result.markdown, /### Cost per month\n\n\| component \| per month \| how \|/);
});

test('hover on the workload shows the classic arithmetic; hover on a component its load', async () => {
  const workload = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: positionOf(DESIGN, 'workload', 0, 2) });
  const text = (workload.contents as MarkupContent).value;
  assert.match(text, /writes\/s = 1,000,000,000 \/ 86,400 s ≈ 11,574\.07/);
  assert.match(text, /200\.5 TB/);
  const api = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: positionOf(DESIGN, 'api {', 0, 1) });
  const apiText = (api.contents as MarkupContent).value;
  assert.match(apiText, /10k\/s × 10 ms = 100 cores of work/);
  assert.match(apiText, /⌈100 cores ÷ 4 cores per instance⌉ = 25/);
  // 25 × m6i.xlarge at $0.192/h × 730 h; `$` escaped for renderers with math support.
  assert.match(apiText, /- Cost: \\\$3,504 a month \(price table of 2025-01\): 25 instances \(EC2 m6i\.xlarge\) × 730 h × \\\$0\.192\/h/);
});

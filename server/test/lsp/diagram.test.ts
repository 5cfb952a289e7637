// `sysdesign/diagram` and the "Preview diagram" code lenses, over stdio to the
// real server: a drawing per system, restyling without layout on a property
// edit, the last good drawing while the text has syntax errors, badges,
// superseded requests, and diagnostics that keep flowing while a big layout
// runs in the worker.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CodeLens } from 'vscode-languageserver-protocol';
import { generateDesign } from '../../bench/generate';
import { DiagramRequest, type DiagramParams, type DiagramResult } from '../../src/protocol';
import { clientForSuite, type LspClient, PHOTO_SHARE } from './harness';

const client = clientForSuite();

function diagram(params: DiagramParams, on: LspClient = client): Promise<DiagramResult> {
  return on.request(DiagramRequest, params);
}

const COMPONENTS_IN_PHOTO_SHARE = ['app', 'edge', 'lb', 'api', 'posts', 'thumbnailer', 'feed_cache', 'content', 'photos', 'uploads'];

const TWO_SYSTEMS = `system first "First one" {
  client web { rate: 10/s }
  service api { instances: 2 }
  web -> api
}

system second {
  service a
  service b
  service c
  a -> b -> c
}
`;

describe('sysdesign/diagram', () => {
  test('draws the first system, then restyles a property edit without laying out again', async () => {
    const uri = 'file:///w/diagram/photo.sysdesign';
    await client.open(uri, PHOTO_SHARE);
    const first = await diagram({ uri, version: 1 });
    assert.equal(first.error, undefined);
    assert.equal(first.layout, 'full');
    assert.equal(first.version, 1);
    assert.equal(first.stale, false);
    assert.deepEqual(first.systems, [{ name: 'Photo share' }]);
    assert.ok(first.drawing);
    assert.deepEqual(first.drawing.nodes.map((n) => n.id).sort(), [...COMPONENTS_IN_PHOTO_SHARE].sort());
    // Nine connections, plus the CDN's fetch from its `origin:` (drawn though no connection names it).
    assert.equal(first.drawing.edges.length, 10);
    assert.ok(first.drawing.edges.some((e) => e.source === 'edge' && e.target === 'photos' && e.label === 'origin'));
    const posts = first.drawing.nodes.find((n) => n.id === 'posts')!;
    assert.equal(PHOTO_SHARE.slice(posts.span.start, posts.span.start + 'service posts'.length), 'service posts');

    // Only a property that is not drawn changes: same shape, no layout.
    await client.change(uri, PHOTO_SHARE.replace('service_time: 10ms', 'service_time: 12ms'));
    // (How fast a restyle answers is a bench figure: preview.bench.ts, lsp_property_edit_200_ms.)
    const second = await diagram({ uri, version: 2 });
    assert.equal(second.layout, 'restyle');
    assert.equal(second.version, 2);
    assert.deepEqual(
      second.drawing!.nodes.map((n) => [n.id, n.x, n.y, n.width, n.height]),
      first.drawing.nodes.map((n) => [n.id, n.x, n.y, n.width, n.height]),
    );
    // The spans follow the new text (two characters longer before `thumbnailer`).
    const thumb1 = first.drawing.nodes.find((n) => n.id === 'thumbnailer')!;
    const thumb2 = second.drawing!.nodes.find((n) => n.id === 'thumbnailer')!;
    assert.equal(thumb2.span.start, thumb1.span.start);

    // A new component changes the shape: laid out again.
    await client.change(uri, PHOTO_SHARE.replace('  blob photos: s3', '  blob photos: s3\n  queue spare: sqs'));
    const third = await diagram({ uri });
    assert.equal(third.layout, 'full');
    assert.ok(third.drawing!.nodes.some((n) => n.id === 'spare'));
  });

  test('with syntax errors, answers the last good drawing marked stale', async () => {
    const uri = 'file:///w/diagram/stale.sysdesign';
    await client.open(uri, TWO_SYSTEMS);
    const good = await diagram({ uri });
    assert.equal(good.stale, false);
    const broken = TWO_SYSTEMS.replace('service api { instances: 2 }', 'service api { instances: 2 \n  web -> -> }}');
    const diagnostics = await client.change(uri, broken);
    assert.ok(diagnostics.some((d) => d.code === 'syntax'), 'the edit is a syntax error');
    const stale = await diagram({ uri });
    assert.equal(stale.stale, true);
    assert.equal(stale.layout, 'stale');
    assert.equal(stale.version, 2);
    assert.equal(stale.drawnVersion, 1);
    assert.deepEqual(stale.drawing, good.drawing);
    // Fixed again: a fresh drawing.
    await client.change(uri, TWO_SYSTEMS);
    const fixed = await diagram({ uri });
    assert.equal(fixed.stale, false);
    assert.equal(fixed.drawnVersion, 3);
  });

  test('with syntax errors and no earlier drawing, draws what could be read', async () => {
    const uri = 'file:///w/diagram/never-good.sysdesign';
    await client.open(uri, 'system s {\n  service a\n  service b\n  a -> b\n  service c {{{\n}\n');
    const result = await diagram({ uri });
    assert.equal(result.stale, true);
    assert.ok(result.drawing && result.drawing.nodes.some((n) => n.id === 'a'));
  });

  test('lists every system and draws the one asked for, by name or title', async () => {
    const uri = 'file:///w/diagram/two.sysdesign';
    await client.open(uri, TWO_SYSTEMS);
    const first = await diagram({ uri });
    assert.deepEqual(first.systems, [{ name: 'first', title: 'First one' }, { name: 'second' }]);
    assert.equal(first.system, 'first');
    const second = await diagram({ uri, system: 'second' });
    assert.equal(second.system, 'second');
    assert.deepEqual(second.drawing!.nodes.map((n) => n.id).sort(), ['a', 'b', 'c']);
    const byTitle = await diagram({ uri, system: 'First one' });
    assert.equal(byTitle.system, 'first');
    const unknown = await diagram({ uri, system: 'nope' });
    assert.equal(unknown.system, 'first', 'an unknown system falls back to the first');
  });

  test('direction: the setting applies to systems without `layout`; a system\'s own layout wins', async () => {
    const uri = 'file:///w/diagram/direction.sysdesign';
    await client.open(uri, TWO_SYSTEMS);
    const down = await diagram({ uri, system: 'second', direction: 'down' });
    assert.equal(down.drawing!.direction, 'down');
    const [a, c] = ['a', 'c'].map((id) => down.drawing!.nodes.find((n) => n.id === id)!);
    assert.ok(c!.y > a!.y, 'top to bottom');
    await client.change(uri, TWO_SYSTEMS.replace('system second {', 'system second {\n  layout: right'));
    const own = await diagram({ uri, system: 'second', direction: 'down' });
    assert.equal(own.drawing!.direction, 'right');
  });

  test('auto fits the panel: each panel shape gets its layout, a nearby shape or a property edit reuses it', async () => {
    const uri = 'file:///w/diagram/auto.sysdesign';
    const chain = (time: number) =>
      `system chain {\n${[0, 1, 2, 3, 4, 5, 6, 7].map((i) => `  service s${i} { service_time: ${time}ms }`).join('\n')}\n  s0 -> s1 -> s2 -> s3 -> s4 -> s5 -> s6 -> s7\n}\n`;
    await client.open(uri, chain(10));
    const wide = await diagram({ uri, aspect: 2.4 });
    assert.equal(wide.layout, 'full');
    assert.deepEqual(wide.drawing!.auto, { aspect: 2.488 }, 'laid out for the bucket of 2.4');
    const tall = await diagram({ uri, aspect: 0.5 });
    assert.equal(tall.layout, 'full', 'another shape: another layout');
    assert.ok(wide.drawing!.width / wide.drawing!.height > tall.drawing!.width / tall.drawing!.height, 'the wide panel gets the wider drawing');
    const again = await diagram({ uri, aspect: 2.45 });
    assert.equal(again.layout, 'restyle', 'the same bucket: the same layout');
    assert.equal(again.drawing!.width, wide.drawing!.width);
    await client.change(uri, chain(12));
    assert.equal((await diagram({ uri, aspect: 0.5 })).layout, 'restyle', 'a property edit restyles the layout of that shape');
    const junk = await diagram({ uri, aspect: Number.NaN });
    assert.deepEqual(junk.drawing!.auto, { aspect: 1.728 }, 'a bad aspect falls back to 16:10 (its bucket)');
  });

  test('badges: a node with diagnostics carries them, worst severity first', async () => {
    const uri = 'file:///w/diagram/badges.sysdesign';
    await client.open(uri, 'system s {\n  service api { instancs: 2 }\n  service ok\n  ok -> api\n}\n');
    const result = await diagram({ uri });
    assert.equal(result.badges.api?.severity, 'error');
    assert.ok(result.badges.api!.messages.some((m) => m.includes('unknown-property')), JSON.stringify(result.badges));
  });

  test('a file without systems, and a document that is not open, answer with an error and no drawing', async () => {
    const uri = 'file:///w/diagram/empty.sysdesign';
    await client.open(uri, '// nothing yet\n');
    const empty = await diagram({ uri });
    assert.equal(empty.drawing, undefined);
    assert.match(empty.error ?? '', /no system/);
    const closed = await diagram({ uri: 'file:///w/diagram/not-open.sysdesign' });
    assert.equal(closed.drawing, undefined);
    assert.match(closed.error ?? '', /not open/);
  });

  test('a newer request for the same view supersedes an older one: both answer with the newest text', async () => {
    const uri = 'file:///w/diagram/supersede.sysdesign';
    const text = generateDesign({ components: 60, systems: 1, seed: 3 });
    await client.open(uri, text);
    const older = diagram({ uri });
    await client.change(uri, text.replace(/\n}\n$/, '\n  service late_addition\n}\n'));
    const newer = diagram({ uri });
    const [a, b] = await Promise.all([older, newer]);
    assert.equal(b.version, 2);
    assert.ok(b.drawing!.nodes.some((n) => n.id === 'late_addition'));
    assert.equal(a.version, 2, 'the older request answers with the newer result');
    assert.deepEqual(a.drawing, b.drawing);
  });

  test('renaming a system keystroke by keystroke restyles its drawing: no layout per intermediate name', async () => {
    const uri = 'file:///w/diagram/rename.sysdesign';
    const text = (name: string) => `system ${name} {\n  client web { rate: 10/s }\n  service api { instances: 2 }\n  web -> api\n}\n`;
    await client.open(uri, text('shop'));
    assert.equal((await diagram({ uri })).layout, 'full');
    for (const name of ['sho', 'sh', 's', 'st', 'sto', 'stor', 'store']) {
      await client.change(uri, text(name));
      const answer = await diagram({ uri });
      assert.equal(answer.error, undefined);
      assert.equal(answer.system, name);
      assert.equal(answer.layout, 'restyle', `renamed to ${name}`);
    }
  });

  test('a burst of edits and requests for different views of one document: every answer is a drawing, none older than its request', async () => {
    const uri = 'file:///w/diagram/burst.sysdesign';
    const text = generateDesign({ components: 60, systems: 1, seed: 5 });
    await client.open(uri, text);
    const answers: Promise<DiagramResult>[] = [];
    let edited = text;
    for (let i = 0; i < 6; i++) {
      edited = edited.replace(/\n}\n$/, `\n  service extra${i}\n}\n`);
      void client.notify('textDocument/didChange', { textDocument: { uri, version: i + 2 }, contentChanges: [{ text: edited }] });
      // A different view each time: the system asked for by a name being typed (unknown: the first is drawn).
      answers.push(diagram({ uri, system: `name${i}` }));
    }
    const done = await Promise.all(answers);
    done.forEach((answer, i) => {
      assert.equal(answer.error, undefined, `request ${i}`);
      assert.ok(answer.drawing!.nodes.some((n) => n.id === `extra${i}`), `request ${i} is drawn from its text or a newer one`);
    });
    assert.ok(done[5].drawing!.nodes.some((n) => n.id === 'extra5'), 'the last request shows the newest text');
  });
});

// A second server whose layouts wait for a file the test creates (the layout
// worker's test hook): the drawing is surely still pending when the edit is
// made, however fast ELK is on this machine.
describe('sysdesign/diagram while a layout is held in its worker', () => {
  const release = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sysdesign-layout-')), 'release');
  const held = clientForSuite({ env: { SYSDESIGN_TEST_HOLD_LAYOUTS: release } });
  after(() => fs.rmSync(path.dirname(release), { recursive: true, force: true }));

  test('diagnostics keep flowing while a 200-component layout runs', { timeout: 120_000 }, async () => {
    const uri = 'file:///w/diagram/big.sysdesign';
    const text = generateDesign({ components: 200, systems: 1, seed: 11 });
    await held.open(uri, text);
    let drawn = false;
    const pending = diagram({ uri }, held).then((r) => {
      drawn = true;
      return r;
    });
    // An edit while the layout waits: its diagnostics must not wait for it.
    const diagnostics = await held.change(uri, text.replace('peak_factor: 3', 'peak_factor: 3\n    bogus_property: 1'));
    assert.ok(diagnostics.some((d) => d.code === 'unknown-property'), 'the edit is diagnosed');
    assert.equal(drawn, false, 'the layout is still held');
    fs.writeFileSync(release, '');
    const result = await pending;
    assert.ok(result.drawing && result.drawing.nodes.length >= 200, `drew ${result.drawing?.nodes.length} nodes`);
  });
});

describe('code lenses', () => {
  test('"Preview diagram" above each system opens the preview of that system', async () => {
    const uri = 'file:///w/diagram/lenses.sysdesign';
    await client.open(uri, TWO_SYSTEMS);
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    // Only the preview's lenses ("Simulate" lenses share the line: simulation.test.ts).
    const preview = lenses.filter((l) => l.command?.command === 'sysdesign.openPreviewToSide');
    assert.deepEqual(
      preview.map((l) => [l.range.start.line, l.command?.title, l.command?.command, l.command?.arguments]),
      [
        [0, 'Preview diagram', 'sysdesign.openPreviewToSide', [uri, 'first']],
        [6, 'Preview diagram', 'sysdesign.openPreviewToSide', [uri, 'second']],
      ],
    );
  });
});

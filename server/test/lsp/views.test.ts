// Names inside `view` blocks over the protocol: completion offers the
// system's components (and the enum of `path`), hover describes the
// component a view names, and definition, references and rename treat the
// names in `include`, `focus` and `from` as references to components.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SymbolKind, type DocumentSymbol, type Hover, type Location, type MarkupContent, type Position, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver-protocol';
import { clientForSuite, labels, marked, offsetOf, positionAt, positionOf } from './harness';
import { DiagramRequest, type DiagramResult } from '../../src/protocol';

const DESIGN = `system shop {
  client app { rate: 100/s }
  loadbalancer lb { instances: 2 }
  service orders { instances: 2 }
  database orders_db : postgres
  app -> lb -> orders -> orders_db

  view checkout "Checkout path" { include: [lb, orders, orders_db] }
  view around_orders { focus: orders  depth: 1 }
  view reads { path: read  from: app }
}
`;

const client = clientForSuite();
let counter = 0;

async function open(text: string): Promise<string> {
  const uri = `file:///w/views-${counter++}.sysdesign`;
  await client.open(uri, text);
  return uri;
}

async function completeAt(source: string): Promise<string[]> {
  const { text, offsets } = marked(source);
  const uri = await open(text);
  return labels(await client.completion(uri, positionAt(text, offsets[0])));
}

describe('completion inside views', () => {
  test('in an include list: the components of the system', async () => {
    const names = await completeAt(DESIGN.replace('include: [lb, orders, orders_db]', 'include: [lb, |]'));
    for (const name of ['app', 'lb', 'orders', 'orders_db']) assert.ok(names.includes(name), `${name} among ${names.join(', ')}`);
  });

  test('after focus: and from: the components; after path: read and write', async () => {
    const focus = await completeAt(DESIGN.replace('focus: orders', 'focus: |'));
    assert.ok(focus.includes('orders') && focus.includes('orders_db'), focus.join(', '));
    const from = await completeAt(DESIGN.replace('from: app', 'from: |'));
    assert.ok(from.includes('app'), from.join(', '));
    const path = await completeAt(DESIGN.replace('path: read', 'path: |'));
    assert.deepEqual(path.filter((l) => l === 'read' || l === 'write').sort(), ['read', 'write']);
  });

  test('in a view body: its properties; in the system: the view keyword', async () => {
    const props = await completeAt(DESIGN.replace('view around_orders { focus: orders  depth: 1 }', 'view around_orders { focus: orders  | }'));
    assert.ok(props.includes('depth'), props.join(', '));
    assert.ok(!props.includes('focus'), 'focus is already set');
    const keywords = await completeAt(DESIGN.replace('\n}\n', '\n  |\n}\n'));
    assert.ok(keywords.includes('view'), keywords.join(', '));
  });
});

describe('hover, definition, references and rename', () => {
  let uri = '';
  const at = (needle: string, nth = 0, delta = 0): Position => positionOf(DESIGN, needle, nth, delta);

  async function hover(position: Position): Promise<string> {
    uri ||= await open(DESIGN);
    const h = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position });
    assert.ok(h, 'a hover');
    return (h.contents as MarkupContent).value;
  }

  test('hover on a name in a view describes the component; on the keyword, what a view is', async () => {
    assert.match(await hover(at('include: [lb', 0, 10)), /\*\*loadbalancer\*\* `lb`/);
    assert.match(await hover(at('focus: orders', 0, 8)), /\*\*service\*\* `orders`/);
    assert.match(await hover(at('from: app', 0, 7)), /\*\*client\*\* `app`/);
    assert.match(await hover(at('view checkout', 0, 1)), /\*\*view\*\* NAME[\s\S]*include/);
    assert.match(await hover(at('depth: 1', 0, 1)), /\*\*depth\*\* \*\(property of a view\)\*/);
  });

  test('hover on a view\'s name says what it shows', async () => {
    const value = await hover(at('view checkout', 0, 6));
    assert.match(value, /\*\*view\*\* `checkout` — \*Checkout path\*/);
    assert.match(value, /Shows 3 components: `lb`, `orders`, `orders_db`\./);
    assert.match(value, /2 connections drawn\./);
    assert.match(await hover(at('view reads', 0, 6)), /Shows 4 components: `app`, `lb`, `orders`, `orders_db`\./);
  });

  test('a view can be renamed; another view\'s name is refused', async () => {
    uri ||= await open(DESIGN);
    const edit = await client.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri }, position: at('view reads', 0, 6), newName: 'read_path' });
    assert.deepEqual(edit.changes?.[uri]?.map((e) => e.newText), ['read_path']);
    await assert.rejects(
      client.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri }, position: at('view reads', 0, 6), newName: 'checkout' }),
      /A view named 'checkout' already exists in this system\./,
    );
  });

  test('views are in the outline', async () => {
    uri ||= await open(DESIGN);
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    const views = symbols[0]!.children!.filter((c) => c.detail?.startsWith('view'));
    assert.deepEqual(views.map((v) => [v.name, v.detail, v.kind]), [['checkout', 'view — Checkout path', SymbolKind.Enum], ['around_orders', 'view', SymbolKind.Enum], ['reads', 'view', SymbolKind.Enum]]);
  });

  test('definition of a name in a view is the component', async () => {
    uri ||= await open(DESIGN);
    const found = await client.request<Location[]>('textDocument/definition', { textDocument: { uri }, position: at('orders_db]', 0, 2) });
    assert.equal(found.length, 1);
    assert.deepEqual(found[0].range.start, at('database orders_db', 0, 9));
  });

  test('references of a component include the views that name it', async () => {
    uri ||= await open(DESIGN);
    const found = await client.request<Location[]>('textDocument/references', { textDocument: { uri }, position: at('service orders', 0, 9), context: { includeDeclaration: false } });
    const starts = found.map((l) => l.range.start);
    assert.deepEqual(starts, [at('-> orders', 0, 3), at('orders, orders_db]'), at('focus: orders', 0, 7)]);
  });

  test('rename from inside a view renames the component everywhere', async () => {
    uri ||= await open(DESIGN);
    const edit = await client.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri }, position: at('from: app', 0, 7), newName: 'mobile' });
    const edits: TextEdit[] = edit.changes?.[uri] ?? [];
    const offsets = edits.map((e) => positionToOffset(DESIGN, e.range.start)).sort((a, b) => a - b);
    assert.deepEqual(offsets, [offsetOf(DESIGN, 'app'), offsetOf(DESIGN, 'app ->'), offsetOf(DESIGN, 'from: app', 0, 6)]);
    assert.ok(edits.every((e) => e.newText === 'mobile'));
  });
});

function positionToOffset(text: string, p: Position): number {
  const lines = text.split('\n');
  let o = 0;
  for (let i = 0; i < p.line; i++) o += lines[i].length + 1;
  return o + p.character;
}

describe('sysdesign/diagram with a view', () => {
  const nodeIds = (r: DiagramResult): string[] => (r.drawing?.nodes ?? []).map((n) => n.id).sort();

  test('lists the views, draws the one asked for, and says so when it does not exist', async () => {
    const uri = await open(DESIGN);
    const whole = await client.request(DiagramRequest, { uri });
    assert.deepEqual(whole.views, [{ name: 'checkout', title: 'Checkout path' }, { name: 'around_orders' }, { name: 'reads' }]);
    assert.equal(whole.view, undefined);
    assert.deepEqual(nodeIds(whole), ['app', 'lb', 'orders', 'orders_db']);

    const checkout = await client.request(DiagramRequest, { uri, view: 'checkout' });
    assert.equal(checkout.view, 'checkout');
    assert.deepEqual(nodeIds(checkout), ['lb', 'orders', 'orders_db']);
    assert.deepEqual(checkout.drawing?.edges.map((e) => e.id), ['lb->orders', 'orders->orders_db']);
    const around = await client.request(DiagramRequest, { uri, view: 'around_orders' });
    assert.deepEqual(nodeIds(around), ['lb', 'orders', 'orders_db']);
    // The whole system again after a view: not the view's drawing kept for it.
    assert.deepEqual(nodeIds(await client.request(DiagramRequest, { uri })), ['app', 'lb', 'orders', 'orders_db']);

    const missing = await client.request(DiagramRequest, { uri, view: 'nope' });
    assert.equal(missing.drawing, undefined);
    assert.equal(missing.error, "System shop has no view named 'nope' (views: checkout, around_orders, reads).");
    assert.equal(missing.views?.length, 3);
  });
});

// sysdesign render --view NAME: the SVG holds exactly the view's components
// (and the boxes of the regions around them) and its connections; an
// unknown view is a usage error that lists the views there are.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { hasClass, parseXml, walk, type XmlElement } from '../diagram/xml';
import { removeTree, runCli, tempTree } from './helpers';

const SHOP = `system shop {
  client app { rate: 100/s }
  loadbalancer lb { instances: 2 }
  service orders { instances: 2 }
  cache orders_cache { instances: 2  ttl: 1m }
  database orders_db : postgres
  queue order_events
  worker mailer
  region eu {
    service audit { instances: 2 }
  }

  app -> lb -> orders
  orders -> orders_cache (on: read)
  orders_cache -> orders_db (on: read)
  orders -> orders_db (on: write)
  orders -> order_events
  order_events -> mailer
  orders -> audit (on: write)

  view checkout "Checkout path" { include: [lb, orders, orders_db, order_events] }
  view around_orders { focus: orders  depth: 1 }
  view reads { path: read  from: app }
  view broken { include: [lb, ordrs] }
}
`;

let dir: string;
before(() => {
  dir = tempTree({ 'shop.sysdesign': SHOP, 'plain.sysdesign': 'system p {\n  service a\n}\n' });
});
after(() => removeTree(dir));

function ids(svg: XmlElement, cls: string): string[] {
  return [...walk(svg)].filter((e) => e.name === 'g' && hasClass(e, cls)).map((e) => e.attrs['data-id']!).sort();
}

async function render(view: string): Promise<XmlElement> {
  const r = await runCli(['render', 'shop.sysdesign', '--view', view], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  return parseXml(r.stdout);
}

describe('sysdesign render --view', () => {
  test('include: exactly the named components and the connections among them', async () => {
    const svg = await render('checkout');
    assert.deepEqual(ids(svg, 'node'), ['lb', 'order_events', 'orders', 'orders_db']);
    assert.deepEqual(ids(svg, 'edge'), ['lb->orders', 'orders->order_events', 'orders->orders_db']);
  });

  test('focus: the component, its neighbours, and the region box around one of them', async () => {
    const svg = await render('around_orders');
    assert.deepEqual(ids(svg, 'node'), ['audit', 'eu', 'lb', 'order_events', 'orders', 'orders_cache', 'orders_db']);
  });

  test('path: what a read visits, and only the connections it takes', async () => {
    const svg = await render('reads');
    assert.deepEqual(ids(svg, 'node'), ['app', 'lb', 'orders', 'orders_cache', 'orders_db']);
    assert.deepEqual(ids(svg, 'edge'), ['app->lb', 'lb->orders', 'orders->orders_cache', 'orders_cache->orders_db']);
  });

  test('-o names the view in its summary; Mermaid draws the view too', async () => {
    const r = await runCli(['render', 'shop.sysdesign', '--view', 'checkout', '-o', 'checkout.svg'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /Wrote checkout\.svg \(system shop, view checkout: 4 components, 3 connections\)/);
    const m = await runCli(['render', 'shop.sysdesign', '--view', 'reads', '-f', 'mermaid'], { cwd: dir });
    assert.equal(m.code, 0, m.stderr);
    assert.doesNotMatch(m.stdout, /mailer|audit/);
    assert.match(m.stdout, /orders_cache -->/);
  });

  test('an unknown view is a usage error listing the views', async () => {
    const r = await runCli(['render', 'shop.sysdesign', '--view', 'checkot'], { cwd: dir });
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /sysdesign: no view named 'checkot' in system shop \(views: checkout, around_orders, reads, broken\)\. Did you mean 'checkout'\?/);
    const none = await runCli(['render', 'plain.sysdesign', '--view', 'x'], { cwd: dir });
    assert.equal(none.code, 2);
    assert.match(none.stderr, /no view named 'x' in system p \(it declares no view\)/);
  });

  test('a view whose names are unknown draws nothing and says why', async () => {
    const r = await runCli(['render', 'shop.sysdesign', '--view', 'broken'], { cwd: dir });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /Unknown component 'ordrs' in 'include' of view 'broken'/);
    assert.match(r.stderr, /sysdesign: view 'broken' has errors and selects nothing to draw/);
  });
});

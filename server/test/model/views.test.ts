// Views (model/view-links.ts, model/semantic/views.ts): each form selects
// exactly what docs/views.md says, and a view that is not one form, or names
// something unknown, is reported where it is written.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../src/analyze';
import { selectView } from '../../src/model/semantic/views';
import type { SystemModel } from '../../src/model/types';

const SHOP = `system shop {
  client app { rate: 100/s }
  client admin { rate: 1/s }
  cdn edge { origin: assets  hit_ratio: 90% }
  blob assets
  loadbalancer lb { instances: 2 }
  service orders { instances: 2 }
  cache orders_cache { instances: 2  ttl: 1m }
  database orders_db : postgres
  queue order_events
  worker mailer
  region eu {
    service audit { instances: 2 }
    group tools {
      service reports { instances: 2 }
    }
  }
  cache full { instances: 2  hit_ratio: 100%  ttl: 1m }
  database never_read

  app -> lb -> orders
  app -> edge
  orders -> orders_cache (on: read)
  orders_cache -> orders_db (on: read)
  orders -> orders_db (on: write)
  orders -> order_events
  order_events -> mailer
  mailer -> orders_db
  orders -> audit (on: write)
  admin -> full -> never_read
  admin -> reports

  VIEWS
}
`;

function shop(views: string): { system: SystemModel; errors: string[] } {
  const a = analyze(SHOP.replace('VIEWS', views));
  return { system: a.systems[0], errors: a.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message) };
}

function selected(views: string, name: string): { components: string[]; containers: string[]; edges: string[] } {
  const { system, errors } = shop(views);
  assert.deepEqual(errors, [], 'the design is valid');
  const view = system.views.find((v) => v.name === name);
  assert.ok(view, name);
  const s = selectView(system, view);
  assert.ok(s, `${name} selects something`);
  return {
    components: s.components.map((c) => c.name).sort(),
    containers: s.containers.map((c) => c.name).sort(),
    edges: s.edges.map((e) => `${e.from.name}->${e.to.name}${e.on === 'all' ? '' : `:${e.on}`}`).sort(),
  };
}

describe('include', () => {
  test('exactly the named components and the connections among them', () => {
    const s = selected('view checkout "Checkout path" { include: [lb, orders, orders_db, order_events] }', 'checkout');
    assert.deepEqual(s.components, ['lb', 'order_events', 'orders', 'orders_db']);
    assert.deepEqual(s.edges, ['lb->orders', 'orders->order_events:write', 'orders->orders_db:write']);
    assert.deepEqual(s.containers, []);
  });

  test('a component inside a region keeps the region (and group) as boxes, not as selected', () => {
    const s = selected('view r { include: [reports, admin] }', 'r');
    assert.deepEqual(s.components, ['admin', 'reports']);
    assert.deepEqual(s.containers, ['eu', 'tools']);
    assert.deepEqual(s.edges, ['admin->reports']);
  });

  test('naming a region brings what it holds', () => {
    const s = selected('view r { include: [eu] }', 'r');
    assert.deepEqual(s.components, ['audit', 'eu', 'reports', 'tools']);
    assert.deepEqual(s.containers, []);
  });

  test('the title is kept', () => {
    const { system } = shop('view checkout "Checkout path" { include: [lb] }');
    assert.equal(system.views[0].title, 'Checkout path');
  });
});

describe('focus and depth', () => {
  test('depth 1: the component and its neighbours both ways, with the connections among them', () => {
    const s = selected('view around { focus: orders  depth: 1 }', 'around');
    assert.deepEqual(s.components, ['audit', 'lb', 'order_events', 'orders', 'orders_cache', 'orders_db']);
    assert.deepEqual(s.edges, ['lb->orders', 'orders->audit:write', 'orders->order_events:write', 'orders->orders_cache:read', 'orders->orders_db:write', 'orders_cache->orders_db:read']);
    assert.deepEqual(s.containers, ['eu']);
  });

  test('depth defaults to 1; depth 0 is the component alone; depth 2 reaches further', () => {
    assert.deepEqual(selected('view v { focus: orders }', 'v').components, selected('view v { focus: orders  depth: 1 }', 'v').components);
    assert.deepEqual(selected('view v { focus: orders  depth: 0 }', 'v').components, ['orders']);
    assert.deepEqual(selected('view v { focus: orders  depth: 2 }', 'v').components, ['app', 'audit', 'lb', 'mailer', 'order_events', 'orders', 'orders_cache', 'orders_db']);
  });

  test('implied connections count: a CDN and its origin are neighbours', () => {
    assert.deepEqual(selected('view v { focus: assets }', 'v').components, ['assets', 'edge']);
  });
});

describe('path', () => {
  test('a read follows connections that carry reads, and the CDN to its origin', () => {
    const s = selected('view reads { path: read  from: app }', 'reads');
    assert.deepEqual(s.components, ['app', 'assets', 'edge', 'lb', 'orders', 'orders_cache', 'orders_db']);
    // orders -> orders_db carries writes only: both ends are visited, the connection is not on the path.
    assert.deepEqual(s.edges, ['app->edge', 'app->lb', 'edge->assets', 'lb->orders', 'orders->orders_cache:read', 'orders_cache->orders_db:read']);
  });

  test('a write follows write connections, through a queue to its consumer', () => {
    const s = selected('view writes { path: write  from: app }', 'writes');
    assert.deepEqual(s.components, ['app', 'assets', 'audit', 'edge', 'lb', 'mailer', 'order_events', 'orders', 'orders_db']);
    assert.deepEqual(s.edges, ['app->edge', 'app->lb', 'edge->assets', 'lb->orders', 'mailer->orders_db', 'order_events->mailer', 'orders->audit:write', 'orders->order_events:write', 'orders->orders_db:write']);
    assert.deepEqual(s.containers, ['eu']);
  });

  test('a cache that answers every read passes no read on; a write still goes through', () => {
    assert.deepEqual(selected('view v { path: read  from: admin }', 'v').components, ['admin', 'full', 'reports']);
    assert.deepEqual(selected('view v { path: write  from: admin }', 'v').components, ['admin', 'full', 'never_read', 'reports']);
  });
});

describe('diagnostics', () => {
  const cases: [string, RegExp][] = [
    ['view v { include: [lb, ordrs] }', /^Unknown component 'ordrs' in 'include' of view 'v'\. Did you mean 'orders'\?$/],
    ['view v { focus: ordrs }', /^Unknown component 'ordrs' in 'focus' of view 'v'\. Did you mean 'orders'\?$/],
    ['view v { path: read  from: ap }', /^Unknown component 'ap' in 'from' of view 'v'\. Did you mean 'app'\?$/],
    ['view v { }', /^View 'v' needs what it shows: include/],
    ['view v { include: [lb]  focus: orders }', /^A view shows one thing: 'include' and 'focus' cannot both be set/],
    ['view v { depth: 2 }', /^'depth' counts connections away from a component: add focus: NAME/],
    ['view v { path: read }', /^View 'v' follows a request: add from: CLIENT next to 'path'/],
    ['view v { from: app }', /^View 'v' follows a request: add path: read \(or write\) next to 'from'/],
    ['view v { path: read  from: orders }', /^A path starts where requests start: 'orders' is a service, not a client\.$/],
    ['view v { path: sideways  from: app }', /'sideways' is not a valid 'path': expected read \| write/],
    ['view v { focus: 3 }', /^Expected a name for 'focus'/],
    ['view v { include: [lb, 3] }', /^Expected a list of names for 'include'/],
    ['view v { include: [] }', /^'include' lists no component/],
    ['view v { include: [lb] }\n  view v { include: [orders] }', /^A view named 'v' already exists\.$/],
    ['service s { view w { include: [lb] } }', /^A view belongs directly in the system/],
  ];
  for (const [views, message] of cases) {
    test(views, () => {
      const { system, errors } = shop(views);
      assert.equal(errors.length, 1, errors.join('\n'));
      assert.match(errors[0], message);
      const view = system.views.find((v) => v.name === 'v');
      if (view && !/already exists/.test(errors[0])) assert.equal(selectView(system, view), undefined, 'a view with errors selects nothing');
    });
  }

  test('the unknown name is underlined where it is written', () => {
    const text = SHOP.replace('VIEWS', 'view v { include: [lb, ordrs] }');
    const d = analyze(text).diagnostics.find((x) => x.rule === 'unknown-reference')!;
    assert.equal(text.slice(d.span.start, d.span.end), 'ordrs');
  });
});

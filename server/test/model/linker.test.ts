// The linker and validation (model/build.ts, model/values.ts): every semantic
// diagnostic id with a firing case (id, exact range, key words of the message,
// did-you-mean) and a near miss that stays silent.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../src/analyze';
import { analyzeMarked, diagnosticTable, expectClean, expectDiagnostics } from '../helpers/inline';
import { manyUnknownReferences } from '../../bench/worst-cases';

function clean(source: string): ReturnType<typeof analyze> {
  const a = analyze(source);
  expectClean(a);
  return a;
}

describe('unknown-reference', () => {
  test('a connection to an undeclared component, with did-you-mean', () => {
    const m = analyzeMarked(`
      system s {
        service orders
        service api
        api -> ⟦ordrs⟧
        ⟦nobody⟧ -> api
      }`);
    expectDiagnostics(m, [
      { rule: 'unknown-reference', at: 0, message: ["Unknown component 'ordrs'", "Did you mean 'orders'?"] },
      { rule: 'unknown-reference', at: 1, message: "Unknown component 'nobody'." },
    ]);
    assert.ok(!m.analysis.diagnostics[1].message.includes('Did you mean'));
    assert.equal(m.analysis.systems[0].edges.length, 0);
  });

  test('a renamed component: every reference to the old name gets the hint', () => {
    const refs = Array.from({ length: 200 }, (_, i) => `  c${i} -> ordrs`).join('\n');
    const clients = Array.from({ length: 200 }, (_, i) => `  client c${i}`).join('\n');
    const a = analyze(`system s {\n  service orders\n${clients}\n${refs}\n}\n`);
    const unknown = a.diagnostics.filter((d) => d.rule === 'unknown-reference');
    assert.equal(unknown.length, 200);
    assert.ok(unknown.every((d) => d.message.endsWith("Did you mean 'orders'?")));
  });

  // How long this takes is a bench figure (worst-cases.bench.ts:
  // worst.did_you_mean_ms), not an assertion here.
  test('did-you-mean over thousands of names finds each near name', () => {
    const a = analyze(manyUnknownReferences());
    const unknown = a.diagnostics.filter((d) => d.rule === 'unknown-reference');
    assert.equal(unknown.length, 1000);
    assert.match(unknown[0].message, /Did you mean 'svc_0'\?/);
  });

  test('near miss: references may come before the declaration', () => {
    const a = clean('system s {\n  api -> orders\n  service api\n  service orders\n}\n');
    assert.equal(a.systems[0].edges.length, 1);
  });

  diagnosticTable([
    {
      name: 'component-valued properties: cdn origin, queue dead_letter',
      design: `
        system s {
          blob photos
          cdn edge { origin: ⟦photoz⟧ }
          queue q { dead_letter: ⟦dlx⟧ }
          queue dlq
        }`,
      expected: [
        { rule: 'unknown-reference', at: 0, message: ["Unknown component 'photoz' in 'origin'", "Did you mean 'photos'?"] },
        { rule: 'unknown-reference', at: 1, message: ["'dlx' in 'dead_letter'", "Did you mean 'dlq'?"] },
      ],
    },
    {
      name: 'tables and columns: key, indexes, query from, join, where',
      design: `
        system s {
          database d {
            table users { columns: [id, name]  key: ⟦idd⟧  indexes: [⟦nme⟧] }
          }
          query q {
            from: ⟦user⟧
            join: users.id = ⟦userz⟧.id
            join: users.⟦nam⟧ = users.id
            where: [users.⟦zzzz⟧]
          }
        }`,
      expected: [
        { rule: 'unknown-reference', at: 0, message: ["Table 'users' has no column 'idd'", "Did you mean 'id'?"] },
        { rule: 'unknown-reference', at: 1, message: ["no column 'nme' to index", "Did you mean 'name'?"] },
        { rule: 'unknown-reference', at: 2, message: ["Unknown table 'user' in query 'q'", "Did you mean 'users'?"] },
        { rule: 'unknown-reference', at: 3, message: ["Unknown table 'userz'", "Did you mean 'users'?"] },
        { rule: 'unknown-reference', at: 4, message: ["Table 'users' has no column 'nam'", "Did you mean 'name'?"] },
        { rule: 'unknown-reference', at: 5, message: "Table 'users' has no column 'zzzz'." },
      ],
    },
    {
      name: 'scenario targets: unknown component, bad replica part',
      design: `
        system s {
          service a { instances: 2 }
          scenario x {
            at 10s: stop ⟦nobdy⟧
            at 20s: stop ⟦a.primary⟧
          }
        }`,
      expected: [
        { rule: 'unknown-reference', at: 0, message: "Unknown component 'nobdy' in this stop event" },
        { rule: 'unknown-reference', at: 1, message: "'a.primary': write a component, an instance (a[2])" },
      ],
    },
  ]);

  test('near miss: bare columns resolve against the query table', () => {
    const a = clean('system s {\n  database d { table t { columns: [id, x] key: id indexes: [x] } }\n  query q { from: t  where: [id, t.x] }\n}\n');
    assert.deepEqual(a.systems[0].queries[0].where.map((w) => w.column), ['id', 'x']);
  });
});

describe('duplicate-name', () => {
  test('components (also across regions and groups), with the first declaration related', () => {
    const m = analyzeMarked(`
      system s {
        service a
        region r { group g { service ⟦a⟧ } }
        cache ⟦r⟧
      }`);
    const [first, second] = expectDiagnostics(m, [
      { rule: 'duplicate-name', at: 0, message: "A component 'a' is already declared in this system" },
      { rule: 'duplicate-name', at: 1, message: "'r' is already declared" },
    ]);
    assert.equal(first.related?.[0].message, 'First declared here.');
    assert.equal(m.text.slice(first.related![0].span.start, first.related![0].span.end), 'a');
    assert.ok(second.related);
  });

  diagnosticTable([
    {
      name: 'systems, tables, queries, scenarios, columns',
      design: `
        system s {
          database d { table t { columns: [a, ⟦a⟧] } table ⟦t⟧ { columns: [b] } }
          query q { from: t } query ⟦q⟧ { from: t }
          scenario x {} scenario ⟦x⟧ {}
        }
        system ⟦s⟧ {}`,
      expected: [
        { rule: 'duplicate-name', at: 0, message: "Column 'a' appears twice in table 't'" },
        { rule: 'duplicate-name', at: 1, message: "A table 't' is already declared" },
        { rule: 'duplicate-name', at: 2, message: "A query named 'q' already exists" },
        { rule: 'duplicate-name', at: 3, message: "A scenario named 'x' already exists" },
        { rule: 'duplicate-name', at: 4, message: "Another system in this file is already named 's'" },
      ],
    },
  ]);

  test('properties and blocks given twice; a second workload', () => {
    const m = analyzeMarked(`
      system s {
        service a { instances: 2  ⟦instances⟧: 3  autoscale { min: 1 max: 2 }  ⟦autoscale⟧ { min: 1 max: 2 } }
        workload { dau: 1M }
        ⟦workload⟧ { dau: 2M }
      }`);
    expectDiagnostics(m, [
      { rule: 'duplicate-name', at: 0, message: "'instances' is set twice in a service ('a')" },
      { rule: 'duplicate-name', at: 1, message: "'autoscale' is given twice" },
      { rule: 'duplicate-name', at: 2, message: 'A system has one workload block' },
    ]);
    // The first value stands.
    assert.equal(m.analysis.systems[0].components.get('a')!.props.num('instances'), 2);
    assert.equal(m.analysis.systems[0].workload!.props.num('dau'), 1e6);
  });

  test('near miss: the same name in two systems, a repeated join, same column names in two tables', () => {
    clean('system a { service x }\nsystem b { service x }\n');
    clean('system s {\n  database d { table t { columns: [id] } table u { columns: [id] } }\n  query q { from: t join: t.id = u.id join: u.id = t.id }\n}\n');
  });
});

describe('unknown-property', () => {
  diagnosticTable([
    {
      name: 'did-you-mean within the kind',
      design: `
        system s {
          service a { ⟦instancs⟧: 3 }
          cache c { ⟦instance⟧: 2  ⟦evicton⟧: lru }
        }`,
      expected: [
        { rule: 'unknown-property', at: 0, message: ["Unknown property 'instancs' for a service ('a')", "Did you mean 'instances'?"] },
        { rule: 'unknown-property', at: 1, message: "Did you mean 'instances'?" },
        { rule: 'unknown-property', at: 2, message: "Did you mean 'eviction'?" },
      ],
    },
    {
      name: 'a property of another kind says which kinds have it',
      design: `
        system s {
          service a { ⟦hit_ratio⟧: 50%  ⟦tls_termination⟧ }
        }`,
      expected: [
        { rule: 'unknown-property', at: 0, message: ["Unknown property 'hit_ratio' for a service ('a')", 'It is a property of a CDN, a cache'] },
        { rule: 'unknown-property', at: 1, message: 'It is a property of a proxy' },
      ],
    },
    {
      name: 'blocks: unknown block with did-you-mean, a block written as a property, properties of blocks and the system',
      design: `
        system s {
          ⟦frobnicate⟧: 1
          service a {
            ⟦autoscal⟧ { min: 1  max: 2 }
            ⟦autoscale⟧: 3
          }
          workload { dau: 1M  ⟦readz_per_user⟧: 5/day }
        }`,
      expected: [
        { rule: 'unknown-property', at: 0, message: "Unknown property 'frobnicate' for a system" },
        { rule: 'unknown-property', at: 1, message: ["Unknown block 'autoscal'", "Did you mean 'autoscale'?"] },
        { rule: 'unknown-property', at: 2, message: "'autoscale' is a block: write autoscale { … } without the colon" },
        { rule: 'unknown-property', at: 3, message: ["block 'workload'", "Did you mean 'reads_per_user'?"] },
      ],
    },
  ]);

  test('connection attributes', () => {
    const m = analyzeMarked(`
      system s {
        service a
        service b
        a -> b (⟦wieght⟧: 2)
      }`);
    expectDiagnostics(m, [{ rule: 'unknown-property', at: 0, message: ["for a connection", "Did you mean 'weight'?"] }]);
    assert.equal(m.analysis.systems[0].edges.length, 1);
  });

  test('near miss: every documented property of the kind is accepted', () => {
    clean('system s {\n  service a { instances: 2 cores: 2 service_time: 5ms max_queue: 10 timeout: 1s stateful critical: false autoscale { min: 1 max: 3 target_cpu: 50% warmup: 10s interval: 5s } }\n}\n');
  });
});

describe('unknown-kind', () => {
  test('a typo in the kind, with did-you-mean and the list of kinds; the name stays declared', () => {
    const m = analyzeMarked(`
      system s {
        ⟦servce⟧ orders { instances: 2 }
        ⟦dattabase⟧ db "Main"
        service api
        api -> orders
      }`);
    expectDiagnostics(m, [
      { rule: 'unknown-kind', at: 0, message: ["Unknown component kind 'servce'", "Did you mean 'service'?", 'Kinds: client, dns'] },
      { rule: 'unknown-kind', at: 1, message: "Did you mean 'database'?" },
    ]);
    const s = m.analysis.systems[0];
    assert.ok(s.components.has('orders') && s.components.has('db'));
    assert.equal(s.components.get('orders')!.kind, undefined);
    assert.equal(s.edges.length, 1);
  });

  test('near miss: every component kind is known', () => {
    const kinds = 'client dns cdn loadbalancer gateway proxy service worker cache database blob queue stream pubsub orchestrator job region group'.split(' ');
    const a = analyze(`system s {\n${kinds.map((k, i) => `  ${k} c${i}`).join('\n')}\n}\n`);
    assert.deepEqual(a.diagnostics.filter((d) => d.rule === 'unknown-kind'), []);
    assert.equal(a.systems[0].components.size, kinds.length);
  });
});

describe('invalid-nesting', () => {
  test('components inside components that hold none, tables outside a database, queries inside components', () => {
    const m = analyzeMarked(`
      system s {
        service a {
          ⟦service⟧ b
        }
        ⟦table⟧ t { columns: [x] }
        service c { ⟦query⟧ q { from: t } }
        database db {
          ⟦cache⟧ inner
        }
      }`);
    expectDiagnostics(m, [
      { rule: 'invalid-nesting', at: 0, message: ['A service cannot sit inside a service', 'only regions and groups hold components'] },
      { rule: 'invalid-nesting', at: 1, message: 'A table belongs inside a database' },
      { rule: 'invalid-nesting', at: 2, message: 'A query belongs directly in the system' },
      { rule: 'invalid-nesting', at: 3, message: 'A cache cannot sit inside a database' },
    ]);
    // The misplaced components are still declared.
    assert.ok(m.analysis.systems[0].components.has('b') && m.analysis.systems[0].components.has('inner'));
  });

  diagnosticTable([
    {
      name: 'connections inside a component, events outside a scenario',
      design: `
        system s {
          service a
          service c
          service d { ⟦a -> c⟧ }
          ⟦at 1m: stop a⟧
        }`,
      expected: [
        { rule: 'invalid-nesting', at: 0, message: "Connections go in the system or in a region or group, not inside a service ('d')" },
        { rule: 'invalid-nesting', at: 1, message: '`at` events belong inside a scenario' },
      ],
    },
  ]);

  test('near miss: components, connections in regions and groups; tables in databases', () => {
    const a = clean('system s {\n  region r {\n    group g { service a  service b  a -> b }\n    database d { table t { columns: [x] } }\n  }\n}\n');
    assert.equal(a.systems[0].edges.length, 1);
  });
});

describe('invalid-value', () => {
  test('out of range: instances 0 and hit_ratio 101%; near miss instances 1 and 100%', () => {
    const m = analyzeMarked(`
      system s {
        service a { instances: ⟦0⟧ }
        service b { instances: 1 }
        cache c { hit_ratio: ⟦101%⟧ }
        cache d { hit_ratio: 100% }
        cache e { hit_ratio: 0% }
        cache f { hit_ratio: ⟦120%⟧ }
      }`);
    expectDiagnostics(m, [
      { rule: 'invalid-value', at: 0, message: "'instances' must be at least 1; 0 is out of range" },
      { rule: 'invalid-value', at: 1, message: "'hit_ratio' must be between 0% and 100%; 101% is out of range" },
      { rule: 'invalid-value', at: 2, message: '120%' },
    ]);
    const s = m.analysis.systems[0];
    assert.equal(s.components.get('b')!.props.num('instances'), 1);
    assert.equal(s.components.get('d')!.props.num('hit_ratio'), 1);
    assert.equal(s.components.get('e')!.props.num('hit_ratio'), 0);
  });

  diagnosticTable([
    {
      name: 'wrong unit family for the property',
      design: `
        system s {
          service a { service_time: ⟦2MB⟧  timeout: ⟦5⟧ }
          cache c { memory: ⟦10ms⟧ }
          client x { rate: ⟦10ms⟧ }
          gateway g { rate_limit: ⟦100⟧ }
          cdn e { origin: a  ttl: ⟦"1h"⟧ }
          workload { dau: ⟦1x⟧ }
        }`,
      expected: [
        { rule: 'invalid-value', at: 0, message: "Expected a time (10ms, 30s, 5m, 7d), but '2MB' is a size" },
        { rule: 'invalid-value', at: 1, message: "but '5' is a number" },
        { rule: 'invalid-value', at: 2, message: "Expected a size (500B, 2MB, 1GiB), but '10ms' is a time" },
        { rule: 'invalid-value', at: 3, message: "Expected a rate for 'rate' (100/s, 10/day), got '10ms'" },
        { rule: 'invalid-value', at: 4, message: "Expected a rate for 'rate_limit'" },
        { rule: 'invalid-value', at: 5, message: "for 'ttl', got a string" },
        { rule: 'invalid-value', at: 6, message: "Expected a number (4, 20k, 100M), but '1x' is a multiplier" },
      ],
    },
    {
      name: 'enums with did-you-mean; booleans; whole numbers; strictly positive times',
      design: `
        system s {
          cap: ⟦ap⟧
          database d { model: ⟦sql⟧  backup: ⟦hourly⟧  replication { read_from: ⟦replica⟧ } }
          loadbalancer lb { health_check: ⟦maybe⟧  algorithm: ⟦round_robn⟧ }
          service a { instances: ⟦1.5⟧  service_time: ⟦0ms⟧  timeout: ⟦0s⟧ }
        }`,
      expected: [
        { rule: 'invalid-value', at: 0, message: ["'ap' is not a valid 'cap': expected CP | AP | CA", "Did you mean 'AP'?"] },
        { rule: 'invalid-value', at: 1, message: "expected relational | document | key_value | column | graph" },
        { rule: 'invalid-value', at: 2, message: 'expected none | daily | weekly | continuous' },
        { rule: 'invalid-value', at: 3, message: "Did you mean 'replicas'?" },
        { rule: 'invalid-value', at: 4, message: "Expected true or false for 'health_check', got 'maybe'" },
        { rule: 'invalid-value', at: 5, message: "Did you mean 'round_robin'?" },
        { rule: 'invalid-value', at: 6, message: "'instances' must be a whole number; '1.5' is not" },
        { rule: 'invalid-value', at: 7, message: "'service_time' must be greater than 0s" },
        { rule: 'invalid-value', at: 8, message: "'timeout' must be greater than 0s" },
      ],
    },
    {
      name: 'distributions and algorithms',
      design: `
        system s {
          service a { service_time: ⟦lognormal(10ms)⟧ }
          service b { service_time: ⟦weird⟧(1) }
          service c { service_time: exp(⟦5MB⟧) }
          loadbalancer l1 { algorithm: ⟦hash⟧ }
          loadbalancer l2 { algorithm: ⟦hash(a, b)⟧ }
          loadbalancer l3 { algorithm: ⟦hsh⟧(key) }
        }`,
      expected: [
        { rule: 'invalid-value', at: 0, message: 'lognormal(…) takes a mean and a standard deviation' },
        { rule: 'invalid-value', at: 1, message: "Unknown distribution 'weird': use exp, const, normal or lognormal" },
        { rule: 'invalid-value', at: 2, message: "'5MB' is a size" },
        { rule: 'invalid-value', at: 3, message: 'hash needs the key it hashes: hash(user_id)' },
        { rule: 'invalid-value', at: 4, message: 'hash(…) takes one key' },
        { rule: 'invalid-value', at: 5, message: "Did you mean 'hash'?" },
      ],
    },
    {
      name: 'flags: a property that needs a value, a block written as a flag, a block name as a property',
      design: `
        system s {
          service a {
            ⟦instances⟧
            ⟦autoscale⟧
            ⟦cores⟧ { }
          }
        }`,
      expected: [
        { rule: 'invalid-value', at: 0, message: "'instances' needs a value: instances: …" },
        { rule: 'invalid-value', at: 1, message: "'autoscale' is a block: autoscale { … }" },
        { rule: 'invalid-value', at: 2, message: "'cores' is a property: cores: value" },
      ],
    },
    {
      name: 'technology that does not fit the kind is a warning',
      design: `
        system s {
          cache c: ⟦postgres⟧
          database d: postgres
          cache r: redis
        }`,
      expected: [{ rule: 'invalid-value', at: 0, severity: 'warning', message: "'postgres' is not a cache (it is used as a database)" }],
    },
    {
      name: 'connection attributes: bad values, group on a non-stream',
      design: `
        system s {
          client c
          service a
          service b
          a -> b (on: ⟦reads⟧, protocol: ⟦ftp⟧, ⟦"x"⟧)
          c -> a (⟦group: g⟧)
        }`,
      expected: [
        { rule: 'invalid-value', at: 0, message: "Did you mean 'read'?" },
        { rule: 'invalid-value', at: 1, message: 'expected http | grpc | tcp | websocket' },
        { rule: 'invalid-value', at: 2, message: 'Expected a connection attribute' },
        { rule: 'invalid-value', at: 3, message: "'group:' names a consumer group on a stream; 'c' is a client" },
      ],
    },
  ]);

  test('near miss: every distribution shape and hash(key) are accepted', () => {
    const a = clean('system s {\n  service a { service_time: 10ms }\n  service b { service_time: exp(10ms) }\n  service c { service_time: const(10ms) }\n  service d { service_time: normal(10ms, 2ms) }\n  service e { service_time: lognormal(10ms, 5ms) }\n  loadbalancer lb { algorithm: hash(user_id) }\n}\n');
    const get = (n: string) => a.systems[0].components.get(n)!.props.value('service_time');
    assert.deepEqual(get('a'), { kind: 'exp', mean: 0.01 });
    assert.deepEqual(get('b'), { kind: 'exp', mean: 0.01 });
    assert.deepEqual(get('c'), { kind: 'const', value: 0.01 });
    assert.deepEqual(get('d'), { kind: 'normal', mean: 0.01, sd: 0.002 });
    assert.deepEqual(get('e'), { kind: 'lognormal', mean: 0.01, sd: 0.005 });
    assert.deepEqual(a.systems[0].components.get('lb')!.props.value('algorithm'), { name: 'hash', key: 'user_id' });
  });

  test('ranges: backwards, not whole; near miss 4..64', () => {
    const m = analyzeMarked(`
      system s {
        database d { sharding { strategy: consistent_hash  shards: ⟦64..4⟧ } }
        database e { sharding { strategy: consistent_hash  shards: ⟦1.5⟧..4 } }
        database f { sharding { strategy: consistent_hash  shards: 4..64 } }
      }`);
    expectDiagnostics(m, [
      { rule: 'invalid-value', at: 0, message: 'The range 64..4 runs backwards' },
      { rule: 'invalid-value', at: 1, message: 'whole number' },
    ]);
    assert.deepEqual(m.analysis.systems[0].components.get('f')!.blocks.get('sharding')!.props.value('shards'), { min: 4, max: 64 });
  });

  test('scenario events: instance and replica numbers, actions, region-only actions, events after the end', () => {
    const m = analyzeMarked(`
      system s {
        database d { replication { mode: primary_replica  replicas: 1 } }
        service a { instances: 2 }
        region eu {}
        scenario x {
          duration: 1m
          at ⟦2m⟧: stop a
          at 10s: stop a[⟦3⟧]
          at 10s: stop d.replica[⟦2⟧]
          at 10s: ⟦halt⟧ a
          at 10s: partition ⟦a⟧
          at 10s: stop a[2]
          at 10s: stop d.replica[1]
          at 10s: partition eu
        }
      }`);
    expectDiagnostics(m, [
      { rule: 'invalid-value', at: 0, severity: 'warning', message: 'is after the scenario ends (duration 60s); it never happens' },
      { rule: 'invalid-value', at: 1, message: "'a' has instances 1 to 2; there is no instance 3" },
      { rule: 'invalid-value', at: 2, message: "'d' has replicas 1 to 1" },
      { rule: 'invalid-value', at: 3, message: ["Unknown action 'halt'", "Did you mean 'heal'?"] },
      { rule: 'invalid-value', at: 4, message: "Only a region can be partitioned; 'a' is a service" },
    ]);
    assert.equal(m.analysis.systems[0].scenarios[0].events.length, 4);
  });
});

describe('missing-property', () => {
  diagnosticTable([
    {
      name: 'required properties of blocks, tables and queries, at the name',
      design: `
        system s {
          ⟦workload⟧ { }
          service a { ⟦⟦autoscale⟧⟧ { } }
          database d {
            ⟦⟦sharding⟧⟧ { }
            ⟦quorum⟧ { w: 1 }
            table ⟦t⟧
            table ⟦u⟧ { key: id }
          }
          query ⟦q⟧ { }
        }`,
      expected: [
        { rule: 'missing-property', at: 0, message: "The workload block needs 'dau': daily active users" },
        { rule: 'missing-property', at: 1, message: "needs 'min'" },
        { rule: 'missing-property', at: 2, message: "needs 'max'" },
        { rule: 'missing-property', at: 3, message: "The sharding block needs 'strategy'" },
        { rule: 'missing-property', at: 4, message: "needs 'shards'" },
        { rule: 'missing-property', at: 5, message: "The quorum block needs 'r'" },
        { rule: 'missing-property', at: 6, message: "Table 't' needs its columns: table t { columns: [id, …] }" },
        { rule: 'missing-property', at: 7, message: "Table 'u' needs 'columns'" },
        { rule: 'missing-property', at: 8, message: "Query 'q' needs 'from'" },
      ],
    },
    {
      name: 'a kind used as a block without a name',
      design: `
        system s {
          ⟦service⟧ { instances: 2 }
        }`,
      expected: [{ rule: 'missing-property', at: 0, message: 'This service needs a name: service NAME { … }' }],
    },
    {
      name: 'near miss: a required property with an invalid value is reported once, as invalid',
      design: `
        system s {
          workload { dau: ⟦1x⟧ }
          database d { sharding { strategy: ⟦hashh⟧  shards: ⟦0⟧ } }
        }`,
      expected: [
        { rule: 'invalid-value', at: 0 },
        { rule: 'invalid-value', at: 1, message: "Did you mean 'hash'?" },
        { rule: 'invalid-value', at: 2, message: "'shards' must be at least 1" },
      ],
    },
  ]);

  test('near miss: partitioning needs no shard count; workload with dau only', () => {
    clean('system s {\n  workload { dau: 1M }\n  database d { partitioning { strategy: hash } }\n}\n');
  });
});

describe('invalid-connection', () => {
  diagnosticTable([
    {
      name: 'clients are not called; databases and blob stores do not call; nothing calls itself',
      design: `
        system s {
          client c
          database d
          blob b
          service a
          d -> ⟦c⟧
          ⟦d -> a⟧
          ⟦b -> a⟧
          ⟦a -> a⟧
          a -> ⟦c⟧
        }`,
      expected: [
        { rule: 'invalid-connection', at: 0, message: ["'c' is a client: clients send requests and are not called", 'Did you mean c -> d?'] },
        { rule: 'invalid-connection', at: 1, message: 'A database does not call other components; it only answers' },
        { rule: 'invalid-connection', at: 2, message: 'A blob store does not call other components' },
        { rule: 'invalid-connection', at: 3, message: "'a' is connected to itself" },
        { rule: 'invalid-connection', at: 4, message: 'Did you mean c -> a?' },
      ],
    },
    {
      name: 'containers are boxes; messaging to messaging; consumers of the wrong kind; dotted refs',
      design: `
        system s {
          region r { service x }
          stream st
          pubsub ps
          queue q
          loadbalancer lb
          service a
          ⟦r⟧ -> a
          a -> ⟦r⟧
          ⟦st -> ps⟧
          q -> ⟦lb⟧
          a -> ⟦x.y⟧
        }`,
      expected: [
        { rule: 'invalid-connection', at: 0, message: 'A region is a box in the diagram, not something that sends requests' },
        { rule: 'invalid-connection', at: 1, message: 'not something that can be called' },
        { rule: 'invalid-connection', at: 2, message: 'A stream cannot feed a pub/sub channel directly: put a worker between them' },
        { rule: 'invalid-connection', at: 3, message: 'A load balancer cannot consume from a queue' },
        { rule: 'invalid-connection', at: 4, message: "write 'x' rather than 'x.y'" },
      ],
    },
  ]);

  test('one bad hop in a chain does not drop the good ones', () => {
    const m = analyzeMarked(`
      system s {
        client c
        service a
        service b
        c -> a -> ⟦c⟧ -> b
      }`);
    expectDiagnostics(m, [{ rule: 'invalid-connection', at: 0 }]);
    assert.deepEqual(m.analysis.systems[0].edges.map((e) => `${e.from.name}->${e.to.name}`), ['c->a', 'c->b']);
  });

  test('near miss: database publishing its changes to a stream, consumers of messaging', () => {
    const a = clean('system s {\n  database d\n  stream st\n  queue q\n  worker w\n  job j\n  d -> st\n  st -> w\n  q -> j\n}\n');
    assert.equal(a.systems[0].edges.length, 3);
  });
});

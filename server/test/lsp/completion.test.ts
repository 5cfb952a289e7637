// Completion over the protocol, at cursor positions marked `|` in inline
// designs: kinds and keywords where items start, properties valid for the kind
// or block (minus those already set), values valid for the property, names in
// scope, technologies, units and scenario actions — also in half-typed text.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CompletionItem, MarkupContent, TextEdit } from 'vscode-languageserver-protocol';
import { labels, clientForSuite, marked, positionAt } from './harness';

const client = clientForSuite();
let counter = 0;

/** Opens the design (cursor at `|`) and completes there. */
async function complete(source: string): Promise<CompletionItem[]> {
  const { text, offsets } = marked(source);
  assert.equal(offsets.length, 1, 'one cursor marker');
  const uri = `file:///w/completion-${counter++}.sysdesign`;
  await client.open(uri, text);
  return client.completion(uri, positionAt(text, offsets[0]));
}

function item(items: CompletionItem[], label: string): CompletionItem {
  const found = items.find((i) => i.label === label);
  assert.ok(found, `expected '${label}' among ${labels(items).join(', ')}`);
  return found;
}

function doc(i: CompletionItem): string {
  return typeof i.documentation === 'string' ? i.documentation : (i.documentation as MarkupContent | undefined)?.value ?? '';
}

const TABLES = `  database db: postgres {
    table users { columns: [user_id, name, email]  key: user_id }
    table posts { columns: [post_id, user_id, caption]  key: post_id }
  }`;

describe('where an item starts', () => {
  test('an empty file offers a system', async () => {
    const items = await complete('|');
    assert.deepEqual(labels(items), ['system']);
    assert.match((items[0].textEdit as TextEdit).newText, /^system \$\{1:name\} \{/);
  });

  test('a system body offers kinds, query, scenario, system properties, the workload block and names for connections', async () => {
    const items = await complete('system s {\n  cap: AP\n  service api\n  |\n}');
    for (const kind of ['client', 'service', 'database', 'region', 'group', 'stream']) item(items, kind);
    item(items, 'query');
    item(items, 'scenario');
    item(items, 'workload');
    item(items, 'layout');
    item(items, 'api');
    assert.ok(!labels(items).includes('cap'), 'cap is already set');
    assert.match(doc(item(items, 'cache')), /hot data in memory/);
  });

  test('a half-typed property in a service: properties of the kind, not those already set, with schema docs', async () => {
    const items = await complete('system s {\n  service api { cores: 2 inst| }\n}');
    const instances = item(items, 'instances');
    assert.match(doc(instances), /identical copies/);
    assert.match(instances.detail ?? '', /default 1/);
    assert.equal((instances.textEdit as TextEdit).newText, 'instances: ');
    // The replaced range is the partial word.
    assert.equal((instances.textEdit as TextEdit).range.end.character - (instances.textEdit as TextEdit).range.start.character, 4);
    item(items, 'service_time');
    item(items, 'autoscale');
    assert.equal((item(items, 'stateful').textEdit as TextEdit).newText, 'stateful', 'a flag is inserted bare');
    assert.ok(!labels(items).includes('cores'), 'cores is already set');
    assert.ok(!labels(items).includes('hit_ratio'), 'a cache property is not valid here');
    assert.ok(!labels(items).includes('service'), 'no kinds inside a service');
  });

  test('a database body offers tables and its blocks; a block body offers the block properties', async () => {
    const db = await complete('system s {\n  database db: postgres {\n    |\n  }\n}');
    for (const label of ['table', 'replication', 'sharding', 'model', 'consistency', 'backup']) item(db, label);
    assert.match((item(db, 'replication').textEdit as TextEdit).newText, /^replication \{\n/);
    const autoscale = await complete('system s {\n  service a { autoscale { min: 2 | } }\n}');
    assert.deepEqual(labels(autoscale).sort(), ['interval', 'max', 'target_cpu', 'warmup']);
  });

  test('a scenario body offers its properties and `at` events', async () => {
    const items = await complete('system s {\n  service a\n  scenario x {\n    duration: 2m\n    |\n  }\n}');
    item(items, 'at');
    item(items, 'seed');
    assert.ok(!labels(items).includes('duration'));
  });
});

describe('values', () => {
  test('enum values with their docs, and hash(key) as a snippet', async () => {
    const items = await complete('system s {\n  loadbalancer lb { algorithm: | }\n}');
    for (const v of ['round_robin', 'least_connections', 'power_of_two']) item(items, v);
    assert.match(doc(item(items, 'least_connections')), /fewest requests/);
    assert.match(item(items, 'round_robin').detail ?? '', /default/);
    const hash = item(items, 'hash(key)');
    assert.equal(hash.insertTextFormat, 2);
    assert.equal((hash.textEdit as TextEdit).newText, 'hash(${1:user_id})');
    assert.ok(!labels(items).includes('hash'), 'bare hash is not a valid algorithm');
  });

  test('a partially typed enum value', async () => {
    const items = await complete('system s {\n  cache c { strategy: cache_| }\n}');
    assert.deepEqual(labels(items), ['cache_aside', 'write_through', 'write_back']);
    const range = (items[0].textEdit as TextEdit).range;
    assert.equal(range.end.character - range.start.character, 'cache_'.length);
  });

  test('true/false for a boolean', async () => {
    assert.deepEqual(labels(await complete('system s {\n  loadbalancer lb { health_check: | }\n}')).sort(), ['false', 'true']);
  });

  test('component names for origin:, the kinds that fit first', async () => {
    const items = await complete('system s {\n  blob photos\n  queue q\n  cdn edge { origin: | }\n}');
    assert.equal(items[0].label, 'photos');
    item(items, 'q');
  });

  test('table names for from:', async () => {
    assert.deepEqual(labels(await complete(`system s {\n${TABLES}\n  query q { from: | }\n}`)).sort(), ['posts', 'users']);
  });

  test('table.column after join: and where:, and the columns of `users.`', async () => {
    const join = await complete(`system s {\n${TABLES}\n  query q { from: posts  join: posts.user_id = | }\n}`);
    item(join, 'users.user_id');
    item(join, 'posts.caption');
    const where = await complete(`system s {\n${TABLES}\n  query q { from: posts  where: | }\n}`);
    assert.equal(where[0].label, 'caption', 'bare columns of the query\'s table come first');
    item(where, 'users.email');
    const member = await complete(`system s {\n${TABLES}\n  query q { from: posts  where: users.em| }\n}`);
    assert.deepEqual(labels(member), ['email', 'name', 'user_id']);
    const edit = member[0].textEdit as TextEdit;
    assert.equal(edit.range.end.character - edit.range.start.character, 2, 'only the part after the dot is replaced');
    const inList = await complete(`system s {\n${TABLES}\n  query q { from: posts  where: [caption, users.|] }\n}`);
    assert.deepEqual(labels(inList), ['email', 'name', 'user_id']);
  });

  test('columns of the table for key:; of every table for a sharding key', async () => {
    assert.deepEqual(labels(await complete('system s {\n  database db { table t { columns: [a, b]  key: | } }\n}')), ['a', 'b']);
    const shard = await complete(`system s {\n  database db {\n    sharding { strategy: hash  key: | }\n    table t { columns: [a, b] }\n    table u { columns: [c] }\n  }\n}`);
    assert.deepEqual(labels(shard).sort(), ['a', 'b', 'c']);
  });

  test('distribution snippets for service_time', async () => {
    const items = await complete('system s {\n  service api { service_time: | }\n}');
    const normal = item(items, 'normal(…)');
    assert.equal((normal.textEdit as TextEdit).newText, 'normal(${1:10ms}, ${2:2ms})');
    item(items, 'exp(…)');
    item(items, 'lognormal(…)');
  });
});

describe('units, names, technologies, actions', () => {
  test('units after a number fit the property: times, percent, rates', async () => {
    const time = await complete('system s {\n  service x { service_time: 10| }\n}');
    for (const u of ['us', 'ms', 's', 'm', 'h']) item(time, u);
    assert.ok(!labels(time).includes('MB'), 'no sizes for a time');
    const ms = item(time, 'ms');
    assert.equal((ms.textEdit as TextEdit).newText, '10ms');
    assert.match(ms.detail ?? '', /milliseconds/);
    assert.deepEqual(labels(await complete('system s {\n  cache c { hit_ratio: 8| }\n}')), ['%']);
    const rate = await complete('system s {\n  client app { rate: 20| }\n}');
    assert.equal((item(rate, 'k/s').textEdit as TextEdit).newText, '20k/s');
    const per = await complete('system s {\n  client app { rate: 20k/| }\n}');
    assert.deepEqual(labels(per), ['/s', '/min', '/h', '/day']);
    assert.equal((item(per, '/day').textEdit as TextEdit).newText, '20k/day');
  });

  test('targets and money: the slo block and its targets, budget and price with their periods', async () => {
    const system = await complete('system s {\n  service api\n  |\n}');
    assert.match(doc(item(system, 'slo')), /Service-level objectives/);
    assert.match(doc(item(system, 'budget')), /US dollars per month/);
    const targets = await complete('system s {\n  slo { p99: 300ms  | }\n}');
    for (const metric of ['p50', 'p95', 'mean', 'availability']) item(targets, metric);
    assert.ok(!labels(targets).includes('p99'), 'p99 is already set');
    item(await complete('system s {\n  client web { slo { | } }\n}'), 'p99');
    assert.match(doc(item(await complete('system s {\n  service api { | }\n}'), 'price')), /per instance-hour/);
    const periods = await complete('system s {\n  service api { price: 0.20| }\n}');
    assert.deepEqual(labels(periods), ['/h', '/day', '/month', '/year']);
    assert.equal((item(await complete('system s {\n  budget: 40k| \n}'), 'k/month').textEdit as TextEdit).newText, '40k/month');
  });

  test('component names after -> (also at line start) ', async () => {
    const items = await complete('system s {\n  service a\n  database db\n  a -> |\n}');
    assert.deepEqual(labels(items).sort(), ['a', 'db']);
  });

  test('technologies after `kind name:`, those of the kind first', async () => {
    const items = await complete('system s {\n  cache c: |\n}');
    assert.deepEqual(labels(items).slice(0, 2).sort(), ['memcached', 'redis']);
    assert.match(doc(item(items, 'redis')), /Redis/);
  });

  test('a half-typed technology line does not confuse the next component', async () => {
    const items = await complete('system s {\n  cache c:\n  loadbalancer lb { algorithm: | }\n}');
    item(items, 'least_connections');
  });

  test('scenario actions after `at 2m:`, targets after the action, replicas after `db.`', async () => {
    const design = (cursor: string) => `system s {\n  service a\n  region eu { service b }\n  database db { replication { replicas: 2 } }\n  scenario x {\n    ${cursor}\n  }\n}`;
    const actions = await complete(design('at 2m: |'));
    assert.deepEqual(labels(actions).sort(), ['heal', 'partition', 'start', 'stop']);
    assert.match(doc(item(actions, 'partition')), /region/);
    const targets = await complete(design('at 2m: stop |'));
    for (const n of ['a', 'b', 'db', 'eu']) item(targets, n);
    const partition = await complete(design('at 2m: partition |'));
    assert.equal(partition[0].label, 'eu', 'regions first for a partition');
    assert.deepEqual(labels(await complete(design('at 2m: stop db.|'))), ['primary', 'replica']);
  });

  test('connection attributes and their values', async () => {
    const attrs = await complete('system s {\n  service a\n  service b\n  a -> b (async, |)\n}');
    for (const a of ['weight', 'on', 'protocol', 'path']) item(attrs, a);
    assert.ok(!labels(attrs).includes('async'), 'async is already given');
    assert.deepEqual(labels(await complete('system s {\n  service a\n  service b\n  a -> b (on: |)\n}')), ['read', 'write', 'all']);
  });
});

describe('where there is nothing to complete', () => {
  test('comments, strings, names being declared', async () => {
    assert.deepEqual(await complete('system s {\n  // a comment |\n}'), []);
    assert.deepEqual(await complete('system s {\n  service a "a title |"\n}'), []);
    assert.deepEqual(await complete('system s {\n  service |\n}'), []);
  });

  test('garbage text answers without failing', async () => {
    assert.deepEqual(await complete('}}}{{{ system -> : :: |'), []);
    const items = await complete('system s {\n  service a {\n  instances: 2\n  |');
    item(items, 'cores');
    assert.ok(!labels(items).includes('instances'));
  });
});

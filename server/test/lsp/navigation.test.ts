// Hover, go to definition, find references, document highlights and rename
// over the protocol, on the complete example design (helpers/designs.ts).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { DocumentHighlight, Hover, Location, MarkupContent, Position, Range, TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { clientForSuite, offsetOf, PHOTO_SHARE, positionAt, positionOf } from './harness';

const uri = 'file:///w/photo.sysdesign';
const text = PHOTO_SHARE.replace('  app -> edge\n', '  app -> edge\n  scenario outage { duration: 5m  at 1m: stop posts  at 2m: stop content.primary }\n');
const client = clientForSuite({ setUp: async (c) => void (await c.open(uri, text)) });

const at = (needle: string, nth = 0, delta = 0): Position => positionOf(text, needle, nth, delta);
const rangeOf = (needle: string, nth = 0, delta = 0, length = needle.length - delta): Range => {
  const start = offsetOf(text, needle, nth, delta);
  return { start: positionAt(text, start), end: positionAt(text, start + length) };
};

async function hover(position: Position): Promise<string> {
  const h = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position });
  assert.ok(h, 'a hover');
  return (h.contents as MarkupContent).value;
}

async function definition(position: Position): Promise<Location[]> {
  return client.request<Location[]>('textDocument/definition', { textDocument: { uri }, position });
}

async function references(position: Position, includeDeclaration: boolean): Promise<Range[]> {
  const locations = await client.request<Location[]>('textDocument/references', { textDocument: { uri }, position, context: { includeDeclaration } });
  for (const l of locations) assert.equal(l.uri, uri);
  return locations.map((l) => l.range);
}

/** The document with a rename's edits applied. */
function apply(source: string, edits: TextEdit[]): string {
  const offset = (p: Position) => {
    const lines = source.split('\n');
    let o = 0;
    for (let i = 0; i < p.line; i++) o += lines[i].length + 1;
    return o + p.character;
  };
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = source;
  for (const e of sorted) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}

async function rename(position: Position, newName: string): Promise<TextEdit[]> {
  const edit = await client.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri }, position, newName });
  return edit.changes?.[uri] ?? [];
}

describe('hover', () => {
  test('on a kind keyword: the kind\'s documentation and its properties', async () => {
    const value = await hover(at('cache feed_cache', 0, 2));
    assert.match(value, /\*\*cache\*\*/);
    assert.match(value, /Keeps hot data in memory/);
    assert.match(value, /\| hit_ratio \| .* \| 80% \|/);
  });

  test('on a property name: its documentation, value type and default', async () => {
    const value = await hover(at('hit_ratio: 95%', 0, 2));
    assert.match(value, /\*\*hit_ratio\*\* \*\(property of a CDN\)\*/);
    assert.match(value, /Share of requests served from the edge/);
    assert.match(value, /Value: a percentage/);
    assert.match(value, /Default: 90%/);
  });

  test('on a component: kind, technology, title, every resolved property with defaults marked, blocks, connections, load', async () => {
    const value = await hover(at('posts -> feed_cache', 0, 1));
    assert.match(value, /\*\*service\*\* `posts` — \*Post service\*/);
    assert.match(value, /\| instances \| `4` \|/);
    assert.match(value, /\| service_time \| `10ms` \|/);
    assert.match(value, /\| max_queue \| `unbounded` \*\(default\)\* \|/);
    assert.match(value, /\| critical \| `true` \*\(default\)\* \|/);
    assert.match(value, /\*\*autoscale\*\*/);
    assert.match(value, /\| interval \| `10s` \*\(default\)\* \|/);
    assert.match(value, /\*\*Calls:\*\* `feed_cache`, `photos`, `uploads`/);
    assert.match(value, /\*\*Estimated load on `posts`\*\*/);
    const db = await hover(at('content: postgres', 0, 1));
    assert.match(db, /\*\*database\*\* `content`: `postgres`/);
    assert.match(db, /\| data \| `general` \*\(default\)\* \|/);
    assert.match(db, /\*\*Tables:\*\* `users`/);
  });

  test('on enum values, units, technologies, tables, columns, queries and actions', async () => {
    assert.match(await hover(at('least_connections', 0, 3)), /fewest requests in progress/);
    assert.match(await hover(at('10ms', 0, 1)), /\*\*10ms\*\* = 0\.01 s[\s\S]*milliseconds/);
    assert.match(await hover(at('cloudfront')), /Amazon CloudFront/);
    assert.match(await hover(at('users.user_id', 0, 1)), /\*\*table\*\* `users` in database `content`/);
    assert.match(await hover(at('users.user_id', 0, 7)), /\*\*column\*\* `users\.user_id`[\s\S]*primary key/);
    assert.match(await hover(at('user_feed')), /\*\*query\*\* `user_feed`[\s\S]*\| from \| `posts` \|/);
    assert.match(await hover(at('stop posts')), /\*\*stop\*\* \*\(scenario action\)\*/);
  });

  test('on the workload: the back-of-the-envelope figures with their arithmetic', async () => {
    const value = await hover(at('workload {', 0, 1));
    assert.match(value, /\*\*workload\*\* \{ … \} \*\(block\)\*/);
    assert.match(value, /writes\/day = 100M DAU × 10 = 1,000,000,000 \(1B\)/);
    assert.match(value, /storage\/day = /);
  });

  test('no hover on white space and punctuation', async () => {
    const h = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 3, character: 0 } });
    assert.equal(h, null);
  });
});

describe('definition', () => {
  test('component references in connections, properties and events go to the declaration', async () => {
    const decl = rangeOf('feed_cache: redis', 0, 0, 'feed_cache'.length);
    assert.deepEqual(await definition(at('posts -> feed_cache', 0, 10)), [{ uri, range: decl }]);
    assert.deepEqual(await definition(at('origin: photos', 0, 9)), [{ uri, range: rangeOf('photos: s3', 0, 0, 6) }]);
    assert.deepEqual((await definition(at('stop posts', 0, 6)))[0].range, rangeOf('posts "Post service"', 0, 0, 5));
    assert.deepEqual((await definition(at('stop content.primary', 0, 6)))[0].range, rangeOf('content: postgres', 0, 0, 7));
  });

  test('table.column goes to the column in the table\'s columns list; a table name to the table', async () => {
    const users = await definition(at('users.user_id', 0, 8));
    assert.deepEqual(users.map((l) => l.range), [rangeOf('[user_id, name', 0, 1, 7)]);
    const posts = await definition(at('posts.user_id =', 0, 8));
    assert.deepEqual(posts.map((l) => l.range), [rangeOf('post_id, user_id', 0, 9, 7)]);
    assert.deepEqual((await definition(at('from: posts', 0, 7))).map((l) => l.range), [rangeOf('table posts', 0, 6, 5)]);
    assert.deepEqual((await definition(at('shard_key: user_id', 0, 12))).map((l) => l.range), [rangeOf('post_id, user_id', 0, 9, 7)]);
  });

  test('nothing for keywords and values', async () => {
    assert.deepEqual(await definition(at('service posts')), []);
    assert.deepEqual(await definition(at('least_connections')), []);
  });
});

describe('references and highlights', () => {
  test('all uses of a component, with or without its declaration', async () => {
    const withDecl = await references(at('feed_cache: redis'), true);
    assert.equal(withDecl.length, 2);
    assert.deepEqual(withDecl[0], rangeOf('feed_cache: redis', 0, 0, 10));
    const uses = await references(at('posts -> feed_cache', 0, 10), false);
    assert.deepEqual(uses, [rangeOf('posts -> feed_cache', 0, 9, 10)]);
    // posts the service: declaration, three connections, a scenario event; never the table posts.
    const posts = await references(at('posts "Post service"'), true);
    assert.equal(posts.length, 6);
  });

  test('a column: its declaration, key/shard_key, join and where', async () => {
    const refs = await references(at('post_id, user_id', 0, 10), true);
    const starts = refs.map((r) => r.start);
    assert.ok(starts.some((p) => p.line === at('shard_key: user_id').line), 'shard_key');
    assert.ok(starts.some((p) => p.line === at('join: posts.user_id').line), 'join');
    assert.ok(starts.some((p) => p.line === at('where: posts.user_id').line), 'where');
    assert.ok(starts.some((p) => p.line === at('key: user_id }').line), 'the database sharding key');
    assert.ok(!starts.some((p) => p.line === at('partition_key: user_id').line), 'a stream partition key is a message field, not this column');
  });

  test('document highlights mark the declaration as a write', async () => {
    const highlights = await client.request<DocumentHighlight[]>('textDocument/documentHighlight', { textDocument: { uri }, position: at('app -> lb', 0, 1) });
    assert.equal(highlights.length, 3);
    assert.equal(highlights.filter((h) => h.kind === 3).length, 1);
  });
});

describe('several systems in one file', () => {
  test('names are per system: references and rename stay inside their system; regions do not hide names', async () => {
    const other = 'file:///w/two-systems.sysdesign';
    const design = [
      'system one {',
      '  region eu { service api }',
      '  client web',
      '  web -> api',
      '}',
      'system two {',
      '  service api',
      '  client web',
      '  web -> api',
      '}',
    ].join('\n');
    await client.open(other, design);
    const refs = await client.request<Location[]>('textDocument/references', { textDocument: { uri: other }, position: positionOf(design, 'web -> api', 0, 8), context: { includeDeclaration: true } });
    assert.deepEqual(refs.map((l) => l.range.start.line), [1, 3]);
    const edit = await client.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri: other }, position: positionOf(design, 'service api', 1, 8), newName: 'backend' });
    assert.deepEqual(edit.changes![other].map((e) => e.range.start.line).sort(), [6, 8]);
  });
});

describe('rename', () => {
  test('a component: declaration, connections, properties and events; the table of the same name stays', async () => {
    const edits = await rename(at('posts -> photos', 0, 2), 'articles');
    const renamed = apply(text, edits);
    assert.match(renamed, /service articles "Post service"/);
    assert.match(renamed, /api -> articles\n/);
    assert.match(renamed, /articles -> feed_cache/);
    assert.match(renamed, /at 1m: stop articles/);
    assert.match(renamed, /table posts \{/);
    assert.match(renamed, /from: posts/);
    assert.match(renamed, /join: posts\.user_id/);

    const origin = apply(text, await rename(at('photos: s3'), 'media'));
    assert.match(origin, /origin: media/);
    assert.match(origin, /blob media: s3/);
    assert.match(origin, /posts -> media/);
  });

  test('a column through table.column: the columns list, key, shard_key, join, where', async () => {
    const edits = await rename(at('posts.user_id =', 0, 8), 'author_id');
    const renamed = apply(text, edits);
    assert.match(renamed, /table posts \{ columns: \[post_id, author_id, caption, photo_url\]  key: post_id  shard_key: author_id \}/);
    assert.match(renamed, /join: posts\.author_id = users\.user_id/);
    assert.match(renamed, /where: posts\.author_id/);
    assert.match(renamed, /table users \{ columns: \[user_id, name, email\]  key: user_id \}/, 'users.user_id is another column');
    assert.match(renamed, /sharding \{ strategy: consistent_hash  shards: 16  key: user_id \}/, 'the database-wide key still names users.user_id');
    assert.match(renamed, /partition_key: user_id/);
  });

  test('a table: its declaration, from: and table.column prefixes', async () => {
    const renamed = apply(text, await rename(at('users.user_id'), 'accounts'));
    assert.match(renamed, /table accounts \{/);
    assert.match(renamed, /= accounts\.user_id/);
  });

  test('prepareRename gives the name\'s range, and refuses keywords and values with a reason', async () => {
    const ok = await client.request<{ range: Range; placeholder: string }>('textDocument/prepareRename', { textDocument: { uri }, position: at('lb -> api', 0, 1) });
    assert.deepEqual(ok, { range: rangeOf('lb -> api', 0, 0, 2), placeholder: 'lb' });
    await assert.rejects(client.request('textDocument/prepareRename', { textDocument: { uri }, position: at('service posts') }), /'service' is a keyword/);
    await assert.rejects(client.request('textDocument/prepareRename', { textDocument: { uri }, position: at('least_connections') }), /value of 'algorithm'/);
    await assert.rejects(client.request('textDocument/prepareRename', { textDocument: { uri }, position: at('instances: 4') }), /property name/);
  });

  test('rejects invalid identifiers, keywords and clashes', async () => {
    await assert.rejects(rename(at('lb -> api'), 'my lb'), /not a valid name/);
    await assert.rejects(rename(at('lb -> api'), '2lb'), /not a valid name/);
    await assert.rejects(rename(at('lb -> api'), 'service'), /keyword/);
    await assert.rejects(rename(at('lb -> api'), 'posts'), /component named 'posts' already exists/);
    await assert.rejects(rename(at('[user_id, name', 0, 10), 'email'), /already has a column 'email'/);
  });

  test('bare column names: where: of the query\'s table, indexes, an unambiguous database-wide key', async () => {
    const other = 'file:///w/columns.sysdesign';
    const design = [
      'system s {',
      '  database db {',
      '    sharding { strategy: hash  shards: 4  key: owner }',
      '    table files { columns: [file_id, owner, size]  key: file_id  indexes: [owner, size] }',
      '    table shares { columns: [share_id, file_id]  key: share_id  shard_key: file_id }',
      '  }',
      '  query by_owner { from: files  where: [owner, size] }',
      '  query shared { from: shares  join: shares.file_id = files.file_id  where: file_id }',
      '}',
    ].join('\n');
    await client.open(other, design);
    const edit = await client.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri: other }, position: positionOf(design, 'where: [owner', 0, 9), newName: 'user_id' });
    const renamed = apply(design, edit.changes![other]);
    assert.match(renamed, /key: user_id \}/, 'the sharding key names only files.owner');
    assert.match(renamed, /columns: \[file_id, user_id, size\]/);
    assert.match(renamed, /indexes: \[user_id, size\]/);
    assert.match(renamed, /where: \[user_id, size\]/);

    // file_id is a column of two tables: renaming shares.file_id leaves files.file_id alone.
    const shares = await client.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri: other }, position: positionOf(design, 'where: file_id', 0, 8), newName: 'doc_id' });
    const renamedShares = apply(design, shares.changes![other]);
    assert.match(renamedShares, /columns: \[share_id, doc_id\]  key: share_id  shard_key: doc_id/);
    assert.match(renamedShares, /join: shares\.doc_id = files\.file_id  where: doc_id/);
    assert.match(renamedShares, /table files \{ columns: \[file_id, owner, size\]  key: file_id/);
  });
});

// Document and workspace symbols, folding ranges, selection ranges, semantic
// tokens, formatting and quick fixes over the protocol.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import type {
  CodeAction, DocumentSymbol, FoldingRange, InitializeResult, Range, SelectionRange, SemanticTokens, SymbolInformation, TextEdit,
} from 'vscode-languageserver-protocol';
import { formatText } from '../../src/format/formatter';
import { clientForSuite, offsetOf, PHOTO_SHARE, positionAt, positionOf } from './harness';

let init: InitializeResult;
const uri = 'file:///w/photo.sysdesign';

/** A workspace folder with designs at several depths, one under node_modules, and a file that is not a design. */
function makeWorkspace(): string {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'sysdesign-lsp-'));
  fs.writeFileSync(path.join(workspace, 'shop.sysdesign'), 'system shop {\n  service checkout_api\n  database orders_db\n}\n');
  fs.mkdirSync(path.join(workspace, 'nested', 'deeper'), { recursive: true });
  fs.writeFileSync(path.join(workspace, 'nested', 'deeper', 'chat.sysdesign'), 'system chat {\n  service chat_gateway\n  stream messages: kafka\n}\n');
  fs.mkdirSync(path.join(workspace, 'node_modules', 'x'), { recursive: true });
  fs.writeFileSync(path.join(workspace, 'node_modules', 'x', 'skip.sysdesign'), 'system skipped {\n  service checkout_hidden\n}\n');
  fs.writeFileSync(path.join(workspace, 'notes.txt'), 'service checkout_not_a_design');
  return workspace;
}

const workspace = makeWorkspace();
const client = clientForSuite({
  workspaceFolders: [workspace],
  setUp: async (c, result) => {
    init = result;
    await c.open(uri, PHOTO_SHARE);
  },
});

after(() => fs.rmSync(workspace, { recursive: true, force: true }));

const range = (needle: string, nth = 0, delta = 0, length = needle.length - delta): Range => {
  const start = offsetOf(PHOTO_SHARE, needle, nth, delta);
  return { start: positionAt(PHOTO_SHARE, start), end: positionAt(PHOTO_SHARE, start + length) };
};

describe('document symbols', () => {
  test('systems > components, databases > tables > columns, queries, workload', async () => {
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.equal(symbols.length, 1);
    const system = symbols[0];
    assert.equal(system.name, 'Photo share');
    assert.equal(system.kind, 2 /* Module */);
    const names = system.children!.map((s) => s.name);
    assert.deepEqual(names, ['workload', 'app', 'edge', 'lb', 'api', 'posts', 'thumbnailer', 'feed_cache', 'content', 'photos', 'uploads', 'user_feed']);
    const posts = system.children!.find((s) => s.name === 'posts')!;
    assert.equal(posts.kind, 5 /* Class */);
    assert.equal(posts.detail, 'service — Post service');
    assert.deepEqual(posts.selectionRange, range('posts "Post service"', 0, 0, 5));
    const content = system.children!.find((s) => s.name === 'content')!;
    assert.equal(content.detail, 'database: postgres');
    assert.deepEqual(content.children!.map((t) => [t.name, t.kind]), [['users', 23 /* Struct */], ['posts', 23]]);
    assert.deepEqual(content.children![1].children!.map((c) => c.name), ['post_id', 'user_id', 'caption', 'photo_url']);
    assert.equal(system.children!.find((s) => s.name === 'uploads')!.kind, 24 /* Event */);
    assert.equal(system.children!.find((s) => s.name === 'user_feed')!.kind, 6 /* Method */);
    // Every selection range lies inside its range.
    const check = (s: DocumentSymbol) => {
      const inside = (a: Range, b: Range) => (a.start.line < b.start.line || (a.start.line === b.start.line && a.start.character <= b.start.character))
        && (a.end.line > b.end.line || (a.end.line === b.end.line && a.end.character >= b.end.character));
      assert.ok(inside(s.range, s.selectionRange), s.name);
      s.children?.forEach(check);
    };
    symbols.forEach(check);
  });

  test('nested regions and groups', async () => {
    const nested = 'file:///w/regions.sysdesign';
    await client.open(nested, 'system geo {\n  region eu {\n    group checkout { service cart }\n    database db\n  }\n}\n');
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: nested } });
    const eu = symbols[0].children![0];
    assert.equal(eu.name, 'eu');
    assert.equal(eu.kind, 3 /* Namespace */);
    assert.deepEqual(eu.children!.map((c) => c.name), ['checkout', 'db']);
    assert.deepEqual(eu.children![0].children!.map((c) => c.name), ['cart']);
  });
});

describe('workspace symbols', () => {
  test('files on disk under the workspace folders, fuzzy-matched, skipping node_modules', async () => {
    const found = await client.request<SymbolInformation[]>('workspace/symbol', { query: 'chkapi' });
    assert.deepEqual(found.map((s) => s.name), ['checkout_api']);
    assert.equal(found[0].location.uri, pathToFileURL(path.join(workspace, 'shop.sysdesign')).href);
    assert.deepEqual(found[0].location.range, { start: { line: 1, character: 10 }, end: { line: 1, character: 22 } });
    assert.equal(found[0].containerName, 'shop');
    const deep = await client.request<SymbolInformation[]>('workspace/symbol', { query: 'messages' });
    assert.deepEqual(deep.map((s) => s.name), ['messages']);
    const none = await client.request<SymbolInformation[]>('workspace/symbol', { query: 'checkout_hidden' });
    assert.deepEqual(none, []);
  });

  test('open documents count, and win over their file on disk', async () => {
    const shop = pathToFileURL(path.join(workspace, 'shop.sysdesign')).href;
    await client.open(shop, 'system shop {\n  service payments_api\n}\n');
    const names = (await client.request<SymbolInformation[]>('workspace/symbol', { query: 'api' })).map((s) => s.name);
    assert.ok(names.includes('payments_api'));
    assert.ok(!names.includes('checkout_api'), 'the open version replaces the file on disk');
    assert.ok(names.includes('api'), 'the open photo design is searched too');
    assert.equal(names[0], 'api', 'an exact match ranks first');
    await client.close(shop);
  });
});

describe('folding ranges', () => {
  test('bodies, blocks, block comments and #region markers', async () => {
    const foldUri = 'file:///w/fold.sysdesign';
    const text = [
      '/* A design',
      '   over two lines */',
      '// #region edge',
      'system s {',
      '  workload {',
      '    dau: 1M',
      '  }',
      '  service a {',
      '    instances: 2',
      '  }',
      '}',
      '// #endregion',
    ].join('\n');
    await client.open(foldUri, text);
    const ranges = await client.request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri: foldUri } });
    const simple = ranges.map((r) => [r.startLine, r.endLine, r.kind ?? '']);
    assert.deepEqual(simple.sort(), [[0, 1, 'comment'], [2, 11, 'region'], [3, 9, ''], [4, 5, ''], [7, 8, '']].sort());
  });
});

describe('selection ranges', () => {
  test('value → property → body → declaration → system body → system', async () => {
    const [selection] = await client.request<SelectionRange[]>('textDocument/selectionRange', {
      textDocument: { uri }, positions: [positionOf(PHOTO_SHARE, '10ms', 0, 1)],
    });
    const chain: Range[] = [];
    for (let s: SelectionRange | undefined = selection; s; s = s.parent) chain.push(s.range);
    assert.deepEqual(chain[0], range('10ms'));
    assert.deepEqual(chain[1], range('service_time: 10ms'));
    const decl = range('service posts "Post service" {', 0, 0, offsetOf(PHOTO_SHARE, '}\n\n  worker') + 1 - offsetOf(PHOTO_SHARE, 'service posts "Post'));
    assert.ok(chain.some((r) => JSON.stringify(r) === JSON.stringify(decl)), 'the declaration');
    const body = { start: positionOf(PHOTO_SHARE, '{\n    instances: 4'), end: decl.end };
    assert.ok(chain.some((r) => JSON.stringify(r) === JSON.stringify(body)), 'the body');
    assert.deepEqual(chain[chain.length - 2], { start: positionOf(PHOTO_SHARE, 'system'), end: positionAt(PHOTO_SHARE, PHOTO_SHARE.lastIndexOf('}') + 1) });
    // Every range contains the previous one.
    for (let i = 1; i < chain.length; i++) {
      const inner = chain[i - 1];
      const outer = chain[i];
      const le = (a: { line: number; character: number }, b: { line: number; character: number }) => a.line < b.line || (a.line === b.line && a.character <= b.character);
      assert.ok(le(outer.start, inner.start) && le(inner.end, outer.end), `range ${i} contains range ${i - 1}`);
    }
  });
});

describe('semantic tokens', () => {
  interface Decoded { line: number; char: number; text: string; type: string; modifiers: string[] }

  async function decode(docUri: string, text: string): Promise<Decoded[]> {
    const legend = init.capabilities.semanticTokensProvider!.legend;
    const tokens = await client.request<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri: docUri } });
    assert.equal(tokens.data.length % 5, 0);
    const lines = text.split('\n');
    const out: Decoded[] = [];
    let line = 0;
    let char = 0;
    for (let i = 0; i < tokens.data.length; i += 5) {
      const [dLine, dChar, length, type, mods] = tokens.data.slice(i, i + 5);
      line += dLine;
      char = dLine === 0 ? char + dChar : dChar;
      assert.ok(length > 0);
      assert.ok(char + length <= lines[line].length, `token at ${line}:${char} stays on its line`);
      out.push({
        line, char, text: lines[line].slice(char, char + length), type: legend.tokenTypes[type],
        modifiers: legend.tokenModifiers.filter((_, bit) => mods & (1 << bit)),
      });
    }
    return out;
  }

  test('keywords, kinds, names (declarations marked), properties, enum values, numbers, strings, comments, calls, operators', async () => {
    const tokens = await decode(uri, PHOTO_SHARE);
    const find = (text: string, line: number) => tokens.find((t) => t.text === text && t.line === line);
    const lineOf = (needle: string) => positionOf(PHOTO_SHARE, needle).line;
    assert.equal(find('system', lineOf('system "Photo'))?.type, 'keyword');
    assert.equal(find('"Photo share"', lineOf('system "Photo'))?.type, 'string');
    assert.equal(find('// Photo sharing, sized with back-of-the-envelope numbers.', 0)?.type, 'comment');
    const serviceLine = lineOf('service posts');
    assert.equal(find('service', serviceLine)?.type, 'type');
    assert.deepEqual(find('posts', serviceLine), { line: serviceLine, char: 10, text: 'posts', type: 'variable', modifiers: ['declaration'] });
    const connection = find('posts', lineOf('posts -> feed_cache'));
    assert.equal(connection?.type, 'variable');
    assert.deepEqual(connection?.modifiers, []);
    assert.equal(find('->', lineOf('posts -> feed_cache'))?.type, 'operator');
    assert.equal(find('least_connections', lineOf('least_connections'))?.type, 'enumMember');
    assert.equal(find('algorithm', lineOf('least_connections'))?.type, 'property');
    assert.equal(find('10ms', lineOf('10ms'))?.type, 'number');
    assert.equal(find('exp', lineOf('exp(800ms)'))?.type, 'function');
    assert.deepEqual(find('postgres', lineOf('content: postgres'))?.modifiers, ['defaultLibrary']);
    assert.equal(find('users', lineOf('table users'))?.type, 'struct');
    assert.equal(find('photos', lineOf('origin: photos'))?.type, 'variable');
  });

  test('a block comment over several lines becomes one token per line', async () => {
    const text = 'system s {\n  /* one\n     two */\n  service a\n}';
    const docUri = 'file:///w/comment.sysdesign';
    await client.open(docUri, text);
    const comments = (await decode(docUri, text)).filter((t) => t.type === 'comment');
    assert.deepEqual(comments.map((c) => [c.line, c.char, c.text]), [[1, 2, '/* one'], [2, 0, '     two */']]);
  });
});

describe('formatting', () => {
  test('one edit that replaces the document with the canonical layout; formatting twice changes nothing', async () => {
    const docUri = 'file:///w/messy.sysdesign';
    const messy = 'system   s{\nservice a{instances:2,cores:  4}\n      a->b\nservice b\n}';
    await client.open(docUri, messy);
    const edits = await client.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri: docUri }, options: { tabSize: 8, insertSpaces: false } });
    assert.equal(edits.length, 1);
    assert.deepEqual(edits[0].range, { start: { line: 0, character: 0 }, end: positionAt(messy, messy.length) });
    assert.equal(edits[0].newText, formatText(messy), 'the editor\'s tab size does not change the layout');
    await client.change(docUri, edits[0].newText);
    const again = await client.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri: docUri }, options: { tabSize: 2, insertSpaces: true } });
    assert.deepEqual(again, []);
  });
});

describe('quick fixes', () => {
  test('fixes attached to rule findings and did-you-mean for unknown names', async () => {
    const docUri = 'file:///w/fixes.sysdesign';
    const text = 'system s {\n  service api\n  cache c { hit_ratio: 50% }\n  api -> apx\n}\n';
    const diagnostics = await client.open(docUri, text);
    const whole = { start: { line: 0, character: 0 }, end: positionAt(text, text.length) };
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: docUri }, range: whole, context: { diagnostics } });
    const ttl = actions.find((a) => a.title === 'Set ttl: 1h');
    assert.ok(ttl, actions.map((a) => a.title).join(', '));
    assert.equal(ttl.kind, 'quickfix');
    assert.equal(ttl.diagnostics?.[0].code, 'cache-no-invalidation');
    const rename = actions.find((a) => a.title === "Change 'apx' to 'api'");
    assert.ok(rename);
    assert.deepEqual(rename.edit?.changes?.[docUri], [{ range: { start: positionOf(text, 'apx'), end: positionOf(text, 'apx', 0, 3) }, newText: 'api' }]);
  });
});

// Diagnostics over the protocol: published on open and change, with the rule
// id as the code, `source: "sysdesign"`, a link to the rule's page, exact
// ranges, related locations and severities; cleared on close; rule
// severities from the synchronised `sysdesign` settings.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { clientForSuite, LspClient, PHOTO_SHARE, positionOf } from './harness';

const client = clientForSuite();

function byCode(diagnostics: Diagnostic[], code: string): Diagnostic[] {
  return diagnostics.filter((d) => d.code === code);
}

describe('initialize', () => {
  test('announces every capability the server implements', async () => {
    const c = new LspClient();
    try {
      const result = await c.initialize();
      const caps = result.capabilities;
      assert.equal(result.serverInfo?.name, 'sysdesign-language-server');
      assert.ok(caps.completionProvider?.triggerCharacters?.includes('.'));
      assert.ok(caps.completionProvider?.triggerCharacters?.includes(':'));
      for (const key of ['hoverProvider', 'definitionProvider', 'referencesProvider', 'documentSymbolProvider', 'workspaceSymbolProvider',
        'foldingRangeProvider', 'selectionRangeProvider', 'documentFormattingProvider', 'documentHighlightProvider'] as const) {
        assert.ok(caps[key], key);
      }
      assert.deepEqual(caps.renameProvider, { prepareProvider: true });
      assert.ok(caps.semanticTokensProvider?.legend.tokenTypes.includes('keyword'));
      assert.equal(caps.semanticTokensProvider?.full, true);
    } finally {
      await c.shutdown();
    }
  });
});

describe('publishDiagnostics', () => {
  test('a valid design gets only design-rule findings, each linked to its documentation', async () => {
    const diagnostics = await client.open('file:///w/photo.sysdesign', PHOTO_SHARE);
    assert.ok(diagnostics.length > 0, 'the example trips some design rules');
    for (const d of diagnostics) {
      assert.equal(d.source, 'sysdesign');
      assert.equal(typeof d.code, 'string');
      assert.ok(d.codeDescription?.href.startsWith('https://github.com/sysdesign/sysdesign/blob/main/'), d.codeDescription?.href);
      assert.ok(d.codeDescription!.href.endsWith(`/docs/rules/${d.code}.md`), d.codeDescription!.href);
      assert.notEqual(d.code, 'syntax');
      assert.ok(d.severity! >= 1 && d.severity! <= 4);
    }
    const rateLimit = byCode(diagnostics, 'rate-limit-below-load');
    assert.equal(rateLimit.length, 1);
    // The range is the rate limit's value on the `gateway api` line.
    assert.deepEqual(rateLimit[0].range, { start: positionOf(PHOTO_SHARE, '100/s'), end: positionOf(PHOTO_SHARE, '100/s', 0, 5) });
  });

  test('syntax and semantic errors: codes, exact ranges, did-you-mean, severities, related locations', async () => {
    const uri = 'file:///w/errors.sysdesign';
    const text = [
      'system shop {',
      '  service orders { instances: 2 }',
      '  service orders { instances: 3 }',
      '  database db: postgres { hit_ratio: 50% }',
      '  orders -> ordres',
      '  cache c { ttl: }',
      '}',
    ].join('\n');
    const diagnostics = await client.open(uri, text);

    const unknown = byCode(diagnostics, 'unknown-reference');
    assert.equal(unknown.length, 1);
    assert.match(unknown[0].message, /Did you mean 'orders'\?/);
    assert.deepEqual(unknown[0].range, { start: positionOf(text, 'ordres'), end: positionOf(text, 'ordres', 0, 6) });
    assert.equal(unknown[0].severity, 1);

    const duplicate = byCode(diagnostics, 'duplicate-name');
    assert.equal(duplicate.length, 1);
    assert.deepEqual(duplicate[0].range.start, positionOf(text, 'orders', 1));
    assert.equal(duplicate[0].relatedInformation?.length, 1);
    assert.equal(duplicate[0].relatedInformation![0].location.uri, uri);
    assert.deepEqual(duplicate[0].relatedInformation![0].location.range.start, positionOf(text, 'orders', 0));

    const property = byCode(diagnostics, 'unknown-property');
    assert.equal(property.length, 1);
    assert.deepEqual(property[0].range.start, positionOf(text, 'hit_ratio'));

    const syntax = byCode(diagnostics, 'syntax');
    assert.equal(syntax.length, 1);
    assert.match(syntax[0].message, /value after 'ttl:'/);
    assert.ok(syntax[0].codeDescription!.href.endsWith('/docs/rules/syntax.md'));

    const warnings = diagnostics.filter((d) => d.severity === 2);
    assert.ok(warnings.length > 0, 'design rules report warnings');
    assert.ok(warnings.every((w) => w.code !== 'syntax'));
  });

  test('editing republishes for the new version; closing clears', async () => {
    const uri = 'file:///w/edit.sysdesign';
    const broken = 'system s {\n  service a\n  a -> b\n}\n';
    const first = await client.open(uri, broken);
    assert.equal(byCode(first, 'unknown-reference').length, 1);
    const fixed = await client.change(uri, 'system s {\n  service a\n  service b\n  a -> b\n}\n');
    assert.equal(byCode(fixed, 'unknown-reference').length, 0);
    const cleared = client.waitForDiagnostics(uri, undefined);
    await client.close(uri);
    assert.deepEqual((await cleared).diagnostics, []);
  });

  test('rule severities follow the synchronised sysdesign.rules setting', async () => {
    const uri = 'file:///w/photo.sysdesign';
    const before = (await client.waitForDiagnostics(uri)).diagnostics;
    assert.ok(byCode(before, 'single-point-of-failure').length > 0);
    assert.ok(byCode(before, 'stale-replica-reads').every((d) => d.severity === 2));
    const republished = new Promise<Diagnostic[]>((resolve) => {
      const sub = client.connection.onNotification('textDocument/publishDiagnostics', (p: { uri: string; diagnostics: Diagnostic[] }) => {
        if (p.uri !== uri) return;
        sub.dispose();
        resolve(p.diagnostics);
      });
    });
    await client.connection.sendNotification('workspace/didChangeConfiguration', {
      settings: { sysdesign: { rules: { 'single-point-of-failure': 'off', 'stale-replica-reads': 'error' } } },
    });
    const after = await republished;
    assert.equal(byCode(after, 'single-point-of-failure').length, 0);
    assert.ok(byCode(after, 'stale-replica-reads').length > 0);
    assert.ok(byCode(after, 'stale-replica-reads').every((d) => d.severity === 1));
  });
});

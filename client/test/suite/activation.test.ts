// Opening a design activates the extension, starts the server, and
// diagnostics arrive: for a bundled sample (none of them errors) and for a
// broken design (with the rule id as code and a link to its documentation).
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import {
  DiagnosticsWatch,
  activateAndWaitForServer,
  codeValue,
  describeDiagnostics,
  eventually,
  extension,
  openAndWaitForDiagnostics,
} from './helpers';

/** Used when samples/ has no design yet. */
const FALLBACK_SAMPLE = `system "URL shortener" {
  service api { instances: 2  service_time: 5ms }
  database urls: postgres {
    backup: continuous
    table links { columns: [code, url]  key: code }
  }
  api -> urls
}
`;

const BROKEN = `system "Broken" {
  service api { instances: 2 }
  api -> missing
}
`;

/** A copy of the preferred sample in a temporary folder, so no test touches the repository's files. */
function copySample(tmp: string): vscode.Uri {
  const samples = path.join(extension().extensionPath, 'samples');
  const preferred = path.join(samples, 'url-shortener.sysdesign');
  let source: string | undefined = fs.existsSync(preferred) ? preferred : undefined;
  if (!source && fs.existsSync(samples)) {
    const any = fs.readdirSync(samples).filter((f) => f.endsWith('.sysdesign')).sort()[0];
    if (any) source = path.join(samples, any);
  }
  const target = path.join(tmp, source ? path.basename(source) : 'url-shortener.sysdesign');
  fs.writeFileSync(target, source ? fs.readFileSync(source, 'utf8') : FALLBACK_SAMPLE);
  return vscode.Uri.file(target);
}

suite('Activation and diagnostics', () => {
  let tmp: string;

  suiteSetup(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sysdesign-test-'));
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  test('opening a .sysdesign file activates the extension and its diagnostics arrive', async () => {
    const uri = copySample(tmp);
    const watch = new DiagnosticsWatch();
    try {
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc);
      assert.strictEqual(doc.languageId, 'sysdesign', 'the .sysdesign extension maps to the sysdesign language');
      // Activation has no event of its own; opening the file must trigger it.
      await eventually(() => extension().isActive, 'the extension to activate');
      const diagnostics = await watch.until(uri);
      const errors = diagnostics.filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
      assert.deepStrictEqual(errors, [], `a bundled sample has errors: ${describeDiagnostics(errors)}`);
    } finally {
      watch.dispose();
    }
  });

  test('activation reports its duration', async () => {
    const api = await activateAndWaitForServer();
    assert.ok(Number.isFinite(api.activationMs) && api.activationMs >= 0, `activationMs = ${api.activationMs}`);
  });

  test('a broken design gets a diagnostic with its rule id and documentation link', async () => {
    await activateAndWaitForServer();
    const { diagnostics } = await openAndWaitForDiagnostics(BROKEN, (ds) => ds.length > 0);
    const ours = diagnostics.filter((d) => d.source === 'sysdesign');
    assert.ok(ours.length > 0, `no diagnostic with source "sysdesign": ${describeDiagnostics(diagnostics)}`);
    for (const d of ours) {
      assert.ok(typeof d.code === 'object' && d.code !== null, `code is not an object with a link: ${String(codeValue(d))}`);
      assert.strictEqual(typeof d.code.value, 'string', 'code.value is the rule id');
      assert.ok(d.code.target instanceof vscode.Uri, 'code.target links to the rule documentation');
    }
    const unknown = ours.find((d) => codeValue(d) === 'unknown-reference');
    assert.ok(unknown, `no unknown-reference diagnostic: ${describeDiagnostics(ours)}`);
    assert.strictEqual(unknown.severity, vscode.DiagnosticSeverity.Error);
    assert.strictEqual(unknown.range.start.line, 2, 'reported on the line of `api -> missing`');
  });

  test('diagnostics follow edits: fixing the design clears them', async () => {
    await activateAndWaitForServer();
    const { doc } = await openAndWaitForDiagnostics(BROKEN, (ds) => ds.some((d) => codeValue(d) === 'unknown-reference'));
    const watch = new DiagnosticsWatch();
    try {
      const edit = new vscode.WorkspaceEdit();
      const line = doc.lineAt(2);
      edit.replace(doc.uri, line.range, '  api -> api_store\n  database api_store: postgres { backup: continuous }');
      assert.ok(await vscode.workspace.applyEdit(edit), 'edit applied');
      await watch.until(doc.uri, (ds) => !ds.some((d) => codeValue(d) === 'unknown-reference'));
    } finally {
      watch.dispose();
    }
  });
});

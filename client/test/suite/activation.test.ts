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
  WAIT_MS,
  activateAndWaitForServer,
  codeValue,
  describeDiagnostics,
  eventually,
  extension,
  openAndWaitForDiagnostics,
} from './helpers';

/** 20 times activate()'s 100 ms budget: longer only when it hangs. */
const ACTIVATION_HANG_GUARD_MS = 2000;

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

/** Whether a design was already open when this suite was loaded (then activation cannot be observed here). */
const openedBeforeSuite = vscode.workspace.textDocuments.some((d) => d.languageId === 'sysdesign');
/** From opening the first design until `isActive` (undefined if the extension was already active). */
let openToActiveMs: number | undefined;

/** The bundle the extension was loaded from (`main` in its manifest). */
function bundle(): string {
  const main = (extension().packageJSON as { main?: string }).main ?? './dist/extension.js';
  return require.resolve(path.join(extension().extensionPath, main));
}

/**
 * Loads the extension's bundle once more as the extension host did with
 * require() (read the file, compile, run its top level) into a separate
 * module, without calling activate(), and returns how long that took: the
 * module-loading part of activation. A marker comment makes the source
 * unique, so V8 compiles it afresh instead of reusing the compilation of the
 * first load. Node's built-in modules the bundle needs are already loaded
 * by then, so this is a lower bound of a cold first load.
 */
function bundleLoadMs(): number | undefined {
  const file = bundle();
  try {
    const Module = require('module') as {
      new (id: string, parent?: NodeModule): NodeModule & { _compile(code: string, filename: string): void; paths: string[] };
      _nodeModulePaths(dir: string): string[];
    };
    const t0 = performance.now();
    const code = fs.readFileSync(file, 'utf8') + `\n// sysdesign activation timing ${Date.now()}\n`;
    const m = new Module(file, module);
    m.filename = file;
    m.paths = Module._nodeModulePaths(path.dirname(file));
    m._compile(code, file);
    return performance.now() - t0;
  } catch (err) {
    console.log(`(could not time loading ${file}: ${String(err)})`);
    return undefined;
  }
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

  test('the extension activates only on designs (.sysdesign files, Markdown with its fences) or its own commands', () => {
    const events = (extension().packageJSON as { activationEvents?: string[] }).activationEvents ?? [];
    // Its own commands, its language, Markdown (```sysdesign fences are
    // analysed, docs/markdown.md), and restoring its own preview panel after a
    // reload (which only exists once a design was previewed).
    const allowed = /^(onLanguage:sysdesign|onLanguage:markdown|onCommand:sysdesign\.[\w.]+|onWebviewPanel:sysdesign\.[\w.]+)$/;
    assert.deepStrictEqual(
      events.filter((e) => !allowed.test(e)),
      [],
      `activation events other than onLanguage:sysdesign / onLanguage:markdown / onCommand:sysdesign.* / onWebviewPanel:sysdesign.*: ${events.join(', ')}`,
    );
    if (!openedBeforeSuite) {
      // Nothing has opened a design yet in this window: the extension must not have started.
      assert.strictEqual(extension().isActive, false, 'the extension is active before any .sysdesign file was opened');
    }
  });

  test('opening a .sysdesign file activates the extension and its diagnostics arrive', async () => {
    const uri = copySample(tmp);
    const watch = new DiagnosticsWatch();
    try {
      const wasActive = extension().isActive;
      const t0 = performance.now();
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc);
      assert.strictEqual(doc.languageId, 'sysdesign', 'the .sysdesign extension maps to the sysdesign language');
      // Activation has no event of its own; opening the file must trigger it.
      await eventually(() => extension().isActive, 'the extension to activate', WAIT_MS, 1);
      if (!wasActive) openToActiveMs = performance.now() - t0;
      const diagnostics = await watch.until(uri);
      const errors = diagnostics.filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
      assert.deepStrictEqual(errors, [], `a bundled sample has errors: ${describeDiagnostics(errors)}`);
    } finally {
      watch.dispose();
    }
  });

  test('activation reports its duration, and does not hang', async () => {
    const api = await activateAndWaitForServer();
    assert.ok(Number.isFinite(api.activationMs) && api.activationMs >= 0, `activationMs = ${api.activationMs}`);
    // What activate() itself takes, measured by the extension in the
    // extension host (api.activationMs). Loading the bundle comes before it:
    // measured here by compiling and running the shipped bundle afresh in a
    // separate module, and printed with the time from opening the first design
    // until the extension was active (which also includes reading the file and
    // the round trips between the workbench and the extension host). VS Code's
    // own figure in Running Extensions (code loading + the activate call) is
    // read and printed by the UI checks (scripts/e2e/ui/checks.mjs).
    const load = bundleLoadMs();
    const parts = [`${api.activationMs} ms in activate()`];
    if (load !== undefined) parts.push(`${load.toFixed(1)} ms to load and compile ${path.basename(bundle())} afresh`);
    if (openToActiveMs !== undefined) parts.push(`${Math.round(openToActiveMs)} ms from opening the first design to active`);
    console.log(`activation: ${api.activationMs} ms (${parts.join('; ')})`);
    // The 100 ms budget of activate() is printed here and by the UI checks,
    // not asserted: on a cold extension host of a busy machine the figures
    // vary several-fold from run to run. Only a hang fails the test.
    assert.ok(api.activationMs < ACTIVATION_HANG_GUARD_MS, `activate() took ${api.activationMs} ms: stuck (its budget is 100 ms)`);
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

// The preview inside VS Code: the panel opens beside a design and its page
// draws the server's drawing (the page reports what it drew); an edit is
// drawn again (a property edit without a new layout); the code lens's
// arguments pick a system; the preview follows the active editor; both
// exports write their files.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { PreviewHandle } from '../../src/preview/panel';
import { WAIT_MS, activateAndWaitForServer, extension, withTimeout } from './helpers';

const TWO_SYSTEMS = `system first "First one" {
  client web { rate: 10/s }
  service api { instances: 2  service_time: 10ms }
  database db: postgres
  web -> api -> db
}

system second {
  service a
  service b
  service c
  a -> b -> c
}
`;

suite('Preview', () => {
  let tmp: string;

  suiteSetup(async () => {
    await activateAndWaitForServer();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sysdesign-preview-'));
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  function write(name: string, text: string): vscode.Uri {
    const file = path.join(tmp, name);
    fs.writeFileSync(file, text);
    return vscode.Uri.file(file);
  }

  async function openPreview(uri: vscode.Uri, ...args: unknown[]): Promise<PreviewHandle> {
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
    const handle = await withTimeout(
      vscode.commands.executeCommand<PreviewHandle | undefined>('sysdesign.openPreviewToSide', ...args),
      WAIT_MS,
      'the preview command',
    );
    assert.ok(handle, 'the command returns the preview');
    return handle;
  }

  test('opens beside the design and draws it', async () => {
    const sample = path.join(extension().extensionPath, 'samples', 'url-shortener.sysdesign');
    const uri = write('url-shortener.sysdesign', fs.readFileSync(sample, 'utf8'));
    const preview = await openPreview(uri);
    assert.strictEqual(preview.panel.viewType, 'sysdesign.preview');
    const rendered = await preview.rendered((r) => r.uri === uri.toString());
    assert.strictEqual(preview.panel.viewColumn, vscode.ViewColumn.Two, 'beside the design');
    const drawing = preview.result?.drawing;
    assert.ok(drawing, `the server sent a drawing: ${JSON.stringify(preview.result?.error)}`);
    assert.ok(drawing.nodes.length >= 8);
    assert.strictEqual(rendered.nodes, drawing.nodes.length, 'the page drew every node');
    assert.strictEqual(rendered.edges, drawing.edges.length);
    assert.strictEqual(rendered.system, 'shortener');
  });

  test('an edit is drawn again; a property edit restyles without a new layout', async () => {
    const uri = write('two.sysdesign', TWO_SYSTEMS);
    const preview = await openPreview(uri);
    const first = await preview.rendered((r) => r.uri === uri.toString());
    const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString());
    assert.ok(editor);
    const at = editor.document.getText().indexOf('10ms');
    await editor.edit((b) => b.replace(new vscode.Range(editor.document.positionAt(at), editor.document.positionAt(at + 4)), '25ms'));
    const second = await preview.rendered((r) => r.version > first.version);
    assert.strictEqual(second.version, editor.document.version);
    assert.strictEqual(preview.result?.layout, 'restyle');
    assert.strictEqual(second.nodes, first.nodes);
    // A new component: drawn with it.
    await editor.edit((b) => b.insert(editor.document.positionAt(editor.document.getText().indexOf('  web -> api')), '  cache hot: redis\n'));
    const third = await preview.rendered((r) => r.version > second.version && r.nodes === first.nodes + 1);
    assert.strictEqual(preview.result?.layout, 'full');
    assert.strictEqual(third.nodes, 4);
    await editor.document.save(); // no "save changes?" prompt when the suite closes the editors
  });

  test('the code lens arguments (uri, system) show that system', async () => {
    const uri = write('lens.sysdesign', TWO_SYSTEMS);
    const preview = await openPreview(uri, uri.toString(), 'second');
    const rendered = await preview.rendered((r) => r.uri === uri.toString() && r.system === 'second');
    assert.strictEqual(rendered.nodes, 3);
    assert.deepStrictEqual(preview.result?.systems.map((s) => s.name), ['first', 'second']);
  });

  test('follows the active sysdesign editor', async () => {
    const a = write('follow-a.sysdesign', 'system a {\n  service one\n}\n');
    const b = write('follow-b.sysdesign', 'system b {\n  service one\n  service two\n  one -> two\n}\n');
    const preview = await openPreview(a);
    await preview.rendered((r) => r.uri === a.toString());
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(b), vscode.ViewColumn.One);
    const rendered = await preview.rendered((r) => r.uri === b.toString());
    assert.strictEqual(rendered.nodes, 2);
  });

  test('exports the diagram as SVG and as PNG', async () => {
    const uri = write('export.sysdesign', TWO_SYSTEMS);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), vscode.ViewColumn.One);
    const svgFile = vscode.Uri.file(path.join(tmp, 'out.svg'));
    const pngFile = vscode.Uri.file(path.join(tmp, 'out.png'));
    const svgWritten = await withTimeout(vscode.commands.executeCommand<vscode.Uri | undefined>('sysdesign.exportSvg', uri, svgFile), WAIT_MS, 'the SVG export');
    assert.strictEqual(svgWritten?.fsPath, svgFile.fsPath);
    const svg = fs.readFileSync(svgFile.fsPath, 'utf8');
    assert.ok(svg.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg'), svg.slice(0, 80));
    assert.strictEqual((svg.match(/<g class="node /g) ?? []).length, 3);
    assert.ok(!svg.includes('var(--sd-'), 'standalone colours');
    const pngWritten = await withTimeout(vscode.commands.executeCommand<vscode.Uri | undefined>('sysdesign.exportPng', uri, pngFile), WAIT_MS, 'the PNG export');
    assert.strictEqual(pngWritten?.fsPath, pngFile.fsPath);
    const png = fs.readFileSync(pngFile.fsPath);
    assert.deepStrictEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.ok(png.readUInt32BE(16) > 200, `PNG width ${png.readUInt32BE(16)}`);
  });
});

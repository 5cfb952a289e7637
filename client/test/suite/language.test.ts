// The language features, through VS Code's own provider commands (so the
// whole path editor → client → server → client → editor is exercised).
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activateAndWaitForServer, describeDiagnostics, openAndWaitForDiagnostics, positionOf } from './helpers';

const SHOP = `system "Shop" {
  service api "Front service" { instances: 2  service_time: 10ms }

  worker mailer {  }
  database orders_db: postgres {
    backup: continuous
    table orders { columns: [order_id, user_id]  key: order_id }
  }
  api -> orders_db
}
`;

const MESSY = `system "Messy"{service api{instances:2}
database db:postgres{ backup:continuous }
    api->db}
`;

/** Opens a fresh copy of a design and waits until the server has analysed it. */
async function open(content: string): Promise<vscode.TextDocument> {
  const { doc, diagnostics } = await openAndWaitForDiagnostics(content);
  const errors = diagnostics.filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
  assert.deepStrictEqual(errors, [], `the test design has errors: ${describeDiagnostics(errors)}`);
  return doc;
}

/** Labels of the server's items: snippets and the editor's word-based suggestions would match anyway. */
function labels(list: vscode.CompletionList | undefined): string[] {
  const notOurs = new Set([vscode.CompletionItemKind.Snippet, vscode.CompletionItemKind.Text]);
  return (list?.items ?? [])
    .filter((item) => item.kind === undefined || !notOurs.has(item.kind))
    .map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
}

function hoverText(hovers: vscode.Hover[] | undefined): string {
  return (hovers ?? [])
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n');
}

function target(loc: vscode.Location | vscode.LocationLink): { uri: vscode.Uri; range: vscode.Range } {
  return 'targetUri' in loc
    ? { uri: loc.targetUri, range: loc.targetSelectionRange ?? loc.targetRange }
    : { uri: loc.uri, range: loc.range };
}

async function applyTextEdits(doc: vscode.TextDocument, edits: readonly vscode.TextEdit[]): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.set(doc.uri, [...edits]);
  assert.ok(await vscode.workspace.applyEdit(edit), 'edit applied');
}

suite('Language features', () => {
  suiteSetup(async () => {
    await activateAndWaitForServer();
  });

  test('completion offers component kinds in a system', async () => {
    const doc = await open(SHOP);
    const at = positionOf(doc, '\n\n', 0, 1); // the blank line after `service api …`
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, at);
    const got = labels(list);
    for (const kind of ['service', 'database', 'cache', 'queue']) {
      assert.ok(got.includes(kind), `completion lacks "${kind}": ${got.slice(0, 40).join(', ')}`);
    }
  });

  test('completion offers the properties of the component kind', async () => {
    const doc = await open(SHOP);
    const at = positionOf(doc, 'worker mailer { ', 0, 'worker mailer { '.length);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, at);
    const got = labels(list);
    for (const property of ['instances', 'service_time']) {
      assert.ok(got.includes(property), `completion in a worker lacks "${property}": ${got.slice(0, 40).join(', ')}`);
    }
  });

  test('hover on a component explains it', async () => {
    const doc = await open(SHOP);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, positionOf(doc, 'api', 0, 1));
    const text = hoverText(hovers);
    assert.ok(text.trim().length > 0, 'empty hover');
  });

  test('go to definition jumps from a connection to the component', async () => {
    const doc = await open(SHOP);
    const use = positionOf(doc, 'api -> orders_db', 0, 1);
    const results = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>(
      'vscode.executeDefinitionProvider',
      doc.uri,
      use,
    );
    assert.ok(results && results.length > 0, 'no definition');
    const { uri, range } = target(results[0]);
    assert.strictEqual(uri.toString(), doc.uri.toString());
    const declaration = positionOf(doc, 'service api').line;
    assert.strictEqual(range.start.line, declaration, 'definition is the `service api` line');
  });

  test('rename changes the declaration and every reference', async () => {
    const doc = await open(SHOP);
    const at = positionOf(doc, 'orders_db', 1, 2); // in `api -> orders_db`
    const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>(
      'vscode.executeDocumentRenameProvider',
      doc.uri,
      at,
      'orders_store',
    );
    assert.ok(edit, 'no rename edit');
    const edits = edit.get(doc.uri);
    assert.ok(edits.length >= 2, `expected edits for the declaration and the reference, got ${edits.length}`);
    assert.ok(await vscode.workspace.applyEdit(edit), 'rename applied');
    const text = doc.getText();
    assert.ok(!text.includes('orders_db'), 'an occurrence of orders_db was left');
    assert.strictEqual(text.split('orders_store').length - 1, 2);
  });

  test('formatting gives one canonical layout, and formatting twice changes nothing', async () => {
    const doc = await open(MESSY);
    const options = { tabSize: 2, insertSpaces: true };
    const first = await vscode.commands.executeCommand<vscode.TextEdit[]>('vscode.executeFormatDocumentProvider', doc.uri, options);
    assert.ok(first && first.length > 0, 'formatting a messy design changed nothing');
    await applyTextEdits(doc, first);
    const formatted = doc.getText();
    assert.notStrictEqual(formatted, MESSY);
    assert.ok(formatted.includes('\n  service api'), `components are indented by two spaces:\n${formatted}`);

    const second = await vscode.commands.executeCommand<vscode.TextEdit[]>('vscode.executeFormatDocumentProvider', doc.uri, options);
    if (second && second.length > 0) await applyTextEdits(doc, second);
    assert.strictEqual(doc.getText(), formatted, 'formatting again changed the text');
  });
});

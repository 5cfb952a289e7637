// The quick fixes apply: for each review design, every quick fix offered on
// a finding (through vscode.executeCodeActionProvider on the diagnostic's
// range, as the light bulb asks for them) is applied to a fresh copy of the
// design with workspace.applyEdit, and the server's next diagnostics (awaited
// with onDidChangeDiagnostics) have that finding gone and the others intact.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { DiagnosticsWatch, activateAndWaitForServer, describeDiagnostics } from './helpers';
import { finding, findings, reviewSamples, type Sample } from './samples';

let tmp: string;
let copies = 0;

/** Opens a fresh copy of the sample (in a temporary folder) and waits for its diagnostics. */
async function openCopy(sample: Sample): Promise<{ doc: vscode.TextDocument; diagnostics: readonly vscode.Diagnostic[] }> {
  const dir = path.join(tmp, String(++copies));
  fs.mkdirSync(dir);
  const file = path.join(dir, path.basename(sample.file));
  fs.writeFileSync(file, sample.text);
  const uri = vscode.Uri.file(file);
  const watch = new DiagnosticsWatch();
  try {
    const doc = await vscode.workspace.openTextDocument(uri);
    const diagnostics = await watch.until(uri);
    return { doc, diagnostics };
  } finally {
    watch.dispose();
  }
}

function isCodeAction(a: vscode.CodeAction | vscode.Command): a is vscode.CodeAction {
  return typeof (a as vscode.Command).command !== 'string';
}

/**
 * The quick fixes the editor offers on this diagnostic's range (what the light
 * bulb shows there). The command's results do not carry the diagnostics they
 * fix, so each is checked by its effect: the finding must go away.
 */
async function quickFixes(doc: vscode.TextDocument, d: vscode.Diagnostic): Promise<vscode.CodeAction[]> {
  const actions =
    (await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
      'vscode.executeCodeActionProvider',
      doc.uri,
      d.range,
      vscode.CodeActionKind.QuickFix.value,
    )) ?? [];
  return actions.filter(isCodeAction).filter((a) => !a.kind || vscode.CodeActionKind.QuickFix.contains(a.kind));
}

/** Findings minus one occurrence of `removed`. */
function without(all: string[], removed: string): string[] {
  const out = [...all];
  out.splice(out.indexOf(removed), 1);
  return out;
}

const rule = (f: string): string => f.split(' @ ')[0];

suite('Quick fixes', () => {
  const review = reviewSamples();
  let offered = 0;

  suiteSetup(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sysdesign-fixes-'));
    await activateAndWaitForServer();
  });

  suiteTeardown(() => {
    console.log(`    (${offered} quick fixes applied across ${review.length} review designs)`);
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  for (const sample of review) {
    test(`${sample.name}: each quick fix removes its finding and leaves the others`, async () => {
      const { doc, diagnostics } = await openCopy(sample);
      const before = findings(diagnostics);
      assert.deepStrictEqual(before, sample.expected, `${sample.name}: unexpected diagnostics ${describeDiagnostics(diagnostics)}`);
      const problems: string[] = [];
      const applied: string[] = [];
      for (const d of diagnostics) {
        const fixes = await quickFixes(doc, d);
        for (const fix of fixes) {
          // Each fix on its own fresh copy, as a user would apply one of them.
          const copy = await openCopy(sample);
          const target = copy.diagnostics.find((x) => finding(x) === finding(d) && x.range.isEqual(d.range));
          assert.ok(target, `${finding(d)} on the copy`);
          const again = (await quickFixes(copy.doc, target)).find((a) => a.title === fix.title);
          assert.ok(again?.edit, `'${fix.title}' is offered with an edit`);
          const watch = new DiagnosticsWatch();
          try {
            assert.ok(await vscode.workspace.applyEdit(again.edit), `'${fix.title}' applied`);
            if (again.command) await vscode.commands.executeCommand(again.command.command, ...(again.command.arguments ?? []));
            const expected = without(before, finding(d));
            // The finding is gone: its rule has one occurrence fewer (lines may move).
            const accept = (ds: readonly vscode.Diagnostic[]): boolean =>
              JSON.stringify(findings(ds).map(rule)) === JSON.stringify(expected.map(rule));
            try {
              await watch.until(copy.doc.uri, accept, 10_000);
              applied.push(`${finding(d)}: '${fix.title}'`);
            } catch {
              problems.push(
                `'${fix.title}' on ${finding(d)}: expected ${JSON.stringify(expected.map(rule))}, ` +
                  `got ${describeDiagnostics(vscode.languages.getDiagnostics(copy.doc.uri))}`,
              );
            }
          } finally {
            watch.dispose();
          }
        }
      }
      offered += applied.length;
      console.log(`      ${applied.length ? applied.join('; ') : '(no quick fix offered)'}`);
      assert.deepStrictEqual(problems, [], `${sample.name}: quick fixes that did not remove their finding`);
      if (sample.name === 'review/no-backup.sysdesign') assert.ok(applied.length > 0, 'no-backup offers a quick fix');
    });
  }

  test('quick fixes were offered and applied', () => {
    if (review.length > 0) assert.ok(offered > 0, 'no review design offered a quick fix');
  });
});

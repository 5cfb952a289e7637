// Opening each sample design produces exactly its expected diagnostics, read
// through vscode.languages.getDiagnostics once the server has published for
// the document (awaited with onDidChangeDiagnostics, never a fixed sleep):
// none for the showcase designs, and exactly the `// expect: RULE @ LINE`
// findings for each review design (language errors included, nothing more).
// The files are read at test time, so new samples are covered as they come.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { DiagnosticsWatch, LANGUAGE_ID, activateAndWaitForServer, codeValue, describeDiagnostics } from './helpers';
import { findings, reviewSamples, showcaseSamples, type Sample } from './samples';

async function openAndCollect(sample: Sample): Promise<readonly vscode.Diagnostic[]> {
  const uri = vscode.Uri.file(sample.file);
  const watch = new DiagnosticsWatch();
  try {
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.strictEqual(doc.languageId, LANGUAGE_ID, `${sample.name} opens in the sysdesign language`);
    return await watch.until(uri);
  } finally {
    watch.dispose();
  }
}

suite('Sample diagnostics', () => {
  const showcase = showcaseSamples();
  const review = reviewSamples();

  suiteSetup(async () => {
    await activateAndWaitForServer();
  });

  test('there are samples to open', () => {
    assert.ok(showcase.length > 0, 'no samples/*.sysdesign');
    assert.ok(review.length > 0, 'no samples/review/*.sysdesign');
    for (const s of review) assert.ok(s.expected.length > 0, `${s.name} lists no // expect: lines`);
  });

  for (const sample of showcase) {
    test(`${sample.name}: no diagnostics`, async () => {
      const diagnostics = await openAndCollect(sample);
      assert.deepStrictEqual(findings(diagnostics), [], `${sample.name} has diagnostics: ${describeDiagnostics(diagnostics)}`);
    });
  }

  for (const sample of review) {
    test(`${sample.name}: exactly ${sample.expected.join(', ')}`, async () => {
      const diagnostics = await openAndCollect(sample);
      assert.deepStrictEqual(
        findings(diagnostics),
        sample.expected,
        `${sample.name}: the diagnostics differ from its // expect: lines; got ${describeDiagnostics(diagnostics)}`,
      );
      for (const d of diagnostics) {
        assert.strictEqual(d.source, 'sysdesign', `${String(codeValue(d))} comes from the sysdesign server`);
        assert.ok(typeof d.code === 'object' && d.code.target instanceof vscode.Uri, `${String(codeValue(d))} links to its documentation`);
        assert.ok(d.message.length > 0);
      }
    });
  }
});

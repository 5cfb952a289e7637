// Shared by the extension tests. Everything waits on events (or on the
// extension's own readiness promise) with a deadline; nothing sleeps.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { SysdesignApi } from '../../src/api';

export const EXTENSION_ID = 'sysdesign.sysdesign';
export const LANGUAGE_ID = 'sysdesign';
/** The first server start in a fresh VS Code can take a while on a slow machine. */
export const WAIT_MS = 30_000;

export function extension(): vscode.Extension<SysdesignApi> {
  const ext = vscode.extensions.getExtension<SysdesignApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not installed`);
  return ext;
}

/** Activates the extension if needed and waits until its language server runs. */
export async function activateAndWaitForServer(): Promise<SysdesignApi> {
  const api = await extension().activate();
  assert.ok(api, 'activate() returned no API');
  assert.strictEqual(await withTimeout(api.serverReady(), WAIT_MS, 'the language server to start'), true, 'the language server did not start');
  return api;
}

export function withTimeout<T>(promise: Thenable<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
}

/** Polls a condition that has no event of its own (e.g. `Extension.isActive`). */
export async function eventually(condition: () => boolean, what: string, ms = WAIT_MS, everyMs = 25): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/**
 * Records which documents had diagnostics published from the moment it is
 * created. Create it *before* the action that makes the server publish (an
 * open, an edit), then await `until`.
 */
export class DiagnosticsWatch implements vscode.Disposable {
  private readonly published = new Set<string>();
  private readonly waiters = new Set<() => void>();
  private readonly subscription = vscode.languages.onDidChangeDiagnostics((e) => {
    for (const uri of e.uris) this.published.add(uri.toString());
    for (const wake of [...this.waiters]) wake();
  });

  /** Resolves with the document's diagnostics once some were published for it and they satisfy `accept`. */
  until(
    uri: vscode.Uri,
    accept: (diagnostics: readonly vscode.Diagnostic[]) => boolean = () => true,
    ms = WAIT_MS,
  ): Promise<readonly vscode.Diagnostic[]> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (!this.published.has(uri.toString())) return;
        const diagnostics = vscode.languages.getDiagnostics(uri);
        if (!accept(diagnostics)) return;
        done();
        resolve(diagnostics);
      };
      const timer = setTimeout(() => {
        done();
        const have = vscode.languages.getDiagnostics(uri);
        reject(new Error(`timed out after ${ms} ms waiting for diagnostics on ${uri.toString()}; have ${describeDiagnostics(have)}`));
      }, ms);
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
      check();
    });
  }

  dispose(): void {
    this.subscription.dispose();
    this.waiters.clear();
  }
}

/** Opens a document (a file, or untitled content) and waits for the server's first diagnostics on it. */
export async function openAndWaitForDiagnostics(
  source: vscode.Uri | string,
  accept?: (diagnostics: readonly vscode.Diagnostic[]) => boolean,
): Promise<{ doc: vscode.TextDocument; diagnostics: readonly vscode.Diagnostic[] }> {
  const watch = new DiagnosticsWatch();
  try {
    const doc =
      typeof source === 'string'
        ? await vscode.workspace.openTextDocument({ language: LANGUAGE_ID, content: source })
        : await vscode.workspace.openTextDocument(source);
    assert.strictEqual(doc.languageId, LANGUAGE_ID);
    const diagnostics = await watch.until(doc.uri, accept);
    return { doc, diagnostics };
  } finally {
    watch.dispose();
  }
}

/** The position of the `nth` occurrence of `needle` in the document, plus `delta` characters. */
export function positionOf(doc: vscode.TextDocument, needle: string, nth = 0, delta = 0): vscode.Position {
  const text = doc.getText();
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    assert.ok(at >= 0, `"${needle}" (occurrence ${nth}) not found in the test document`);
  }
  return doc.positionAt(at + delta);
}

export function codeValue(d: vscode.Diagnostic): string | number | undefined {
  return typeof d.code === 'object' ? d.code.value : d.code;
}

export function describeDiagnostics(diagnostics: readonly vscode.Diagnostic[]): string {
  if (diagnostics.length === 0) return 'none';
  return diagnostics
    .map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${String(codeValue(d))} ${d.message}`)
    .join('; ');
}

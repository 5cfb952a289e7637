// What the last simulation of each document found, as diagnostics: the
// components that saturated, dropped or failed requests, with source
// `sysdesign-sim` (protocol.ts). The diagnostics publisher (diagnostics.ts)
// adds them to the document's own diagnostics while they are current:
//
// - they belong to the document version that was simulated, and are shown
//   only while the document is at that version;
// - the next edit (or closing the document) clears them; a new run of the
//   document replaces them (an empty run clears them).
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import { SIM_DIAGNOSTIC_SOURCE, type SimBottleneck } from '../protocol';

/** `code` of the bottleneck diagnostics. */
export const SIM_DIAGNOSTIC_CODE = 'simulation';

export function bottleneckDiagnostic(b: SimBottleneck, scenario: string): Diagnostic {
  return {
    range: b.range,
    severity: DiagnosticSeverity.Information,
    source: SIM_DIAGNOSTIC_SOURCE,
    code: SIM_DIAGNOSTIC_CODE,
    message: b.message,
    data: { component: b.component, at: b.at, scenario },
  };
}

export class SimFindings {
  private readonly byUri = new Map<string, { version: number; diagnostics: Diagnostic[] }>();
  private readonly listeners = new Set<(uri: string) => void>();

  /** Replaces the findings of `uri` (for its `version`) and asks for a republish. */
  set(uri: string, version: number, diagnostics: Diagnostic[]): void {
    const had = this.byUri.get(uri);
    if (diagnostics.length === 0 && !had) return;
    if (diagnostics.length === 0) this.byUri.delete(uri);
    else this.byUri.set(uri, { version, diagnostics });
    for (const listener of this.listeners) listener(uri);
  }

  /** The findings to show for `uri` at `version` (none if they are for another version). */
  get(uri: string, version: number): Diagnostic[] {
    const entry = this.byUri.get(uri);
    return entry && entry.version === version ? entry.diagnostics : [];
  }

  /** Forgets the findings of `uri` (an edit, a close). The caller republishes; listeners are not told. */
  clear(uri: string): boolean {
    return this.byUri.delete(uri);
  }

  /** Called with the uri whenever `set` changes what should be shown. */
  onDidChange(listener: (uri: string) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }
}

// Diagnostics pushed as you type: every diagnostic of analyze() (syntax,
// semantic, rules), with the rule id as the code, a link to the rule's page,
// and related locations in the same document.
import { Diagnostic as LspDiagnostic, DiagnosticSeverity } from 'vscode-languageserver';
import type { Connection } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Analysis } from '../analyze';
import { pathToFileURL } from 'url';
import { Diagnostic, LineIndex, Severity } from '../diagnostics';
import { ruleDocUrl } from '../docs';
import { DIAGNOSTIC_SOURCE } from '../protocol';
import type { DocumentStore } from './documents';
import type { SimFindings } from './sim-findings';
import { guardVoid } from './safe';
import { toRange } from './convert';
import { pushAll } from '../arrays';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

/**
 * Changes closer together than this are analysed once. The first change after
 * a pause (and opening) is analysed at once: only a burst of typing waits.
 */
const CHANGE_DELAY_MS = 30;

export function toLspDiagnostic(uri: string, analysis: Analysis, d: Diagnostic): LspDiagnostic {
  const out: LspDiagnostic = {
    range: toRange(analysis, d.span),
    severity: SEVERITY[d.severity] ?? DiagnosticSeverity.Error,
    source: DIAGNOSTIC_SOURCE,
    code: d.rule,
    codeDescription: { href: ruleDocUrl(d.rule) },
    message: d.message,
  };
  if (d.related?.length) {
    out.relatedInformation = d.related.map((r) => ({ location: { uri, range: toRange(analysis, r.span) }, message: r.message }));
  }
  if (d.data !== undefined) out.data = d.data;
  return out;
}

const publishedConfigs = new Map<string, string>();

/** Problems in each sysdesign.json that applies to an open design, on that file. */
function publishProjectConfigs(connection: Connection, store: DocumentStore): void {
  for (const [file, config] of store.projectConfigs) {
    const uri = pathToFileURL(file).href;
    const lines = new LineIndex(config.text ?? '');
    const diagnostics: LspDiagnostic[] = config.problems.map((p) => ({
      range: lines.range(p.span),
      severity: SEVERITY[p.severity],
      source: DIAGNOSTIC_SOURCE,
      code: p.rule,
      codeDescription: { href: ruleDocUrl(p.rule) },
      message: p.message,
    }));
    const key = JSON.stringify(diagnostics);
    if (publishedConfigs.get(uri) === key) continue;
    publishedConfigs.set(uri, key);
    void connection.sendDiagnostics({ uri, diagnostics });
  }
}

/**
 * Wires publishing; returns a function that republishes every open document.
 * `findings` (the last simulation's bottlenecks, source `sysdesign-sim`) are
 * published with the document's own diagnostics until its next edit.
 */
export function registerDiagnostics(connection: Connection, store: DocumentStore, findings?: SimFindings): () => void {
  const timers = new Map<string, NodeJS.Timeout>();
  /** When each document last changed (performance.now()). */
  const lastChange = new Map<string, number>();

  const publish = guardVoid(connection.console, 'diagnostics', (document: TextDocument) => {
    const current = store.documents.get(document.uri);
    if (!current) return; // closed meanwhile
    const analysis = store.analysis(current);
    const diagnostics = analysis.diagnostics.map((d) => toLspDiagnostic(current.uri, analysis, d));
    if (findings) pushAll(diagnostics, findings.get(current.uri, current.version));
    void connection.sendDiagnostics({ uri: current.uri, version: current.version, diagnostics });
    publishProjectConfigs(connection, store);
  });

  const schedule = (document: TextDocument, delay: number) => {
    const pending = timers.get(document.uri);
    if (pending) clearTimeout(pending);
    if (delay <= 0) {
      timers.delete(document.uri);
      publish(document);
      return;
    }
    timers.set(document.uri, setTimeout(() => {
      timers.delete(document.uri);
      publish(document);
    }, delay));
  };

  // TextDocuments fires onDidOpen and then onDidChangeContent for the same open.
  const justOpened = new Set<string>();
  store.documents.onDidOpen((e) => {
    justOpened.add(e.document.uri);
    schedule(e.document, 0);
  });
  store.documents.onDidChangeContent((e) => {
    findings?.clear(e.document.uri);
    if (justOpened.delete(e.document.uri)) return;
    const now = performance.now();
    const previous = lastChange.get(e.document.uri);
    lastChange.set(e.document.uri, now);
    const inBurst = timers.has(e.document.uri) || (previous !== undefined && now - previous < CHANGE_DELAY_MS);
    schedule(e.document, inBurst ? CHANGE_DELAY_MS : 0);
  });
  store.documents.onDidClose((e) => {
    const pending = timers.get(e.document.uri);
    if (pending) clearTimeout(pending);
    timers.delete(e.document.uri);
    lastChange.delete(e.document.uri);
    justOpened.delete(e.document.uri);
    findings?.clear(e.document.uri);
    store.forget(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });
  // A simulation finished: show (or clear) its findings now.
  findings?.onDidChange((uri) => {
    const document = store.documents.get(uri);
    if (document) schedule(document, 0);
  });
  return () => {
    for (const document of store.all()) schedule(document, 0);
  };
}

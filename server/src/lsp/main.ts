// The language server: creates the connection, declares capabilities and
// wires one provider per request. Nothing else lives here.
//
//   node out/server/src/lsp/main.js --stdio     (also dist/server.js, and `sysdesign lsp --stdio`)
import * as path from 'path';
import {
  CodeActionKind, CompletionList, Connection, createConnection, InitializeParams, InitializeResult, ProposedFeatures,
  SemanticTokens, StreamMessageReader, StreamMessageWriter, TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { validateRuleConfig } from '../rules/runner';
import { clearProjectConfigCache } from '../config/project';
import { EstimatesRequest, type EstimatesParams, type EstimatesResult, type InitializationOptions, SERVER_NAME } from '../protocol';
import { provideEstimates } from './estimates-request';
import { provideInlayHints } from './inlay-hints';
import { provideCodeActions } from './code-actions';
import { provideCodeLenses } from './code-lens';
import { registerDiagram } from './diagram';
import { COMPLETION_TRIGGER_CHARACTERS, provideCompletion } from './completion';
import { provideDefinition } from './definition';
import { registerDiagnostics } from './diagnostics';
import { SimFindings } from './sim-findings';
import { registerSimulation } from './simulation';
import { DocumentStore } from './documents';
import { provideDocumentHighlights } from './document-highlight';
import { provideDocumentSymbols } from './document-symbols';
import { provideFoldingRanges } from './folding-request';
import { provideFormatting } from './formatting';
import { provideHover } from './hover-request';
import { provideReferences } from './references';
import { providePrepareRename, provideRename } from './rename';
import { describeError, guard, guardVoid } from './safe';
import { provideSelectionRanges } from './selection-ranges-request';
import { provideSemanticTokens, SEMANTIC_TOKENS_LEGEND } from './semantic-tokens';
import { provideWorkspaceSymbols, WorkspaceFiles } from './workspace-symbols';

const VERSION = '0.1.0';

/** A connection over stdio unless the command line asks for IPC, a socket or a pipe. */
function defaultConnection(): Connection {
  const argv = process.argv.slice(2);
  if (argv.some((a) => a === '--node-ipc' || a.startsWith('--socket') || a.startsWith('--pipe'))) {
    return createConnection(ProposedFeatures.all);
  }
  // When our input ends no editor can reach us any more, even if its process
  // lives on: exit, though layout and simulation workers keep the event loop busy.
  process.stdin.once('end', exitWhenInputEnds);
  process.stdin.once('close', exitWhenInputEnds);
  return createConnection(ProposedFeatures.all, new StreamMessageReader(process.stdin), new StreamMessageWriter(process.stdout));
}

function exitWhenInputEnds(): void {
  process.exit(0);
}

export function startServer(connection: Connection = defaultConnection()): Connection {
  const store = new DocumentStore();
  const files = new WorkspaceFiles();
  const log = connection.console;

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    files.setFolders(folders);
    const options = (params.initializationOptions ?? {}) as InitializationOptions;
    if (options.workspaceSymbolsFromDisk === false) files.fromDisk = false;
    const workspaceFolders = params.capabilities.workspace?.workspaceFolders === true;
    return {
      serverInfo: { name: SERVER_NAME, version: VERSION },
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        completionProvider: { triggerCharacters: COMPLETION_TRIGGER_CHARACTERS, resolveProvider: false },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        documentHighlightProvider: true,
        renameProvider: { prepareProvider: true },
        documentSymbolProvider: { label: 'Sysdesign' },
        workspaceSymbolProvider: true,
        foldingRangeProvider: true,
        selectionRangeProvider: true,
        semanticTokensProvider: { legend: SEMANTIC_TOKENS_LEGEND, full: true, range: false },
        documentFormattingProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        codeLensProvider: { resolveProvider: false },
        inlayHintProvider: { resolveProvider: false },
        workspace: workspaceFolders ? { workspaceFolders: { supported: true, changeNotifications: true } } : undefined,
      },
    };
  });

  connection.onInitialized(guardVoid(log, 'initialized', () => {
    const caps = connection.workspace;
    try {
      caps.onDidChangeWorkspaceFolders((e) => files.addFolders(e.added.map((f) => f.uri), e.removed.map((f) => f.uri)));
    } catch {
      // The client did not announce workspace folder support.
    }
  }));

  // The last simulation's bottlenecks (source `sysdesign-sim`) join a document's diagnostics until its next edit.
  const simFindings = new SimFindings();
  const republish = registerDiagnostics(connection, store, simFindings);

  // The client synchronises the whole `sysdesign` settings section.
  let inlayHintsEnabled = true;
  connection.onDidChangeConfiguration(guardVoid(log, 'configuration', (params: { settings?: unknown }) => {
    const section = (params.settings as { sysdesign?: { rules?: unknown; inlayHints?: { enabled?: unknown } } } | undefined)?.sysdesign;
    if (!section) return;
    const hints = section.inlayHints?.enabled !== false;
    if (hints !== inlayHintsEnabled) {
      inlayHintsEnabled = hints;
      void connection.languages.inlayHint.refresh().catch(() => undefined);
    }
    const { config, problems } = validateRuleConfig(section.rules);
    for (const p of problems) {
      const message = `Setting sysdesign.rules${p.key ? `["${p.key}"]` : ''}: ${p.message}`;
      log.warn(message);
      void connection.window.showWarningMessage(message);
    }
    store.setRules(config);
    republish();
  }));

  // sysdesign.json changed on disk (the client watches it): apply its rules again.
  connection.onDidChangeWatchedFiles(guardVoid(log, 'watched files', () => {
    clearProjectConfigCache();
    store.invalidate();
    republish();
  }));

  const empty = <T>(value: T) => () => value;
  // In Markdown only the ```sysdesign fences are design text: prose gets no hover or completion, and
  // the features that act on a whole file (formatting, folding, outline, lenses, rename) stay off.
  const inDesign = <P extends { textDocument: { uri: string }; position: { line: number; character: number } }, R>(none: R, f: (p: P) => R) => (p: P) =>
    store.isDesignText(p.textDocument.uri, p.position) ? f(p) : none;
  const notMarkdown = <P extends { textDocument: { uri: string } }, R>(none: R, f: (p: P) => R) => (p: P) => (store.isMarkdown(p.textDocument.uri) ? none : f(p));
  connection.onCompletion(guard(log, 'completion', empty<CompletionList>({ isIncomplete: false, items: [] }), inDesign({ isIncomplete: false, items: [] }, (p) => provideCompletion(store, p))));
  connection.onHover(guard(log, 'hover', empty(null), inDesign(null, (p) => provideHover(store, p))));
  connection.onDefinition(guard(log, 'definition', empty([]), (p) => provideDefinition(store, p)));
  connection.onReferences(guard(log, 'references', empty([]), (p) => provideReferences(store, p)));
  connection.onDocumentHighlight(guard(log, 'document highlight', empty([]), (p) => provideDocumentHighlights(store, p)));
  connection.onPrepareRename(guard(log, 'prepare rename', empty(null), notMarkdown(null, (p) => providePrepareRename(store, p))));
  connection.onRenameRequest(guard(log, 'rename', empty(null), notMarkdown(null, (p) => provideRename(store, p))));
  connection.onDocumentSymbol(guard(log, 'document symbols', empty([]), notMarkdown([], (p) => provideDocumentSymbols(store, p))));
  connection.onWorkspaceSymbol(guard(log, 'workspace symbols', empty([]), (p) => provideWorkspaceSymbols(store, files, p)));
  connection.onFoldingRanges(guard(log, 'folding ranges', empty([]), notMarkdown([], (p) => provideFoldingRanges(store, p))));
  connection.onSelectionRanges(guard(log, 'selection ranges', empty([]), notMarkdown([], (p) => provideSelectionRanges(store, p))));
  connection.languages.semanticTokens.on(guard(log, 'semantic tokens', empty<SemanticTokens>({ data: [] }), (p) => provideSemanticTokens(store, p)));
  connection.onDocumentFormatting(guard(log, 'formatting', empty([]), notMarkdown([], (p) => provideFormatting(store, p))));
  connection.onCodeAction(guard(log, 'code actions', empty([]), (p) => provideCodeActions(store, p)));
  connection.languages.inlayHint.on(guard(log, 'inlay hints', empty([]), (p) => provideInlayHints(store, p, inlayHintsEnabled)));
  connection.onRequest(EstimatesRequest, guard(log, 'estimates', empty<EstimatesResult>({ markdown: '', systems: 0 }), (p: EstimatesParams) => provideEstimates(store, p)));

  // Diagram preview: `sysdesign/diagram` (layout in a worker thread) and the "Preview diagram" lenses.
  registerDiagram(connection, store);
  connection.onCodeLens(guard(log, 'code lenses', empty([]), notMarkdown([], (p) => provideCodeLenses(store, p))));

  // Simulation: `sysdesign/simulate` (a worker thread per run), `sysdesign/simulationTargets`; its lenses are in code-lens.ts.
  registerSimulation(connection, store, simFindings);

  store.documents.listen(connection);
  connection.listen();
  return connection;
}

/**
 * True when this file is the program: `node out/server/src/lsp/main.js`, tsx
 * on main.ts, or the bundle dist/server.js. A bundle that merely includes this
 * module (dist/cli.js, which calls startServer() for `sysdesign lsp`) must not
 * start a server: esbuild makes `require.main === module` true in every
 * bundle, so the entry script's name decides.
 */
function isEntryPoint(): boolean {
  if (require.main !== module) return false;
  const entry = path.basename(require.main?.filename ?? process.argv[1] ?? '');
  return /^(main\.[cm]?[jt]s|server\.c?js)$/.test(entry);
}

if (isEntryPoint()) {
  // Keep serving whatever happens; report on stderr (the client shows it in its output channel).
  process.on('uncaughtException', (err) => {
    process.stderr.write(`sysdesign language server: uncaught exception: ${describeError(err)}\n`);
  });
  process.on('unhandledRejection', (reason) => {
    process.stderr.write(`sysdesign language server: unhandled rejection: ${describeError(reason)}\n`);
  });
  startServer();
}

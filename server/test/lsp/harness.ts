// Test harness: spawns the real language server process and speaks LSP to it
// over stdio with vscode-jsonrpc. Prefers the compiled server next to the
// compiled tests (out/server/src/lsp/main.js); from the sources (tsx) it runs
// main.ts through tsx's require hook. Waits on events, never on sleeps.
import { ChildProcess, spawn } from 'child_process';
import { after, before } from 'node:test';
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import {
  createMessageConnection, MessageConnection, RequestType, StreamMessageReader, StreamMessageWriter,
} from 'vscode-jsonrpc/node';
import type {
  CompletionItem, CompletionList, Diagnostic, InitializeResult, Position, PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol';
import { SPEC_EXAMPLE } from '../helpers/designs';

export function serverCommand(): { command: string; args: string[] } {
  const compiled = path.join(__dirname, '..', '..', 'src', 'lsp', 'main.js');
  if (fs.existsSync(compiled)) return { command: process.execPath, args: [compiled, '--stdio'] };
  const source = path.join(__dirname, '..', '..', 'src', 'lsp', 'main.ts');
  return { command: process.execPath, args: ['-r', require.resolve('tsx/cjs'), source, '--stdio'] };
}

export interface LogMessage {
  type: number;
  message: string;
}

type Waiter = { uri: string; version?: number; accept?: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void };

export interface SuiteClientOptions {
  env?: Record<string, string>;
  workspaceFolders?: string[];
  /** Runs after `initialize`, before the suite's tests (open the suite's documents). */
  setUp?: (client: LspClient, init: InitializeResult) => Promise<void>;
}

/**
 * One language server for the enclosing suite (or file): started now,
 * initialized before its tests, shut down after them.
 */
export function clientForSuite(options: SuiteClientOptions = {}): LspClient {
  const client = new LspClient({ env: options.env });
  before(async () => {
    const init = await client.initialize({ workspaceFolders: options.workspaceFolders });
    await options.setUp?.(client, init);
  });
  after(() => client.shutdown());
  return client;
}

export class LspClient {
  readonly process: ChildProcess;
  readonly connection: MessageConnection;
  readonly logs: LogMessage[] = [];
  stderr = '';
  private readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  private waiters: Waiter[] = [];
  private exited: Promise<number | null>;
  private readonly versions = new Map<string, number>();

  /** `env`: added to this process's environment for the server (test hooks such as SYSDESIGN_TEST_HOLD_SIMULATIONS). */
  constructor(options: { env?: Record<string, string> } = {}) {
    const { command, args } = serverCommand();
    this.process = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...options.env } });
    this.process.stderr!.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString();
    });
    this.exited = new Promise((resolve) => this.process.on('exit', (code) => resolve(code)));
    this.connection = createMessageConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.diagnostics.set(p.uri, p);
      const ready = this.waiters.filter((w) => w.uri === p.uri && (w.version === undefined || p.version === w.version) && (!w.accept || w.accept(p)));
      this.waiters = this.waiters.filter((w) => !ready.includes(w));
      for (const w of ready) w.resolve(p);
    });
    this.connection.onNotification('window/logMessage', (p: LogMessage) => this.logs.push(p));
    // Requests the server may send to the client.
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => null));
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.listen();
  }

  async initialize(options: { workspaceFolders?: string[] } = {}): Promise<InitializeResult> {
    const folders = (options.workspaceFolders ?? []).map((f) => ({ uri: pathToFileURL(f).href, name: path.basename(f) }));
    const result = await this.connection.sendRequest<InitializeResult>('initialize', {
      processId: process.pid,
      rootUri: folders[0]?.uri ?? null,
      workspaceFolders: folders.length ? folders : null,
      capabilities: {
        workspace: { workspaceFolders: true, configuration: true },
        textDocument: {
          publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true, versionSupport: true },
          completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] } },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          documentSymbol: { hierarchicalDocumentSymbolSupport: true },
          rename: { prepareSupport: true },
          semanticTokens: { requests: { full: true }, tokenTypes: [], tokenModifiers: [], formats: ['relative'] },
        },
      },
    });
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  /** Sends a notification; the server handles it before any later request (messages are ordered). */
  notify(method: string, params: unknown): Promise<void> {
    return this.connection.sendNotification(method, params);
  }

  /** Diagnostics published for `uri` at `version` (resolves at once if they already came). */
  waitForDiagnostics(uri: string, version?: number): Promise<PublishDiagnosticsParams> {
    const have = this.diagnostics.get(uri);
    if (have && (version === undefined || have.version === version)) return Promise.resolve(have);
    return new Promise((resolve) => this.waiters.push({ uri, version, resolve }));
  }

  /** The first diagnostics published for `uri` that `accept` takes: the latest ones if they do, else the next that do. */
  waitForDiagnosticsWhere(uri: string, accept: (p: PublishDiagnosticsParams) => boolean): Promise<PublishDiagnosticsParams> {
    const have = this.diagnostics.get(uri);
    if (have && accept(have)) return Promise.resolve(have);
    return new Promise((resolve) => this.waiters.push({ uri, accept, resolve }));
  }

  /** Opens a document (a sysdesign file unless `languageId` says otherwise) and waits for its first diagnostics. */
  async open(uri: string, text: string, languageId = 'sysdesign'): Promise<Diagnostic[]> {
    this.versions.set(uri, 1);
    this.diagnostics.delete(uri);
    const published = this.waitForDiagnostics(uri, 1);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    return (await published).diagnostics;
  }

  /** Replaces the whole text and waits for the new version's diagnostics. */
  async change(uri: string, text: string): Promise<Diagnostic[]> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    const published = this.waitForDiagnostics(uri, version);
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    return (await published).diagnostics;
  }

  async close(uri: string): Promise<void> {
    this.diagnostics.delete(uri);
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /** A custom request (typed by protocol.ts), or a standard LSP method by name. */
  request<P, R>(type: RequestType<P, R, void>, params: P): Promise<R>;
  request<R>(method: string, params: unknown): Promise<R>;
  request(method: string | RequestType<unknown, unknown, void>, params: unknown): Promise<unknown> {
    return typeof method === 'string' ? this.connection.sendRequest(method, params) : this.connection.sendRequest(method, params);
  }

  async completion(uri: string, position: Position): Promise<CompletionItem[]> {
    const result = await this.request<CompletionList | CompletionItem[] | null>('textDocument/completion', { textDocument: { uri }, position });
    if (!result) return [];
    return Array.isArray(result) ? result : result.items;
  }

  async shutdown(): Promise<void> {
    if (this.process.exitCode !== null) return;
    try {
      await withTimeout(this.connection.sendRequest('shutdown'), 5000);
      await this.connection.sendNotification('exit');
      await withTimeout(this.exited, 5000);
    } catch {
      // fall through to kill
    }
    this.kill();
  }

  kill(): void {
    this.connection.dispose();
    if (this.process.exitCode === null && !this.process.killed) this.process.kill();
  }

  get exitCode(): number | null {
    return this.process.exitCode;
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    }),
  ]);
}

/** A design with `|` cursor markers: the text without them and each marker's offset. */
export function marked(source: string): { text: string; offsets: number[] } {
  const offsets: number[] = [];
  let text = '';
  for (const ch of source) {
    if (ch === '|') offsets.push(text.length);
    else text += ch;
  }
  return { text, offsets };
}

/** LSP position (UTF-16) of an offset. */
export function positionAt(text: string, offset: number): Position {
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, character: offset - lineStart };
}

/** Offset of the n-th (0-based) occurrence of `needle` in text, plus `delta`. */
export function offsetOf(text: string, needle: string, nth = 0, delta = 0): number {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`'${needle}' (#${nth}) not found`);
  }
  return at + delta;
}

export function positionOf(text: string, needle: string, nth = 0, delta = 0): Position {
  return positionAt(text, offsetOf(text, needle, nth, delta));
}

export function labels(items: CompletionItem[]): string[] {
  return items.map((i) => i.label);
}

/** The complete example design (helpers/designs.ts: a complete, valid design). */
export const PHOTO_SHARE = SPEC_EXAMPLE;

// The extension's context object (the shape of rust-analyzer's editors/code
// Ctx): it owns the output channel, the LanguageClient, the simulation
// service and every disposable, and it starts, restarts and stops the
// language server. Everything it owns is disposed with it on `deactivate`.
//
// Starts, restarts and the final stop run one after another through a
// single queue, so a command invoked while the server restarts waits for the
// restart instead of talking to a half-stopped client, and restarting twice
// in a row restarts once.
import * as fs from 'fs';
import * as vscode from 'vscode';
import type { LanguageClient, LanguageClientOptions, NodeModule, ServerOptions } from 'vscode-languageclient/node';
import { LANGUAGE_ID } from '../../server/src/protocol';
import { SECTION, changesNeedingRestart } from './config';
import { languageClientLibrary } from './languageclient';
import { SimulationService } from './simulation/service';

/** Also the prefix of the `<id>.trace.server` setting vscode-languageclient honours. */
const CLIENT_ID = SECTION;
const CLIENT_NAME = 'Sysdesign Language Server';
export const OUTPUT_CHANNEL_NAME = 'Sysdesign';
const STOP_TIMEOUT_MS = 2000;
/** Where the server's inspector listens when the extension runs from source (F5). */
const INSPECT_PORT = 6009;

export class Ctx implements vscode.Disposable {
  readonly output: vscode.OutputChannel;
  /** Runs simulations and publishes their results (the command and the preview share it). */
  readonly simulation = new SimulationService();
  private client: LanguageClient | undefined;
  /** The last queued start, restart or stop; it never rejects. */
  private queue: Promise<boolean> = Promise.resolve(false);
  private restarting: Promise<boolean> | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];
  private disposed = false;

  constructor(private readonly extension: vscode.ExtensionContext) {
    this.output = vscode.window.createOutputChannel(OUTPUT_CHANNEL_NAME);
    this.subscriptions.push(this.simulation, vscode.workspace.onDidChangeConfiguration((e) => this.onConfigurationChanged(e)));
  }

  /** Keeps a disposable until the extension deactivates. */
  push(...disposables: vscode.Disposable[]): void {
    this.subscriptions.push(...disposables);
  }

  log(message: string): void {
    this.output.appendLine(`[${clock()}] ${message}`);
  }

  /** Starts the language server; resolves false (after logging why) if it could not. */
  start(): Promise<boolean> {
    return this.enqueue(() => this.startClient());
  }

  /**
   * Stops and starts the language server. While a restart is under way,
   * further calls return that same restart.
   */
  restart(): Promise<boolean> {
    if (this.restarting) return this.restarting;
    const restart = this.enqueue(() =>
      Promise.resolve(
        vscode.window.withProgress(
          { location: vscode.ProgressLocation.Window, title: 'Sysdesign: restarting the language server' },
          async () => {
            this.log('restarting the language server');
            await this.stopClient();
            return this.startClient();
          },
        ),
      ),
    );
    this.restarting = restart;
    void restart.then(() => {
      if (this.restarting === restart) this.restarting = undefined;
    });
    return restart;
  }

  /** Waits for any start or restart under way; true if the server is then running. */
  async serverReady(): Promise<boolean> {
    let last: Promise<boolean>;
    do {
      last = this.queue;
      await last;
    } while (last !== this.queue);
    return this.client?.isRunning() ?? false;
  }

  /** The running client, once any start or restart under way is over; undefined if the server is down. */
  async readyClient(): Promise<LanguageClient | undefined> {
    return (await this.serverReady()) ? this.client : undefined;
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    // Let a start under way finish (a client that is starting cannot be
    // stopped), but do not hold up shutdown for long.
    await Promise.race([this.queue, delay(STOP_TIMEOUT_MS)]);
    await this.stopClient();
    for (const d of this.subscriptions.splice(0).reverse()) d.dispose();
    this.output.dispose();
  }

  private enqueue(op: () => Promise<boolean>): Promise<boolean> {
    const run = (): Promise<boolean> =>
      op().catch((err: unknown) => {
        this.log(`unexpected error: ${describe(err)}`);
        return false;
      });
    const next = this.queue.then(run, run);
    this.queue = next;
    return next;
  }

  private async startClient(): Promise<boolean> {
    if (this.disposed) return false;
    const t0 = performance.now();
    const serverModule = this.extension.asAbsolutePath('dist/server.js');
    if (!fs.existsSync(serverModule)) {
      this.log(`the language server is missing: ${serverModule} does not exist (build it with "npm run build")`);
      void vscode.window
        .showErrorMessage('Sysdesign: the language server is missing from the extension.', 'Show Output')
        .then((choice) => choice && this.output.show(true));
      return false;
    }
    const client = new (languageClientLibrary().LanguageClient)(
      CLIENT_ID,
      CLIENT_NAME,
      serverOptions(serverModule, this.extension.extensionMode),
      clientOptions(this.output),
    );
    this.client = client;
    try {
      await client.start();
    } catch (err) {
      // vscode-languageclient has already logged it and told the user.
      this.log(`the language server failed to start: ${describe(err)}`);
      return false;
    }
    this.log(`language server started in ${Math.round(performance.now() - t0)} ms`);
    return true;
  }

  private async stopClient(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (!client) return;
    try {
      await client.dispose(STOP_TIMEOUT_MS);
    } catch (err) {
      // A client whose start failed cannot be stopped; its process is gone anyway.
      this.log(`stopping the language server: ${describe(err)}`);
    }
  }

  private onConfigurationChanged(e: vscode.ConfigurationChangeEvent): void {
    const keys = changesNeedingRestart(e);
    if (keys.length === 0 || !this.client) return;
    void vscode.window
      .showInformationMessage(`Sysdesign: ${keys.join(', ')} takes effect after the language server restarts.`, 'Restart')
      .then((choice) => {
        if (choice === 'Restart') void this.restart();
      });
  }
}

function serverOptions(module: string, mode: vscode.ExtensionMode): ServerOptions {
  const { TransportKind } = languageClientLibrary();
  const run: NodeModule = { module, transport: TransportKind.stdio };
  // The client uses `debug` when the extension host itself runs under a
  // debugger; only open an inspector for the server when running from source.
  const debug: NodeModule =
    mode === vscode.ExtensionMode.Development
      ? { module, transport: TransportKind.stdio, options: { execArgv: ['--nolazy', `--inspect=${INSPECT_PORT}`] } }
      : run;
  return { run, debug };
}

function clientOptions(output: vscode.OutputChannel): LanguageClientOptions {
  return {
    documentSelector: [
      { language: LANGUAGE_ID, scheme: 'file' },
      { language: LANGUAGE_ID, scheme: 'untitled' },
      // Markdown: the server analyses only the ```sysdesign fences (docs/markdown.md).
      { language: 'markdown', scheme: 'file' },
      { language: 'markdown', scheme: 'untitled' },
    ],
    // The server gets the whole `sysdesign` section at start and on every change.
    // sysdesign.json holds project-wide rule settings; the server re-reads it on change.
    synchronize: { configurationSection: SECTION, fileEvents: vscode.workspace.createFileSystemWatcher('**/sysdesign.json') },
    diagnosticCollectionName: LANGUAGE_ID,
    // Our own lines, the client's and (with sysdesign.trace.server) the protocol trace share one channel.
    outputChannel: output,
  };
}

function clock(): string {
  const d = new Date();
  const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function delay(ms: number): Promise<false> {
  return new Promise((resolve) => setTimeout(() => resolve(false), ms));
}

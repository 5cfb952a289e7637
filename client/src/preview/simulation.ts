// The preview's simulation section, extension side: fills the webview's
// scenario picker (sysdesign/simulationTargets), runs what its Run button
// asks for (through the simulation service, inside a cancellable progress
// notification; the webview's Cancel button cancels too), forwards each
// finished run of the shown document to the page (the Run Simulation
// command's too: both publish on the service's onDidFinish), and saves the
// last one as JSON (exactly the CLI's `--format json`).
import * as vscode from 'vscode';
import {
  SimulationTargetsRequest,
  type SimulateParams,
  type SimulateResult,
  type SimulationFromWebviewMessage,
  type SimulationToWebviewMessage,
} from '../../../server/src/protocol';
import { Config } from '../config';
import type { Ctx } from '../ctx';
import { saveJson } from '../simulation/save';

export interface SimulationHost {
  /** The design shown and its system (undefined: none yet / the server's choice). */
  readonly uri: vscode.Uri | undefined;
  readonly shownSystem: string | undefined;
  post(message: SimulationToWebviewMessage): void;
}

/** Client requests each preview run follows, for the waterfall (tracing costs the run next to nothing). */
const PREVIEW_TRACES = 20;

export class PreviewSimulation implements vscode.Disposable {
  private running: vscode.CancellationTokenSource | undefined;
  private last: SimulateResult | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly ctx: Ctx,
    private readonly host: SimulationHost,
  ) {
    this.subscription = ctx.simulation.onDidFinish((run) => {
      if (run.uri.toString() === this.host.uri?.toString()) this.show(run.result);
    });
  }

  /** The page is (re)loaded or shows another document or system: send its scenarios and the last result for it. */
  async refresh(): Promise<void> {
    const uri = this.host.uri;
    if (!uri) return;
    try {
      const client = await this.ctx.readyClient();
      if (!client) return;
      const targets = await client.sendRequest(SimulationTargetsRequest, { uri: uri.toString() });
      if (uri.toString() !== this.host.uri?.toString()) return;
      const wanted = this.host.shownSystem;
      const system = targets.systems.find((s) => s.name === wanted) ?? targets.systems[0];
      this.host.post({ type: 'simulationTargets', ...(system ? { system: system.name } : {}), scenarios: system?.scenarios ?? [] });
      if (this.last && this.last.uri === uri.toString()) this.host.post({ type: 'simulation', result: this.last });
    } catch (err) {
      this.ctx.log(`preview: the scenarios could not be listed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  onMessage(message: SimulationFromWebviewMessage): void {
    switch (message.type) {
      case 'simulate':
        void this.run(message);
        break;
      case 'cancelSimulation':
        this.running?.cancel();
        break;
      case 'saveSimulation':
        void this.save();
        break;
    }
  }

  private show(result: SimulateResult): void {
    this.last = result;
    this.host.post({ type: 'simulation', result });
  }

  private async run(message: Extract<SimulationFromWebviewMessage, { type: 'simulate' }>): Promise<void> {
    const uri = this.host.uri;
    if (!uri) return;
    if (this.running) {
      this.host.post({ type: 'simulationStatus', running: true, message: 'A simulation is already running.' });
      return;
    }
    const client = await this.ctx.readyClient();
    if (!client) {
      this.host.post({ type: 'simulationStatus', running: false, message: 'The Sysdesign language server is not running.' });
      return;
    }
    const positive = (n: unknown): number | undefined => (typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : undefined);
    const load = positive(message.load);
    const duration = positive(message.duration);
    const seed = typeof message.seed === 'number' && Number.isInteger(message.seed) && message.seed >= 0 ? message.seed : undefined;
    const system = this.host.shownSystem;
    const params: SimulateParams = {
      uri: uri.toString(),
      ...(system !== undefined ? { system } : {}),
      scenario: typeof message.scenario === 'string' ? message.scenario : '',
      ...(load !== undefined ? { load } : {}),
      ...(duration !== undefined ? { duration } : {}),
      ...(seed !== undefined ? { seed } : {}),
      defaults: { ...new Config(uri).simulation },
      trace: PREVIEW_TRACES,
    };
    const cancel = new vscode.CancellationTokenSource();
    this.running = cancel;
    const label = params.scenario ? `scenario ${params.scenario}` : 'plain run';
    this.host.post({ type: 'simulationStatus', running: true, message: `Simulating (${label})\u2026` });
    try {
      // The result reaches the page through ctx.simulation.onDidFinish, as a command's run does.
      await this.ctx.simulation.run(client, params, `Simulating ${label}`, {
        cancel,
        onProgress: (fraction, text) => {
          this.host.post({ type: 'simulationStatus', running: true, message: text ?? `${Math.round(fraction * 100)} %`, fraction });
        },
      });
    } catch (err) {
      const text = cancel.token.isCancellationRequested ? 'Simulation cancelled.' : `The simulation failed: ${err instanceof Error ? err.message : String(err)}`;
      this.ctx.log(`preview: ${text}`);
      this.host.post({ type: 'simulationStatus', running: false, message: text });
    } finally {
      if (this.running === cancel) this.running = undefined;
      cancel.dispose();
    }
  }

  /** Save JSON: the same dialog, file name and bytes as the Run Simulation command's. */
  private async save(): Promise<void> {
    if (this.last) await saveJson(vscode.Uri.parse(this.last.uri), this.last);
  }

  dispose(): void {
    this.running?.cancel();
    this.subscription.dispose();
  }
}

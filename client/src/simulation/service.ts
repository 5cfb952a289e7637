// The extension's simulation service, owned by Ctx (so it lives exactly as
// long as the extension is active): it sends `sysdesign/simulate` with
// progress and cancellation, and publishes every finished run on
// `onDidFinish`. The Run Simulation command and the preview's Run button both
// run through it, and the preview listens to it, so neither knows the other.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { SimulateRequest, type SimulateParams, type SimulateResult } from '../../../server/src/protocol';
import { languageClientLibrary } from '../languageclient';

/** A finished run, as published on `onDidFinish`. */
export interface SimulationRun {
  /** The design simulated. */
  uri: vscode.Uri;
  params: SimulateParams;
  result: SimulateResult;
}

/** What a run reports while it goes: the simulated fraction (0..1) and a message ("12 s of 60 s simulated"). */
export type SimulationProgress = (fraction: number, message: string | undefined) => void;

export class SimulationService implements vscode.Disposable {
  private readonly finished = new vscode.EventEmitter<SimulationRun>();
  /**
   * Fires after every finished run (cancelled runs too, with their partial
   * results): the preview shows the results of runs of the design it shows.
   */
  readonly onDidFinish: vscode.Event<SimulationRun> = this.finished.event;
  /** Makes each run's work-done token unique within this activation. */
  private runs = 0;

  /**
   * Sends `sysdesign/simulate` with a work-done token and relays the server's
   * `$/progress` to `onProgress`; cancelling `token` stops the run (the
   * answer is then the partial result, `stopped: 'cancelled'`).
   */
  async request(
    client: LanguageClient,
    params: SimulateParams,
    options: { token?: vscode.CancellationToken; onProgress?: SimulationProgress } = {},
  ): Promise<SimulateResult> {
    const workDoneToken = `sysdesign-simulation-${process.pid}-${Date.now()}-${++this.runs}`;
    const subscription = client.onProgress(languageClientLibrary().WorkDoneProgress.type, workDoneToken, (value) => {
      if (value.kind === 'end') return;
      if (value.percentage !== undefined) options.onProgress?.(value.percentage / 100, value.message);
    });
    try {
      return await client.sendRequest(SimulateRequest, { ...params, workDoneToken }, options.token);
    } finally {
      subscription.dispose();
    }
  }

  /**
   * Runs `params` inside a cancellable progress notification titled `title`
   * and publishes the result on `onDidFinish`. The notification's Cancel
   * cancels `cancel` (the preview passes its own, which its page's Cancel
   * button cancels too); `onProgress` sees every report as well.
   */
  async run(
    client: LanguageClient,
    params: SimulateParams,
    title: string,
    options: { cancel?: vscode.CancellationTokenSource; onProgress?: SimulationProgress } = {},
  ): Promise<SimulateResult> {
    const cancel = options.cancel ?? new vscode.CancellationTokenSource();
    let result: SimulateResult;
    try {
      result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
        const subscription = token.onCancellationRequested(() => cancel.cancel());
        let done = 0;
        try {
          return await this.request(client, params, {
            token: cancel.token,
            onProgress: (fraction, message) => {
              const percent = Math.max(0, Math.min(100, fraction * 100));
              progress.report({ increment: Math.max(0, percent - done), ...(message ? { message } : {}) });
              done = Math.max(done, percent);
              options.onProgress?.(fraction, message);
            },
          });
        } finally {
          subscription.dispose();
        }
      });
    } finally {
      if (!options.cancel) cancel.dispose();
    }
    this.finished.fire({ uri: vscode.Uri.parse(params.uri), params, result });
    return result;
  }

  dispose(): void {
    this.finished.dispose();
  }
}

// Sysdesign: Run Simulation. Also the "Simulate" code lenses (on each system:
// a plain run; on each scenario: that scenario), which pass one argument,
// SimulateCommandArgs ({ uri, system, scenario }).
//
// Without a scenario from a lens, the user picks one (or the plain run) from
// a quick pick; the server runs it in a worker thread while a cancellable
// notification shows its progress (LSP work-done progress); cancelling stops
// the run and shows what was simulated so far. A summary follows (throughput,
// p95, errors, bottlenecks) with "Save JSON…", which writes exactly what
// `sysdesign simulate --format json` prints.
//
// Arguments (all optional): a SimulateCommandArgs object, which may also carry
// `duration`, `seed`, `load` (overrides, as the CLI options) and `quiet: true`
// (no summary message: automation and tests); or a Uri / uri string of the
// design. Resolves to the SimulateResult, or undefined when nothing ran.
//
// The preview subscribes to `onSimulationResult` to show each run's results
// (charts, the animated diagram): every finished run is published there.
import * as path from 'path';
import * as vscode from 'vscode';
import { type LanguageClient, LSPErrorCodes, ResponseError, WorkDoneProgress, ErrorCodes } from 'vscode-languageclient/node';
import { formatCount, formatDuration, formatPercent, formatRate } from '../../../server/src/estimate/human';
import {
  LANGUAGE_ID, SIMULATE_COMMAND, SIMULATE_REQUEST, SIMULATION_TARGETS_REQUEST,
  type SimulateCommandArgs, type SimulateParams, type SimulateResult, type SimulationScenarioInfo, type SimulationSettings,
  type SimulationTargetsParams, type SimulationTargetsResult,
} from '../../../server/src/protocol';
import { Config } from '../config';
import { asUri } from '../preview/export';
import type { Ctx } from '../ctx';
import type { Command } from './command';

/** A finished run, as published on `onSimulationResult`. */
export interface SimulationRun {
  /** The design simulated. */
  uri: vscode.Uri;
  params: SimulateParams;
  result: SimulateResult;
}

const results = new vscode.EventEmitter<SimulationRun>();

/**
 * Fires after every finished run of this command (cancelled runs too, with
 * their partial results). The preview subscribes to show the results: the
 * hook between the command and the simulation panel.
 */
export const onSimulationResult: vscode.Event<SimulationRun> = results.event;

/** What a run reports while it goes: the simulated fraction (0..1) and a message ("12 s of 60 s simulated"). */
export type SimulationProgress = (fraction: number, message: string | undefined) => void;

let tokens = 0;

/**
 * Sends `sysdesign/simulate` with a work-done token and relays the server's
 * `$/progress` to `onProgress`; cancelling `token` stops the run (the answer
 * is then the partial result, `stopped: 'cancelled'`). For the command and
 * for the preview's own Run button.
 */
export async function requestSimulation(
  client: LanguageClient,
  params: SimulateParams,
  options: { token?: vscode.CancellationToken; onProgress?: SimulationProgress } = {},
): Promise<SimulateResult> {
  const workDoneToken = `sysdesign-simulation-${process.pid}-${Date.now()}-${++tokens}`;
  const subscription = client.onProgress(WorkDoneProgress.type, workDoneToken, (value) => {
    if (value.kind === 'end') return;
    if (value.percentage !== undefined) options.onProgress?.(value.percentage / 100, value.message);
  });
  try {
    return await client.sendRequest<SimulateResult>(SIMULATE_REQUEST, { ...params, workDoneToken } satisfies SimulateParams, options.token);
  } finally {
    subscription.dispose();
  }
}

/**
 * Runs `params` inside a cancellable progress notification titled `title`,
 * for the command and the preview's Run button. The notification's Cancel
 * cancels `cancel` (the preview passes its own, which its page's Cancel
 * button cancels too); `onProgress` sees every report as well.
 */
export async function simulateWithProgress(
  client: LanguageClient,
  params: SimulateParams,
  title: string,
  options: { cancel?: vscode.CancellationTokenSource; onProgress?: SimulationProgress } = {},
): Promise<SimulateResult> {
  const cancel = options.cancel ?? new vscode.CancellationTokenSource();
  try {
    return await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
      const subscription = token.onCancellationRequested(() => cancel.cancel());
      let done = 0;
      try {
        return await requestSimulation(client, params, {
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
}

interface Target {
  uri: vscode.Uri;
  system?: string;
  /** Undefined: ask. '' : a plain run. */
  scenario?: string;
  overrides: SimulationSettings;
  quiet: boolean;
}

function finite(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** Reads the command's argument (a lens's SimulateCommandArgs, a Uri, a uri string) or falls back to the active design. */
function targetOf(arg: unknown): Target | undefined {
  if (arg && typeof arg === 'object' && !(arg instanceof vscode.Uri) && 'uri' in arg) {
    const a = arg as SimulateCommandArgs & SimulationSettings & { quiet?: unknown };
    const uri = asUri(a.uri);
    if (!uri) return undefined;
    const overrides: SimulationSettings = {};
    if (finite(a.duration) !== undefined) overrides.duration = a.duration;
    if (finite(a.seed) !== undefined) overrides.seed = a.seed;
    if (finite(a.load) !== undefined) overrides.load = a.load;
    return {
      uri,
      system: typeof a.system === 'string' && a.system ? a.system : undefined,
      // A lens on a system (no scenario) means the plain run; a lens on a scenario names it.
      scenario: typeof a.scenario === 'string' ? a.scenario : typeof a.system === 'string' ? '' : undefined,
      overrides,
      quiet: a.quiet === true,
    };
  }
  const uri = asUri(arg);
  if (uri) return { uri, overrides: {}, quiet: false };
  const editor = vscode.window.activeTextEditor;
  if (editor && editor.document.languageId === LANGUAGE_ID) return { uri: editor.document.uri, overrides: {}, quiet: false };
  return undefined;
}

function describeScenario(s: SimulationScenarioInfo, defaults: SimulationSettings): string {
  const parts = [
    formatDuration(s.duration ?? defaults.duration ?? 60),
    `seed ${s.seed ?? defaults.seed ?? 1}`,
    `${formatCount(s.load ?? defaults.load ?? 1)}x`,
  ];
  if (s.events > 0) parts.push(`${s.events} event${s.events === 1 ? '' : 's'}`);
  return parts.join(' · ');
}

interface Pick extends vscode.QuickPickItem {
  system?: string;
  scenario?: string;
}

/** Asks which scenario (or the plain run) to simulate; undefined when dismissed. */
async function pickScenario(client: LanguageClient, target: Target, defaults: SimulationSettings): Promise<{ system?: string; scenario: string } | undefined> {
  const targets = await client.sendRequest<SimulationTargetsResult>(SIMULATION_TARGETS_REQUEST, { uri: target.uri.toString() } satisfies SimulationTargetsParams);
  const systems = targets.systems.filter((s) => target.system === undefined || s.name === target.system || s.title === target.system);
  if (systems.length === 0) {
    void vscode.window.showWarningMessage('Sysdesign: this file declares no system to simulate.');
    return undefined;
  }
  if (systems.length === 1 && systems[0].scenarios.length === 0) return { system: systems[0].name, scenario: '' };
  const settings = `${formatDuration(defaults.duration ?? 60)} · seed ${defaults.seed ?? 1} · ${formatCount(defaults.load ?? 1)}x`;
  const items: Pick[] = [];
  for (const system of systems) {
    if (systems.length > 1) items.push({ label: system.title ?? system.name, kind: vscode.QuickPickItemKind.Separator });
    items.push({ label: '$(play) Default run', description: settings, detail: 'No scenario: the design as written, with the sysdesign.simulation settings.', system: system.name, scenario: '' });
    for (const s of system.scenarios) items.push({ label: `$(beaker) ${s.name}`, description: describeScenario(s, defaults), system: system.name, scenario: s.name });
  }
  const picked = await vscode.window.showQuickPick(items, { title: 'Sysdesign: Run Simulation', placeHolder: 'Scenario to simulate', matchOnDescription: true });
  return picked ? { system: picked.system, scenario: picked.scenario ?? '' } : undefined;
}

function plural(n: number, word: string): string {
  return `${formatCount(n)} ${word}${n === 1 ? '' : 's'}`;
}

/** One line for people: what ran and how it went. */
export function simulationSummary(r: SimulateResult): string {
  const what = `${r.system}${r.scenario ? ` · ${r.scenario}` : ' (default run)'}`;
  const req = r.result.requests;
  const sent = req.completed + req.failed + req.dropped;
  const errors = req.failed + req.dropped;
  const p95 = r.result.latency_ms.p95;
  const parts = [
    `${formatRate(r.result.throughput_rps ?? 0)}`,
    `p95 ${p95 === null ? '—' : formatDuration(p95 / 1000)}`,
    errors > 0 ? `errors ${formatPercent(errors / Math.max(1, sent))} (${formatCount(req.failed)} failed, ${formatCount(req.dropped)} dropped)` : 'no errors',
  ];
  if (r.bottlenecks.length > 0) parts.push(`${plural(r.bottlenecks.length, 'bottleneck')} (see Problems)`);
  const stopped = r.stopped === 'cancelled'
    ? ` Cancelled after ${formatDuration(r.simulated)} of ${formatDuration(r.duration)}.`
    : r.stopped === 'max-events'
      ? ` Stopped at the event limit after ${formatDuration(r.simulated)} of ${formatDuration(r.duration)}.`
      : r.stopped === 'memory'
        ? ` Stopped at the memory ceiling (too many requests in flight) after ${formatDuration(r.simulated)} of ${formatDuration(r.duration)}.`
        : '';
  const errorsNote = r.errors > 0 ? ` The design has ${plural(r.errors, 'error')}: what could be read was simulated.` : '';
  return `Simulation of ${what}, seed ${r.seed}: ${parts.join(', ')}.${stopped}${errorsNote}`;
}

function slug(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'simulation';
}

/** Asks where to save, and writes the run's JSON (byte-identical to `sysdesign simulate --format json`). */
export async function saveJson(design: vscode.Uri, r: SimulateResult): Promise<void> {
  const base = path.posix.basename(design.path).replace(/\.sysdesign$/, '');
  const name = `${slug(base)}-${slug(r.scenario || 'default')}-seed${r.seed}.json`;
  const folder = design.scheme === 'file' ? vscode.Uri.joinPath(design, '..') : (vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(process.cwd()));
  const file = await vscode.window.showSaveDialog({
    title: 'Save Simulation Results',
    defaultUri: vscode.Uri.joinPath(folder, name),
    filters: { JSON: ['json'] },
    saveLabel: 'Save',
  });
  if (!file) return;
  await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(`${JSON.stringify(r.result, null, 2)}\n`));
  void vscode.window.showInformationMessage(`Sysdesign: saved the simulation results to ${path.basename(file.fsPath)}.`);
}

function showSummary(design: vscode.Uri, r: SimulateResult): void {
  const actions = ['Save JSON…', ...(r.bottlenecks.length > 0 ? ['Show Problems'] : [])];
  const message = `Sysdesign: ${simulationSummary(r)}`;
  const shown = r.stopped === 'duration' ? vscode.window.showInformationMessage(message, ...actions) : vscode.window.showWarningMessage(message, ...actions);
  void shown.then((choice) => {
    if (choice === 'Save JSON…') void saveJson(design, r);
    else if (choice === 'Show Problems') void vscode.commands.executeCommand('workbench.actions.view.problems');
  });
}

/** The command's body: see the header. */
export async function simulateDesign(ctx: Ctx, arg?: unknown): Promise<SimulateResult | undefined> {
  const target = targetOf(arg);
  if (!target) {
    void vscode.window.showInformationMessage('Open a .sysdesign file to simulate it.');
    return undefined;
  }
  const client = await ctx.readyClient();
  if (!client) {
    void vscode.window.showWarningMessage('The Sysdesign language server is not running; see the Sysdesign output.');
    return undefined;
  }
  // The server simulates open documents (the text as it is in the editor, saved or not).
  await vscode.workspace.openTextDocument(target.uri);
  const defaults = new Config(target.uri).simulation;

  let system = target.system;
  let scenario = target.scenario;
  if (scenario === undefined) {
    const picked = await pickScenario(client, target, defaults);
    if (!picked) return undefined;
    system = picked.system;
    scenario = picked.scenario;
  }

  const params: SimulateParams = {
    uri: target.uri.toString(),
    ...(system !== undefined ? { system } : {}),
    ...(scenario ? { scenario } : {}),
    ...target.overrides,
    defaults,
  };
  const title = `Sysdesign: simulating ${system ?? 'the design'}${scenario ? ` · ${scenario}` : ''}`;
  let result: SimulateResult;
  try {
    result = await simulateWithProgress(client, params, title);
  } catch (err) {
    if (err instanceof ResponseError && err.code === LSPErrorCodes.RequestCancelled) {
      void vscode.window.showInformationMessage('Sysdesign: the simulation was cancelled.');
    } else if (err instanceof ResponseError && err.code === ErrorCodes.InvalidParams) {
      void vscode.window.showWarningMessage(`Sysdesign: ${err.message}`);
    } else {
      const message = err instanceof Error ? err.message : String(err);
      ctx.log(`simulation failed: ${message}`);
      void vscode.window.showErrorMessage(`Sysdesign: the simulation failed: ${message}`);
    }
    return undefined;
  }
  ctx.log(`simulated ${result.system}${result.scenario ? ` / ${result.scenario}` : ''} (seed ${result.seed}): ${result.events} events in ${result.wallSeconds} s, ${result.stopped}`);
  results.fire({ uri: target.uri, params, result });
  if (!target.quiet) showSummary(target.uri, result);
  return result;
}

export const runSimulation: Command = {
  id: SIMULATE_COMMAND,
  create: (ctx) => (arg?: unknown) => simulateDesign(ctx, arg),
};

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
// The run itself goes through the simulation service (ctx.simulation), which
// publishes it: the preview shows each run's results (charts, the animated
// diagram) from there.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { formatCount, formatDuration, formatPercent, formatRate } from '../../../server/src/estimate/human';
import {
  LANGUAGE_ID, SIMULATE_COMMAND, SimulationTargetsRequest,
  type SimulateCommandArgs, type SimulateParams, type SimulateResult, type SimulationScenarioInfo, type SimulationSettings,
} from '../../../server/src/protocol';
import { Config } from '../config';
import type { Ctx } from '../ctx';
import { asUri } from '../designs';
import { languageClientLibrary } from '../languageclient';
import { saveJson } from '../simulation/save';
import type { Command } from './command';

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

/** Settings as a run uses them: the scenario's own, else the user's, else the language's. */
function describeScenario(s: SimulationScenarioInfo, settings: SimulationSettings, language: Required<SimulationSettings>): string {
  const parts = [
    formatDuration(s.duration ?? settings.duration ?? language.duration),
    `seed ${s.seed ?? settings.seed ?? language.seed}`,
    `${formatCount(s.load ?? settings.load ?? language.load)}x`,
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
  const targets = await client.sendRequest(SimulationTargetsRequest, { uri: target.uri.toString() });
  const systems = targets.systems.filter((s) => target.system === undefined || s.name === target.system || s.title === target.system);
  if (systems.length === 0) {
    void vscode.window.showWarningMessage('Sysdesign: this file declares no system to simulate.');
    return undefined;
  }
  if (systems.length === 1 && systems[0].scenarios.length === 0) return { system: systems[0].name, scenario: '' };
  const settings = describeScenario({ name: '', events: 0 }, defaults, targets.defaults);
  const items: Pick[] = [];
  for (const system of systems) {
    if (systems.length > 1) items.push({ label: system.title ?? system.name, kind: vscode.QuickPickItemKind.Separator });
    items.push({ label: '$(play) Default run', description: settings, detail: 'No scenario: the design as written, with the sysdesign.simulation settings.', system: system.name, scenario: '' });
    for (const s of system.scenarios) items.push({ label: `$(beaker) ${s.name}`, description: describeScenario(s, defaults, targets.defaults), system: system.name, scenario: s.name });
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
    result = await ctx.simulation.run(client, params, title);
  } catch (err) {
    const { ErrorCodes, LSPErrorCodes, ResponseError } = languageClientLibrary();
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
  if (!target.quiet) showSummary(target.uri, result);
  return result;
}

export const runSimulation: Command = {
  id: SIMULATE_COMMAND,
  create: (ctx) => (arg?: unknown) => simulateDesign(ctx, arg),
};

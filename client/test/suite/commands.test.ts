// Every contributed command runs; the manifest and the client's tables agree;
// commands still answer while the server restarts.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { COMMANDS } from '../../src/commands';
import { Config, SECTION, SETTINGS } from '../../src/config';
import { WAIT_MS, activateAndWaitForServer, codeValue, extension, openAndWaitForDiagnostics, withTimeout } from './helpers';

interface ContributedCommand {
  command: string;
  title: string;
  category?: string;
}

interface ContributedSetting {
  default?: unknown;
  description?: string;
  markdownDescription?: string;
}

function manifest(): {
  commands: ContributedCommand[];
  settings: Record<string, ContributedSetting>;
} {
  const json = extension().packageJSON as {
    contributes: { commands: ContributedCommand[]; configuration: { properties: Record<string, ContributedSetting> } };
  };
  return { commands: json.contributes.commands, settings: json.contributes.configuration.properties };
}

suite('Commands and settings', () => {
  suiteSetup(async () => {
    await activateAndWaitForServer();
  });

  test('the command table and the manifest list the same commands', () => {
    const contributed = manifest().commands.map((c) => c.command).sort();
    const registered = COMMANDS.map((c) => c.id).sort();
    assert.deepStrictEqual(registered, contributed);
    for (const c of manifest().commands) assert.strictEqual(c.category, 'Sysdesign', `${c.command} has category Sysdesign`);
  });

  test('every contributed command is registered', async () => {
    const all = new Set(await vscode.commands.getCommands(true));
    for (const { command } of manifest().commands) assert.ok(all.has(command), `${command} is not registered`);
  });

  test('every contributed command runs without throwing', async () => {
    for (const { command } of manifest().commands) {
      await withTimeout(vscode.commands.executeCommand(command), WAIT_MS, command);
    }
    const api = await activateAndWaitForServer();
    assert.strictEqual(await api.serverReady(), true);
  });

  test('restarting twice at once is safe, and other commands answer meanwhile', async () => {
    const first = vscode.commands.executeCommand<boolean>('sysdesign.restartServer');
    const second = vscode.commands.executeCommand<boolean>('sysdesign.restartServer');
    await withTimeout(vscode.commands.executeCommand('sysdesign.showOutput'), WAIT_MS, 'showOutput during a restart');
    assert.deepStrictEqual(await withTimeout(Promise.all([first, second]), WAIT_MS, 'the restarts'), [true, true]);
    // And the restarted server works.
    const { diagnostics } = await openAndWaitForDiagnostics('system "S" {\n  a -> b\n}\n', (ds) => ds.length > 0);
    assert.ok(diagnostics.some((d) => codeValue(d) === 'unknown-reference'));
  });

  test('every contributed setting is described and known to config.ts', () => {
    const { settings } = manifest();
    const contributed = Object.keys(settings).sort();
    const known = Object.keys(SETTINGS).map((k) => `${SECTION}.${k}`).sort();
    assert.deepStrictEqual(contributed, known);
    for (const [key, spec] of Object.entries(settings)) {
      assert.ok(spec.description || spec.markdownDescription, `${key} has no description`);
    }
  });

  test('typed settings default to the manifest defaults', () => {
    const { settings } = manifest();
    const config = new Config();
    const inspectDefault = (key: string): unknown => settings[`${SECTION}.${key}`]?.default;
    // Only meaningful where the test profile leaves the setting alone.
    const unset = (key: string): boolean => {
      const i = vscode.workspace.getConfiguration(SECTION).inspect(key);
      return i?.globalValue === undefined && i?.workspaceValue === undefined && i?.workspaceFolderValue === undefined;
    };
    if (unset('trace.server')) assert.strictEqual(config.traceServer, inspectDefault('trace.server'));
    if (unset('inlayHints.enabled')) assert.strictEqual(config.inlayHintsEnabled, inspectDefault('inlayHints.enabled'));
    if (unset('preview.direction')) assert.strictEqual(config.previewDirection, inspectDefault('preview.direction'));
    if (unset('rules')) assert.deepStrictEqual(config.rules, inspectDefault('rules'));
    const sim = config.simulation;
    if (unset('simulation.duration')) assert.strictEqual(sim.duration, inspectDefault('simulation.duration'));
    if (unset('simulation.seed')) assert.strictEqual(sim.seed, inspectDefault('simulation.seed'));
    if (unset('simulation.load')) assert.strictEqual(sim.load, inspectDefault('simulation.load'));
  });
});

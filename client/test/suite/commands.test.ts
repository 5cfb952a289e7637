// Every contributed command runs (the list read from the manifest at run time;
// the export commands given a target file instead of their save dialog, the
// simulation a plain run instead of its quick pick); the
// manifest and the client's tables agree;
// commands still answer while the server restarts.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
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

let tmp: string;

/** A copy of a showcase sample in a temporary folder (nothing a command writes lands in the repository). */
function openDesignCopy(): vscode.Uri {
  const samples = path.join(extension().extensionPath, 'samples');
  const name = fs.existsSync(path.join(samples, 'url-shortener.sysdesign'))
    ? 'url-shortener.sysdesign'
    : fs.readdirSync(samples).filter((f) => f.endsWith('.sysdesign')).sort()[0];
  assert.ok(name, `no sample design in ${samples}`);
  const file = path.join(tmp, name);
  fs.copyFileSync(path.join(samples, name), file);
  return vscode.Uri.file(file);
}

/**
 * Runs a command. One that asks for input the test did not give (a quick
 * pick, an input box) would wait forever: for as long as the command runs,
 * any quick input is dismissed (as a user pressing Escape would), and the
 * command must then finish without an error. This waits on the command, not
 * on a fixed time.
 */
async function runCommand(command: string, ...args: unknown[]): Promise<unknown> {
  let finished = false;
  const running = Promise.resolve(vscode.commands.executeCommand(command, ...args)).finally(() => (finished = true));
  const dismissing = (async () => {
    while (!finished) {
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  })();
  try {
    return await withTimeout(running, WAIT_MS, command);
  } finally {
    finished = true;
    await dismissing;
  }
}

suite('Commands and settings', () => {
  suiteSetup(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sysdesign-commands-'));
    await activateAndWaitForServer();
  });

  suiteTeardown(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
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

  test('every contributed command runs without throwing, with a design open', async () => {
    // The list is read from the manifest at run time, so new commands are covered as they come.
    const design = openDesignCopy();
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(design));
    const failures: string[] = [];
    for (const { command } of manifest().commands) {
      try {
        const exportFormat = /^sysdesign\.export(svg|png)$/i.exec(command)?.[1]?.toLowerCase();
        if (exportFormat) {
          // Export commands ask where to save with a dialog unless given the
          // design and the target file (their documented optional arguments).
          const target = vscode.Uri.file(path.join(tmp, `${command}.${exportFormat}`));
          await runCommand(command, design, target);
          assert.ok(fs.existsSync(target.fsPath), `wrote no ${target.fsPath}`);
          const data = fs.readFileSync(target.fsPath);
          if (exportFormat === 'svg') assert.match(data.toString('utf8'), /<svg[\s>]/, 'wrote no SVG');
          else assert.ok(data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])), 'wrote no PNG');
          console.log(`      ${command}: wrote ${data.length} bytes of ${exportFormat.toUpperCase()}`);
        } else if (command === 'sysdesign.runSimulation') {
          // Without a scenario it asks with a quick pick: pass the documented
          // SimulateCommandArgs for a plain run instead (short, and quiet: no
          // summary message).
          const result = (await runCommand(command, { uri: design.toString(), scenario: '', duration: 5, quiet: true })) as
            | { events?: number; stopped?: string }
            | undefined;
          assert.ok(result, 'the simulation returned no result');
          console.log(`      ${command}: simulated ${String(result.events)} events (${String(result.stopped)})`);
        } else {
          await runCommand(command);
          console.log(`      ${command}: ran`);
        }
      } catch (err) {
        failures.push(`${command}: ${err instanceof Error ? err.message : String(err)}`);
        console.log(`      ${command}: FAILED`);
      }
      // Keep the design the active editor for the next command.
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(design), vscode.ViewColumn.One);
    }
    assert.deepStrictEqual(failures, [], 'commands that failed');
    const api = await activateAndWaitForServer();
    assert.strictEqual(await api.serverReady(), true);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
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
    // config.rules has no prototype (rule ids are the design's words): compare entries, not objects.
    if (unset('rules')) assert.deepStrictEqual(Object.entries(config.rules), Object.entries((inspectDefault('rules') ?? {}) as object));
    const sim = config.simulation;
    if (unset('simulation.duration')) assert.strictEqual(sim.duration, inspectDefault('simulation.duration'));
    if (unset('simulation.seed')) assert.strictEqual(sim.seed, inspectDefault('simulation.seed'));
    if (unset('simulation.load')) assert.strictEqual(sim.load, inspectDefault('simulation.load'));
  });
});

// Typed access to the `sysdesign.*` settings. The manifest (package.json,
// contributes.configuration) declares them; this file is the one place the
// client reads them, checks their values and knows which ones take effect
// only after the language server restarts.
//
// The server receives the whole `sysdesign` section too (the client
// synchronises it, see ctx.ts), so rule severities and inlay hints are
// applied there without a restart.
import * as vscode from 'vscode';
import type { SimulationSettings } from '../../server/src/protocol';

export const SECTION = 'sysdesign';

export type TraceLevel = 'off' | 'messages' | 'verbose';
export type RuleSeverity = 'error' | 'warning' | 'info' | 'off';
export type PreviewDirection = 'auto' | 'right' | 'down';


interface SettingSpec {
  /** True when a change only takes effect after the server restarts. */
  readonly restart: boolean;
}

/**
 * Every contributed setting (key relative to `sysdesign.`). A test checks this
 * table against the manifest, so adding a setting means adding it here.
 */
export const SETTINGS = {
  // vscode-languageclient re-reads `<id>.trace.server` on every change.
  'trace.server': { restart: false },
  rules: { restart: false },
  'inlayHints.enabled': { restart: false },
  'preview.direction': { restart: false },
  'simulation.duration': { restart: false },
  'simulation.seed': { restart: false },
  'simulation.load': { restart: false },
} as const satisfies Record<string, SettingSpec>;

export type SettingKey = keyof typeof SETTINGS;

const TRACE_LEVELS: readonly TraceLevel[] = ['off', 'messages', 'verbose'];
const SEVERITIES: readonly RuleSeverity[] = ['error', 'warning', 'info', 'off'];
const DIRECTIONS: readonly PreviewDirection[] = ['auto', 'right', 'down'];

function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

function finiteNumber<F extends number | undefined>(value: unknown, fallback: F, ok: (n: number) => boolean): number | F {
  return typeof value === 'number' && Number.isFinite(value) && ok(value) ? value : fallback;
}

/**
 * A view of the settings for one scope (a document or folder; the whole
 * window when omitted). Getters read the current value every time, and fall
 * back to the default when a hand-edited settings.json holds a bad value.
 */
export class Config {
  constructor(private readonly scope?: vscode.ConfigurationScope) {}

  private get raw(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration(SECTION, this.scope);
  }

  get traceServer(): TraceLevel {
    return oneOf(this.raw.get('trace.server'), TRACE_LEVELS, 'off');
  }

  /** Rule id → severity overrides; entries with unknown severities are dropped. */
  get rules(): Readonly<Record<string, RuleSeverity>> {
    const value = this.raw.get<unknown>('rules');
    const out: Record<string, RuleSeverity> = Object.create(null); // keyed by user settings: no prototype keys
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [id, severity] of Object.entries(value)) {
        if ((SEVERITIES as readonly unknown[]).includes(severity)) out[id] = severity as RuleSeverity;
      }
    }
    return out;
  }

  get inlayHintsEnabled(): boolean {
    const value = this.raw.get<unknown>('inlayHints.enabled');
    return typeof value === 'boolean' ? value : true;
  }

  get previewDirection(): PreviewDirection {
    return oneOf(this.raw.get('preview.direction'), DIRECTIONS, 'auto');
  }

  /**
   * What the user (or the workspace) wrote for a setting, undefined when
   * nothing did. `get` would answer VS Code's stand-in for a setting with no
   * manifest default (0 for a number), and 0 is a valid seed.
   */
  private userValue(key: SettingKey): unknown {
    const i = this.raw.inspect(key);
    return i?.workspaceFolderLanguageValue ?? i?.workspaceFolderValue ?? i?.workspaceLanguageValue ?? i?.workspaceValue ?? i?.globalLanguageValue ?? i?.globalValue;
  }

  /**
   * The simulation settings the user set (and valid); each one left out
   * falls back, on the server, to the language's default.
   */
  get simulation(): SimulationSettings {
    const out: SimulationSettings = {};
    const duration = finiteNumber(this.userValue('simulation.duration'), undefined, (n) => n > 0);
    const seed = finiteNumber(this.userValue('simulation.seed'), undefined, (n) => Number.isInteger(n) && n >= 0);
    const load = finiteNumber(this.userValue('simulation.load'), undefined, (n) => n > 0);
    if (duration !== undefined) out.duration = duration;
    if (seed !== undefined) out.seed = seed;
    if (load !== undefined) out.load = load;
    return out;
  }
}

/** The changed settings that need a server restart to take effect (`sysdesign.`-qualified). */
export function changesNeedingRestart(e: vscode.ConfigurationChangeEvent): string[] {
  return (Object.keys(SETTINGS) as SettingKey[])
    .filter((key) => SETTINGS[key].restart)
    .map((key) => `${SECTION}.${key}`)
    .filter((key) => e.affectsConfiguration(key));
}

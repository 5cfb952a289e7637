// The typed contract between the sysdesign language server and its clients
// (the VS Code extension, the preview webview, tests): identifiers every side
// must agree on, and the custom requests beyond standard LSP, each a
// `RequestType<Params, Result, void>` that the server registers
// (`connection.onRequest(SimulateRequest, …)`) and the client sends
// (`client.sendRequest(SimulateRequest, …)`), so a method's name, params and
// result are stated once, here (the shape of vscode-eslint's
// customMessages.ts and rust-analyzer's lsp_ext.ts).
//
// At run time this file loads only vscode-jsonrpc's message classes (a few
// hundred lines with no Node.js imports: the extension loads it while VS Code
// waits on activation, and the webview may bundle it). The types of the
// drawing and of a simulation's JSON come from the core as `import type`,
// erased from the output.
import { RequestType } from 'vscode-jsonrpc/lib/common/messages';

/** The language id of `.sysdesign` documents. */
export const LANGUAGE_ID = 'sysdesign';

/** File extension of design files, with the dot. */
export const FILE_EXTENSION = '.sysdesign';

/** `source` of every diagnostic the server publishes. */
export const DIAGNOSTIC_SOURCE = 'sysdesign';

/** Name the server reports in `initialize`'s serverInfo. */
export const SERVER_NAME = 'sysdesign-language-server';

/**
 * Semantic token legend. The server encodes with these indices; a client that
 * themes tokens itself (the preview's source view) decodes with them.
 */
export const SEMANTIC_TOKEN_TYPES = [
  'keyword', // system, query, scenario, table, at, event actions
  'type', // component kinds; technologies (with defaultLibrary)
  'variable', // component names
  'property', // property, block, flag and attribute names; columns
  'enumMember', // enum values, true/false
  'number', // numbers, quantities, rates
  'string',
  'comment',
  'function', // calls: exp(…), hash(…); query names
  'operator', // -> = ..
  'struct', // table names
  'namespace', // system names
  'event', // scenario names
] as const;
export type SemanticTokenType = (typeof SEMANTIC_TOKEN_TYPES)[number];

export const SEMANTIC_TOKEN_MODIFIERS = ['declaration', 'defaultLibrary'] as const;
export type SemanticTokenModifier = (typeof SEMANTIC_TOKEN_MODIFIERS)[number];

/**
 * Options the client may pass as `initializationOptions`. Every field is
 * optional; the server works with none.
 */
export interface InitializationOptions {
  /** Skip reading `.sysdesign` files from disk for workspace symbols (open documents still count). */
  workspaceSymbolsFromDisk?: boolean;
}

// Custom requests go below, each with its params and result interfaces next
// to it. There are no custom notifications: progress and cancellation use
// LSP's own (`$/progress`, `$/cancelRequest`).

// ---- Estimates (Sysdesign: Show Estimates) --------------------------------

/** Request: the estimate report of a document, as markdown (a table per system). */
export const EstimatesRequest = new RequestType<EstimatesParams, EstimatesResult, void>('sysdesign/estimates');

export interface EstimatesParams {
  uri: string;
}

export interface EstimatesResult {
  markdown: string;
  /** Systems that could be estimated. */
  systems: number;
}

// ---- Diagram preview (Sysdesign: Open Preview, Export Diagram) ------------
//
// The server owns analysis and layout; the extension asks for a document's
// drawing with `sysdesign/diagram` and relays it to the preview webview, which
// renders it (server/src/diagram/svg.ts runs in the page too). The drawing is
// the diagram core's plain JSON (`Drawing`): it is imported here as a type
// only, so this file still loads nothing from the core at run time.
//
// Webview messages travel through VS Code's postMessage (structured clone),
// never as markup: every string from the design reaches the page as data.

import type { Drawing } from './diagram/types';

/** Request: the laid-out drawing of one system of an open document. */
export const DiagramRequest = new RequestType<DiagramParams, DiagramResult, void>('sysdesign/diagram');

export type DiagramDirection = 'auto' | 'right' | 'down';

export interface DiagramParams {
  uri: string;
  /** The version the client has; informational (the server answers for its current version). */
  version?: number;
  /** System name (or title); default the first system of the file. */
  system?: string;
  /** Direction for systems that do not set `layout` (the `sysdesign.preview.direction` setting). */
  direction?: DiagramDirection;
  /**
   * Width / height of the panel the drawing is shown in: `auto` layouts
   * (the default) choose the direction or wrapping that fits it. Default 1.6.
   */
  aspect?: number;
  /** Draw only this `view` of the system; default the whole system. */
  view?: string;
}

/** A `view NAME "title"` of the system drawn, for the preview's view picker. */
export interface DiagramViewInfo {
  name: string;
  title?: string;
}

export interface DiagramSystemInfo {
  name: string;
  title?: string;
}

export type DiagramSeverity = 'error' | 'warning' | 'info';

/** The diagnostics of one node: drawn as a badge whose tooltip lists the messages. */
export interface DiagramBadge {
  /** The worst severity among the messages. */
  severity: DiagramSeverity;
  /** Worst first. */
  messages: string[];
  /** Source range of the first message's diagnostic: clicking the badge reveals it. */
  at?: SourceSpan;
}

/**
 * How the drawing was obtained: `full` a new layout; `restyle` the previous
 * layout with new text and properties (the graph's shape did not change);
 * `stale` the last drawing made before the current syntax errors; `none` no
 * drawing (see `error`).
 */
export type DiagramLayoutKind = 'full' | 'restyle' | 'stale' | 'none';

export interface DiagramResult {
  uri: string;
  /** The document version the server answered for. */
  version: number;
  /** The version whose text the drawing shows (older than `version` when `stale`). */
  drawnVersion: number;
  /** Every system of the file, for the picker. */
  systems: DiagramSystemInfo[];
  /** The system drawn (its name), when there is one. */
  system?: string;
  /** The views the drawn system declares, for the view picker. */
  views?: DiagramViewInfo[];
  /** The view drawn, when the drawing is one view rather than the whole system. */
  view?: string;
  drawing?: Drawing;
  /** Diagnostics per node id. */
  badges: Record<string, DiagramBadge>;
  /** The current text has syntax errors: the drawing is the last good one (or what could be read). */
  stale: boolean;
  layout: DiagramLayoutKind;
  /** Why there is no drawing (no system in the file, the document is not open, layout failed). */
  error?: string;
}

/** Webview state kept by VS Code across reloads (getState/setState and the panel serializer). */
export interface PreviewState {
  uri?: string;
  system?: string;
  /** Pan and zoom: the drawing coordinate at the viewport's top-left, and pixels per unit. */
  view?: { x: number; y: number; scale: number };
}

/** Extension -> webview. */
export type ToWebviewMessage =
  | ({ type: 'drawing'; fileName: string } & DiagramResult)
  | { type: 'highlight'; node?: string; edge?: string }
  | { type: 'status'; message: string }
  | SimulationToWebviewMessage;

export interface SourceSpan {
  start: number;
  end: number;
}

/** Webview -> extension. */
export type FromWebviewMessage =
  | { type: 'ready' }
  | { type: 'reveal'; kind: 'node' | 'edge' | 'badge'; id: string; span: SourceSpan }
  /** The diagram's viewport was resized: its width / height, for `auto` layouts. */
  | { type: 'viewport'; width: number; height: number }
  | { type: 'selectSystem'; system: string }
  /** A view of the drawn system, or undefined for the whole system. */
  | { type: 'selectView'; view?: string }
  | { type: 'rendered'; uri: string; version: number; system?: string; nodes: number; edges: number }
  | { type: 'export'; format: 'svg' | 'png' }
  | { type: 'error'; message: string }
  | SimulationFromWebviewMessage;

/** The preview's webview panel type (also its serializer's key). */
export const PREVIEW_VIEW_TYPE = 'sysdesign.preview';

// ---- Simulation (Sysdesign: Run Simulation, "Simulate" lenses, the preview's simulation panel)
//
// The server runs each simulation in its own worker thread (server/src/lsp/
// simulation.ts), so diagnostics, completion and hover stay responsive while
// it runs. The run is of the document's text when the request arrives.
//
// - Progress: pass a `workDoneToken` (LSP work-done progress, created by the
//   client): the server sends `$/progress` begin / report / end on it, with
//   `percentage` (0–100, simulated time done) and a message such as
//   "12 s of 60 s simulated".
// - Cancellation: `$/cancelRequest` (a CancellationToken in
//   vscode-languageclient) stops the run within milliseconds and the request
//   answers with what was simulated so far: a normal SimulateResult with
//   `stopped: 'cancelled'` (docs/simulation.md: a run "always reports what it has so
//   far"). Only if the worker does not answer within 2 s of the cancellation is
//   it terminated, and the request then fails with RequestCancelled (-32800).
// - Errors: a document that is not open, no system, an unknown system or
//   scenario, or a bad option fail with InvalidParams (-32602) and a message
//   for people (listing the scenarios, for an unknown one).
// - Bottlenecks in the editor: after a run whose text is still the document's
//   current version, every component that saturated, dropped or failed
//   requests gets an Information diagnostic with source SIM_DIAGNOSTIC_SOURCE
//   on its name ("Simulation (black_friday, seed 42): `api` queued more than
//   100 requests from t = 12.3 s (queue max 412, utilization 97%)"), kept until
//   the document's next edit (or the next run of that document).
//
// Figures are rounded to 6 significant digits; a figure with no observation
// (or not finite) is null.

import type { SimJson, StopReason } from './sim/results';

/** Request: run one simulation of one system of an open document. */
export const SimulateRequest = new RequestType<SimulateParams, SimulateResult, void>('sysdesign/simulate');

/** Request: the systems of a document and their scenarios (pickers: the Run Simulation command, the preview's panel). */
export const SimulationTargetsRequest = new RequestType<SimulationTargetsParams, SimulationTargetsResult, void>('sysdesign/simulationTargets');

/** `source` of the bottleneck diagnostics a run leaves on the components. */
export const SIM_DIAGNOSTIC_SOURCE = 'sysdesign-sim';

/** Client command of the "Simulate" lenses: one argument, SimulateCommandArgs. */
export const SIMULATE_COMMAND = 'sysdesign.runSimulation';

/** The argument of SIMULATE_COMMAND: no `scenario` is a plain (default) run of the system. */
export interface SimulateCommandArgs {
  uri: string;
  system?: string;
  scenario?: string;
}

/** Run settings: duration in simulated seconds, seed an integer, load a multiplier of every client's rate. */
export interface SimulationSettings {
  duration?: number;
  seed?: number;
  load?: number;
}

export interface SimulateParams extends SimulationSettings {
  uri: string;
  /** System name (or title); default the one declaring `scenario`, else the first. */
  system?: string;
  /** Scenario name; omitted or '' for a plain run. */
  scenario?: string;
  /**
   * For what neither these params nor the scenario set (the
   * `sysdesign.simulation.*` settings). `duration`, `seed` and `load` above
   * override the scenario's; these do not.
   */
  defaults?: SimulationSettings;
  /** Client requests to follow (1 to 1,000): `result.traces`, as `simulate --trace N` gives them. */
  trace?: number;
  /** LSP work-done progress token, created by the client. */
  workDoneToken?: string | number;
}

/** Raw figures of one component (regions and groups left out), for the preview's diagram and tables. */
export interface SimComponentFigures {
  name: string;
  kind: string;
  /** Has stations (cores and queues): utilization, queues and instances are meaningful. */
  stations: boolean;
  /** Requests per second that arrived / completed here. */
  arrivalRate: number | null;
  throughput: number | null;
  /** Busiest station role's utilization, 0..1 (above 1 never: it saturates instead). */
  utilization: number | null;
  meanQueue: number | null;
  maxQueue: number;
  completed: number;
  failed: number;
  dropped: number;
  stale: number;
  timeouts: number;
  /** Caller-side response time (including its downstream calls), milliseconds. */
  latencyMeanMs: number | null;
  latencyP95Ms: number | null;
  instancesMax: number;
  instancesFinal: number;
  /** Caches and CDNs: observed hit ratio. */
  hitRatio: number | null;
  /** Simulated seconds when its queue first passed 100 requests or it first dropped one; null if never. */
  saturatedAt: number | null;
  /** Queues and streams: most unprocessed messages. */
  backlogMax: number | null;
}

/** Requests (or messages) per second over one connection. */
export interface SimEdgeFigures {
  from: string;
  to: string;
  label: string;
  async: boolean;
  throughput: number | null;
}

/** Simulated versus analytic figures of one component (the instant estimate behind lint and inlay hints). */
export interface SimComparisonRow {
  component: string;
  kind: string;
  simulated: { throughputRps: number | null; utilization: number | null; latencyMs: number | null };
  analytic: { throughputRps: number | null; utilization: number | null; latencyMs: number | null };
}

export interface SimComparison {
  /**
   * The analytic side is the estimate at the design's peak, scaled to the
   * run's load: rates and utilization linearly (exact for fixed instance
   * counts); latency (M/M/c along the synchronous paths) only at load 1, else
   * null. Autoscaled components are estimated at their `max` instances.
   */
  load: number;
  rows: SimComparisonRow[];
  notes: string[];
}

/** One component that saturated, dropped or failed requests (also published as a `sysdesign-sim` diagnostic). */
export interface SimBottleneck {
  component: string;
  /** Simulated seconds when it started; null when unknown. */
  at: number | null;
  /** The diagnostic's message. */
  message: string;
  /** The component's name in the document (LSP range, 0-based). */
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

export interface SimulateResult {
  uri: string;
  /** The document version that was simulated. */
  version: number;
  system: string;
  /** '' for a plain run. */
  scenario: string;
  seed: number;
  load: number;
  /** Simulated seconds asked for, and covered (less when stopped early). */
  duration: number;
  simulated: number;
  warmup: number;
  stopped: StopReason;
  events: number;
  /** Wall-clock seconds of the run (not in `result`: it differs between runs). */
  wallSeconds: number;
  /** Error diagnostics in the simulated text: the run covers what could be read. */
  errors: number;
  /** Exactly `sysdesign simulate --format json` (`toJson`): JSON.stringify(result, null, 2) + '\n' is byte-identical to the CLI's output. */
  result: SimJson;
  components: SimComponentFigures[];
  edges: SimEdgeFigures[];
  comparison: SimComparison;
  /**
   * The estimate's monthly cost in US dollars (docs/cost.md), as in
   * `sysdesign estimate --format json`; null when the system cannot be
   * estimated. The run's SLO verdicts are `result.slo`.
   */
  cost: { monthly_usd: number; components: Record<string, number> } | null;
  bottlenecks: SimBottleneck[];
  /** What the simulation simplified or ignored. */
  notes: string[];
  /** Each component's declaration in the simulated text (for revealing a traced request's hop). */
  componentSpans: Record<string, SourceSpan>;
}

export interface SimulationTargetsParams {
  uri: string;
}

export interface SimulationScenarioInfo {
  name: string;
  /** As the scenario sets them (seconds, integer, multiplier); absent when it does not. */
  duration?: number;
  seed?: number;
  load?: number;
  /** Timed events (`at 2m: stop db`). */
  events: number;
}

export interface SimulationTargetsResult {
  systems: { name: string; title?: string; scenarios: SimulationScenarioInfo[] }[];
  /**
   * What a run uses where neither the scenario nor the settings say: the
   * language's own defaults, so a client never restates them.
   */
  defaults: Required<SimulationSettings>;
}

// ---- The preview's simulation section (messages between the webview and the extension)

/** Extension -> webview: the scenarios to pick from, a run's progress, a finished run. */
export type SimulationToWebviewMessage =
  | { type: 'simulationTargets'; system?: string; scenarios: SimulationScenarioInfo[] }
  | { type: 'simulationStatus'; running: boolean; message: string; fraction?: number }
  | { type: 'simulation'; result: SimulateResult };

/** Webview -> extension: run (settings as typed; absent: the scenario's or defaults), cancel, save the last result. */
export type SimulationFromWebviewMessage =
  | ({ type: 'simulate'; scenario: string } & SimulationSettings)
  | { type: 'cancelSimulation' }
  | { type: 'saveSimulation' };

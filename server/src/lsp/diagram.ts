// `sysdesign/diagram`: the laid-out drawing of one system of an open
// document, for the preview and the export commands (protocol.ts).
//
// Keeping layout off the keystroke path:
// - Analysis is the DocumentStore's, shared with diagnostics (once per version).
// - Layout runs in a worker thread (LayoutRunner), never on this thread, so
//   diagnostics, completion and hover keep flowing while it runs.
// - The last drawing of each document + system position + direction (and,
//   for `auto`, the panel's aspect ratio rounded to a bucket) is kept;
//   when a new version's graph has the same shape key (a property edit, or a
//   rename of the system), the old layout is restyled with the new text
//   (`restyle`) and nothing is laid out. Keyed by position, not name, so
//   renaming a system keystroke by keystroke neither lays it out again nor
//   leaves a drawing behind for every intermediate name.
// - A request whose graph has the shape of the layout in flight waits for that
//   layout and restyles it, instead of laying out the same shape twice.
// - A newer layout for a document cancels the document's layout still waiting
//   in the queue, so at most one is pending per document. An older request
//   for the same view (document, system, direction) then answers with the
//   newer one's result, as does an older request that finishes after a newer
//   one was made (every answer shows the latest text); a request for another
//   view of the document waits for the newer one and tries again.
// - With syntax errors in the text the last drawing made without them is
//   answered, marked `stale`; with no such drawing yet, what the parser
//   recovered is drawn (also `stale`).
import type { Connection } from 'vscode-languageserver';
import type { Analysis } from '../analyze';
import { buildGraph } from '../diagram/graph';
import { restyle, shapeKey } from '../diagram/layout';
import { badgesFor as nodeBadges } from '../diagram/badges';
import { DEFAULT_ASPECT, type Drawing, type LayoutDirection } from '../diagram/types';
import { aspectBucket } from '../diagram/auto-layout';
import { findSystem, type SystemModel } from '../model/types';
import {
  DiagramRequest,
  type DiagramBadge,
  type DiagramLayoutKind,
  type DiagramParams,
  type DiagramResult,
  type DiagramSystemInfo,
  type DiagramViewInfo,
} from '../protocol';
import { findView, viewGraph } from '../diagram/view';
import type { DocumentStore } from './documents';
import { LayoutCancelled, type LayoutOutcome, LayoutRunner } from '../diagram/layout-runner';
import { guard } from './safe';
import { namedRecord } from '../records';

/** Where the service gets a document's current version and analysis. */
export interface DiagramSource {
  get(uri: string): { version: number; analysis: Analysis } | undefined;
}

interface Slot {
  /** The last drawing made for this system + direction: the base for restyling. */
  last?: Drawing;
  /** The layout in flight, by the shape key of its graph. */
  inflight?: { key: string; promise: Promise<LayoutOutcome> };
}

/** Layouts it takes V8 to optimise ELK (layout-runner.ts). */
export const FULL_WARM_UP_ROUNDS = 24;

export class DiagramService {
  /** By document + system position + direction. */
  private readonly slots = new Map<string, Slot>();
  /** The last result from text without syntax errors, by view (document + requested system + direction). */
  private readonly good = new Map<string, DiagramResult>();
  /** The newest request of each view. */
  private readonly newest = new Map<string, { generation: number; result: Promise<DiagramResult> }>();
  /** The newest request of each document, whatever its view. */
  private readonly newestOfDocument = new Map<string, { generation: number; result: Promise<DiagramResult> }>();
  private generation = 0;
  /** How each answer was made, for tests and benchmarks. */
  readonly stats: Record<DiagramLayoutKind, number> = { full: 0, restyle: 0, stale: 0, none: 0 };
  /** Milliseconds the last layout took in the worker. */
  lastLayoutMs = 0;
  private warmedUp = false;

  constructor(
    private readonly source: DiagramSource,
    readonly runner: LayoutRunner,
  ) {}

  diagram(params: DiagramParams): Promise<DiagramResult> {
    const view = viewKey(params);
    const generation = ++this.generation;
    // Registered before compute() starts: its synchronous part already asks who is newest.
    const entry: { generation: number; result: Promise<DiagramResult> } = { generation, result: Promise.resolve(undefined as never) };
    this.newest.set(view, entry);
    this.newestOfDocument.set(params.uri, entry);
    entry.result = this.compute(params, view, generation).then((r) => {
      this.stats[r.layout]++;
      return r;
    });
    if (!this.warmedUp) {
      // Someone previews: finish warming ELK up, behind this request's layout (queued above).
      this.warmedUp = true;
      void this.runner.warmUp(FULL_WARM_UP_ROUNDS);
    }
    return entry.result;
  }

  /** The document was closed: drop its drawings. */
  forget(uri: string): void {
    const prefix = `${uri}\u0000`;
    for (const map of [this.slots, this.good, this.newest]) {
      for (const key of [...map.keys()]) if (key.startsWith(prefix)) map.delete(key);
    }
    this.newestOfDocument.delete(uri);
  }

  dispose(): Promise<void> {
    return this.runner.dispose();
  }

  /** The newer request's answer, when a newer request for the same view was made. */
  private superseded(view: string, generation: number): Promise<DiagramResult> | undefined {
    const newest = this.newest.get(view);
    return newest && newest.generation !== generation ? newest.result : undefined;
  }

  private async compute(params: DiagramParams, view: string, generation: number): Promise<DiagramResult> {
    const { uri } = params;
    const doc = this.source.get(uri);
    if (!doc) return emptyResult(uri, 0, [], 'The document is not open.');
    const { analysis, version } = doc;
    const systems: DiagramSystemInfo[] = analysis.systems.map((s) =>
      s.title && s.title !== s.name ? { name: s.name, title: s.title } : { name: s.name },
    );
    const syntaxErrors = analysis.diagnostics.some((d) => d.rule === 'syntax');

    if (syntaxErrors) {
      const good = this.good.get(view);
      if (good) {
        return { ...good, version, systems: systems.length > 0 ? systems : good.systems, stale: true, layout: 'stale' };
      }
    }
    const system = pickSystem(analysis.systems, params.system);
    if (!system) {
      const why = syntaxErrors ? 'The file has syntax errors and no system could be read.' : 'This file declares no system.';
      return emptyResult(uri, version, systems, why, syntaxErrors);
    }
    const direction: LayoutDirection | undefined = system.props.has('layout') ? (system.props.str('layout') as LayoutDirection) : params.direction;
    const views = viewsOf(system);
    const whole = buildGraph(system, direction);
    const picked = params.view === undefined ? undefined : findView(system, params.view);
    const graph = picked ? viewGraph(whole, system, picked) : whole;
    if (!graph || (params.view !== undefined && !picked)) {
      const why = picked ? `View '${params.view}' has errors and selects nothing to draw.` : `System ${system.name} has no view named '${params.view}'${views.length ? ` (views: ${views.map((v) => v.name).join(', ')})` : ''}.`;
      return { ...emptyResult(uri, version, systems, why, syntaxErrors), system: system.name, views };
    }
    // `auto` fits the panel: one slot per aspect bucket, so a panel resized back and forth reuses its layouts.
    const aspect = graph.direction === 'auto' ? aspectBucket(typeof params.aspect === 'number' ? params.aspect : DEFAULT_ASPECT) : undefined;
    if (aspect !== undefined) graph.aspect = aspect;
    const slotKey = `${uri}\u0000${analysis.systems.indexOf(system)}\u0000${graph.direction}\u0000${aspect ?? ''}\u0000${picked?.name ?? ''}`;
    let slot = this.slots.get(slotKey);
    if (!slot) this.slots.set(slotKey, (slot = {}));

    let drawing = slot.last ? restyle(slot.last, graph) : undefined;
    let layout: DiagramLayoutKind = 'restyle';
    if (!drawing) {
      layout = 'full';
      const key = shapeKey(graph);
      let outcome: LayoutOutcome;
      try {
        if (slot.inflight?.key === key) {
          outcome = await slot.inflight.promise;
        } else {
          const promise = this.runner.layout(uri, graph);
          const inflight = { key, promise };
          slot.inflight = inflight;
          try {
            outcome = await promise;
          } finally {
            if (slot.inflight === inflight) slot.inflight = undefined;
          }
        }
      } catch (err) {
        const newer = this.superseded(view, generation);
        if (newer) return newer;
        if (err instanceof LayoutCancelled) {
          // Cancelled by a newer layout for another view of this document: once it is done, try again.
          const other = this.newestOfDocument.get(uri);
          if (other && other.generation > generation) {
            await other.result.catch(() => undefined);
            return this.compute(params, view, generation);
          }
          return emptyResult(uri, version, systems, 'The layout was cancelled.', syntaxErrors);
        }
        throw err;
      }
      this.lastLayoutMs = outcome.ms;
      // A shared layout was made for an earlier version of the same shape: carry the new text over.
      drawing = restyle(outcome.drawing, graph) ?? outcome.drawing;
    }
    slot.last = drawing;

    const result: DiagramResult = {
      uri,
      version,
      drawnVersion: version,
      systems,
      system: system.name,
      views,
      ...(picked ? { view: picked.name } : {}),
      drawing,
      badges: badgesFor(drawing, analysis),
      stale: syntaxErrors,
      layout,
    };
    if (!syntaxErrors) this.good.set(view, result);
    return this.superseded(view, generation) ?? result;
  }
}

function viewKey(params: DiagramParams): string {
  return `${params.uri}\u0000${params.system ?? ''}\u0000${params.direction ?? ''}\u0000${params.view ?? ''}`;
}

function viewsOf(system: SystemModel): DiagramViewInfo[] {
  return system.views.map((v) => (v.title ? { name: v.name, title: v.title } : { name: v.name }));
}

function emptyResult(uri: string, version: number, systems: DiagramSystemInfo[], error: string, stale = false): DiagramResult {
  return { uri, version, drawnVersion: version, systems, badges: namedRecord<DiagramBadge>(), stale, layout: 'none', error };
}

/** The system named (or titled) `name`, else the first. */
export function pickSystem(systems: SystemModel[], name: string | undefined): SystemModel | undefined {
  return (name !== undefined ? findSystem(systems, name) : undefined) ?? systems[0];
}

/** The badges of the drawing's nodes (diagram/badges.ts). */
export function badgesFor(drawing: Drawing, analysis: Analysis): Record<string, DiagramBadge> {
  return nodeBadges(drawing, analysis.diagnostics);
}

/**
 * Wires `sysdesign/diagram` and starts the layout worker, loading ELK in it
 * while the client initialises (the rest of the warm-up starts with the first
 * diagram request, so servers that never preview spend nothing on it).
 */
export function registerDiagram(connection: Connection, store: DocumentStore): DiagramService {
  const log = connection.console;
  const runner = new LayoutRunner({ log: (m) => log.log(m) });
  const service = new DiagramService(
    {
      get: (uri) => {
        const document = store.documents.get(uri);
        return document ? { version: document.version, analysis: store.analysis(document) } : undefined;
      },
    },
    runner,
  );
  const failed = (): DiagramResult => emptyResult('', 0, [], 'Internal error while drawing the diagram; see the Sysdesign output.');
  connection.onRequest(DiagramRequest, guard(log, 'diagram', failed, (params: DiagramParams) => service.diagram(params)));
  store.documents.onDidClose((e) => service.forget(e.document.uri));
  setImmediate(() => void runner.warmUp());
  return service;
}

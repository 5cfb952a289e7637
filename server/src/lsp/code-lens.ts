// Code lenses: "Preview diagram" above each system. Each lens runs a client
// command (contributed in package.json) with the document's URI and the
// system's name as arguments.
//
// More lenses join LENSES below ("Simulate" on each scenario, with the
// simulation panel): one producer per feature, each seeing the whole analysis.
import type { CodeLens, CodeLensParams } from 'vscode-languageserver';
import type { Analysis } from '../analyze';
import type { DocumentStore } from './documents';
import { simulationLenses } from './simulation';

/** Client command the preview lens runs: (uri: string, system: string). */
export const PREVIEW_LENS_COMMAND = 'sysdesign.openPreviewToSide';

type LensProducer = (uri: string, analysis: Analysis) => CodeLens[];

const previewLenses: LensProducer = (uri, analysis) =>
  analysis.systems.map((system) => {
    const at = analysis.lines.position(system.span.start);
    return {
      range: { start: at, end: at },
      command: { title: 'Preview diagram', command: PREVIEW_LENS_COMMAND, arguments: [uri, system.name] },
    };
  });

// "Simulate" above each system (a plain run) and each scenario: simulation.ts.
const LENSES: readonly LensProducer[] = [previewLenses, simulationLenses];

export function provideCodeLenses(store: DocumentStore, params: CodeLensParams): CodeLens[] {
  const doc = store.get(params.textDocument.uri);
  if (!doc) return [];
  return LENSES.flatMap((produce) => produce(params.textDocument.uri, doc.analysis));
}

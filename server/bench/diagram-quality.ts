// Drawing quality of every sample's default drawing (the `render` path):
// aspect ratio, edge crossings, total edge length and the gap between edge
// labels and their edges (diagram/quality.ts). Printed by diagram.bench.ts,
// and on its own: node out/server/bench/diagram-quality.js
import * as fs from 'fs';
import * as path from 'path';
import { analyze } from '../src/analyze';
import { packageRoot } from '../src/docs';
import { buildGraph } from '../src/diagram/graph';
import { layoutGraph } from '../src/diagram/layout';
import { drawingQuality, type DrawingQuality } from '../src/diagram/quality';

export interface SampleQuality extends DrawingQuality {
  sample: string;
  system: string;
  direction: string;
  width: number;
  height: number;
}

export function sampleFiles(): string[] {
  const dir = path.join(packageRoot(), 'samples');
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.sysdesign'))
    .sort()
    .map((f) => path.join(dir, f));
}

export async function sampleQuality(): Promise<SampleQuality[]> {
  const rows: SampleQuality[] = [];
  for (const file of sampleFiles()) {
    const analysis = analyze(fs.readFileSync(file, 'utf8'));
    for (const system of analysis.systems) {
      const drawing = await layoutGraph(buildGraph(system));
      rows.push({
        sample: path.basename(file, '.sysdesign'),
        system: system.name,
        direction: drawing.direction,
        width: drawing.width,
        height: drawing.height,
        ...drawingQuality(drawing),
      });
    }
  }
  return rows;
}

export function printQuality(rows: SampleQuality[]): void {
  console.log(`${'sample/system'.padEnd(34)} dir    size        aspect crossings  length  label gap (mean/max)`);
  for (const r of rows) {
    console.log(
      `${`${r.sample}/${r.system}`.padEnd(34)} ${r.direction.padEnd(6)} ${`${r.width}×${r.height}`.padEnd(11)} ${r.aspectRatio.toFixed(2).padStart(6)} ` +
        `${String(r.crossings).padStart(9)} ${Math.round(r.totalEdgeLength).toString().padStart(7)}  ${r.meanLabelDistance.toFixed(1)}/${r.maxLabelDistance.toFixed(1)}`,
    );
  }
  const mean = (f: (r: SampleQuality) => number): number => rows.reduce((s, r) => s + f(r), 0) / Math.max(1, rows.length);
  console.log(
    `${'mean'.padEnd(34)} ${''.padEnd(6)} ${''.padEnd(11)} ${mean((r) => r.aspectRatio).toFixed(2).padStart(6)} ${mean((r) => r.crossings).toFixed(1).padStart(9)} ` +
      `${Math.round(mean((r) => r.totalEdgeLength)).toString().padStart(7)}  ${mean((r) => r.meanLabelDistance).toFixed(1)}/${mean((r) => r.maxLabelDistance).toFixed(1)}`,
  );
}

if (require.main === module) {
  sampleQuality().then(printQuality, (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}

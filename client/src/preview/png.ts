// SVG -> PNG in the extension host with resvg compiled to WebAssembly
// (@resvg/resvg-wasm): the native @resvg/resvg-js the CLI uses cannot be
// bundled into the .vsix. The .wasm file is copied to dist/resvg.wasm by
// esbuild.mjs.
//
// WebAssembly cannot see the system's fonts, so the font files of one family
// the SVG's font stack names (DejaVu Sans first: the layout's text metrics are
// DejaVu's) are read from where the usual systems keep them.
import * as fs from 'fs';
import { initWasm, Resvg } from '@resvg/resvg-wasm';

interface FontFamily {
  family: string;
  files: string[];
}

const windows = process.env.WINDIR ?? 'C:\\Windows';

/** In the order of the SVG's font stack (server/src/diagram/text.ts FONT_FAMILY), then common fallbacks. */
const FONT_FAMILIES: FontFamily[] = [
  {
    family: 'DejaVu Sans',
    files: ['/usr/share/fonts/truetype/dejavu', '/usr/share/fonts/dejavu-sans-fonts', '/usr/share/fonts/dejavu', '/usr/share/fonts/TTF'].flatMap((dir) => [
      `${dir}/DejaVuSans.ttf`,
      `${dir}/DejaVuSans-Bold.ttf`,
    ]),
  },
  {
    family: 'Verdana',
    files: [
      `${windows}\\Fonts\\verdana.ttf`,
      `${windows}\\Fonts\\verdanab.ttf`,
      '/System/Library/Fonts/Supplemental/Verdana.ttf',
      '/System/Library/Fonts/Supplemental/Verdana Bold.ttf',
      '/Library/Fonts/Verdana.ttf',
      '/Library/Fonts/Verdana Bold.ttf',
    ],
  },
  { family: 'Segoe UI', files: [`${windows}\\Fonts\\segoeui.ttf`, `${windows}\\Fonts\\segoeuib.ttf`] },
  {
    family: 'Arial',
    files: [
      `${windows}\\Fonts\\arial.ttf`,
      `${windows}\\Fonts\\arialbd.ttf`,
      '/System/Library/Fonts/Supplemental/Arial.ttf',
      '/System/Library/Fonts/Supplemental/Arial Bold.ttf',
      '/Library/Fonts/Arial.ttf',
    ],
  },
  {
    family: 'Liberation Sans',
    files: ['/usr/share/fonts/truetype/liberation', '/usr/share/fonts/liberation-sans', '/usr/share/fonts/liberation'].flatMap((dir) => [
      `${dir}/LiberationSans-Regular.ttf`,
      `${dir}/LiberationSans-Bold.ttf`,
    ]),
  },
];

/**
 * The first family with a font file on this machine (null when there is
 * none). Read for each export rather than kept: a few files, next to the
 * rendering's cost, and nothing stays in memory after the export.
 */
export function findFonts(): { family: string; buffers: Uint8Array[] } | null {
  for (const { family, files } of FONT_FAMILIES) {
    const buffers: Uint8Array[] = [];
    const seen = new Set<string>();
    for (const file of files) {
      const name = file.replace(/^.*[\\/]/, '');
      if (seen.has(name)) continue;
      try {
        buffers.push(new Uint8Array(fs.readFileSync(file)));
        seen.add(name);
      } catch {
        // not on this machine
      }
    }
    if (buffers.length > 0) return { family, buffers };
  }
  return null;
}

// resvg-wasm holds its WebAssembly instance in its own module state and
// accepts initWasm once per process, so whether it was started is module
// state here too: the one exception to "nothing outlives deactivate", as it
// cannot be undone (a re-activated extension reuses the instance).
let ready: Promise<void> | undefined;

function init(wasmFile: string): Promise<void> {
  ready ??= fs.promises.readFile(wasmFile).then(
    (bytes) => initWasm(bytes),
    (err: unknown) => {
      ready = undefined;
      throw new Error(`cannot read ${wasmFile}: ${err instanceof Error ? err.message : String(err)}`);
    },
  );
  return ready;
}

/** Rasterises a standalone SVG; `scale` pixels per SVG unit. */
export async function svgToPng(svg: string, wasmFile: string, scale = 2): Promise<{ png: Uint8Array; fonts: boolean }> {
  await init(wasmFile);
  const found = findFonts();
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    font: found
      ? { fontBuffers: found.buffers, defaultFontFamily: found.family, sansSerifFamily: found.family }
      : { fontBuffers: [] },
    shapeRendering: 2,
    textRendering: 1,
  });
  try {
    const image = resvg.render();
    try {
      return { png: image.asPng(), fonts: found !== null };
    } finally {
      image.free();
    }
  } finally {
    resvg.free();
  }
}

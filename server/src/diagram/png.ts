// SVG -> PNG with resvg (no browser). Node only.
import { existsSync } from 'node:fs';
import type { ResvgRenderOptions } from '@resvg/resvg-js';
import { missingPackage } from '../missing-package';
import { RASTER_FONT_FAMILY } from './text';

/**
 * resvg, loaded on first use: it is a native module, an optional dependency
 * of the npm package that may not have installed.
 */
function loadResvg(): typeof import('@resvg/resvg-js') {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('@resvg/resvg-js') as typeof import('@resvg/resvg-js');
  } catch (err) {
    throw missingPackage(err, '@resvg/resvg-js', 'cannot draw a PNG', 'SVG output needs no package');
  }
}

export interface PngOptions {
  /** Pixels per SVG unit; 2 gives a crisp image on high-density screens. Default 2. */
  scale?: number;
  /** Any CSS colour painted behind the drawing; default transparent (standalone SVGs paint their own). */
  background?: string;
}

/**
 * The most pixels a PNG may have: 64 million (256 MB of RGBA while it is
 * drawn). A 2,000-component chain at scale 8 asked for more than 4 GB.
 */
export const MAX_PNG_PIXELS = 64_000_000;

/** The PNG asked for would pass MAX_PNG_PIXELS; the message says which scale fits. */
export class PngTooLargeError extends Error {
  constructor(width: number, height: number, fittingScale: number) {
    super(
      `a ${width} × ${height} PNG (${Math.round((width * height) / 1e6)} million pixels) is more than the ${MAX_PNG_PIXELS / 1e6} million allowed; ` +
        (fittingScale > 0 ? `use a scale of at most ${fittingScale} for this drawing, or SVG` : 'write SVG instead: this drawing is too large for a PNG'),
    );
    this.name = 'PngTooLargeError';
  }
}

// Where Debian/Ubuntu (fonts-dejavu-core), Fedora and Alpine put DejaVu Sans.
const FONT_DIRS = ['/usr/share/fonts/truetype/dejavu', '/usr/share/fonts/dejavu-sans-fonts', '/usr/share/fonts/dejavu', '/usr/share/fonts/TTF'];

let fontFiles: string[] | undefined;

/** DejaVu Sans regular and bold, when installed: the font the layout's text metrics are for. */
function dejavuFiles(): string[] {
  if (fontFiles) return fontFiles;
  fontFiles = [];
  for (const dir of FONT_DIRS) {
    const files = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((f) => `${dir}/${f}`);
    if (files.every((f) => existsSync(f))) {
      fontFiles = files;
      break;
    }
  }
  return fontFiles;
}

/**
 * resvg does not know CSS custom properties: `var(--sd-x, fallback)` becomes
 * its fallback, so a webview (non-standalone) SVG rasterises too.
 */
export function resolveCssVars(svg: string): string {
  return svg.replace(/var\(\s*--[A-Za-z0-9_-]+\s*,\s*((?:[^()]|\([^()]*\))*)\)/g, (_, fallback: string) => fallback.trim());
}

/**
 * Rasterises an SVG (best a `renderSvg(…, { standalone: true })` one).
 * Text uses DejaVu Sans when installed, else any sans-serif system font;
 * with no fonts at all on the machine, text is not drawn.
 */
export function svgToPng(svg: string, options: PngOptions = {}): Buffer {
  const scale = options.scale ?? 2;
  if (!(scale > 0) || !Number.isFinite(scale)) throw new RangeError(`scale must be a positive number, got ${scale}`);
  const files = dejavuFiles();
  const opts: ResvgRenderOptions = {
    fitTo: { mode: 'zoom', value: scale },
    font: {
      loadSystemFonts: true,
      ...(files.length > 0 ? { fontFiles: files, defaultFontFamily: RASTER_FONT_FAMILY, sansSerifFamily: RASTER_FONT_FAMILY } : {}),
    },
    shapeRendering: 2,
    textRendering: 1,
    logLevel: 'off',
  };
  if (options.background) opts.background = options.background;
  const { Resvg } = loadResvg();
  const resvg = new Resvg(resolveCssVars(svg), opts);
  // resvg's width and height are the SVG's own; fitTo's zoom multiplies both (measured: 412k × 114 at scale 8 gave 3.3M × 912).
  const width = Math.ceil(resvg.width * scale);
  const height = Math.ceil(resvg.height * scale);
  if (width * height > MAX_PNG_PIXELS) {
    const fitting = Math.floor(scale * Math.sqrt(MAX_PNG_PIXELS / (width * height)) * 100) / 100;
    throw new PngTooLargeError(width, height, fitting);
  }
  return resvg.render().asPng();
}

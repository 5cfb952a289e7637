// sysdesign render FILE [-o out.svg|out.png|out.mmd|out.d2] [--format svg|mermaid|d2] [--system NAME]
//                       [--view NAME] [--direction auto|right|down] [--theme light|dark]
//
// Draws one system of a design as the preview does, as a standalone SVG
// (fonts and colours embedded) on standard output or in a file, or as a PNG
// (rasterised with resvg, no browser), or writes the same graph as Mermaid or
// D2 text (docs/export.md) for tools that draw it themselves. What parses is drawn: a file with
// errors still renders (the errors are listed on stderr) as long as it
// declares a system.
//
// Exit status: 0 drawn; 1 no system could be drawn; 2 bad usage (a PNG past
// the pixel cap, a design too deep to lay out), unreadable file, unknown
// --system or --view, unwritable output.
import * as fs from 'fs';
import * as path from 'path';
import { Command, Option } from 'commander';
import { toD2 } from '../../diagram/export-d2';
import { toMermaid } from '../../diagram/export-mermaid';
import { buildGraph } from '../../diagram/graph';
import { renderSvg } from '../../diagram/svg';
import type { ThemeName } from '../../diagram/theme';
import type { Drawing, LayoutDirection } from '../../diagram/types';
import { badgesFor } from '../../diagram/badges';
import { viewGraphFor } from '../view-option';
import { describeFsError } from '../files';
import { openSystemDesign, pickSystem } from '../design';
import { CliContext, CommandModule, EXIT_OK, EXIT_USAGE } from '../types';

export const RENDER_DIRECTIONS = ['auto', 'right', 'down'] as const;
export const RENDER_THEMES = ['light', 'dark'] as const;
/** What --format accepts; PNG only as a file (-o x.png), never on standard output. */
export const RENDER_FORMATS = ['svg', 'mermaid', 'd2'] as const;
type RenderFormat = (typeof RENDER_FORMATS)[number] | 'png';

/** The format an output file's extension asks for. */
const BY_EXTENSION: Record<string, RenderFormat> = { svg: 'svg', png: 'png', mmd: 'mermaid', mermaid: 'mermaid', d2: 'd2' };

interface RenderOptions {
  output?: string;
  system?: string;
  view?: string;
  direction?: LayoutDirection;
  theme: ThemeName;
  scale?: string;
  format?: (typeof RENDER_FORMATS)[number];
}

/** The format to write: --format, else the output file's extension, else SVG; a message when they disagree. */
function formatOf(options: RenderOptions): RenderFormat | string {
  const extension = options.output === undefined ? undefined : path.extname(options.output).toLowerCase().slice(1);
  const byExtension = extension === undefined ? undefined : BY_EXTENSION[extension];
  if (extension !== undefined && byExtension === undefined && options.format === undefined) {
    return `the output file must end in .svg, .png, .mmd or .d2 (or give --format), got '${options.output}'`;
  }
  if (options.format !== undefined && byExtension !== undefined && byExtension !== options.format) {
    return `--format ${options.format} does not match the output file '${options.output}'`;
  }
  return options.format ?? byExtension ?? 'svg';
}

/** A render may take its time on a huge design; it still ends (the worker is killed past this). */
const LAYOUT_TIMEOUT_MS = 10 * 60_000;

/** Why the layout failed, for people: a stack overflow means a design too deep for ELK even on the worker's stack. */
function layoutFailure(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  if (/call stack/i.test(message)) return 'its longest chain of connections is too deep for the layout engine; draw a smaller part of the design';
  return message;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

async function run(file: string, options: RenderOptions, ctx: CliContext): Promise<number> {
  const { io } = ctx;
  const format = formatOf(options);
  if (!(RENDER_FORMATS as readonly string[]).includes(format) && format !== 'png') {
    io.stderr(`sysdesign: ${format}\n`);
    return EXIT_USAGE;
  }
  const scale = options.scale === undefined ? 2 : Number(options.scale);
  if (!(scale > 0 && scale <= 8)) {
    io.stderr(`sysdesign: --scale must be a number above 0 and at most 8, got '${options.scale}'\n`);
    return EXIT_USAGE;
  }

  const opened = openSystemDesign(file, io, 'draw');
  if (typeof opened === 'number') return opened;
  const { analysis, display } = opened;
  const system = pickSystem(analysis, options.system);
  if (typeof system === 'string') {
    io.stderr(`sysdesign: ${system}\n`);
    return EXIT_USAGE;
  }
  if (analysis.diagnostics.some((d) => d.rule === 'syntax')) {
    io.stderr(`sysdesign: warning: ${display} has syntax errors; drawing what could be read.\n`);
  }
  const systemName = system.name;
  const graph = viewGraphFor(system, buildGraph(system, options.direction), options.view);
  if (typeof graph === 'string') {
    io.stderr(`sysdesign: ${graph}\n`);
    return EXIT_USAGE;
  }

  if (format === 'mermaid' || format === 'd2') {
    // The graph, not the drawing: Mermaid and D2 lay it out themselves.
    const text = format === 'mermaid' ? toMermaid(graph) : toD2(graph);
    return writeOut(text, `${plural(graph.nodes.length, 'component')}, ${plural(graph.edges.length, 'connection')}`);
  }

  // --direction overrides the system's own `layout`. Layout (elkjs) loads only
  // here, so other commands do not pay for it; it runs in the layout worker,
  // whose stack is deep enough for ELK's recursion on chains of thousands.
  const { LayoutRunner } = await import('../../diagram/layout-runner');
  const runner = new LayoutRunner({ timeoutMs: LAYOUT_TIMEOUT_MS });
  let drawing: Drawing;
  try {
    drawing = (await runner.layout('render', graph)).drawing;
  } catch (err) {
    io.stderr(`sysdesign: cannot lay out system ${system.name}: ${layoutFailure(err)}\n`);
    return EXIT_USAGE;
  } finally {
    await runner.dispose();
  }
  // Findings on the drawing, as in the preview: a badge per component, its <title> lists them.
  const svg = renderSvg(drawing, { standalone: true, theme: options.theme, badges: badgesFor(drawing, analysis.diagnostics) });
  const summary = `${plural(drawing.nodes.length, 'component')}, ${plural(drawing.edges.length, 'connection')}`;

  if (format !== 'png') return writeOut(`${svg}\n`, summary, `<?xml version="1.0" encoding="UTF-8"?>\n`);
  // Loaded only here: resvg is a native module the other commands never need.
  const { svgToPng, PngTooLargeError } = await import('../../diagram/png');
  let bytes: Buffer;
  try {
    bytes = svgToPng(svg, { scale });
  } catch (err) {
    if (!(err instanceof PngTooLargeError)) throw err;
    io.stderr(`sysdesign: cannot draw ${options.output}: ${err.message.replace('a scale', 'a --scale')}.\n`);
    return EXIT_USAGE;
  }
  return writeFile(bytes, summary);

  /** Text on standard output, or in the -o file (with `fileHeader` first). */
  function writeOut(text: string, summary: string, fileHeader = ''): number {
    if (options.output === undefined) {
      io.stdout(text);
      return EXIT_OK;
    }
    return writeFile(Buffer.from(fileHeader + text, 'utf8'), summary);
  }

  function writeFile(bytes: Buffer, summary: string): number {
    try {
      fs.writeFileSync(path.resolve(io.cwd, options.output!), bytes);
    } catch (err) {
      io.stderr(`sysdesign: cannot write '${options.output}': ${describeFsError(err)}\n`);
      return EXIT_USAGE;
    }
    io.stderr(`Wrote ${options.output} (system ${systemName}${options.view === undefined ? '' : `, view ${options.view}`}: ${summary}).\n`);
    return EXIT_OK;
  }
}

export const renderCommand: CommandModule = {
  name: 'render',
  register(program: Command, ctx: CliContext): void {
    program
      .command('render')
      .summary('draw a system as a standalone SVG or PNG, or export it to Mermaid or D2')
      .description(
        'Draw one system of a design, as the preview shows it, as a standalone SVG (fonts\n' +
          'and colours embedded) on standard output or in a file, or as a PNG; or write the\n' +
          'same graph as a Mermaid flowchart (.mmd) or D2 (.d2) (docs/export.md).\n' +
          'A file with errors still renders what could be read (errors go to stderr).\n' +
          'A PNG has at most 64 million pixels (docs/simulation-limits.md): past it, a smaller\n' +
          '--scale or SVG.\n\n' +
          'With --view NAME, only that view of the system is drawn (docs/views.md).\n\n' +
          'Exit status: 0 drawn, 1 no system to draw, 2 bad usage (a PNG past the pixel cap,\n' +
          'a design too deep to lay out), unreadable input, unknown --system or --view, or\n' +
          'unwritable output.',
      )
      .argument('<file>', 'the design file')
      .option('-o, --output <file>', 'write to this file: .svg, .png, .mmd (Mermaid) or .d2 (default: standard output)')
      .addOption(new Option('-f, --format <format>', 'what to write (default: by the output file\'s extension, else svg)').choices(RENDER_FORMATS))
      .option('-s, --system <name>', 'the system to draw, by name or title (default: the first)')
      .option('--view <name>', 'draw only this view of the system (a `view NAME { … }` it declares)')
      .addOption(new Option('-d, --direction <direction>', 'lay out left to right, top to bottom, or auto: whichever fits about 16:10 (default: the system\'s layout, auto)').choices(RENDER_DIRECTIONS))
      .addOption(new Option('--theme <theme>', 'colours').choices(RENDER_THEMES).default('light'))
      .option('--scale <n>', 'PNG pixels per SVG unit (default 2)')
      .action(async (file: string, options: RenderOptions) => {
        ctx.exitCode = await run(file, options, ctx);
      });
  },
};

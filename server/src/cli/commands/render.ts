// sysdesign render FILE [-o out.svg|out.png] [--system NAME] [--direction right|down] [--theme light|dark]
//
// Draws one system of a design as the preview does, as a standalone SVG
// (fonts and colours embedded) on standard output or in a file, or as a PNG
// (rasterised with resvg, no browser). What parses is drawn: a file with
// errors still renders (the errors are listed on stderr) as long as it
// declares a system.
//
// Exit status: 0 drawn; 1 no system could be drawn; 2 bad usage (a PNG past
// the pixel cap, a design too deep to lay out), unreadable file, unknown
// --system, unwritable output.
import * as fs from 'fs';
import * as path from 'path';
import { Command, Option } from 'commander';
import { buildGraph } from '../../diagram/graph';
import { renderSvg } from '../../diagram/svg';
import type { ThemeName } from '../../diagram/theme';
import type { Direction, Drawing } from '../../diagram/types';
import { describeFsError } from '../files';
import { openSystemDesign, pickSystem } from '../design';
import { CliContext, CommandModule, EXIT_OK, EXIT_USAGE } from '../types';

export const RENDER_DIRECTIONS = ['right', 'down'] as const;
export const RENDER_THEMES = ['light', 'dark'] as const;

interface RenderOptions {
  output?: string;
  system?: string;
  direction?: Direction;
  theme: ThemeName;
  scale?: string;
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
  const format = options.output === undefined ? 'svg' : path.extname(options.output).toLowerCase().slice(1);
  if (format !== 'svg' && format !== 'png') {
    io.stderr(`sysdesign: the output file must end in .svg or .png, got '${options.output}'\n`);
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

  // --direction overrides the system's own `layout`. Layout (elkjs) loads only
  // here, so other commands do not pay for it; it runs in the layout worker,
  // whose stack is deep enough for ELK's recursion on chains of thousands.
  const { LayoutRunner } = await import('../../diagram/layout-runner');
  const runner = new LayoutRunner({ timeoutMs: LAYOUT_TIMEOUT_MS });
  let drawing: Drawing;
  try {
    drawing = (await runner.layout('render', buildGraph(system, options.direction))).drawing;
  } catch (err) {
    io.stderr(`sysdesign: cannot lay out system ${system.name}: ${layoutFailure(err)}\n`);
    return EXIT_USAGE;
  } finally {
    await runner.dispose();
  }
  const svg = renderSvg(drawing, { standalone: true, theme: options.theme });
  const summary = `${plural(drawing.nodes.length, 'component')}, ${plural(drawing.edges.length, 'connection')}`;

  if (options.output === undefined) {
    io.stdout(`${svg}\n`);
    return EXIT_OK;
  }
  const target = path.resolve(io.cwd, options.output);
  let bytes: Buffer;
  if (format === 'png') {
    // Loaded only here: resvg is a native module the other commands never need.
    const { svgToPng, PngTooLargeError } = await import('../../diagram/png');
    try {
      bytes = svgToPng(svg, { scale });
    } catch (err) {
      if (!(err instanceof PngTooLargeError)) throw err;
      io.stderr(`sysdesign: cannot draw ${options.output}: ${err.message.replace('a scale', 'a --scale')}.\n`);
      return EXIT_USAGE;
    }
  } else {
    bytes = Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n${svg}\n`, 'utf8');
  }
  try {
    fs.writeFileSync(target, bytes);
  } catch (err) {
    io.stderr(`sysdesign: cannot write '${options.output}': ${describeFsError(err)}\n`);
    return EXIT_USAGE;
  }
  io.stderr(`Wrote ${options.output} (system ${system.name}: ${summary}).\n`);
  return EXIT_OK;
}

export const renderCommand: CommandModule = {
  name: 'render',
  register(program: Command, ctx: CliContext): void {
    program
      .command('render')
      .summary('draw a system as a standalone SVG or PNG')
      .description(
        'Draw one system of a design, as the preview shows it, as a standalone SVG (fonts\n' +
          'and colours embedded) on standard output or in a file, or as a PNG.\n' +
          'A file with errors still renders what could be read (errors go to stderr).\n' +
          'A PNG has at most 64 million pixels (docs/simulation-limits.md): past it, a smaller\n' +
          '--scale or SVG.\n\n' +
          'Exit status: 0 drawn, 1 no system to draw, 2 bad usage (a PNG past the pixel cap,\n' +
          'a design too deep to lay out), unreadable input, unknown --system or unwritable output.',
      )
      .argument('<file>', 'the design file')
      .option('-o, --output <file>', 'write to this file: .svg or .png (default: SVG on standard output)')
      .option('-s, --system <name>', 'the system to draw, by name or title (default: the first)')
      .addOption(new Option('-d, --direction <direction>', 'lay out left to right or top to bottom (default: the system\'s layout)').choices(RENDER_DIRECTIONS))
      .addOption(new Option('--theme <theme>', 'colours').choices(RENDER_THEMES).default('light'))
      .option('--scale <n>', 'PNG pixels per SVG unit (default 2)')
      .action(async (file: string, options: RenderOptions) => {
        ctx.exitCode = await run(file, options, ctx);
      });
  },
};

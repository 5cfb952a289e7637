// The tools of `sysdesign mcp`. Each tool call is one run of the command of
// the same name (check, estimate, simulate, render) through the CLI's own
// `main`, in-process, with its output captured: a tool returns exactly what
// `sysdesign <command> … --format json` prints, and the command's own checks
// and messages are the tool's errors. Nothing here re-implements a command.
import { MAX_TRACES } from '../../sim/tracer';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { packageVersion } from '../version';
import { EXIT_USAGE, type CliIO } from '../types';

export interface McpServerOptions {
  /** cli.ts's `main`: runs one command line with the given output. */
  runCli: (argv: string[], io: Partial<CliIO>) => Promise<number>;
  /** Where relative `file` paths are resolved. */
  cwd: string;
  env: Record<string, string | undefined>;
}

/** The design a tool works on: a path, or the text itself. */
const DESIGN_INPUT = {
  file: z
    .string()
    .min(1)
    .optional()
    .describe('Path of a .sysdesign file; relative paths are resolved against the folder the server was started in. Give file or text.'),
  text: z.string().optional().describe('The design itself, as .sysdesign source text (read with no sysdesign.json). Give file or text.'),
};

const SYSTEM_INPUT = {
  system: z.string().min(1).optional().describe('The system to use, by name or title (default: the first).'),
};

type DesignArgs = { file?: string; text?: string };

/** One finished command: its exit status and what it printed. */
interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

const MISSING_DESIGN = 'Give the design as `file` (a path) or as `text` (its source), not both and not neither.';

export function createMcpServer(options: McpServerOptions): McpServer {
  const server = new McpServer({ name: 'sysdesign', version: packageVersion() });

  /** Runs `sysdesign <args…> -- <design>` on the file, or on the text written to a temporary file. */
  async function runOn(design: DesignArgs, args: string[]): Promise<Run | string> {
    if ((design.file === undefined) === (design.text === undefined)) return MISSING_DESIGN;
    let folder: string | undefined;
    let target = design.file;
    if (design.text !== undefined) {
      folder = fs.mkdtempSync(path.join(os.tmpdir(), 'sysdesign-mcp-'));
      target = path.join(folder, 'design.sysdesign');
      fs.writeFileSync(target, design.text);
    }
    let stdout = '';
    let stderr = '';
    try {
      const code = await options.runCli(['node', 'sysdesign', ...args, '--', target!], {
        stdout: (s) => void (stdout += s),
        stderr: (s) => void (stderr += s),
        // Text given inline is shown as `design.sysdesign` in messages.
        cwd: folder ?? options.cwd,
        isTTY: false,
        stderrIsTTY: false,
        env: { ...options.env, NO_COLOR: '1' },
      });
      return { code, stdout, stderr };
    } finally {
      if (folder) fs.rmSync(folder, { recursive: true, force: true });
    }
  }

  /**
   * The tool's answer: the command's output, with its messages (errors in the
   * design, warnings) as a second part. A command that could not run (bad
   * usage, unreadable file; exit status 2) or printed nothing is a tool error
   * carrying the command's own message.
   */
  function answer(run: Run | string): CallToolResult {
    if (typeof run === 'string') return { isError: true, content: [{ type: 'text', text: run }] };
    const messages = run.stderr.trim();
    if (run.code === EXIT_USAGE || run.stdout.trim() === '') {
      return { isError: true, content: [{ type: 'text', text: messages || `sysdesign exited with status ${run.code} and printed nothing.` }] };
    }
    const content: CallToolResult['content'] = [{ type: 'text', text: run.stdout }];
    if (messages) content.push({ type: 'text', text: `Messages (exit status ${run.code}):\n${messages}` });
    return { content };
  }

  const readOnly = { readOnlyHint: true, destructiveHint: false, openWorldHint: false };

  server.registerTool(
    'check',
    {
      title: 'Check a design',
      description:
        'Syntax errors, semantic errors and design-rule findings of a design, as `sysdesign check --format json`: ' +
        'per file, each diagnostic with its rule id, severity, message, range and documentation link. ' +
        '`file` may also be a folder (every .sysdesign file under it).',
      inputSchema: DESIGN_INPUT,
      annotations: readOnly,
    },
    async (design) => answer(await runOn(design, ['check', '--format', 'json'])),
  );

  server.registerTool(
    'estimate',
    {
      title: 'Estimate capacity',
      description:
        'Back-of-the-envelope figures of a design, as `sysdesign estimate --format json`: workload (writes and reads per second, ' +
        'storage) and per component the offered rate, cores and servers needed, utilization and mean response time.',
      inputSchema: DESIGN_INPUT,
      annotations: readOnly,
    },
    async (design) => answer(await runOn(design, ['estimate', '--format', 'json'])),
  );

  server.registerTool(
    'simulate',
    {
      title: 'Simulate traffic',
      description:
        'Discrete-event simulation of one system, as `sysdesign simulate --format json`: throughput, latency percentiles, ' +
        'queues and failures per component, and bottlenecks. The same seed gives the same result.',
      inputSchema: {
        ...DESIGN_INPUT,
        ...SYSTEM_INPUT,
        scenario: z.string().min(1).optional().describe("One of the system's scenario blocks, by name (default: a plain run)."),
        duration: z.string().min(1).optional().describe('Simulated time, such as "30s" or "10m" (a plain number is seconds); overrides the scenario\'s.'),
        seed: z.number().int().optional().describe("Seed of the random numbers; overrides the scenario's."),
        load: z.string().min(1).optional().describe('Load multiplier applied to every client rate, such as "2x"; overrides the scenario\'s.'),
        trace: z.number().int().min(1).max(MAX_TRACES).optional().describe('Follow this many sampled client requests: `traces` in the result, each visit with its wait and service time.'),
      },
      annotations: readOnly,
    },
    async ({ system, scenario, duration, seed, load, trace, ...design }) =>
      answer(
        await runOn(design, [
          'simulate',
          '--format',
          'json',
          ...flag('--system', system),
          ...flag('--scenario', scenario),
          ...flag('--duration', duration),
          ...flag('--seed', seed === undefined ? undefined : String(seed)),
          ...flag('--load', load),
          ...flag('--trace', trace === undefined ? undefined : String(trace)),
        ]),
      ),
  );

  server.registerTool(
    'render',
    {
      title: 'Draw a system',
      description: 'Draws one system of a design as a standalone SVG document, as `sysdesign render` prints it.',
      inputSchema: {
        ...DESIGN_INPUT,
        ...SYSTEM_INPUT,
        view: z.string().min(1).optional().describe('Draw only this view of the system (a `view NAME { … }` it declares).'),
        direction: z.enum(['auto', 'right', 'down']).optional().describe("Lay out left to right, top to bottom, or auto: whichever fits about 16:10 (default: the system's layout, auto)."),
        theme: z.enum(['light', 'dark']).optional().describe('Colours (default light).'),
      },
      annotations: readOnly,
    },
    async ({ system, view, direction, theme, ...design }) =>
      answer(
        await runOn(design, ['render', ...flag('--system', system), ...flag('--view', view), ...flag('--direction', direction), ...flag('--theme', theme)]),
      ),
  );

  return server;
}

/** `--name=value` when the value is given (one argument: a value starting with `-` stays a value). */
function flag(name: string, value: string | undefined): string[] {
  return value === undefined ? [] : [`${name}=${value}`];
}

/** Serves the tools over standard input and output until the client closes them. */
export async function startMcpServer(options: McpServerOptions): Promise<void> {
  await createMcpServer(options).connect(new StdioServerTransport());
}

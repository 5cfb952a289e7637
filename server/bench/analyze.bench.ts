/**
 * How fast the language core answers on a large design, and what the language
 * server costs in memory with it open.
 *
 *   npx tsx server/bench/analyze.bench.ts        (or node out/server/bench/analyze.bench.js)
 *
 * The design is generated (bench/generate.ts): about 10,000 lines, 1,500
 * components in three systems, with regions, groups, databases with tables,
 * streams, queues, connections, queries and a scenario.
 *
 * - analyze.*: warm `analyze(text)` (lex, parse, link, validate, rules), the
 *   median of several runs after a warm-up; `parse` is the syntax part alone;
 *   `edit` analyses the text after a one-character change from scratch;
 *   `edit.fromPrevious` analyses it from the previous version's analysis, as
 *   the language server does (only the edited system is parsed and checked
 *   again), and `typed.fromPrevious` does the same for an inserted character,
 *   which moves the systems after it.
 * - lsp.*: the compiled server (out/server/src/lsp/main.js --stdio) in its own
 *   process: initialize, open the design, wait for its diagnostics, read the
 *   resident set size from /proc; then one edit and its diagnostics again
 *   (the first change after a pause is analysed at once; a burst of typing
 *   waits 30 ms), ten more edits, the memory again, the same one-character
 *   edit once the server is warm, and a typed (inserted) character.
 *   Targets: a warm edit's diagnostics within 60 ms through the protocol.
 *   The first figures come from a fresh process whose code is not yet
 *   optimised by the JIT, as when a user opens the file. Skipped, with a
 *   note, when the server is not built.
 *
 * Targets: analyze < 100 ms, edit < 100 ms, server RSS < 200 MB.
 */
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { analyze } from '../src/analyze';
import { parse } from '../src/syntax';
import { generateDesign } from './generate';
import { type Targets, verdict } from './targets';

export const TARGETS: Targets = {
  'analyze.median.ms': { below: 100 },
  'analyze.edit.median.ms': { below: 100 },
  'lsp.rss.MB': { below: 200 },
  'lsp.warmEditToDiagnostics.ms': { below: 60 },
  'lsp.warmTypingToDiagnostics.ms': { below: 60 },
};

const RUNS = 25;
const WARMUP = 10;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function time(fn: () => unknown): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

/** The benchmark design: ~10,000 lines, ~1,500 components. */
export function benchDesign(): string {
  return generateDesign({ components: 1500, systems: 3, seed: 1 });
}

/** The same text with one character changed: `instances: N` becomes `instances: N+1` near the middle. */
export function oneCharacterEdit(text: string): string {
  const re = /instances: (\d)\b/g;
  re.lastIndex = text.length >> 1;
  const m = re.exec(text) ?? /instances: (\d)\b/.exec(text);
  if (!m) return text.replace(/ $/m, '  ');
  const at = m.index + 'instances: '.length;
  const digit = String((Number(m[1]) % 8) + 1);
  return text.slice(0, at) + digit + text.slice(at + 1);
}

/** The text with a space typed just before the character `oneCharacterEdit` changes. */
export function typedCharacter(text: string): string {
  const edited = oneCharacterEdit(text);
  let at = 0;
  while (at < text.length && text[at] === edited[at]) at++;
  return `${text.slice(0, at)} ${text.slice(at)}`;
}

export function benchAnalyze(): Record<string, number> {
  const text = benchDesign();
  const edited = oneCharacterEdit(text);
  const results: Record<string, number> = {};
  const first = analyze(text);
  results['design.lines'] = first.lines.lineCount;
  results['design.kB'] = Math.round(text.length / 1024);
  results['design.components'] = first.systems.reduce((n, s) => n + s.components.size, 0);
  results['design.connections'] = first.systems.reduce((n, s) => n + s.edges.length, 0);
  results['design.diagnostics'] = first.diagnostics.length;
  results['design.errors'] = first.diagnostics.filter((d) => d.severity === 'error').length;

  for (let i = 0; i < WARMUP; i++) {
    analyze(text);
    analyze(edited);
  }
  const parseTimes: number[] = [];
  const analyzeTimes: number[] = [];
  const editTimes: number[] = [];
  const reanalyseTimes: number[] = [];
  const typedTimes: number[] = [];
  const typed = typedCharacter(text);
  for (let i = 0; i < RUNS; i++) {
    parseTimes.push(time(() => parse(text)));
    analyzeTimes.push(time(() => analyze(text)));
    // A keystroke analysed from scratch.
    editTimes.push(time(() => analyze(edited)));
    // The same keystroke as the server analyses it: from the previous version's analysis.
    let previous = analyze(text);
    reanalyseTimes.push(time(() => analyze(edited, { previous })));
    // A typed character, which moves every system after it.
    previous = analyze(text);
    typedTimes.push(time(() => analyze(typed, { previous })));
  }
  results['analyze.parse.median.ms'] = median(parseTimes);
  results['analyze.median.ms'] = median(analyzeTimes);
  results['analyze.min.ms'] = Math.min(...analyzeTimes);
  results['analyze.edit.median.ms'] = median(editTimes);
  results['analyze.edit.fromPrevious.median.ms'] = median(reanalyseTimes);
  results['analyze.typed.fromPrevious.median.ms'] = median(typedTimes);

  const server = findServer();
  if (!server) {
    console.log('analyze.bench: out/server/src/lsp/main.js not found (build with `npx tsc -b`); skipping the language-server figures.');
  } else {
    const lsp = measureServerSync(server, text, edited);
    if ('error' in lsp) console.log(`analyze.bench: language-server measurement failed: ${lsp.error}`);
    else Object.assign(results, lsp);
  }
  for (const key of Object.keys(results)) results[key] = Math.round(results[key] * 10) / 10;
  return results;
}

/** The compiled language server, from the repository root (found by its package.json). */
function findServer(): string | undefined {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) {
      const main = path.join(dir, 'out', 'server', 'src', 'lsp', 'main.js');
      return fs.existsSync(main) ? main : undefined;
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

/**
 * Runs the asynchronous LSP exchange in a child process (this same file with
 * `--lsp-child`) so that benchAnalyze stays synchronous.
 */
function measureServerSync(server: string, text: string, edited: string): Record<string, number> | { error: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sysdesign-bench-'));
  try {
    fs.writeFileSync(path.join(dir, 'design.sysdesign'), text);
    fs.writeFileSync(path.join(dir, 'edited.sysdesign'), edited);
    // Node's flags carry over (--expose-gc, a loader), but never `-e`/`-p` and their script: the child would run that script instead of this file.
    const flags = process.execArgv.filter((a) => a.startsWith('--') && !/^--(eval|print)\b/.test(a));
    const child = spawnSync(process.execPath, [...flags, __filename, '--lsp-child', server, dir], { encoding: 'utf8', timeout: 180_000 });
    if (child.status !== 0) return { error: (child.stderr || child.error?.message || `exit ${child.status}`).trim().slice(0, 500) };
    const line = child.stdout.trim().split('\n').pop() ?? '';
    return JSON.parse(line) as Record<string, number>;
  } catch (err) {
    return { error: String(err) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Resident set size (and its peak) of a process, in MB, from /proc. */
function memoryOf(pid: number): { rss: number; peak: number } | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
  } catch {
    return undefined;
  }
}

interface Message {
  jsonrpc: '2.0';
  id?: number | string;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: unknown;
}

/** The child side: speaks LSP over stdio to the server and prints the figures as JSON. */
async function measureServer(server: string, dir: string): Promise<Record<string, number>> {
  const text = fs.readFileSync(path.join(dir, 'design.sysdesign'), 'utf8');
  const edited = fs.readFileSync(path.join(dir, 'edited.sysdesign'), 'utf8');
  // SYSDESIGN_BENCH_SERVER_ARGS passes node flags to the server, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
  const nodeArgs = (process.env.SYSDESIGN_BENCH_SERVER_ARGS ?? '').split(' ').filter(Boolean);
  const proc = spawn(process.execPath, [...nodeArgs, server, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const waiters: { test: (m: Message) => boolean; resolve: (m: Message) => void }[] = [];
  let buffer = Buffer.alloc(0);

  const send = (m: Omit<Message, 'jsonrpc'>) => {
    const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...m }), 'utf8');
    proc.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    proc.stdin.write(body);
  };
  const handle = (m: Message) => {
    // Answer the server's own requests (configuration, registrations) so it never waits on us.
    if (m.id !== undefined && m.method) {
      const items = (m.params as { items?: unknown[] } | undefined)?.items;
      send({ id: m.id, result: m.method === 'workspace/configuration' ? (items ?? []).map(() => null) : null });
      return;
    }
    const i = waiters.findIndex((w) => w.test(m));
    if (i >= 0) waiters.splice(i, 1)[0].resolve(m);
  };
  proc.stdout.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const headerEnd = buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, headerEnd).toString('ascii'))?.[1]);
      if (buffer.length < headerEnd + 4 + length) return;
      const body = buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8');
      buffer = buffer.subarray(headerEnd + 4 + length);
      handle(JSON.parse(body) as Message);
    }
  });
  const exited = new Promise<void>((resolve) => proc.on('exit', () => resolve()));
  const wait = (test: (m: Message) => boolean, what: string, ms = 120_000) => new Promise<Message>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
    waiters.push({ test, resolve: (m) => { clearTimeout(timer); resolve(m); } });
  });

  const uri = 'file:///bench/design.sysdesign';
  const diagnosticsFor = (version: number) => (m: Message) => {
    const p = m.params as { uri?: string; version?: number } | undefined;
    return m.method === 'textDocument/publishDiagnostics' && p?.uri === uri && (p.version === undefined || p.version === version);
  };
  try {
    const baseline = memoryOf(proc.pid!);
    send({ id: 1, method: 'initialize', params: { processId: process.pid, rootUri: null, capabilities: {}, initializationOptions: { workspaceSymbolsFromDisk: false } } });
    await wait((m) => m.id === 1, 'initialize');
    send({ method: 'initialized', params: {} });
    const afterInit = memoryOf(proc.pid!);
    let t0 = performance.now();
    send({ method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'sysdesign', version: 1, text } } });
    const opened = await wait(diagnosticsFor(1), 'diagnostics after opening');
    const openMs = performance.now() - t0;
    const afterOpen = memoryOf(proc.pid!);

    // One keystroke: the changed character as an incremental edit.
    let at = 0;
    while (at < text.length && text[at] === edited[at]) at++;
    const before = text.slice(0, at);
    const line = before.split(/\r\n|\r|\n/).length - 1;
    const character = at - (Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r')) + 1);
    t0 = performance.now();
    send({
      method: 'textDocument/didChange',
      params: {
        textDocument: { uri, version: 2 },
        contentChanges: [{ range: { start: { line, character }, end: { line, character: character + 1 } }, text: edited[at] ?? '' }],
      },
    });
    await wait(diagnosticsFor(2), 'diagnostics after an edit');
    const editMs = performance.now() - t0;
    // Ten more edits (whole-text changes), then read memory again: what a working session holds.
    for (let v = 3; v <= 12; v++) {
      send({ method: 'textDocument/didChange', params: { textDocument: { uri, version: v }, contentChanges: [{ text: v % 2 ? text : edited }] } });
      await wait(diagnosticsFor(v), `diagnostics of version ${v}`);
    }
    const afterEdits = memoryOf(proc.pid!);
    // The same keystroke once the server is warm (the first analyses in a fresh process run cold code).
    t0 = performance.now();
    send({
      method: 'textDocument/didChange',
      params: {
        textDocument: { uri, version: 13 },
        contentChanges: [{ range: { start: { line, character }, end: { line, character: character + 1 } }, text: text[at] ?? '' }],
      },
    });
    await wait(diagnosticsFor(13), 'diagnostics after a warm edit');
    const warmEditMs = performance.now() - t0;
    // A typed character: an insertion, so every system after it moves (after a pause, as between keystrokes).
    await new Promise((resolve) => setTimeout(resolve, 100));
    t0 = performance.now();
    send({
      method: 'textDocument/didChange',
      params: { textDocument: { uri, version: 14 }, contentChanges: [{ range: { start: { line, character }, end: { line, character } }, text: ' ' }] },
    });
    await wait(diagnosticsFor(14), 'diagnostics after a typed character');
    const warmTypingMs = performance.now() - t0;

    send({ id: 2, method: 'shutdown' });
    await wait((m) => m.id === 2, 'shutdown', 10_000).catch(() => undefined);
    send({ method: 'exit' });
    const diagnosticCount = ((opened.params as { diagnostics?: unknown[] }).diagnostics ?? []).length;
    const out: Record<string, number> = {
      'lsp.openToDiagnostics.ms': openMs,
      'lsp.editToDiagnostics.ms': editMs,
      'lsp.warmEditToDiagnostics.ms': warmEditMs,
      'lsp.warmTypingToDiagnostics.ms': warmTypingMs,
      'lsp.diagnostics': diagnosticCount,
    };
    if (baseline && afterInit && afterOpen && afterEdits) {
      out['lsp.rss.idle.MB'] = afterInit.rss;
      out['lsp.rss.MB'] = afterOpen.rss;
      out['lsp.rss.afterEdits.MB'] = afterEdits.rss;
      out['lsp.rss.peak.MB'] = afterEdits.peak;
    }
    return out;
  } finally {
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 3000))]);
    if (proc.exitCode === null) proc.kill();
  }
}

/** One line per figure, with its target when it has one. */
export function printAnalyzeResults(results: Record<string, number>): void {
  const width = Math.max(...Object.keys(results).map((k) => k.length));
  for (const [key, value] of Object.entries(results)) {
    const judged = verdict(value, TARGETS[key]);
    console.log(`${key.padEnd(width)}  ${String(value).padStart(9)}${judged ? `  (target ${judged})` : ''}`);
  }
}

if (require.main === module) {
  const i = process.argv.indexOf('--lsp-child');
  if (i >= 0) {
    measureServer(process.argv[i + 1], process.argv[i + 2]).then(
      (r) => process.stdout.write(`${JSON.stringify(r)}\n`),
      (err: unknown) => {
        process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
        process.exitCode = 1;
      },
    );
  } else {
    printAnalyzeResults(benchAnalyze());
  }
}

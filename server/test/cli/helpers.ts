// Runs the CLI in-process (main() with a captured CliIO) or as a child
// process, in both layouts: TypeScript under tsx (server/test/cli/*.ts) and
// compiled JavaScript (out/server/test/cli/*.js).
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { main } from '../../src/cli';
import { repoRoot } from '../helpers/repo';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(args: string[], options: { cwd: string; isTTY?: boolean; env?: Record<string, string | undefined> }): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const code = await main(['node', 'sysdesign', ...args], {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    cwd: options.cwd,
    isTTY: options.isTTY ?? false,
    env: options.env ?? {},
  });
  return { code, stdout, stderr };
}

const compiled = __filename.endsWith('.js');

/** Runs the real entry point (`node cli.js` / `node --import tsx cli.ts`) in a child process. */
export function spawnCli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): RunResult {
  const nodeArgs = compiled
    ? [path.resolve(__dirname, '../../src/cli.js')]
    : ['--import', pathToFileURL(require.resolve('tsx')).href, path.resolve(__dirname, '../../src/cli.ts')];
  const child = spawnSync(process.execPath, [...nodeArgs, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '', FORCE_COLOR: '', ...env },
    timeout: 60_000,
  });
  return { code: child.status ?? -1, stdout: child.stdout, stderr: child.stderr };
}

export const isCompiledLayout = compiled;


export function fixturePath(name: string): string {
  return path.join(repoRoot, 'server', 'test', 'fixtures', name);
}

/** A fresh temporary folder holding `files` (relative path -> content). */
export function tempTree(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sysdesign-cli-'));
  for (const [rel, content] of Object.entries(files)) {
    const full = path.join(root, rel);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, content);
  }
  return root;
}

export function removeTree(root: string): void {
  fs.rmSync(root, { recursive: true, force: true });
}

export const CLEAN = `system shop {
  client web { rate: 10/s }
  service api { instances: 2 }
  web -> api
}
`;

/** A semantic error: an unknown property (did-you-mean). */
export const WITH_ERROR = `system shop {
  service api { instancs: 2 }
}
`;

/** Only a warning: a queue with a database technology (invalid-value, warning). */
export const WITH_WARNING = `system shop {
  queue jobs: postgres
}
`;

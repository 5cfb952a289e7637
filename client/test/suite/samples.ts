// The sample designs the tests open: where they are, and what each must
// produce. samples/*.sysdesign (the showcase designs) produce no diagnostic at
// all; each samples/review/*.sysdesign lists its findings in its leading
// comment block, one `// expect: RULE @ LINE` line each (1-based line where
// the diagnostic starts; see samples/review/README.md).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { extension } from './helpers';

export interface Sample {
  /** `url-shortener.sysdesign`, `review/no-backup.sysdesign` */
  readonly name: string;
  readonly file: string;
  readonly text: string;
  /** `RULE @ LINE`, sorted. */
  readonly expected: string[];
}

const EXPECT = /^\/\/\s*expect:\s*([a-z][a-z0-9-]*)\s*@\s*(\d+)\s*$/;

/** The `// expect:` lines of the leading comment block, as `RULE @ LINE`, sorted. */
export function expectations(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '') continue;
    if (!line.startsWith('//')) break;
    const m = EXPECT.exec(line);
    if (m) out.push(`${m[1]} @ ${Number(m[2])}`);
    else assert.ok(!/^\/\/\s*expect\b/.test(line), `malformed expectation: ${line}`);
  }
  return out.sort();
}

/**
 * The folder the samples are read from: the opened workspace (the e2e run
 * opens the repository's samples/) if it holds designs, else the samples
 * shipped inside the extension.
 */
export function samplesDir(): string {
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    if (folder.uri.scheme !== 'file') continue;
    const dir = folder.uri.fsPath;
    if (fs.existsSync(dir) && fs.readdirSync(dir).some((f) => f.endsWith('.sysdesign'))) return dir;
  }
  return path.join(extension().extensionPath, 'samples');
}

function designsIn(dir: string, prefix: string): Sample[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.sysdesign'))
    .sort()
    .map((f) => {
      const file = path.join(dir, f);
      const text = fs.readFileSync(file, 'utf8');
      return { name: prefix + f, file, text, expected: prefix ? expectations(text) : [] };
    });
}

/** The showcase designs (no diagnostics expected). */
export function showcaseSamples(): Sample[] {
  return designsIn(samplesDir(), '');
}

/** The review designs (their `// expect:` findings). */
export function reviewSamples(): Sample[] {
  return designsIn(path.join(samplesDir(), 'review'), 'review/');
}

/** A diagnostic as `RULE @ LINE` (1-based), the format of the `// expect:` lines. */
export function finding(d: vscode.Diagnostic): string {
  const code = typeof d.code === 'object' ? d.code.value : d.code;
  return `${String(code)} @ ${d.range.start.line + 1}`;
}

export function findings(diagnostics: readonly vscode.Diagnostic[]): string[] {
  return diagnostics.map(finding).sort();
}

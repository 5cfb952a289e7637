// Workspace symbols: the outline of every `.sysdesign` file under the
// workspace folders (read from disk, cached by modification time) and of every
// open document (which wins over its file on disk), fuzzy-matched by name.
import { promises as fs } from 'fs';
import * as path from 'path';
import { fileURLToPath, pathToFileURL } from 'url';
import { DocumentSymbol, SymbolInformation, WorkspaceSymbolParams } from 'vscode-languageserver';
import { analyze } from '../analyze';
import { FILE_EXTENSION } from '../protocol';
import type { DocumentStore } from './documents';
import { documentSymbols } from './document-symbols';

const SKIP_DIRS = new Set(['node_modules', '.git', 'out', 'dist', '.vscode-test', '.e2e-artifacts']);
const MAX_FILES = 2000;
const MAX_FILE_BYTES = 4 * 1024 * 1024;
const MAX_RESULTS = 500;

export class WorkspaceFiles {
  private folders: string[] = [];
  private readonly cache = new Map<string, { mtimeMs: number; size: number; symbols: DocumentSymbol[] }>();
  fromDisk = true;

  setFolders(uris: string[]): void {
    this.folders = uris.flatMap((u) => {
      try {
        return [fileURLToPath(u)];
      } catch {
        return [];
      }
    });
  }

  addFolders(added: string[], removed: string[]): void {
    const gone = new Set(removed.map((u) => safePath(u)));
    this.folders = this.folders.filter((f) => !gone.has(f));
    for (const u of added) {
      const p = safePath(u);
      if (p && !this.folders.includes(p)) this.folders.push(p);
    }
  }

  /** Every `.sysdesign` file under the folders (bounded). */
  async files(): Promise<string[]> {
    const out: string[] = [];
    const walk = async (dir: string, depth: number): Promise<void> => {
      if (out.length >= MAX_FILES || depth > 20) return;
      let entries: import('fs').Dirent[];
      try {
        entries = await fs.readdir(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const e of entries) {
        if (out.length >= MAX_FILES) return;
        const full = path.join(dir, e.name);
        if (e.isDirectory()) {
          if (!SKIP_DIRS.has(e.name) && !e.name.startsWith('.')) await walk(full, depth + 1);
        } else if (e.isFile() && e.name.endsWith(FILE_EXTENSION)) out.push(full);
      }
    };
    for (const folder of this.folders) await walk(folder, 0);
    return out;
  }

  async symbolsOf(file: string): Promise<DocumentSymbol[]> {
    try {
      const stat = await fs.stat(file);
      if (stat.size > MAX_FILE_BYTES) return [];
      const cached = this.cache.get(file);
      if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached.symbols;
      const text = await fs.readFile(file, 'utf8');
      const symbols = documentSymbols(analyze(text));
      this.cache.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, symbols });
      return symbols;
    } catch {
      return [];
    }
  }
}

function safePath(uri: string): string {
  try {
    return fileURLToPath(uri);
  } catch {
    return '';
  }
}

export async function provideWorkspaceSymbols(store: DocumentStore, files: WorkspaceFiles, params: WorkspaceSymbolParams): Promise<SymbolInformation[]> {
  const query = params.query.trim();
  const results: { score: number; info: SymbolInformation }[] = [];
  const openUris = new Set<string>();
  const collect = (uri: string, symbols: DocumentSymbol[], container?: string) => {
    for (const s of symbols) {
      const score = fuzzyScore(query, s.name);
      if (score !== undefined) {
        results.push({ score, info: { name: s.name, kind: s.kind, location: { uri, range: s.selectionRange }, containerName: container } });
      }
      if (s.children?.length) collect(uri, s.children, s.name);
    }
  };
  for (const doc of store.all()) {
    if (!doc.uri.endsWith(FILE_EXTENSION) && doc.languageId !== 'sysdesign') continue;
    openUris.add(normaliseUri(doc.uri));
    collect(doc.uri, documentSymbols(store.analysis(doc)));
  }
  if (files.fromDisk) {
    for (const file of await files.files()) {
      const uri = pathToFileURL(file).href;
      if (openUris.has(normaliseUri(uri))) continue;
      collect(uri, await files.symbolsOf(file));
    }
  }
  results.sort((a, b) => b.score - a.score || a.info.name.localeCompare(b.info.name));
  return results.slice(0, MAX_RESULTS).map((r) => r.info);
}

/** VS Code spells drive letters and some characters differently from pathToFileURL. */
function normaliseUri(uri: string): string {
  try {
    return decodeURIComponent(uri).replace(/^file:\/\/\/([A-Za-z]):/, (_m, d: string) => `file:///${d.toLowerCase()}:`);
  } catch {
    return uri;
  }
}

/**
 * Subsequence match, case-insensitive: every query character in order. Higher
 * is better: contiguous runs, matches at word starts (after _ or a case
 * change) and a match at the very start score more. Undefined when no match.
 */
export function fuzzyScore(query: string, name: string): number | undefined {
  if (!query) return 0;
  const q = query.toLowerCase();
  const n = name.toLowerCase();
  let score = 0;
  let qi = 0;
  let prev = -2;
  for (let i = 0; i < n.length && qi < q.length; i++) {
    if (n[i] !== q[qi]) continue;
    let s = 1;
    if (i === prev + 1) s += 3;
    if (i === 0) s += 5;
    else if (name[i - 1] === '_' || (name[i] >= 'A' && name[i] <= 'Z' && name[i - 1] >= 'a' && name[i - 1] <= 'z')) s += 3;
    score += s;
    prev = i;
    qi++;
  }
  if (qi < q.length) return undefined;
  if (n === q) score += 20;
  return score - (n.length - q.length) * 0.1;
}

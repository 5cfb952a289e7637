// Finding and reading design files for `check` and `format`.
//
// A path may be a file (taken whatever its extension) or a folder, searched
// recursively for `*.sysdesign`, skipping `node_modules` and folders whose
// name starts with a dot; symbolic links to folders are not followed (no
// cycles), links to files are. Files are listed in the order the paths were
// given, each folder's files sorted by path, each file once.
//
// Files are shown relative to the working folder (with `/` separators) when
// they are inside it, and as absolute paths otherwise.
import * as fs from 'fs';
import * as path from 'path';

export const DESIGN_EXTENSION = '.sysdesign';

export interface DesignFile {
  /** Absolute path. */
  path: string;
  /** As shown in output and reports (see above). */
  display: string;
}

export interface Collected {
  files: DesignFile[];
  /** One message per path that could not be read. */
  problems: string[];
}

export function displayPath(absolute: string, cwd: string): string {
  const rel = path.relative(cwd, absolute);
  if (rel === '') return path.basename(absolute);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return absolute;
  return rel.split(path.sep).join('/');
}

export function describeFsError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT': return 'no such file or folder';
    case 'EACCES':
    case 'EPERM': return 'permission denied';
    case 'EISDIR': return 'it is a folder';
    case 'ENOTDIR': return 'a part of the path is not a folder';
    case 'ELOOP': return 'too many symbolic links';
    default: return err instanceof Error ? err.message : String(err);
  }
}

export function collectFiles(inputs: string[], cwd: string): Collected {
  const files: DesignFile[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  const add = (absolute: string) => {
    if (seen.has(absolute)) return;
    seen.add(absolute);
    files.push({ path: absolute, display: displayPath(absolute, cwd) });
  };
  for (const input of inputs) {
    const absolute = path.resolve(cwd, input);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(absolute);
    } catch (err) {
      problems.push(`cannot read '${input}': ${describeFsError(err)}`);
      continue;
    }
    if (stat.isDirectory()) {
      const found: string[] = [];
      walk(absolute, found, problems, cwd);
      found.sort();
      found.forEach(add);
    } else {
      add(absolute);
    }
  }
  return { files, problems };
}

function walk(folder: string, found: string[], problems: string[], cwd: string): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(folder, { withFileTypes: true });
  } catch (err) {
    problems.push(`cannot read folder '${displayPath(folder, cwd)}': ${describeFsError(err)}`);
    return;
  }
  for (const entry of entries) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      walk(full, found, problems, cwd);
    } else if (entry.name.endsWith(DESIGN_EXTENSION)) {
      if (entry.isFile()) found.push(full);
      else if (entry.isSymbolicLink()) {
        try {
          if (fs.statSync(full).isFile()) found.push(full);
        } catch {
          // a dangling link is not a design file
        }
      }
    }
  }
}

export type ReadResult = { ok: true; text: string } | { ok: false; problem: string };

export function readDesign(file: DesignFile): ReadResult {
  try {
    return { ok: true, text: fs.readFileSync(file.path, 'utf8') };
  } catch (err) {
    return { ok: false, problem: `cannot read '${file.display}': ${describeFsError(err)}` };
  }
}

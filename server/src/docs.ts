// Where a rule's documentation lives. Pages ship inside the package
// (docs/rules/<id>.md), so links work offline, in the editor and in SARIF.
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';

let cachedRoot: string | undefined;

/** The package's root folder: the nearest ancestor with our package.json. */
export function packageRoot(): string {
  if (cachedRoot) return cachedRoot;
  let dir = __dirname;
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest)) {
      try {
        if (JSON.parse(fs.readFileSync(manifest, 'utf8')).name === 'sysdesign') return (cachedRoot = dir);
      } catch {
        // not ours; keep walking up
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) return (cachedRoot = process.cwd());
    dir = parent;
  }
}

export function ruleDocPath(ruleId: string): string {
  return path.join(packageRoot(), 'docs', 'rules', `${ruleId}.md`);
}

export function ruleDocUrl(ruleId: string): string {
  return pathToFileURL(ruleDocPath(ruleId)).href;
}

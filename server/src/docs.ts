// Where a rule's documentation lives. Pages ship inside the package
// (docs/rules/<id>.md: SARIF embeds their text, so it reads offline) and are
// linked at their https address on the repository: a file:// link would point
// into the machine that ran the check, which breaks in GitHub code scanning
// and in remote or virtual workspaces.
import * as fs from 'fs';
import * as path from 'path';

/** The repository (package.json `repository.url`; a test keeps them equal). */
export const REPOSITORY_URL = 'https://github.com/sysdesign/sysdesign';

/** Where the repository's files are browsed: docs links point into the main branch. */
export const DOCS_BASE_URL = `${REPOSITORY_URL}/blob/main/`;

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

/** The https address of a rule's page (any id is encoded; a page may not exist for an unknown id). */
export function ruleDocUrl(ruleId: string): string {
  return `${DOCS_BASE_URL}docs/rules/${encodeURIComponent(ruleId)}.md`;
}

// What package.json declares to VS Code and npm, checked against the files and
// commands that exist: jsonValidation's schema, the walkthrough's media and
// command links, the workspace-trust declarations, the repository the docs
// links point into, and what the npm package and the .vsix ship.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as fs from 'fs';
import * as path from 'path';
import { DOCS_BASE_URL, REPOSITORY_URL, ruleDocUrl } from '../../src/docs';
import { PROJECT_SCHEMA_FILE } from '../../src/config/json-schema';
import { repoRoot } from '../helpers/repo';

interface Step {
  id: string;
  description: string;
  media: { markdown?: string };
  completionEvents?: string[];
}

const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
const contributes = manifest.contributes;
const ownCommands = new Set<string>(contributes.commands.map((c: { command: string }) => c.command));
/** VS Code's own commands the walkthrough links to. */
const BUILT_IN_COMMANDS = new Set(['workbench.action.files.newUntitledFile', 'workbench.actions.view.problems']);
const vscodeignore = fs.readFileSync(path.join(repoRoot, '.vscodeignore'), 'utf8').split('\n');

describe('package.json', () => {
  test('jsonValidation points sysdesign.json at the generated schema, shipped in the .vsix', () => {
    assert.deepEqual(contributes.jsonValidation, [{ fileMatch: 'sysdesign.json', url: `./${PROJECT_SCHEMA_FILE}` }]);
    assert.ok(fs.existsSync(path.join(repoRoot, PROJECT_SCHEMA_FILE)));
    assert.ok(vscodeignore.includes(`!${path.posix.dirname(PROJECT_SCHEMA_FILE)}/**`));
  });

  test('the walkthrough: media files exist and ship, links run commands that exist', () => {
    const [walkthrough] = contributes.walkthroughs;
    assert.ok(walkthrough.steps.length >= 4);
    assert.ok(vscodeignore.includes('!walkthrough/**'));
    for (const step of walkthrough.steps as Step[]) {
      assert.ok(step.media.markdown, `${step.id} has markdown media`);
      assert.ok(fs.existsSync(path.join(repoRoot, step.media.markdown!)), step.media.markdown);
      const linked = [...step.description.matchAll(/\(command:([\w.]+)/g)].map((m) => m[1]);
      const completing = (step.completionEvents ?? []).filter((e) => e.startsWith('onCommand:')).map((e) => e.slice('onCommand:'.length));
      for (const command of [...linked, ...completing]) {
        assert.ok(ownCommands.has(command) || BUILT_IN_COMMANDS.has(command), `${step.id}: no command ${command}`);
      }
    }
  });

  test('declares what it does in untrusted and virtual workspaces, with the reason', () => {
    const { untrustedWorkspaces, virtualWorkspaces } = manifest.capabilities;
    assert.equal(untrustedWorkspaces.supported, true);
    assert.match(untrustedWorkspaces.description, /no code from the workspace/);
    // The client only handles file: and untitled: documents, and the server reads the disk.
    assert.equal(virtualWorkspaces.supported, false);
    assert.match(virtualWorkspaces.description, /local disk/);
    const ctx = fs.readFileSync(path.join(repoRoot, 'client/src/ctx.ts'), 'utf8');
    const schemes = [...ctx.matchAll(/scheme: '(\w+)'/g)].map((m) => m[1]).sort();
    assert.deepEqual([...new Set(schemes)], ['file', 'untitled']);
  });

  test('rule documentation links are https pages in the package\'s repository', () => {
    assert.equal(manifest.repository.url, REPOSITORY_URL);
    assert.ok(DOCS_BASE_URL.startsWith(`${REPOSITORY_URL}/`));
    assert.equal(ruleDocUrl('no-backup'), 'https://github.com/sysdesign/sysdesign/blob/main/docs/rules/no-backup.md');
  });
});

// Runs the extension test suite in a desktop VS Code downloaded by
// @vscode/test-electron (where one can be downloaded; here CI uses
// code-server instead: `npm run test:e2e`).
import { runTests } from '@vscode/test-electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
try {
  await runTests({
    extensionDevelopmentPath: root,
    extensionTestsPath: path.join(root, 'out/client/test/index.js'),
    launchArgs: [path.join(root, 'samples'), '--disable-extensions'],
  });
} catch (err) {
  console.error('Extension tests failed:', err instanceof Error ? err.message : err);
  process.exit(1);
}

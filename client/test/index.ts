// Extension test entry in the @vscode/test-electron format: VS Code (or
// code-server, see scripts/e2e/run.mjs) loads this module in the extension
// host and awaits `run()`. It runs every compiled `suite/*.test.js` with
// mocha (TDD interface) and ends with one line `N passed, N failed`.
//
// SYSDESIGN_TEST_GREP, if set, runs only the tests whose full title matches it.
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, reporter: 'spec' });
  const grep = process.env.SYSDESIGN_TEST_GREP;
  if (grep) mocha.grep(grep);

  const dir = path.join(__dirname, 'suite');
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.test.js'))
    .sort();
  for (const f of files) mocha.addFile(path.join(dir, f));

  return new Promise<void>((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        const stats = runner.stats;
        const passed = stats?.passes ?? 0;
        const failed = stats?.failures ?? failures;
        const skipped = stats?.pending ? `, ${stats.pending} skipped` : '';
        console.log(`${passed} passed, ${failed} failed${skipped}`);
        if (failures > 0) reject(new Error(`${failures} test(s) failed`));
        else if (passed === 0) reject(new Error(`no tests ran (looked in ${dir})`));
        else resolve();
      });
    } catch (err) {
      console.log('0 passed, 1 failed');
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
}

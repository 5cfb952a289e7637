// Tests that need a tool on the machine (Chromium, the compiled layout).
// In CI every tool is installed first (.ci/run), so a missing one there is a
// broken setup: the test runs and fails saying what is missing and how to get
// it. On a developer's machine the test is skipped with that same reason.

/** True when the tests run in CI (`CI` set to anything but "false" or "0"). */
export const IN_CI = ['', 'false', '0'].indexOf((process.env.CI ?? '').toLowerCase()) < 0;

/** The `node:test` options of a test or suite that needs a tool: run when `available`, and always in CI. */
export function needsTool(available: boolean, missing: string): { skip: false | string } {
  return { skip: available || IN_CI ? false : missing };
}

/** Throws `missing` when the tool is not there (call it where the test first uses the tool). */
export function requireTool(available: boolean, missing: string): void {
  if (!available) throw new Error(`${missing}${IN_CI ? ' (CI must install it: .ci/run runs scripts/e2e/install-tools.sh first)' : ''}`);
}

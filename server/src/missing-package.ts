// An optional package that a feature needs is not installed. The npm package
// lists native renderers as optionalDependencies, which npm skips when it
// cannot install them (offline, or no prebuilt binary for the platform); the
// feature then fails with this error, and the CLI prints its message as a
// problem with the machine, not as an internal error.
export class MissingPackageError extends Error {
  constructor(
    readonly packageName: string,
    /** What could not be done, e.g. "cannot draw a PNG". */
    what: string,
    /** What still works without it. */
    alternative: string,
  ) {
    super(`${what}: the optional package ${packageName} is not installed (npm install -g ${packageName}); ${alternative}`);
    this.name = 'MissingPackageError';
  }
}

/** `err` as a MissingPackageError when it is Node's "cannot find module" for `packageName`; otherwise `err` itself. */
export function missingPackage(err: unknown, packageName: string, what: string, alternative: string): unknown {
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'MODULE_NOT_FOUND' && typeof e.message === 'string' && e.message.includes(packageName)) {
    return new MissingPackageError(packageName, what, alternative);
  }
  return err;
}

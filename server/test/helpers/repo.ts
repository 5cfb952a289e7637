// The repository root for tests that read its files (samples, docs, bin/,
// the built bundles): the package's own lookup (the nearest package.json
// named "sysdesign"), so tests and the product agree on where it is.
import { packageRoot } from '../../src/docs';

export const repoRoot = packageRoot();

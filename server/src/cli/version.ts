import * as fs from 'fs';
import * as path from 'path';
import { packageRoot } from '../docs';

let cached: string | undefined;

/** The version in the package's package.json ("0.0.0" if it cannot be read). */
export function packageVersion(): string {
  if (cached) return cached;
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version?: unknown };
    cached = typeof manifest.version === 'string' ? manifest.version : '0.0.0';
  } catch {
    cached = '0.0.0';
  }
  return cached;
}

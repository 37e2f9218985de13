/**
 * Where Tessera's data files are. Compiled code runs from dist/src/... (tests) or from the bundle in
 * dist/bundle/ (the `tessera` command), while models, catalogs, managed policies and the console's files
 * stay under src/: both find them from the package root.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The npm package's name (package.json); the command it installs is `tessera`. */
export const PACKAGE_NAME = 'tessera-iam';

let root: string | undefined;

/** The folder whose package.json is Tessera's, found walking up from this module. */
export function packageRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pj = join(dir, 'package.json');
    if (existsSync(pj) && (JSON.parse(readFileSync(pj, 'utf8')) as { name?: string }).name === PACKAGE_NAME) return (root = dir);
    const up = dirname(dir);
    if (up === dir) throw new Error(`tessera: the package root (package.json named '${PACKAGE_NAME}') was not found`);
    dir = up;
  }
}

/** A path under the package's src/ folder. */
export const sourcePath = (...segments: string[]): string => join(packageRoot(), 'src', ...segments);

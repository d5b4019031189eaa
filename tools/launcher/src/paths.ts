import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, whether running from dist/ or from sources under Jest. */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) || existsSync(join(dir, 'tsconfig.build.json')) === false) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the repository root (package.json with tsconfig.build.json)');
    dir = parent;
  }
  return dir;
}

export function distEntry(root: string, relative: string): string {
  return resolve(root, 'dist', relative);
}

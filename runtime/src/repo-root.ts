import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository's root folder (the one with pnpm-workspace.yaml), found upward from this
 * module: the same answer from runtime/src under tsx or vitest and from a build of the CLI in
 * runtime/dist/<build>/, where a fixed '../..' would point elsewhere.
 */
export function repoRoot(from: string = import.meta.url): string {
  const start = path.dirname(fileURLToPath(from));
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'pnpm-workspace.yaml'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`coinlab: no pnpm-workspace.yaml in any folder above ${start}`);
  }
}

import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

/**
 * Node, tsx and the CLI read an import of './rsi' + '.node' (no .ts) as a native addon (`.node`) and fail,
 * while vitest quietly resolves it. Catch it here instead of in a user's first `coinlab run`.
 */
it('imports node files with their .ts extension', () => {
  const root = path.dirname(fileURLToPath(import.meta.url));
  const offenders: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.tsx?$/.test(name)) {
        readFileSync(full, 'utf8').split('\n').forEach((line, i) => {
          if (/from\s+'[^']+\.node'/.test(line)) offenders.push(`${path.relative(root, full)}:${i + 1}: ${line.trim()}`);
        });
      }
    }
  };
  walk(root);
  expect(offenders).toEqual([]);
});

import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

/**
 * The OHLCV column type is declared once (shared/src/values.ts: OhlcvColumns, CandleColumns);
 * a second declaration drifts (readonly here, no ts there) and values stop fitting each other.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const DIRS = ['shared/src', 'nodes/src', 'runtime/src', 'editor/src'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (name === 'node_modules' || name === 'dist') return [];
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [full] : [];
  });
}

/** Interfaces and object types that declare all five OHLCV columns as number arrays. */
function ohlcvDeclarations(): string[] {
  const found: string[] = [];
  for (const dir of DIRS) {
    for (const file of sourceFiles(path.join(ROOT, dir))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/(?:interface\s+(\w+)[^{]*|type\s+(\w+)\s*=\s*)\{([^{}]*)\}/g)) {
        const body = m[3]!;
        const columns = ['open', 'high', 'low', 'close', 'volume'].filter((c) => new RegExp(`\\b${c}\\??\\s*:\\s*(readonly\\s+)?number\\[\\]`).test(body));
        if (columns.length === 5) found.push(`${path.relative(ROOT, file).split(path.sep).join('/')}: ${m[1] ?? m[2]}`);
      }
    }
  }
  return found;
}

it('declares the OHLCV column type once, in shared', () => {
  expect(ohlcvDeclarations()).toEqual(['shared/src/values.ts: OhlcvColumns']);
});

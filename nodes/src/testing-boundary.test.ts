import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

/**
 * Product code must not depend on test code: a testing module (fixtures, reference readers,
 * scripted models) shipped inside the product drags test data and test libraries with it.
 * Test files, *.test-helper, *.bench and *.manual scripts and files inside a `testing/` folder may import them.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PRODUCT_DIRS = ['runtime/src', 'nodes/src', 'editor/src'];

const isTestCode = (rel: string) =>
  /\.(test|test-helper|bench|manual)\.tsx?$/.test(rel) || rel.split('/').includes('testing');

/** `@coinlab/x/testing`, or a relative path through a `testing` folder. */
const isTestingModule = (specifier: string) =>
  /^@coinlab\/[^/]+\/testing(\/|$)/.test(specifier) || (specifier.startsWith('.') && specifier.split('/').includes('testing'));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (name === 'node_modules' || name === 'dist') return [];
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(name) ? [full] : [];
  });
}

/** Imports in non-test files under the product folders whose specifier `forbidden` matches. */
export function productImports(root: string, forbidden: (specifier: string) => boolean): string[] {
  const offenders: string[] = [];
  for (const dir of PRODUCT_DIRS) {
    for (const file of sourceFiles(path.join(root, dir))) {
      const rel = path.relative(root, file).split(path.sep).join('/');
      if (isTestCode(rel)) continue;
      readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
        for (const m of line.matchAll(/(?:\bfrom\s+|\bimport\s*\(?\s*)['"]([^'"]+)['"]/g)) {
          if (forbidden(m[1]!)) offenders.push(`${rel}:${i + 1}: ${line.trim()}`);
        }
      });
    }
  }
  return offenders;
}

export const testingImportsInProductCode = (root: string) => productImports(root, isTestingModule);

it('keeps testing modules out of product code (runtime, nodes, editor)', () => {
  expect(testingImportsInProductCode(ROOT)).toEqual([]);
});

it('uses the cross-check libraries (dev dependencies of nodes) only in tests', () => {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'nodes/package.json'), 'utf8')) as { devDependencies?: Record<string, string> };
  const devOnly = Object.keys(pkg.devDependencies ?? {});
  expect(devOnly).toEqual(expect.arrayContaining(['technicalindicators', 'ml-random-forest', 'ml-logistic-regression']));
  expect(productImports(ROOT, (s) => devOnly.some((d) => s === d || s.startsWith(`${d}/`)))).toEqual([]);
});

it('recognises the imports it forbids', () => {
  expect(isTestingModule('@coinlab/nodes/testing')).toBe(true);
  expect(isTestingModule('../testing/market-files')).toBe(true);
  expect(isTestingModule('./testing/scripted-chat-model')).toBe(true);
  expect(isTestingModule('@coinlab/nodes/offline')).toBe(false);
  expect(isTestingModule('./test-hooks')).toBe(false);
  expect(isTestCode('nodes/src/testing/market-files.ts')).toBe(true);
  expect(isTestCode('runtime/src/planner/planner.ts')).toBe(false);
});

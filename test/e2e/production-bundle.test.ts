import fs from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { buildEditor } from './editor-helpers';

/**
 * The test hooks (window.__coinlab: load any document, feed events into the run store) are for
 * end-to-end tests and benchmarks. The shipped bundle (`vite build`) must not carry them; the
 * e2e build the tests serve must, or the tests would drive nothing.
 */
const built: string[] = [];
afterAll(() => {
  for (const dir of built) fs.rmSync(dir, { recursive: true, force: true });
});

/** Every built script file that mentions `needle`, relative to the build folder. */
function filesMentioning(dir: string, needle: string): string[] {
  const files = fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(js|mjs|html)$/.test(f));
  expect(files.some((f) => f.endsWith('.js'))).toBe(true);
  return files.filter((f) => fs.readFileSync(path.join(dir, f), 'utf8').includes(needle));
}

it('ships the production bundle without the test hooks, and the e2e bundle with them', () => {
  const production = buildEditor('production');
  built.push(production);
  expect(filesMentioning(production, '__coinlab')).toEqual([]);

  const e2e = buildEditor('e2e');
  built.push(e2e);
  expect(filesMentioning(e2e, '__coinlab').length).toBeGreaterThan(0);
});

import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { CANDLE_COLUMNS, candleColumnSchema, PRICE_COLUMNS, priceColumnSchema } from './values';

/**
 * The OHLCV column names are declared once (shared/src/values.ts): a list of them spelled out
 * again in nodes, the runtime or the editor is a second copy that can drift (a node offering
 * a column the readers never store).
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const LIST = /'open',\s*'high',\s*'low',\s*'close'/;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (name === 'node_modules' || name.startsWith('dist')) return [];
    if (statSync(full).isDirectory()) return sources(full);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [full] : [];
  });
}

it('declares the OHLCV columns once, in shared/src/values.ts', () => {
  const copies = ['shared/src', 'nodes/src', 'runtime/src', 'editor/src']
    .flatMap((d) => sources(path.join(ROOT, d)))
    .filter((f) => !f.endsWith(path.join('shared', 'src', 'values.ts')) && LIST.test(readFileSync(f, 'utf8')))
    .map((f) => path.relative(ROOT, f));
  expect(copies).toEqual([]);
  expect(candleColumnSchema.options).toEqual([...CANDLE_COLUMNS]);
  expect(priceColumnSchema.options).toEqual([...PRICE_COLUMNS]);
  expect(CANDLE_COLUMNS.filter((c) => !(PRICE_COLUMNS as readonly string[]).includes(c))).toEqual(['volume']);
});

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** nodes/reference/ta/eda_reference.json: figures computed with pandas/numpy/scipy (for the EDA tests). */
export interface EdaReference {
  summary: Record<string, Record<string, Record<string, number>>>;
  returns: Record<string, Record<string, number>>;
  acf: Record<string, { returns: number[]; absReturns: number[]; n: number }>;
  correlation: { coins: string[]; pearson: (number | null)[][]; spearman: (number | null)[][] };
}

export function edaReference(): EdaReference {
  const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../reference/ta/eda_reference.json');
  return JSON.parse(readFileSync(file, 'utf8')) as EdaReference;
}

/** Relative difference, with an absolute floor for values near 0. */
export function relDiff(a: number, b: number, floor = 1e-12): number {
  return Math.abs(a - b) / Math.max(Math.abs(b), floor);
}

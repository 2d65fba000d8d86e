import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { CandlesValue } from '@coinlab/shared';
import { MARKET_DIR, readMarketFile } from './market-files';

/**
 * The checked-in output of nodes/reference/ta/make_ta_reference.py (plain-loop Python in
 * TA-Lib's conventions on ETH_BTC-5m.json), for the indicator tests.
 */
export interface TaReference {
  rows: number;
  index: number[];
  series: Record<string, (number | null)[]>;
}

const REF_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../reference/ta');

export function taReference(): TaReference {
  return JSON.parse(readFileSync(path.join(REF_DIR, 'ta_reference.json'), 'utf8')) as TaReference;
}

export function ethCandles(): CandlesValue {
  const c = readMarketFile(path.join(MARKET_DIR, 'ETH_BTC-5m.json'));
  return {
    kind: 'candles',
    barMinutes: 5,
    groups: [{ coin: c.coin, ts: c.ts, columns: { open: c.open, high: c.high, low: c.low, close: c.close, volume: c.volume }, gaps: { missingBars: 0, largest: null } }],
  };
}

/**
 * `actual` (every bar) against a reference series (sampled bars): NaN exactly where the
 * reference has none (the warm-up alignment), and a relative error of at most `tol` from
 * bar `from` on. Returns the worst relative error seen.
 */
export function expectMatchesReference(actual: readonly number[], ref: TaReference, name: string, opts: { from?: number; tol?: number } = {}): number {
  const values = ref.series[name];
  if (!values) throw new Error(`no reference series ${name}`);
  expect(actual.length).toBe(ref.rows);
  const from = opts.from ?? 100;
  const tol = opts.tol ?? 1e-6;
  let worst = 0;
  ref.index.forEach((bar, k) => {
    const want = values[k];
    const got = actual[bar]!;
    if (want === null || want === undefined) {
      expect(Number.isNaN(got), `${name}[${bar}] should be NaN (warm-up), got ${got}`).toBe(true);
      return;
    }
    expect(Number.isNaN(got), `${name}[${bar}] should be ${want}, got NaN`).toBe(false);
    if (bar < from) return;
    const rel = Math.abs(got - want) / Math.max(Math.abs(want), Number.MIN_VALUE);
    if (rel > worst) worst = rel;
    if (rel > tol) expect.fail(`${name}[${bar}]: ${got} vs reference ${want} (relative error ${rel.toExponential(2)})`);
  });
  return worst;
}

/** technicalindicators returns only the defined values: re-align its output to the input's end. */
export function alignTail(values: readonly number[], length: number): number[] {
  const out = new Array<number>(length).fill(Number.NaN);
  for (let i = 0; i < values.length; i++) out[length - values.length + i] = values[i]!;
  return out;
}

/** Largest relative difference between two aligned series over bars >= from where both are defined (0 vs 0 counts as equal). */
export function worstRelative(a: readonly number[], b: readonly number[], from = 0): number {
  let worst = 0;
  for (let i = from; i < a.length; i++) {
    const x = a[i]!, y = b[i]!;
    if (Number.isNaN(x) || Number.isNaN(y) || x === y) continue;
    worst = Math.max(worst, Math.abs(x - y) / Math.max(Math.abs(y), Math.abs(x)));
  }
  return worst;
}

/**
 * The small ETH/BTC dataset of nodes/reference/make_ml_reference.py, recomputed from the
 * candles exactly as the script does (same expressions, same row range), so that tests
 * can compare against sklearn's numbers on identical inputs.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Matrix } from '../matrix';
import { matrixFromColumns, sliceRows } from '../matrix';

export const MARKET_DIR = fileURLToPath(new URL('../../../../../shared/data/market/', import.meta.url));
export const REFERENCE_JSON = fileURLToPath(new URL('../../../reference/ml-reference.json', import.meta.url));

export interface MarketDataset {
  X: Matrix;
  /** max close over the next 12 bars >= 1.005 × close */
  y: Float64Array;
  /** close 12 bars ahead / close − 1 */
  futureReturn: Float64Array;
  /** First test row (80 % chronological split). */
  cut: number;
}

export function marketDataset(file = 'ETH_BTC-5m.json'): MarketDataset {
  const d = JSON.parse(readFileSync(MARKET_DIR + file, 'utf8')) as number[][];
  const col = (k: number): Float64Array => Float64Array.from(d, (r) => r[k] as number);
  const c = col(4);
  const h = col(2);
  const l = col(3);
  const v = col(5);
  const n = c.length;
  const ts: number[] = [];
  for (let t = 12; t < n - 12; t++) ts.push(t);
  const at = (a: Float64Array, t: number): number => a[t] as number;
  const X = matrixFromColumns([
    { name: 'ret_1', values: ts.map((t) => at(c, t) / at(c, t - 1) - 1) },
    { name: 'ret_3', values: ts.map((t) => at(c, t) / at(c, t - 3) - 1) },
    { name: 'ret_12', values: ts.map((t) => at(c, t) / at(c, t - 12) - 1) },
    { name: 'range', values: ts.map((t) => (at(h, t) - at(l, t)) / at(c, t)) },
    { name: 'log_volume', values: ts.map((t) => Math.log1p(at(v, t))) },
  ]);
  const y = Float64Array.from(ts, (t) => {
    let m = -Infinity;
    for (let k = 1; k <= 12; k++) m = Math.max(m, at(c, t + k));
    return m >= at(c, t) * 1.005 ? 1 : 0;
  });
  const futureReturn = Float64Array.from(ts, (t) => at(c, t + 12) / at(c, t) - 1);
  return { X, y, futureReturn, cut: Math.floor(ts.length * 0.8) };
}

export function trainTest(ds: MarketDataset): { Xtr: Matrix; ytr: Float64Array; Xte: Matrix; yte: Float64Array } {
  return {
    Xtr: sliceRows(ds.X, 0, ds.cut),
    ytr: ds.y.slice(0, ds.cut),
    Xte: sliceRows(ds.X, ds.cut, ds.X.rows),
    yte: ds.y.slice(ds.cut),
  };
}

/**
 * The dataset of ../shared/bench/peer_pipeline.py rebuilt in TypeScript, for the ML
 * library's own accuracy and speed checks (the product's feature nodes live elsewhere):
 * 12 features, target "max close over the next 12 bars >= +0.5%", rows with any
 * missing/non-finite value dropped, 80/20 chronological split per pair, concatenated.
 * Rolling windows are computed directly (not with running sums), so values agree with
 * pandas to rounding.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Matrix } from '../matrix';
import { matrixFromColumns } from '../matrix';

export const PEER_FEATURES = [
  'ret_1', 'ret_2', 'ret_3', 'ret_4', 'ret_5', 'sma_ratio', 'macd_n', 'rsi', 'bb_pctb', 'atr_n', 'stoch_k', 'vol_z',
] as const;

type Candle = [number, number, number, number, number, number];

function rolling(x: Float64Array, w: number, fn: (win: Float64Array) => number): Float64Array {
  const out = new Float64Array(x.length).fill(NaN);
  for (let t = w - 1; t < x.length; t++) out[t] = fn(x.subarray(t - w + 1, t + 1));
  return out;
}
const mean = (a: Float64Array): number => a.reduce((s, v) => s + v, 0) / a.length;
const std = (a: Float64Array, ddof: number): number => {
  const m = mean(a);
  return Math.sqrt(a.reduce((s, v) => s + (v - m) ** 2, 0) / (a.length - ddof));
};
/** pandas ewm(adjust=False): starts at the first non-NaN value. */
function ewm(x: Float64Array, alpha: number): Float64Array {
  const out = new Float64Array(x.length).fill(NaN);
  let e = NaN;
  for (let t = 0; t < x.length; t++) {
    const v = x[t] as number;
    if (Number.isNaN(e)) e = v;
    else if (!Number.isNaN(v)) e = (1 - alpha) * e + alpha * v;
    out[t] = e;
  }
  return out;
}

export function peerFeatures(candles: readonly Candle[]): { columns: Record<string, Float64Array>; y: Float64Array } {
  const n = candles.length;
  const c = Float64Array.from(candles, (r) => r[4]);
  const h = Float64Array.from(candles, (r) => r[2]);
  const l = Float64Array.from(candles, (r) => r[3]);
  const v = Float64Array.from(candles, (r) => r[5]);
  const cols: Record<string, Float64Array> = {};
  for (let k = 1; k <= 5; k++) cols[`ret_${k}`] = c.map((x, t) => (t >= k ? x / (c[t - k] as number) - 1 : NaN));
  const sma10 = rolling(c, 10, mean);
  const sma50 = rolling(c, 50, mean);
  cols.sma_ratio = sma10.map((x, t) => x / (sma50[t] as number) - 1);
  const e12 = ewm(c, 2 / 13);
  const e26 = ewm(c, 2 / 27);
  cols.macd_n = e12.map((x, t) => (x - (e26[t] as number)) / (c[t] as number));
  const ch = c.map((x, t) => (t > 0 ? x - (c[t - 1] as number) : NaN));
  const up = ewm(ch.map((d) => (Number.isNaN(d) ? NaN : Math.max(d, 0))), 1 / 14);
  const dn = ewm(ch.map((d) => (Number.isNaN(d) ? NaN : Math.max(-d, 0))), 1 / 14);
  cols.rsi = up.map((u, t) => 100 - 100 / (1 + u / (dn[t] as number)));
  const m20 = rolling(c, 20, mean);
  const s20 = rolling(c, 20, (a) => std(a, 0));
  cols.bb_pctb = c.map((x, t) => (x - ((m20[t] as number) - 2 * (s20[t] as number))) / (4 * (s20[t] as number)));
  const tr = c.map((_, t) => {
    const hl = (h[t] as number) - (l[t] as number);
    if (t === 0) return hl;
    const pc = c[t - 1] as number;
    return Math.max(hl, Math.abs((h[t] as number) - pc), Math.abs((l[t] as number) - pc));
  });
  const atr = ewm(tr, 1 / 14);
  cols.atr_n = atr.map((a, t) => a / (c[t] as number));
  const ll = rolling(l, 14, (a) => Math.min(...a));
  const hh = rolling(h, 14, (a) => Math.max(...a));
  cols.stoch_k = c.map((x, t) => (x - (ll[t] as number)) / ((hh[t] as number) - (ll[t] as number)));
  const vm = rolling(v, 20, mean);
  const vs = rolling(v, 20, (a) => std(a, 1));
  cols.vol_z = v.map((x, t) => (x - (vm[t] as number)) / (vs[t] as number));
  const y = new Float64Array(n).fill(NaN);
  for (let t = 0; t + 12 < n; t++) {
    let fut = -Infinity;
    for (let k = 1; k <= 12; k++) fut = Math.max(fut, c[t + k] as number);
    y[t] = fut >= (c[t] as number) * 1.005 ? 1 : 0;
  }
  return { columns: cols, y };
}

export interface PeerSplit {
  train: Matrix;
  yTrain: Float64Array;
  test: Matrix;
  yTest: Float64Array;
}

/** Builds the peer pipeline's train/test split from candle files (in the given order). */
export function peerDataset(files: readonly string[]): PeerSplit {
  const parts = { train: [] as number[][], test: [] as number[][], yTrain: [] as number[], yTest: [] as number[] };
  for (const file of files) {
    const candles = JSON.parse(readFileSync(file, 'utf8')) as Candle[];
    const { columns, y } = peerFeatures(candles);
    const rows: number[][] = [];
    const ys: number[] = [];
    for (let t = 0; t < candles.length; t++) {
      const row = PEER_FEATURES.map((name) => (columns[name] as Float64Array)[t] as number);
      if (Number.isNaN(y[t]) || !row.every(Number.isFinite)) continue;
      rows.push(row);
      ys.push(y[t] as number);
    }
    const cut = Math.floor(rows.length * 0.8);
    parts.train.push(...rows.slice(0, cut));
    parts.test.push(...rows.slice(cut));
    parts.yTrain.push(...ys.slice(0, cut));
    parts.yTest.push(...ys.slice(cut));
  }
  const toMatrix = (rows: number[][]): Matrix =>
    matrixFromColumns(PEER_FEATURES.map((name, j) => ({ name, values: rows.map((r) => r[j] as number) })));
  return { train: toMatrix(parts.train), yTrain: Float64Array.from(parts.yTrain), test: toMatrix(parts.test), yTest: Float64Array.from(parts.yTest) };
}

/** The 7 five-minute files the benchmark uses, sorted as the shell glob sorts them. */
export function marketFiles(marketDir: string): string[] {
  return readdirSync(marketDir).filter((f) => f.endsWith('-5m.json')).sort().map((f) => join(marketDir, f));
}

import { nanArray } from '../arrays';

/**
 * TA-Lib trend indicators on NaN-free input (callers split at NaN with bySegments). Outputs
 * are aligned with the input and NaN during the warm-up; an input shorter than the warm-up
 * gives all NaN.
 */

/** EMA (alpha = 2/(period+1)) seeded with the mean of the `period` values ending at `seedEnd`. */
export function emaSeededAt(x: readonly number[], period: number, seedEnd: number): number[] {
  const out = nanArray(x.length);
  if (seedEnd >= x.length || seedEnd < period - 1) return out;
  const k = 2 / (period + 1);
  let sum = 0;
  for (let i = seedEnd - period + 1; i <= seedEnd; i++) sum += x[i]!;
  let prev = sum / period;
  out[seedEnd] = prev;
  for (let i = seedEnd + 1; i < x.length; i++) {
    prev = (x[i]! - prev) * k + prev;
    out[i] = prev;
  }
  return out;
}

export interface MacdResult {
  macd: number[];
  signal: number[];
  hist: number[];
}

/**
 * MACD as TA-Lib computes it: both EMAs start at bar slow-1, the fast one seeded with the mean
 * of the `fast` bars ending there (not of the first `fast` bars, as most libraries do); the
 * signal is an SMA-seeded EMA of the line. All three outputs start at bar slow+signal-2.
 */
export function macd(x: readonly number[], fast: number, slow: number, signal: number): MacdResult {
  const n = x.length;
  const res: MacdResult = { macd: nanArray(n), signal: nanArray(n), hist: nanArray(n) };
  const start = slow - 1;
  const first = start + signal - 1;
  if (first >= n) return res;
  const f = emaSeededAt(x, fast, start);
  const s = emaSeededAt(x, slow, start);
  const line = nanArray(n);
  for (let i = start; i < n; i++) line[i] = f[i]! - s[i]!;
  const sig = emaSeededAt(line.slice(start), signal, signal - 1);
  for (let i = first; i < n; i++) {
    const g = sig[i - start]!;
    res.macd[i] = line[i]!;
    res.signal[i] = g;
    res.hist[i] = line[i]! - g;
  }
  return res;
}

import { nanArray } from '../arrays';
import { rollingStd } from '../rolling';
import { sma } from '../moving-averages';

/** True range from bar 1: max(high - low, |high - previous close|, |low - previous close|). */
export function trueRange(high: readonly number[], low: readonly number[], close: readonly number[]): number[] {
  const out = nanArray(close.length);
  for (let i = 1; i < close.length; i++) {
    const c = close[i - 1]!;
    out[i] = Math.max(high[i]! - low[i]!, Math.abs(high[i]! - c), Math.abs(low[i]! - c));
  }
  return out;
}

/** ATR as TA-Lib: the first value (bar `period`) is the mean of the true ranges of bars 1..period, then Wilder smoothing. */
export function atr(high: readonly number[], low: readonly number[], close: readonly number[], period: number): number[] {
  const n = close.length;
  const out = nanArray(n);
  if (period >= n) return out;
  const tr = trueRange(high, low, close);
  let prev = 0;
  for (let i = 1; i <= period; i++) prev += tr[i]!;
  prev /= period;
  out[period] = prev;
  for (let i = period + 1; i < n; i++) {
    prev = (prev * (period - 1) + tr[i]!) / period;
    out[i] = prev;
  }
  return out;
}

export interface BandsResult {
  upper: number[];
  middle: number[];
  lower: number[];
}

/** Bollinger Bands: SMA middle and the population standard deviation (divide by n), as TA-Lib. */
export function bbands(x: readonly number[], period: number, stdUp: number, stdDown: number): BandsResult {
  const middle = sma(x, period);
  const sd = rollingStd(x, period, 0);
  const n = x.length;
  const upper = nanArray(n);
  const lower = nanArray(n);
  for (let i = period - 1; i < n; i++) {
    upper[i] = middle[i]! + stdUp * sd[i]!;
    lower[i] = middle[i]! - stdDown * sd[i]!;
  }
  return { upper, middle, lower };
}

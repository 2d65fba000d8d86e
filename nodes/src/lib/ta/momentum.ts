import { nanArray } from '../arrays';
import { rollingMax, rollingMin } from '../rolling';
import { sma } from '../moving-averages';

/**
 * RSI with Wilder smoothing as TA-Lib: the first value (bar `period`) uses the plain means of
 * the first `period` gains and losses, then avg = (avg*(period-1) + x)/period. RSI = 100 *
 * gain/(gain+loss), 0 when both are exactly 0 (TA-Lib's value; its 1e-8 epsilon is not
 * reproduced because it zeroes the RSI of pairs priced far below 1).
 */
export function rsi(x: readonly number[], period: number): number[] {
  const n = x.length;
  const out = nanArray(n);
  if (period >= n) return out;
  let gain = 0, loss = 0;
  for (let i = 1; i <= period; i++) {
    const d = x[i]! - x[i - 1]!;
    if (d < 0) loss -= d;
    else gain += d;
  }
  gain /= period;
  loss /= period;
  out[period] = gain + loss !== 0 ? (100 * gain) / (gain + loss) : 0;
  for (let i = period + 1; i < n; i++) {
    const d = x[i]! - x[i - 1]!;
    gain *= period - 1;
    loss *= period - 1;
    if (d < 0) loss -= d;
    else gain += d;
    gain /= period;
    loss /= period;
    out[i] = gain + loss !== 0 ? (100 * gain) / (gain + loss) : 0;
  }
  return out;
}

/** Rate of change in percent, (x / x[period bars ago] - 1) * 100; 0 when the old value is 0 (TA-Lib). */
export function roc(x: readonly number[], period: number): number[] {
  const out = nanArray(x.length);
  for (let i = period; i < x.length; i++) {
    const old = x[i - period]!;
    out[i] = old !== 0 ? (x[i]! / old - 1) * 100 : 0;
  }
  return out;
}

export interface StochResult {
  k: number[];
  d: number[];
}

/**
 * Stochastic oscillator as TA-Lib's STOCH with SMA smoothing: fast %K = 100 (close - lowest
 * low)/(highest high - lowest low) over kPeriod bars (0 when the range is 0), slow %K = SMA of
 * fast %K over kSmoothing (1 = the fast stochastic), %D = SMA of slow %K over dPeriod. Both
 * outputs start after the whole warm-up, kPeriod + kSmoothing + dPeriod - 3 bars.
 */
export function stoch(high: readonly number[], low: readonly number[], close: readonly number[], kPeriod: number, kSmoothing: number, dPeriod: number): StochResult {
  const n = close.length;
  const hh = rollingMax(high, kPeriod);
  const ll = rollingMin(low, kPeriod);
  const fast = nanArray(n);
  for (let i = kPeriod - 1; i < n; i++) {
    const range = hh[i]! - ll[i]!;
    fast[i] = range !== 0 ? (100 * (close[i]! - ll[i]!)) / range : 0;
  }
  const slowK = kSmoothing > 1 ? sma(fast, kSmoothing) : fast;
  const d = sma(slowK, dPeriod);
  const first = kPeriod + kSmoothing + dPeriod - 3;
  const k = nanArray(n);
  for (let i = first; i < n; i++) k[i] = slowK[i]!;
  for (let i = 0; i < Math.min(first, n); i++) d[i] = Number.NaN;
  return { k, d };
}

import { nanArray } from './arrays';

/**
 * The conventions of a pandas script, for features that must reproduce one exactly (the
 * benchmark's peer pipeline). They differ from TA-Lib's: pandas' `ewm(adjust=False)` is
 * seeded with the first value instead of an SMA and has no warm-up, and the peer's RSI and ATR
 * use it with alpha = 1/n instead of Wilder's SMA-seeded smoothing.
 */

/** pandas' alpha for `ewm(span=...)`: 1 / (1 + (span - 1) / 2), computed the same way. */
export function alphaFromSpan(span: number): number {
  return 1 / (1 + (span - 1) / 2);
}

/** pandas' alpha for `ewm(alpha=a)`: it goes through the centre of mass 1/a - 1 and back. */
export function alphaFromAlpha(alpha: number): number {
  return 1 / (1 + (1 / alpha - 1));
}

/**
 * `Series.ewm(alpha, adjust=False).mean()` with pandas' defaults (min_periods 0, ignore_na
 * False), in pandas' own arithmetic so values match to the last bit: the first non-NaN value
 * seeds it, NaN rows output the running value while decaying its weight.
 */
export function ewmMean(x: readonly number[], alpha: number): number[] {
  const n = x.length;
  const out = nanArray(n);
  const oldFactor = 1 - alpha;
  let weighted = Number.NaN;
  let oldWt = 1;
  let seen = false;
  for (let i = 0; i < n; i++) {
    const cur = x[i]!;
    const isObs = cur === cur;
    if (weighted === weighted) {
      oldWt *= oldFactor;
      if (isObs) {
        if (weighted !== cur) weighted = (oldWt * weighted + alpha * cur) / (oldWt + alpha);
        oldWt = 1;
      }
    } else if (isObs) {
      weighted = cur;
    }
    if (isObs) seen = true;
    if (seen) out[i] = weighted;
  }
  return out;
}

/** The peer's RSI: 100 - 100/(1 + up/down), up and down the ewm(alpha=1/period) of the clipped changes. */
export function rsiEwm(close: readonly number[], period: number): number[] {
  const n = close.length;
  const up = nanArray(n);
  const down = nanArray(n);
  for (let i = 1; i < n; i++) {
    const d = close[i]! - close[i - 1]!;
    up[i] = d > 0 ? d : 0;
    down[i] = d < 0 ? -d : 0;
  }
  const alpha = alphaFromAlpha(1 / period);
  const u = ewmMean(up, alpha);
  const dn = ewmMean(down, alpha);
  const out = nanArray(n);
  for (let i = 0; i < n; i++) out[i] = 100 - 100 / (1 + u[i]! / dn[i]!);
  return out;
}

/** The peer's true range: bar 0 is high - low (pandas' max skips the missing previous close). */
export function trueRangeFromFirst(high: readonly number[], low: readonly number[], close: readonly number[]): number[] {
  const n = close.length;
  const out = nanArray(n);
  if (n > 0) out[0] = high[0]! - low[0]!;
  for (let i = 1; i < n; i++) {
    const c = close[i - 1]!;
    out[i] = Math.max(high[i]! - low[i]!, Math.abs(high[i]! - c), Math.abs(low[i]! - c));
  }
  return out;
}

/** The peer's ATR: ewm(alpha=1/period, adjust=False) of the true range from bar 0. */
export function atrEwm(high: readonly number[], low: readonly number[], close: readonly number[], period: number): number[] {
  return ewmMean(trueRangeFromFirst(high, low, close), alphaFromAlpha(1 / period));
}

import { quantileSorted } from '../lib/stats';
import { rollingMean, rollingStd } from '../lib/rolling';

export interface OutlierRule {
  method: 'zscore' | 'iqr';
  /** z-score: |x - mean| > threshold * std; IQR: outside [q1 - threshold * iqr, q3 + threshold * iqr]. */
  threshold: number;
  /** 0: statistics of the whole series (they include later rows); N: of the N rows before each row. */
  window: number;
}

/**
 * Lower and upper bounds per row. With a trailing window the statistics come from the rows
 * strictly before each one, so a spike does not widen its own bounds and nothing after the
 * row is read; the first `window` rows get no bounds (NaN: never an outlier).
 */
export function outlierBounds(x: readonly number[], rule: OutlierRule): { lo: number[]; hi: number[] } {
  const n = x.length;
  const lo = new Array<number>(n).fill(Number.NaN);
  const hi = new Array<number>(n).fill(Number.NaN);
  if (rule.window === 0) {
    const finite = x.filter(Number.isFinite);
    let a: number, b: number;
    if (rule.method === 'zscore') {
      const m = finite.reduce((s, v) => s + v, 0) / finite.length;
      const sd = Math.sqrt(finite.reduce((s, v) => s + (v - m) ** 2, 0) / Math.max(1, finite.length - 1));
      a = m - rule.threshold * sd;
      b = m + rule.threshold * sd;
    } else {
      const sorted = Float64Array.from(finite).sort();
      const q1 = quantileSorted(sorted as unknown as number[], 0.25), q3 = quantileSorted(sorted as unknown as number[], 0.75);
      a = q1 - rule.threshold * (q3 - q1);
      b = q3 + rule.threshold * (q3 - q1);
    }
    lo.fill(a);
    hi.fill(b);
    return { lo, hi };
  }
  const w = rule.window;
  if (rule.method === 'zscore') {
    const m = rollingMean(x, w), sd = rollingStd(x, w, 1);
    for (let i = w; i < n; i++) {
      lo[i] = m[i - 1]! - rule.threshold * sd[i - 1]!;
      hi[i] = m[i - 1]! + rule.threshold * sd[i - 1]!;
    }
    return { lo, hi };
  }
  // IQR over a sorted trailing window, kept sorted by binary insertion and removal.
  const win: number[] = [];
  const insertAt = (v: number) => {
    let a = 0, b = win.length;
    while (a < b) {
      const mid = (a + b) >> 1;
      if (win[mid]! < v) a = mid + 1;
      else b = mid;
    }
    return a;
  };
  for (let i = 0; i < n; i++) {
    if (i >= w && win.length === w) {
      const q1 = quantileSorted(win, 0.25), q3 = quantileSorted(win, 0.75);
      lo[i] = q1 - rule.threshold * (q3 - q1);
      hi[i] = q3 + rule.threshold * (q3 - q1);
    }
    const v = x[i]!;
    if (Number.isFinite(v)) win.splice(insertAt(v), 0, v);
    if (i >= w) {
      const old = x[i - w]!;
      if (Number.isFinite(old)) win.splice(insertAt(old), 1);
    }
  }
  return { lo, hi };
}

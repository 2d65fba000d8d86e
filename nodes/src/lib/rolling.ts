import { nanArray } from './arrays';

/**
 * Trailing-window statistics over `window` rows, NaN until the window is full (or when it
 * holds a NaN). Mean and variance follow pandas' online algorithms: Kahan-compensated sums
 * and a window of identical values gives exactly that value and a variance of exactly 0,
 * so a flat stretch never yields a tiny spurious deviation (which would turn a z-score of
 * 0/0 into a huge finite number).
 */
export function rollingMean(x: readonly number[], window: number): number[] {
  const n = x.length;
  const out = nanArray(n);
  let sum = 0, comp = 0, nobs = 0, nans = 0, same = 0, prev = Number.NaN;
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    if (v === v) {
      nobs++;
      const y = v - comp;
      const t = sum + y;
      comp = t - sum - y;
      sum = t;
      same = v === prev ? same + 1 : 1;
      prev = v;
    } else nans++;
    if (i >= window) {
      const old = x[i - window]!;
      if (old === old) {
        nobs--;
        const y = -old - comp;
        const t = sum + y;
        comp = t - sum - y;
        sum = t;
      } else nans--;
    }
    if (i >= window - 1 && nans === 0) out[i] = same >= nobs ? prev : sum / nobs;
  }
  return out;
}

/** Rolling variance with `ddof` (0: population, 1: sample), Welford updates with Kahan compensation. */
export function rollingVar(x: readonly number[], window: number, ddof: 0 | 1): number[] {
  const n = x.length;
  const out = nanArray(n);
  let mean = 0, ssq = 0, nobs = 0, nans = 0, same = 0, prev = Number.NaN, compAdd = 0, compRemove = 0;
  for (let i = 0; i < n; i++) {
    if (i >= window) {
      const old = x[i - window]!;
      if (old === old) {
        nobs--;
        if (nobs > 0) {
          const prevMean = mean - compRemove;
          const y = old - compRemove;
          const t = y - mean;
          compRemove = t + mean - y;
          mean -= t / nobs;
          ssq -= (old - prevMean) * (old - mean);
        } else {
          mean = 0;
          ssq = 0;
        }
      } else nans--;
    }
    const v = x[i]!;
    if (v === v) {
      nobs++;
      same = v === prev ? same + 1 : 1;
      prev = v;
      const prevMean = mean - compAdd;
      const y = v - compAdd;
      const t = y - mean;
      compAdd = t + mean - y;
      mean += t / nobs;
      ssq += (v - prevMean) * (v - mean);
    } else nans++;
    if (i >= window - 1 && nans === 0 && nobs > ddof) {
      const variance = nobs === 1 || same >= nobs ? 0 : ssq / (nobs - ddof);
      out[i] = variance < 0 ? 0 : variance;
    }
  }
  return out;
}

export function rollingStd(x: readonly number[], window: number, ddof: 0 | 1): number[] {
  const v = rollingVar(x, window, ddof);
  for (let i = 0; i < v.length; i++) v[i] = Math.sqrt(v[i]!);
  return v;
}

/** Rolling maximum (or minimum with `min`), O(n) with a monotonic deque. NaN windows give NaN. */
export function rollingExtreme(x: readonly number[], window: number, kind: 'max' | 'min'): number[] {
  const n = x.length;
  const out = nanArray(n);
  const dq = new Int32Array(n);
  let head = 0, tail = 0, lastNan = -1;
  const better = kind === 'max' ? (a: number, b: number) => a >= b : (a: number, b: number) => a <= b;
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    if (v !== v) {
      lastNan = i;
      head = tail = 0;
      continue;
    }
    while (tail > head && better(v, x[dq[tail - 1]!]!)) tail--;
    dq[tail++] = i;
    while (dq[head]! <= i - window) head++;
    if (i >= window - 1 && lastNan <= i - window) out[i] = x[dq[head]!]!;
  }
  return out;
}

export const rollingMax = (x: readonly number[], window: number) => rollingExtreme(x, window, 'max');
export const rollingMin = (x: readonly number[], window: number) => rollingExtreme(x, window, 'min');

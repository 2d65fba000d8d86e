import { nanArray } from '../lib/arrays';
import { rollingMax } from '../lib/rolling';

/**
 * Target builders. Each looks `horizon` rows ahead (rows, not clock time: with gaps in the
 * data, fill them first if "bars" must mean minutes) and is NaN where the future it needs is
 * past the end of the data, so a dataset drops those rows instead of labelling them from a
 * truncated window.
 */

/** 1 when the highest close over the next `horizon` bars is >= close x (1 + risePct/100), else 0. */
export function futureMaxRise(close: readonly number[], horizon: number, risePct: number): number[] {
  const n = close.length;
  const out = nanArray(n);
  const factor = 1 + risePct / 100;
  // max(close[t+1 .. t+horizon]) is the trailing max of the window ending at t+horizon.
  const trailing = rollingMax(close, horizon);
  for (let t = 0; t + horizon < n; t++) {
    const fut = trailing[t + horizon]!;
    if (Number.isNaN(fut) || Number.isNaN(close[t]!)) continue;
    out[t] = fut >= close[t]! * factor ? 1 : 0;
  }
  return out;
}

/** close[t + horizon] / close[t] - 1 (or its log with `log`). */
export function futureReturn(close: readonly number[], horizon: number, log = false): number[] {
  const n = close.length;
  const out = nanArray(n);
  for (let t = 0; t + horizon < n; t++) out[t] = log ? Math.log(close[t + horizon]! / close[t]!) : close[t + horizon]! / close[t]! - 1;
  return out;
}

/** 1 when the return over the next `horizon` bars is > 0 (strictly), else 0. */
export function futureReturnUp(close: readonly number[], horizon: number): number[] {
  return futureReturn(close, horizon).map((r) => (Number.isNaN(r) ? Number.NaN : r > 0 ? 1 : 0));
}

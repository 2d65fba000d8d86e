/** Most points a backtest curve is sent with: enough for a small chart, small enough for the list refresh. */
export const CURVE_POINTS = 300;

/**
 * Evenly spaced indices into a series of `length` points, at most `max`, always keeping the
 * first and the last (so the chart spans the same dates and ends on the final equity). The
 * points kept are the series' own values, never averages, so each one can be checked against
 * the backtest at its bar.
 */
export function downsampleIndices(length: number, max = CURVE_POINTS): number[] {
  if (length <= max) return Array.from({ length }, (_, i) => i);
  const step = (length - 1) / (max - 1);
  const out: number[] = [];
  for (let k = 0; k < max; k++) {
    const i = Math.round(k * step);
    if (out[out.length - 1] !== i) out.push(i);
  }
  return out;
}

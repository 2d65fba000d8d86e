import { BAR_MS } from '../market';

/** Bars missing between two stored bars: `bars` 5-minute bars starting at `from`. */
export interface Gap {
  from: number;
  to: number;
  bars: number;
}

/**
 * The holes in an ascending run of bar times, counting from `previous` (the last bar stored
 * before them, if any): an exchange that had no trades, or was down, skips bars.
 */
export function findGaps(ts: readonly number[], previous: number | null = null): Gap[] {
  const gaps: Gap[] = [];
  let prev = previous;
  for (const t of ts) {
    if (prev !== null && t - prev > BAR_MS) gaps.push({ from: prev + BAR_MS, to: t - BAR_MS, bars: Math.round((t - prev) / BAR_MS) - 1 });
    prev = t;
  }
  return gaps;
}

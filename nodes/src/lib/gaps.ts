import type { CandleGaps } from '@coinlab/shared';

/** Missing bars between consecutive timestamps, for a fixed bar size. */
export function findGaps(ts: readonly number[], barMs: number): CandleGaps {
  let missing = 0;
  let largest: CandleGaps['largest'] = null;
  for (let i = 1; i < ts.length; i++) {
    const bars = Math.round((ts[i]! - ts[i - 1]!) / barMs) - 1;
    if (bars > 0) {
      missing += bars;
      if (!largest || bars > largest.bars) largest = { from: ts[i - 1]! + barMs, bars };
    }
  }
  return { missingBars: missing, largest };
}

/**
 * A series' own bar spacing: its most common step between neighbouring timestamps, ties going
 * to the shorter step (the finest grid the data was sampled on); null with fewer than two
 * timestamps. The Data panel's rule (the runtime's listCoins computes it in SQL, and a test
 * holds the two together), so a node counts the gaps the Data panel shows: daily bars stored
 * in the 5-minute table are one bar a day with a gap now and then, not 287 missing bars a day.
 */
export function barSpacingMs(ts: readonly number[]): number | null {
  const counts = new Map<number, number>();
  for (let i = 1; i < ts.length; i++) {
    const step = ts[i]! - ts[i - 1]!;
    if (step > 0) counts.set(step, (counts.get(step) ?? 0) + 1);
  }
  let best: number | null = null;
  let bestCount = 0;
  for (const [step, n] of counts) {
    if (n > bestCount || (n === bestCount && step < best!)) {
      best = step;
      bestCount = n;
    }
  }
  return best;
}

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

/** How many recent iterations the convergence rule averages over. */
export const CONVERGENCE_WINDOW = 3;

/**
 * Converged: over the last 3 iterations the best score so far (higher is better) improved on
 * average by less than `minImprovement`. `bestSoFar[i]` is the best after iteration i (null
 * while none has succeeded). Needs 4 points, i.e. 3 improvements to average.
 */
export function converged(bestSoFar: readonly (number | null)[], minImprovement: number): boolean {
  if (bestSoFar.length < CONVERGENCE_WINDOW + 1) return false;
  const tail = bestSoFar.slice(-(CONVERGENCE_WINDOW + 1));
  if (tail.some((x) => x === null)) return false;
  let sum = 0;
  for (let i = 1; i < tail.length; i++) sum += tail[i]! - tail[i - 1]!;
  return sum / CONVERGENCE_WINDOW < minImprovement;
}

/** The running best of scores (higher is better); a failed iteration (null) keeps the best so far. */
export function runningBest(scores: readonly (number | null)[]): (number | null)[] {
  let best: number | null = null;
  return scores.map((s) => (best = s === null ? best : best === null ? s : Math.max(best, s)));
}

/** Midnight UTC of the day `now` is in: the daily limits count from here. */
export const utcDayStart = (now: Date): Date => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
export const nextUtcDay = (now: Date): Date => new Date(utcDayStart(now).getTime() + 86_400_000);

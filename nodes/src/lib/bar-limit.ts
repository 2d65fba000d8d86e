import { NodeInputError } from '../define';

/**
 * The most bars one coin may have in memory. Bar counts come from data (a stored range, a
 * gap that forward-fill closes), so a single bad timestamp — a year-5138 candle — would
 * otherwise make forward-fill allocate until the heap is gone and take the server down.
 * 2.5 million 5-minute bars are 23 years: every real series fits, an absurd one is refused.
 */
export const MAX_BARS_PER_COIN = 2_500_000;

/** A NodeInputError, so the engine fails the node at once instead of retrying it. */
export class TooManyBarsError extends NodeInputError {
  constructor(
    where: string,
    readonly coin: string,
    readonly bars: number,
    what: string,
    readonly limit: number = MAX_BARS_PER_COIN,
  ) {
    super(where, `${coin}: ${what} would hold ${bars.toLocaleString('en')} bars, more than the limit of ${limit.toLocaleString('en')} bars per coin`);
    this.name = 'TooManyBarsError';
  }
}

/** Bars on a grid of `barMs` from the first to the last timestamp, both included (0 for none). */
export function gridBarCount(ts: readonly number[], barMs: number): number {
  if (ts.length === 0) return 0;
  return Math.floor((ts[ts.length - 1]! - ts[0]!) / barMs) + 1;
}

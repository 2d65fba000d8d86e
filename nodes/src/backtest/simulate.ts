import { LongFlatBook, type Trade } from './long-flat-book';

/**
 * Long/flat simulation of one coin from model scores, in plain arrays so that it can be
 * checked by hand and against the pandas reference (nodes/reference/backtest).
 *
 * Timing: the score of bar k is known at its close, so the position it asks for is taken
 * at the open of bar k + 1 and held open-to-open; a bar without a score asks for flat.
 * Costs: entering multiplies equity by (1 - fee) / (1 + slippage) (buying above the open),
 * leaving by (1 - slippage) x (1 - fee). With `minHoldBars`, a position is kept at least
 * that many bars whatever the scores say. An open position is closed at the open of the
 * last simulated bar (the bar after the one after the last score, or the last candle).
 */
export interface CoinSimulationInput {
  coin: string;
  /** Candle open times and opens, ascending. */
  ts: readonly number[];
  open: readonly number[];
  /** Scores by bar open time. */
  scores: ReadonlyMap<number, number>;
  threshold: number;
  /**
   * What a score at or above the threshold predicts. 'rise': be long then, flat otherwise.
   * 'fall': be flat then (a drop is expected), long otherwise. Default 'rise'.
   */
  direction?: 'rise' | 'fall';
  fee: number;
  slippage: number;
  /** Once in, stay at least this many bars even if the score drops (0: exit on the next low score). */
  minHoldBars?: number;
}

export type { Trade } from './long-flat-book';

export interface CoinSimulation {
  coin: string;
  /** Open times of the simulated bars and the equity after trading at each open. */
  ts: number[];
  equity: number[];
  /** Position held from this open to the next (0 or 1). */
  position: number[];
  trades: Trade[];
  /** Opens of the first and last simulated bar, for buy-and-hold. */
  firstOpen: number;
  lastOpen: number;
}

/** The trading rule in words, for reports and approval cards. */
export function describeRule(direction: 'rise' | 'fall', threshold: number): string {
  return direction === 'fall'
    ? `flat when a fall is predicted (score ≥ ${threshold}), long otherwise`
    : `long when a rise is predicted (score ≥ ${threshold}), flat otherwise`;
}

export function simulateCoin(input: CoinSimulationInput): CoinSimulation | null {
  const { ts, open, scores, threshold, fee, slippage } = input;
  const minHold = input.minHoldBars ?? 0;
  const fallSignal = input.direction === 'fall';
  let kStart = -1;
  let kLast = -1;
  for (let k = 0; k < ts.length; k++) {
    if (scores.has(ts[k]!)) {
      if (kStart < 0) kStart = k;
      kLast = k;
    }
  }
  if (kStart < 0) return null;
  const kEnd = Math.min(kLast + 2, ts.length - 1);
  const book = new LongFlatBook({ coin: input.coin, threshold, direction: fallSignal ? 'fall' : 'rise', fee, slippage, minHoldBars: minHold });
  for (let k = kStart; k <= kEnd; k++) book.openBar(ts[k]!, open[k]!, k > kStart ? scores.get(ts[k - 1]!) : undefined, k === kEnd);
  const s = book.state;
  return { coin: input.coin, ts: s.ts, equity: s.equityCurve, position: s.positions, trades: s.trades, firstOpen: open[kStart]!, lastOpen: open[kEnd]! };
}

/**
 * Equal capital per coin at the start and no rebalancing: the portfolio's equity at a time
 * is the mean of the coins' equities, each 1 before its first bar and held at its last
 * value after its last bar.
 */
export function portfolioEquity(coins: readonly CoinSimulation[]): { ts: number[]; equity: number[] } {
  const times = [...new Set(coins.flatMap((c) => c.ts))].sort((a, b) => a - b);
  const cursor = coins.map(() => -1);
  const equity = times.map((t) => {
    let sum = 0;
    coins.forEach((c, j) => {
      let i = cursor[j]!;
      while (i + 1 < c.ts.length && c.ts[i + 1]! <= t) i++;
      cursor[j] = i;
      sum += i < 0 ? 1 : c.equity[i]!;
    });
    return sum / coins.length;
  });
  return { ts: times, equity };
}

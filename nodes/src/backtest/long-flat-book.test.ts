import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CandlesValue } from '@coinlab/shared';
import { createMemoryServices } from '../offline/memory-services';
import { MARKET_DIR, readMarketFile } from '../testing/market-files';
import type { PredictionsValue } from '../port-values';
import { runNode } from '../split/test-kit';
import longFlat from './long-flat.node.ts';
import { LongFlatBook, type LongFlatBookState } from './long-flat-book';

// Paper trading takes one new bar at a time and stores its book between bars; the backtest
// takes all bars at once. Fed the same bars and scores, they must agree to the last bit.

const services = createMemoryServices();

/** Deterministic scores in [0, 1) that swing often enough to trade (a seeded LCG). */
function scoresFor(n: number, seed: number): number[] {
  let x = seed >>> 0;
  return Array.from({ length: n }, () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 2 ** 32;
  });
}

describe.each([
  { coin: 'ETH_BTC', direction: 'rise' as const, threshold: 0.6, feeBps: 10, slippageBps: 5, minHoldBars: 0 },
  { coin: 'LTC_BTC', direction: 'fall' as const, threshold: 0.4, feeBps: 7.5, slippageBps: 2, minHoldBars: 12 },
])('a book fed one bar at a time equals the backtest node ($coin, $direction)', (c) => {
  const candles = readMarketFile(path.join(MARKET_DIR, `${c.coin}-5m.json`));
  // Scores for the middle of the data: the backtest starts at the first scored bar and closes
  // out two bars after the last one, as a model's test rows would.
  const first = 1000;
  const last = first + 1500;
  const scoredTs = candles.ts.slice(first, last + 1);
  const score = scoresFor(scoredTs.length, 7);

  it('gives the same equity, positions and trades', async () => {
    const candlesValue: CandlesValue = { kind: 'candles', barMinutes: 5, groups: [{ coin: c.coin, ts: candles.ts, columns: { open: candles.open, high: candles.high, low: candles.low, close: candles.close, volume: candles.volume }, gaps: { missingBars: 0, largest: null } }] };
    const predictions: PredictionsValue = { kind: 'predictions', model: 'm', task: 'classification', direction: c.direction, groups: [{ coin: c.coin, ts: scoredTs, columns: { score, actual: score.map(() => 0), fold: score.map(() => 0) } }] };
    const { backtest } = await runNode(longFlat, { threshold: c.threshold, feeBps: c.feeBps, slippageBps: c.slippageBps, minHoldBars: c.minHoldBars, chart: false }, { predictions, candles: candlesValue }, services);

    const rules = { coin: c.coin, threshold: c.threshold, direction: c.direction, fee: c.feeBps / 10_000, slippage: c.slippageBps / 10_000, minHoldBars: c.minHoldBars };
    const scoreAt = new Map(scoredTs.map((t, i) => [t, score[i]!]));
    let stored = '';
    const end = last + 2;
    for (let k = first; k <= end; k++) {
      // Between bars the book lives only as stored JSON, as a paper portfolio keeps it.
      const book = stored ? new LongFlatBook(rules, JSON.parse(stored) as LongFlatBookState) : new LongFlatBook(rules);
      book.openBar(candles.ts[k]!, candles.open[k]!, k > first ? scoreAt.get(candles.ts[k - 1]!) : undefined, k === end);
      stored = JSON.stringify(book.state);
    }
    const paper = JSON.parse(stored) as LongFlatBookState;

    const coin = backtest.equity.find((g) => g.coin === c.coin)!;
    expect(backtest.trades.length).toBeGreaterThan(20);
    expect(paper.ts).toEqual(coin.ts);
    expect(paper.positions).toEqual(coin.columns.position);
    expect(paper.equityCurve).toEqual(coin.columns.equity);
    expect(paper.trades).toEqual(backtest.trades);
    expect(paper.equity - 1).toBe(backtest.stats.totalReturn);
  });
});

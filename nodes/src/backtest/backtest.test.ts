import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CandlesValue } from '@coinlab/shared';
import { createMemoryServices } from '../offline/memory-services';
import { MARKET_DIR, readMarketFile } from '../testing/market-files';
import type { PredictionsValue } from '../port-values';
import { runNode } from '../split/test-kit';
import longFlat from './long-flat.node.ts';

const services = createMemoryServices();
const BAR = 300_000;

function candlesOf(coin: string, open: number[]): CandlesValue {
  const ts = open.map((_, i) => i * BAR);
  return { kind: 'candles', barMinutes: 5, groups: [{ coin, ts, columns: { open, high: open, low: open, close: open, volume: open.map(() => 1) }, gaps: { missingBars: 0, largest: null } }] };
}
function predictionsOf(coin: string, scores: number[]): PredictionsValue {
  return { kind: 'predictions', model: 'm', task: 'classification', groups: [{ coin, ts: scores.map((_, i) => i * BAR), columns: { score: scores, actual: scores.map(() => 0), fold: scores.map(() => 0) } }] };
}

describe('backtest.long_flat on a hand-computed example', () => {
  // Opens 100, 110, 121, 110, 100, 105; scores for bars 0..3; fee 1%, no slippage.
  // Bar 0's score 0.9 buys at bar 1's open (110), bar 1's 0.2 sells at bar 2's open (121),
  // bar 2's 0.8 buys at bar 3 (110), bar 3's 0.9 holds through bar 4, and the position is
  // closed at bar 5 (105), the last simulated bar (two bars after the last score).
  const candles = candlesOf('X', [100, 110, 121, 110, 100, 105]);
  const predictions = predictionsOf('X', [0.9, 0.2, 0.8, 0.9]);

  it('acts on the next open, charges fees both ways and gives the hand figures', async () => {
    const { backtest } = await runNode(longFlat, { threshold: 0.5, feeBps: 100, slippageBps: 0, chart: false }, { predictions, candles }, services);
    const coin = backtest.equity.find((g) => g.coin === 'X')!;
    const expected = [1, 0.99, 0.99 * 1.1 * 0.99, 0.99 * 1.1 * 0.99 * 0.99, 0.99 * 1.1 * 0.99 * 0.99 * (100 / 110), 0.99 * 1.1 * 0.99 * 0.99 * (100 / 110) * 1.05 * 0.99];
    expect(coin.columns.position).toEqual([0, 1, 0, 1, 1, 0]);
    coin.columns.equity!.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 12));
    expect(backtest.trades).toHaveLength(2);
    expect(backtest.trades[0]).toMatchObject({ entryTs: BAR, exitTs: 2 * BAR, entryPrice: 110, exitPrice: 121 });
    expect(backtest.trades[0]!.returnPct).toBeCloseTo(1.1 * 0.99 * 0.99 - 1, 12);
    expect(backtest.trades[1]!.returnPct).toBeCloseTo((105 / 110) * 0.99 * 0.99 - 1, 12);
    const s = backtest.stats;
    expect(s.totalReturn).toBeCloseTo(expected[5]! - 1, 12);
    expect(s.trades).toBe(2);
    expect(s.winRate).toBe(0.5);
    expect(s.exposure).toBeCloseTo(3 / 5, 12); // held during bars 1, 3 and 4 of the five
    expect(s.maxDrawdown).toBeCloseTo(0.1, 12); // from 1.07811 down to 0.970299
    const r = [-0.01, 0.089, -0.01, 100 / 110 - 1, 1.05 * 0.99 - 1];
    const mean = r.reduce((a, b) => a + b) / 5;
    const sd = Math.sqrt(r.reduce((a, x) => a + (x - mean) ** 2, 0) / 4);
    const down = Math.sqrt(r.reduce((a, x) => a + Math.min(0, x) ** 2, 0) / 5);
    const annual = Math.sqrt((365 * 24 * 60) / 5);
    expect(s.sharpe).toBeCloseTo((mean / sd) * annual, 9);
    expect(s.sortino).toBeCloseTo((mean / down) * annual, 9);
    expect(s.buyHoldReturn).toBeCloseTo(0.05, 12);
  });

  it('draws the equity curve with the chart helpers', async () => {
    const s = createMemoryServices();
    const { backtest } = await runNode(longFlat, { feeBps: 100, slippageBps: 0 }, { predictions, candles }, s);
    expect(backtest.charts).toHaveLength(1);
    const spec = JSON.parse(new TextDecoder().decode(s.savedArtifacts.get(backtest.charts[0]!.specArtifactId)!.content)) as { data: { values: { s: string; v: number }[] } };
    expect(spec.data.values.filter((v) => v.s === 'X').map((v) => v.v)).toEqual(backtest.equity[1]!.columns.equity!.map((v) => Number(v.toPrecision(6))));
    expect(new TextDecoder().decode(s.savedArtifacts.get(backtest.charts[0]!.svgArtifactId)!.content)).toContain('<svg');
  });

  it('never uses the score of a bar on that same bar', async () => {
    // Changing the last bar's open must not change whether bar 3 trades, and a score on the
    // final candle cannot trade at all (there is no next open).
    const last = predictionsOf('X', [0, 0, 0, 0, 0, 0.99]);
    const { backtest } = await runNode(longFlat, { feeBps: 0, slippageBps: 0, chart: false }, { predictions: last, candles }, services);
    expect(backtest.stats.trades).toBe(0);
    expect(backtest.stats.totalReturn).toBe(0);
  });

  it('keeps a position for minHoldBars whatever the scores say', async () => {
    // Bar 0 buys at bar 1 (110); bar 1's low score would sell at bar 2, but with a minimum of
    // 3 bars the position is held through bars 1, 2, 3 and sold at bar 4's open (100).
    const { backtest } = await runNode(longFlat, { feeBps: 0, slippageBps: 0, minHoldBars: 3, chart: false }, { predictions: predictionsOf('X', [0.9, 0.2, 0.1, 0.1]), candles }, services);
    expect(backtest.equity[1]!.columns.position).toEqual([0, 1, 1, 1, 0, 0]);
    expect(backtest.trades).toEqual([{ coin: 'X', entryTs: BAR, exitTs: 4 * BAR, entryPrice: 110, exitPrice: 100, returnPct: 100 / 110 - 1 }]);
  });

  it('applies slippage to both fills', async () => {
    const { backtest } = await runNode(longFlat, { feeBps: 0, slippageBps: 100, chart: false }, { predictions, candles }, services);
    expect(backtest.trades[0]!.entryPrice).toBeCloseTo(110 * 1.01, 12);
    expect(backtest.trades[0]!.exitPrice).toBeCloseTo(121 * 0.99, 12);
    expect(backtest.trades[0]!.returnPct).toBeCloseTo((121 * 0.99) / (110 * 1.01) - 1, 12);
  });

  it('names the input when the predictions and candles do not match', async () => {
    await expect(runNode(longFlat, { chart: false }, { predictions: predictionsOf('Y', [1]), candles }, services)).rejects.toThrow(/inputs\.candles: has no candles for Y/);
  });
});

describe('backtest.long_flat against the pandas reference (nodes/reference/backtest)', () => {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const expected = JSON.parse(readFileSync(path.join(here, '../../reference/backtest/expected.json'), 'utf8')) as {
    params: { coins: string[]; rows: number; threshold: number; fee: number; slippage: number };
    stats: Record<string, number>;
    coins: Record<string, { bars: number; finalEquity: number; trades: number }>;
  };

  it('matches every statistic of backtest_reference.py', async () => {
    const p = expected.params;
    const files = p.coins.map((c) => readMarketFile(path.join(MARKET_DIR, `${c}-5m.json`)));
    const candles: CandlesValue = {
      kind: 'candles',
      barMinutes: 5,
      groups: files.map((f) => ({ coin: f.coin, ts: f.ts, columns: { open: f.open, high: f.high, low: f.low, close: f.close, volume: f.volume }, gaps: { missingBars: 0, largest: null } })),
    };
    const predictions: PredictionsValue = {
      kind: 'predictions',
      model: 'toy',
      task: 'classification',
      groups: files.map((f) => {
        const first = Math.max(6, f.ts.length - p.rows);
        const idx = Array.from({ length: f.ts.length - first }, (_, i) => first + i);
        const score = idx.map((i) => 1 / (1 + Math.exp(1000 * (f.close[i]! / f.close[i - 6]! - 1))));
        return { coin: f.coin, ts: idx.map((i) => f.ts[i]!), columns: { score, actual: score.map(() => 0), fold: score.map(() => 0) } };
      }),
    };
    const { backtest } = await runNode(longFlat, { threshold: p.threshold, feeBps: p.fee * 1e4, slippageBps: p.slippage * 1e4, chart: false }, { predictions, candles }, services);
    for (const [key, value] of Object.entries(expected.stats)) {
      expect(backtest.stats[key], key).toBeCloseTo(value, 9);
    }
    for (const [coin, e] of Object.entries(expected.coins)) {
      const g = backtest.equity.find((x) => x.coin === coin)!;
      expect(g.ts.length).toBe(e.bars);
      expect(g.columns.equity!.at(-1)).toBeCloseTo(e.finalEquity, 12);
      expect(backtest.trades.filter((t) => t.coin === coin)).toHaveLength(e.trades);
    }
  });
});

describe('backtest.long_flat knows what its signal means', () => {
  // Opens fall from bar 1 to bar 4 and rise after: a model that predicts the fall scores high
  // on bars 0..2. Buying on those scores is exactly the loss the issue reported.
  const candles = candlesOf('X', [100, 100, 90, 80, 70, 80, 90, 100]);
  const scores = [0.9, 0.9, 0.9, 0.1, 0.1, 0.1];
  const as = (direction: 'rise' | 'fall' | undefined): PredictionsValue => ({ ...predictionsOf('X', scores), ...(direction ? { direction } : {}) });
  const opts = { threshold: 0.5, feeBps: 0, slippageBps: 0, chart: false };

  it('stays out on a predicted fall and is long otherwise', async () => {
    const { backtest } = await runNode(longFlat, opts, { predictions: as('fall'), candles }, services);
    const coin = backtest.equity.find((g) => g.coin === 'X')!;
    // Scores of bars 0..2 predict a fall: flat at bars 1..3; bars 3..5 predict none: long at bars 4..6; closed at 7.
    expect(coin.columns.position).toEqual([0, 0, 0, 0, 1, 1, 1, 0]);
    expect(backtest.stats.totalReturn).toBeCloseTo(100 / 70 - 1, 12);
    expect(backtest).toMatchObject({ direction: 'fall', rule: 'flat when a fall is predicted (score ≥ 0.5), long otherwise' });
  });

  it('buys on a predicted rise (and reads predictions without a direction as rise predictions)', async () => {
    for (const direction of ['rise', undefined] as const) {
      const { backtest } = await runNode(longFlat, opts, { predictions: as(direction), candles }, services);
      expect(backtest.equity.find((g) => g.coin === 'X')!.columns.position).toEqual([0, 1, 1, 1, 0, 0, 0, 0]);
      expect(backtest.stats.totalReturn).toBeCloseTo(70 / 100 - 1, 12);
      expect(backtest).toMatchObject({ direction: 'rise', rule: 'long when a rise is predicted (score ≥ 0.5), flat otherwise' });
    }
  });
});

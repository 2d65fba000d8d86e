import { z } from 'zod';
import type { CoinFrame } from '@coinlab/shared';
import { defineNode, NodeInputError } from '../define';
import { port } from '../port';
import { describeRule, portfolioEquity, simulateCoin, type CoinSimulation } from './simulate';
import { backtestStats } from './stats';
import { BACKTEST_STAT_KINDS, TRADE_COLUMN_KINDS } from './kinds';

/**
 * Turns model scores into long/flat positions and simulates them on the candles. What a high
 * score means comes with the predictions (the target's direction): for a rise model a score at
 * or above the threshold at bar k's close buys at bar k+1's open and a lower score sells; for
 * a fall model a high score (a predicted drop) sells and a lower one buys. A bar without a
 * score is flat. Never acts on the bar the score was computed from.
 */
export default defineNode({
  type: 'backtest.long_flat',
  version: 1,
  ui: {
    title: 'Backtest long/flat',
    category: 'backtest',
    description: 'Long when the model predicts a rise (score at or above the threshold), flat when it predicts a fall: the direction comes with the predictions from the target. Trades at the next bar\'s open with fees and slippage. Reports return, Sharpe, Sortino, drawdown, win rate, trades, exposure and an equity curve.',
    params: {
      threshold: { synonyms: ['score threshold', 'probability threshold', 'decision threshold', 'cutoff', 'cut-off', 'probability'], unit: 'number' },
      feeBps: { help: 'Fee per side in basis points of the traded value (10 = 0.1%).', synonyms: ['fee', 'fees', 'commission', 'commissions', 'trading cost', 'trading costs', 'costs', 'cost'], unit: 'bps' },
      slippageBps: { help: 'Price slippage per side in basis points: buys fill above the open, sells below.', synonyms: ['slippage', 'slip'], unit: 'bps' },
      minHoldBars: { help: 'Keep a position at least this many bars (e.g. the target horizon) instead of leaving on the next low score.', synonyms: ['hold', 'holding', 'minimum hold', 'hold for at least'], unit: 'bars' },
    },
  },
  params: z.object({
    threshold: z.number().default(0.5),
    feeBps: z.number().min(0).max(1000).default(10),
    slippageBps: z.number().min(0).max(1000).default(5),
    minHoldBars: z.number().int().min(0).max(10_000).default(0),
    chart: z.boolean().default(true),
  }),
  inputs: { predictions: port.predictions, candles: port.candles },
  outputs: { backtest: port.backtest },
  cache: 'pure',
  async execute({ params, inputs, services, signal, log }) {
    const { predictions, candles } = inputs;
    const fee = params.feeBps / 10_000;
    const slippage = params.slippageBps / 10_000;
    const direction = predictions.direction ?? 'rise';
    if (!predictions.direction) log('warn', `the predictions of ${predictions.model} do not say what their scores predict: read as a rise`);
    const rule = describeRule(direction, params.threshold);
    log('info', `${predictions.model}: ${rule}`);
    const sims: CoinSimulation[] = [];
    for (const g of predictions.groups) {
      signal.throwIfAborted();
      const c = candles.groups.find((x) => x.coin === g.coin);
      if (!c) throw new NodeInputError('inputs.candles', `has no candles for ${g.coin}, which the predictions cover`);
      const open = c.columns.open;
      if (!open) throw new NodeInputError('inputs.candles', `has no open column for ${g.coin}`);
      const score = g.columns.score;
      if (!score) throw new NodeInputError('inputs.predictions', `has no score column for ${g.coin}`);
      const scores = new Map<number, number>();
      g.ts.forEach((t, i) => {
        if (Number.isFinite(score[i])) scores.set(t, score[i]!);
      });
      const sim = simulateCoin({ coin: g.coin, ts: c.ts, open, scores, threshold: params.threshold, direction, fee, slippage, minHoldBars: params.minHoldBars });
      if (sim) sims.push(sim);
    }
    if (sims.length === 0) throw new NodeInputError('inputs.predictions', 'no predicted bar matches a candle: are the predictions and the candles of the same coins and dates?');
    const portfolio = portfolioEquity(sims);
    const trades = sims.flatMap((s) => s.trades).sort((a, b) => a.entryTs - b.entryTs || a.coin.localeCompare(b.coin));
    const stats = backtestStats(portfolio, sims, trades, candles.barMinutes);
    const equity: CoinFrame[] = [
      { coin: 'portfolio', ts: portfolio.ts, columns: { equity: portfolio.equity } },
      ...sims.map((s) => ({ coin: s.coin, ts: s.ts, columns: { equity: s.equity, position: s.position } })),
    ];
    const charts = params.chart ? [await (await import('./equity-chart')).saveEquityChart(services, predictions.model, equity)] : [];
    return { backtest: { kind: 'backtest', model: predictions.model, direction, rule, kinds: { stats: BACKTEST_STAT_KINDS, trades: TRADE_COLUMN_KINDS }, stats, equity, trades, charts } };
  },
});

import { describe, expect, it } from 'vitest';
import { backtestStats, portfolioEquity } from '@coinlab/nodes/backtest';
import { advanceCoin, newCoinPaper } from './advance';
import { paperRecord } from './graduation';
import type { PaperBooks } from './schemas';

const BAR = 300_000;
const rules = { threshold: 0.5, fee: 0.001, slippage: 0, minHoldBars: 0 };

/** Two days of bars rising 0.1% each, long every other pair of bars. */
function books(): PaperBooks {
  const ts = Array.from({ length: 577 }, (_, i) => 1_700_000_000_000 + i * BAR);
  const open = ts.map((_, i) => 100 * 1.001 ** i);
  const score = ts.map((_, i) => (i % 4 < 2 ? 0.9 : 0.1));
  const coin = newCoinPaper();
  advanceCoin(coin, { ts, open, scores: { ts, score } }, rules, 'rise', 'X', ts[0]!);
  return { rules, direction: 'rise', barMinutes: 5, coins: { X: coin } };
}

describe('paperRecord', () => {
  it('computes days on paper, trades and Sharpe as the backtest does, and checks every criterion', () => {
    const b = books();
    const r = paperRecord(b, { minDays: 2, minTrades: 100, minSharpe: 1 });
    expect(r.days).toBe(2);
    const c = b.coins.X!.book;
    const sim = { coin: 'X', ts: c.ts, equity: c.equityCurve, position: c.positions, trades: c.trades, firstOpen: c.firstOpen!, lastOpen: c.lastOpen! };
    expect(r.stats).toEqual(backtestStats(portfolioEquity([sim]), [sim], c.trades, 5));
    expect(r.checks.minTrades).toEqual({ need: 100, have: c.trades.length, met: c.trades.length >= 100 });
    expect(r.met).toBe(r.checks.minDays.met && r.checks.minTrades.met && r.checks.minSharpe.met);
    expect(paperRecord(b, { minDays: 2.01, minTrades: 0, minSharpe: -100 })).toMatchObject({ met: false, checks: { minDays: { met: false } } });
    expect(paperRecord(b, { minDays: 0, minTrades: c.trades.length + 1, minSharpe: -100 })).toMatchObject({ met: false, checks: { minTrades: { met: false } } });
    expect(paperRecord(b, { minDays: 0, minTrades: 0, minSharpe: r.stats.sharpe! + 0.01 })).toMatchObject({ met: false, checks: { minSharpe: { met: false } } });
    expect(paperRecord(b, { minDays: 0, minTrades: 0, minSharpe: r.stats.sharpe! }).met).toBe(true);
  });

  it('an empty record graduates nothing, even with zero criteria', () => {
    expect(paperRecord({ rules, direction: null, barMinutes: 5, coins: { X: newCoinPaper() } }, { minDays: 0, minTrades: 0, minSharpe: -100 }).met).toBe(false);
  });
});

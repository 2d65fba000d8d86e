import { backtestStats, portfolioEquity, type CoinSimulation } from '@coinlab/nodes/backtest';
import type { GraduationCriteria, PaperBooks } from './schemas';

const DAY_MS = 86_400_000;

export interface PaperRecord {
  /** Equal capital per coin, as the backtest's portfolio. */
  equity: { ts: number[]; equity: number[] };
  stats: Record<string, number>;
  days: number;
  /** Each criterion with the value it is checked against. */
  checks: { minDays: { need: number; have: number; met: boolean }; minTrades: { need: number; have: number; met: boolean }; minSharpe: { need: number; have: number; met: boolean } };
  met: boolean;
}

/** The paper books as the backtest node would report them (no close-out: positions stay open). */
export function paperRecord(books: PaperBooks, criteria: GraduationCriteria): PaperRecord {
  const sims: CoinSimulation[] = Object.entries(books.coins)
    .filter(([, c]) => c.book.ts.length > 0)
    .map(([coin, c]) => ({ coin, ts: c.book.ts, equity: c.book.equityCurve, position: c.book.positions, trades: c.book.trades, firstOpen: c.book.firstOpen!, lastOpen: c.book.lastOpen! }));
  const equity = portfolioEquity(sims);
  const trades = sims.flatMap((s) => s.trades).sort((a, b) => a.entryTs - b.entryTs || a.coin.localeCompare(b.coin));
  const stats = backtestStats(equity, sims, trades, books.barMinutes);
  const days = equity.ts.length > 1 ? (equity.ts[equity.ts.length - 1]! - equity.ts[0]!) / DAY_MS : 0;
  const check = (need: number, have: number) => ({ need, have, met: have >= need });
  const checks = { minDays: check(criteria.minDays, days), minTrades: check(criteria.minTrades, trades.length), minSharpe: check(criteria.minSharpe, stats.sharpe ?? 0) };
  // A record without a single bar graduates nothing, whatever zero criteria say.
  const met = equity.ts.length > 0 && checks.minDays.met && checks.minTrades.met && checks.minSharpe.met;
  return { equity, stats, days, checks, met };
}

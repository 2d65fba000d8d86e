import type { CoinFrame } from '@coinlab/shared';
import { finiteStats } from './research';

/** The backtest a paper record is compared against: its own bars (ms timestamps) and stats. */
export interface BacktestWindow {
  fromTs: number;
  toTs: number;
  bars: number;
  stats: Record<string, number>;
}

/**
 * The window a backtest node's output covers: its portfolio frame's first and last bar and
 * their count (the node puts every coin on that one time axis), else the union of its coins'
 * bars. null when it holds no bar (nothing to compare with).
 */
export function backtestWindow(output: { stats: Record<string, unknown>; equity?: CoinFrame[] | undefined }): BacktestWindow | null {
  const frames = output.equity ?? [];
  const portfolio = frames.find((g) => g.coin === 'portfolio');
  const ts = (portfolio ? portfolio.ts : [...new Set(frames.flatMap((g) => g.ts))].sort((a, b) => a - b)).filter((t) => Number.isFinite(t));
  if (ts.length === 0) return null;
  return { fromTs: ts[0]!, toTs: ts[ts.length - 1]!, bars: ts.length, stats: finiteStats(output.stats) };
}

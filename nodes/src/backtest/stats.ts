import type { CoinSimulation, Trade } from './simulate';

const MINUTES_PER_YEAR = 365 * 24 * 60; // crypto trades every day of the year

/**
 * Performance statistics of an equity curve sampled once per bar. Sharpe and Sortino are
 * annualized with sqrt(bars per year) for the bar size, with a zero risk-free rate;
 * Sharpe uses the sample standard deviation (ddof 1), Sortino the downside deviation
 * sqrt(mean(min(r, 0)^2)) over all bars. Drawdowns are fractions of the running peak.
 */
export function backtestStats(portfolio: { equity: readonly number[] }, coins: readonly CoinSimulation[], trades: readonly Trade[], barMinutes: number): Record<string, number> {
  const eq = portfolio.equity;
  const r: number[] = [];
  for (let i = 1; i < eq.length; i++) r.push(eq[i]! / eq[i - 1]! - 1);
  const n = r.length;
  const mean = n ? r.reduce((a, b) => a + b, 0) / n : 0;
  const std = n > 1 ? Math.sqrt(r.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1)) : 0;
  const downside = n ? Math.sqrt(r.reduce((a, x) => a + Math.min(x, 0) ** 2, 0) / n) : 0;
  const annual = Math.sqrt(MINUTES_PER_YEAR / barMinutes);
  let peak = -Infinity;
  let maxDrawdown = 0;
  for (const e of eq) {
    peak = Math.max(peak, e);
    maxDrawdown = Math.max(maxDrawdown, 1 - e / peak);
  }
  const wins = trades.filter((t) => t.returnPct > 0).length;
  let held = 0;
  let bars = 0;
  for (const c of coins) {
    // The last point of a coin is its closing open: no bar is held after it.
    for (let i = 0; i + 1 < c.position.length; i++) held += c.position[i]!;
    bars += Math.max(0, c.position.length - 1);
  }
  const buyHold = coins.length ? coins.reduce((a, c) => a + c.lastOpen / c.firstOpen - 1, 0) / coins.length : 0;
  return {
    totalReturn: (eq[eq.length - 1] ?? 1) - 1,
    sharpe: std > 0 ? (mean / std) * annual : 0,
    sortino: downside > 0 ? (mean / downside) * annual : 0,
    maxDrawdown,
    winRate: trades.length ? wins / trades.length : 0,
    trades: trades.length,
    exposure: bars ? held / bars : 0,
    avgTradeReturn: trades.length ? trades.reduce((a, t) => a + t.returnPct, 0) / trades.length : 0,
    buyHoldReturn: buyHold,
    bars: n,
  };
}

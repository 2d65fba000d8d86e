import type { QuantityKind } from '@coinlab/shared';

/**
 * The kind of every backtest figure, declared once, so the inspector, the report and the CLI
 * format each by what it is (a fraction shown as a percentage, a price in significant digits)
 * instead of guessing from its name.
 */
export const BACKTEST_STAT_KINDS: Record<string, QuantityKind> = {
  totalReturn: 'percent',
  sharpe: 'ratio',
  sortino: 'ratio',
  maxDrawdown: 'percent',
  winRate: 'percent',
  trades: 'count',
  exposure: 'percent',
  avgTradeReturn: 'percent',
  buyHoldReturn: 'percent',
  bars: 'count',
};

export const TRADE_COLUMN_KINDS: Record<string, QuantityKind> = {
  entryTs: 'time',
  exitTs: 'time',
  entryPrice: 'price',
  exitPrice: 'price',
  returnPct: 'percent',
};

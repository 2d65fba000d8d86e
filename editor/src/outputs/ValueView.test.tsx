import { afterEach, describe, expect, test } from 'vitest';
import { cleanup, render } from '@testing-library/react';
import { ValueView } from './ValueView';

afterEach(cleanup);

/** A backtest as the node outputs it: figures raw, each declared with its kind. */
const backtest = {
  kind: 'backtest',
  model: 'lr',
  rule: 'flat when a fall is predicted (score ≥ 0.5), long otherwise',
  stats: { totalReturn: 0.014815, sharpe: 1.23456, trades: 2, maxDrawdown: 0.0321 },
  kinds: { stats: { totalReturn: 'percent', sharpe: 'ratio', trades: 'count', maxDrawdown: 'percent' }, trades: { entryPrice: 'price', exitPrice: 'price', returnPct: 'percent' } },
  equity: [],
  trades: [{ coin: 'ETH_BTC', entryTs: 0, exitTs: 300_000, entryPrice: 0.00005123, exitPrice: 0.00005131, returnPct: 0.0015 }],
  charts: [],
};

describe('ValueView of a backtest', () => {
  test('formats each figure by its declared kind: percentages, not fractions, and the trading rule', () => {
    const { container } = render(<ValueView value={backtest} />);
    const cell = (key: string) => [...container.querySelectorAll('table.kv tr')].find((tr) => tr.querySelector('th')?.textContent === key)?.querySelector('td')?.textContent;
    expect(cell('totalReturn')).toBe('1.48%');
    expect(cell('maxDrawdown')).toBe('3.21%');
    expect(cell('sharpe')).toBe('1.235');
    expect(cell('trades')).toBe('2');
    expect(container.textContent).toContain('Rule: flat when a fall is predicted (score ≥ 0.5), long otherwise');
  });
});

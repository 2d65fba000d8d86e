import { afterEach, describe, expect, test } from 'vitest';
import { cleanup, render } from '@testing-library/react';
import { formatQuantity, frameColumnKinds } from '@coinlab/shared';
import { ValueView } from './ValueView';
import { frameColumnFormat } from './FrameView';

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

describe('ValueView of metrics', () => {
  test('figures without a declared kind read as the CLI and report show them: counts with separators, ratios in 4 digits', () => {
    const metrics = { kind: 'metrics', model: 'lr', algorithm: 'logistic_regression', task: 'classification', testRows: 12345, metrics: { auc: 0.712345, brier: 0.012345, positives: 12345 } };
    const { container } = render(<ValueView value={metrics} />);
    const text = container.textContent ?? '';
    expect(text).toContain('12,345');
    expect(text).toContain('0.7123');
    expect(text).toContain('0.01235');
  });
});

describe('FrameView columns', () => {
  test('read prices, counts and times by the shared kind rules, the same as the report and the CLI', () => {
    // A BTC-quoted pair: prices far below one; volumes whole numbers.
    const kinds = frameColumnKinds('candles', ['open', 'close', 'volume']);
    expect(kinds).toEqual({ open: 'price', close: 'price' });
    const close = frameColumnFormat([0.00005131, 0.00005], kinds.close);
    // Prices keep the digits that tell 0.00005123 from 0.00005131, aligned over the column.
    expect([0.00005131, 0.00005].map(close)).toEqual(['0.0000513100', '0.0000500000']);
    expect([1234567, 89].map(frameColumnFormat([1234567, 89], kinds.volume))).toEqual(['1,234,567', '89']);
    expect([0.5, 0.25].map(frameColumnFormat([0.5, 0.25], undefined))).toEqual(['0.50000', '0.25000']);
    expect(frameColumnKinds('predictions', ['score', 'actual'])).toEqual({ score: 'ratio' });
    expect(formatQuantity('time', Date.UTC(2018, 0, 1, 0, 5))).toBe('2018-01-01 00:05');
  });
});

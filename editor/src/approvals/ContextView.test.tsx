import { afterEach, describe, expect, test } from 'vitest';
import { cleanup, render } from '@testing-library/react';
import { ContextView } from './ContextView';

afterEach(cleanup);

const terms = (container: HTMLElement) => [...container.querySelectorAll('.approval-kv dt')].map((e) => e.textContent);

describe('ContextView', () => {
  test('lists the context fields, leaving out empty ones (a gate sends value null when it is too large)', () => {
    const { container } = render(<ContextView context={{ summary: 'candles: 577 rows, 1 coin', value: null, note: undefined, count: 0 }} />);
    expect(terms(container)).toEqual(['summary', 'count']);
    expect(container.querySelector('.approval-kv')?.textContent).toContain('candles: 577 rows, 1 coin');
  });

  test('a context with only empty fields shows no list', () => {
    const { container } = render(<ContextView context={{ value: null }} />);
    expect(container.querySelector('.approval-kv')).toBeNull();
  });

  test('the comparison table scrolls sideways inside its own box, numbers compact with the exact value on hover', () => {
    const context = {
      columns: ['model', 'auc', 'recall', 'logLoss', 'trades'],
      rows: [
        { model: 'random_forest_classifier', metrics: { auc: 0.68012345, recall: 0.0344827586, logLoss: 0.24691358, trades: 1234 } },
        { model: 'logistic_regression', metrics: { auc: 0.53291, recall: 0.045977, logLoss: 0.3723, trades: 87 } },
      ],
      recommended: 'random_forest_classifier',
      metric: 'auc',
    };
    const { container } = render(<ContextView context={context} />);
    const wrap = container.querySelector('.approval-table-wrap')!;
    expect(wrap.closest('.scroll-x')).not.toBeNull();
    expect(wrap.querySelector('table.approval-table')).not.toBeNull();
    expect(wrap.getAttribute('tabindex')).toBe('0'); // the keyboard scrolls it too
    const cells = (model: string) => [...container.querySelectorAll(`tr[data-row="${model}"] td`)].map((td) => td.textContent);
    // The shared quantity rules: scores are ratios (three significant digits here), whole columns counts.
    expect(cells('random_forest_classifier')).toEqual(['random_forest_classifier★', '0.68', '0.0345', '0.247', '1,234']);
    expect(cells('logistic_regression')).toEqual(['logistic_regression', '0.533', '0.046', '0.372', '87']);
    expect(container.querySelector('tr[data-row="logistic_regression"] td.num')!.getAttribute('title')).toBe('0.53291');
    expect(container.querySelector('td.best')!.textContent).toBe('0.68');
    // The name column may break after underscores (it stays in view while the numbers scroll).
    expect(container.querySelectorAll('tr[data-row="random_forest_classifier"] td.row-name wbr')).toHaveLength(2);
    expect(container.querySelector('tr[data-row="random_forest_classifier"] .approval-badge')!.getAttribute('title')).toBe('recommended');
  });

  test('formats each column by the quantity kind the node declares: percentages, prices, counts', () => {
    const context = {
      columns: ['model', 'totalReturn', 'winRate', 'entryPrice', 'trades', 'auc'],
      kinds: { totalReturn: 'percent', winRate: 'percent', entryPrice: 'price', trades: 'count', auc: 'ratio' },
      rows: [
        { model: 'a', metrics: { totalReturn: 0.014815, winRate: 0.5, entryPrice: 0.00005123, trades: 2128976, auc: 0.5 } },
        { model: 'b', metrics: { totalReturn: -0.25, winRate: 0.0012, entryPrice: 0.00005131, trades: 3, auc: 0.71234 } },
      ],
    };
    const { container } = render(<ContextView context={context} />);
    const cells = (model: string) => [...container.querySelectorAll(`tr[data-row="${model}"] td.num`)].map((td) => td.textContent);
    // A fraction reads as a percentage (0.014815 is +1.48%, not 0.0148); close BTC-quoted prices stay apart.
    expect(cells('a')).toEqual(['1.48%', '50.0%', '0.0000512300', '2,128,976', '0.5']);
    expect(cells('b')).toEqual(['-25.0%', '0.12%', '0.0000513100', '3', '0.712']);
    // `kinds` is how the table reads, not a field to list.
    expect(terms(container)).toEqual([]);
  });
});

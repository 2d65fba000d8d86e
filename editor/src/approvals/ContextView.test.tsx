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
});

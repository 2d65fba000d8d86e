import { afterEach, describe, expect, test } from 'vitest';
import { cleanup, render } from '@testing-library/react';
import type { CandleImportPreview } from '@coinlab/shared';
import { ImportCard } from './ImportCard';

afterEach(cleanup);

const H = 3_600_000;
const preview = (head: CandleImportPreview['head'], more: Partial<CandleImportPreview> = {}): CandleImportPreview => ({
  coin: 'ZEC_BTC',
  format: 'csv',
  rows: 2_128_976,
  firstTs: head[0]?.ts ?? null,
  lastTs: head[head.length - 1]?.ts ?? null,
  head,
  issueCount: 0,
  issues: [],
  ...more,
});
const renderCard = (p: CandleImportPreview) =>
  render(<ImportCard pending={{ file: new File(['x'], 'zec.csv'), format: 'csv', preview: p, coin: p.coin }} onDone={() => {}} onCancel={() => {}} />);
const cells = (container: HTMLElement, row: number) => [...container.querySelectorAll(`.import-preview tbody tr:nth-child(${row}) td`)].map((td) => td.textContent);

describe('ImportCard', () => {
  test('BTC-quoted prices keep their digits (never all "0.00005"), counts have separators: the shared quantity rules', () => {
    const ts = Date.UTC(2024, 0, 1);
    const { container } = renderCard(
      preview([
        { ts, open: 0.00005123, high: 0.00005131, low: 0.0000512, close: 0.00005129, volume: 1234.5 },
        { ts: ts + H, open: 0.00005129, high: 0.0000514, low: 0.00005125, close: 0.00005138, volume: 87.25 },
      ]),
    );
    // One format for the four price columns: six significant digits of the smallest price, the same decimals in each.
    expect(cells(container, 1)).toEqual(['2024-01-01 00:00 UTC', '0.0000512300', '0.0000513100', '0.0000512000', '0.0000512900', '1235']);
    expect(cells(container, 2)).toEqual(['2024-01-01 01:00 UTC', '0.0000512900', '0.0000514000', '0.0000512500', '0.0000513800', '87.25']);
    // The exact stored value is on hover (a fractional volume reads in the ratio rule's four significant digits).
    expect(container.querySelector('.import-preview tbody td.num')!.getAttribute('title')).toBe('0.00005123');
    expect(container.querySelector('.import-head')!.textContent).toContain('2,128,976 good rows');
    expect(container.querySelector('button.primary')!.textContent).toBe('Import 2,128,976 candles as ZEC_BTC');
  });

  test('dollar prices and whole volumes; bad rows counted by the count rule', () => {
    const ts = Date.UTC(2024, 0, 1);
    const { container } = renderCard(
      preview([{ ts, open: 42_000.5, high: 42_100, low: 41_950.25, close: 42_050, volume: 1_500_000 }], {
        rows: 1,
        issueCount: 12_345,
        issues: [{ path: 'line 3', message: 'low is above open' }],
      }),
    );
    expect(cells(container, 1)).toEqual(['2024-01-01 00:00 UTC', '42000.5', '42100.0', '41950.3', '42050.0', '1,500,000']);
    expect(container.querySelector('.import-issues')!.textContent).toContain('12,345 bad rows');
    expect(container.querySelector('.import-issues')!.textContent).toContain('… and 12,344 more');
  });
});

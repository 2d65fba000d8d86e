import { afterEach, describe, expect, test, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { CoinTable } from './CoinTable';
import type { CoinInfo } from '../api/views';

const coins = [{ coin: 'ETH_BTC', firstTs: Date.UTC(2024, 0, 1), lastTs: Date.UTC(2024, 0, 2), barMs: 300_000, rows: 288, gaps: { missingBars: 0, largest: null } }] as unknown as CoinInfo[];

afterEach(cleanup);

describe('CoinTable', () => {
  test('deletes a coin after a confirmation when the user may', async () => {
    const onDelete = vi.fn(async () => undefined);
    render(<CoinTable coins={coins} onDelete={onDelete} />);
    fireEvent.click(screen.getByRole('button', { name: 'Delete ETH_BTC' }));
    fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    expect(onDelete).toHaveBeenCalledWith('ETH_BTC');
  });

  test('shows no delete button to members (the lab market data is the owner and admins to delete)', () => {
    render(<CoinTable coins={coins} />);
    expect(screen.getByText('ETH_BTC')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Delete ETH_BTC' })).toBeNull();
  });
});

import { useState } from 'react';
import type { CoinInfo } from '../api/views';
import { formatBarSpacing, formatCount } from '@coinlab/shared';
import { formatBarTime } from './bar-format';

/**
 * The coins in the database: range, rows, spacing and gaps; each can be deleted after a
 * confirmation, by those who may (no `onDelete`: the lab's market data is the owner's and
 * admins' to delete, so members see no delete button).
 */
export function CoinTable({ coins, onDelete }: { coins: readonly CoinInfo[]; onDelete?: (coin: string) => Promise<void> }) {
  const [confirming, setConfirming] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  if (!coins.length) return <div className="muted pad">No market data yet: drop a candle file here (JSON or CSV) or choose one with “Import file…”.</div>;
  return (
    <table className="coin-table" aria-label="Coins in the database">
      <thead>
        <tr>
          <th>Coin</th>
          <th>First bar</th>
          <th>Last bar</th>
          <th>Bar</th>
          <th className="num">Rows</th>
          <th className="num">Missing bars</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {coins.map((c) => {
          const gaps = c.gaps;
          return (
            <tr key={c.coin} data-coin={c.coin}>
              <td className="mono">{c.coin}</td>
              <td>{formatBarTime(c.firstTs, c.barMs)}</td>
              <td>{formatBarTime(c.lastTs, c.barMs)}</td>
              <td>{formatBarSpacing(c.barMs)}</td>
              <td className="num" data-col="rows">{c.rows === undefined ? '—' : formatCount(c.rows)}</td>
              <td className="num" data-col="gaps" title={gaps?.largest ? `largest gap: ${formatCount(gaps.largest.bars)} bars from ${formatBarTime(gaps.largest.from, c.barMs)}` : 'no gaps'}>
                {gaps ? formatCount(gaps.missingBars) : '—'}
              </td>
              <td className="coin-actions">
                {!onDelete ? null : confirming === c.coin ? (
                  <span className="confirm" role="group" aria-label={`Delete ${c.coin}?`}>
                    Delete {formatCount(c.rows ?? 0)} candles of {c.coin}?{' '}
                    <button
                      className="danger"
                      disabled={busy === c.coin}
                      onClick={() => {
                        setBusy(c.coin);
                        void onDelete(c.coin).finally(() => {
                          setBusy(null);
                          setConfirming(null);
                        });
                      }}
                    >
                      Delete
                    </button>{' '}
                    <button onClick={() => setConfirming(null)}>Keep</button>
                  </span>
                ) : (
                  <button className="icon-btn" title={`Delete ${c.coin}`} aria-label={`Delete ${c.coin}`} onClick={() => setConfirming(c.coin)}>
                    🗑
                  </button>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

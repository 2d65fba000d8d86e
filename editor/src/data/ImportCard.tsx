import { useState } from 'react';
import { ApiError } from '../api/http';
import { formatCount, kindColumnFormatter, PRICE_COLUMNS as PRICES, type QuantityKind } from '@coinlab/shared';
import { formatBarTime } from './bar-format';
import { COIN_NAME, importResultSchema, uploadCandles, type ImportPreview, type ImportResult } from './candle-upload';

/**
 * The preview's cells by the shared quantity rules: the four prices share one column format
 * (close BTC-quoted prices keep their digits and line up), volume has no declared kind (whole
 * volumes read as counts, others as ratios).
 */
function previewFormats(head: ImportPreview['head']): { price: (v: unknown) => string; volume: (v: unknown) => string } {
  const volumes = head.map((r) => r.volume);
  const volumeKind: QuantityKind = volumes.every(Number.isInteger) ? 'count' : 'ratio';
  return { price: kindColumnFormatter('price', head.flatMap((r) => PRICES.map((k) => r[k]))), volume: kindColumnFormatter(volumeKind, volumes) };
}

export interface PendingFile {
  file: File;
  format: 'json' | 'csv' | undefined;
  preview: ImportPreview;
  coin: string;
}

/**
 * One file about to be imported: its first rows, the coin name (taken from the file name,
 * editable), every bad line the server found; Import uploads it with a progress bar.
 */
export function ImportCard({ pending, onDone, onCancel }: { pending: PendingFile; onDone: (r: ImportResult) => void; onCancel: () => void }) {
  const [coin, setCoin] = useState(pending.coin);
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<{ message: string; problems: { path: string; message: string }[] } | null>(null);
  const p = pending.preview;
  const nameOk = COIN_NAME.test(coin);
  const bad = p.issueCount > 0;
  const f = previewFormats(p.head);
  const start = () => {
    setError(null);
    setProgress(0);
    uploadCandles(pending.file, { coin, format: pending.format }, importResultSchema, setProgress).then(onDone, (err: unknown) => {
      setProgress(null);
      setError(err instanceof ApiError ? { message: err.message, problems: err.problems } : { message: String(err), problems: [] });
    });
  };
  return (
    <div className="import-card" data-testid="import-card">
      <div className="import-head">
        <strong className="mono">{pending.file.name}</strong>
        <span className="muted">
          {p.format.toUpperCase()} · {formatCount(p.rows)} good rows{p.rows ? ` · ${formatBarTime(p.firstTs, null)} → ${formatBarTime(p.lastTs, null)}` : ''}
        </span>
      </div>
      <label className="import-coin">
        Coin{' '}
        <input value={coin} onChange={(e) => setCoin(e.target.value.trim())} aria-label="Coin name" aria-invalid={!nameOk} spellCheck={false} />
        {!nameOk && <span className="bad-text"> 1–64 letters, digits or . _ : / - (e.g. ETH_BTC)</span>}
      </label>
      {p.head.length > 0 && (
        <table className="import-preview" aria-label="First rows">
          <thead>
            <tr>
              <th>time (UTC)</th>
              <th className="num">open</th>
              <th className="num">high</th>
              <th className="num">low</th>
              <th className="num">close</th>
              <th className="num">volume</th>
            </tr>
          </thead>
          <tbody>
            {p.head.map((r) => (
              <tr key={r.ts}>
                <td>{formatBarTime(r.ts, null)}</td>
                {PRICES.map((k) => (
                  <td key={k} className="num" title={String(r[k])}>
                    {f.price(r[k])}
                  </td>
                ))}
                <td className="num" title={String(r.volume)}>
                  {f.volume(r.volume)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {bad && (
        <div className="import-issues" role="alert">
          <div className="bad-text">
            {formatCount(p.issueCount)} bad row{p.issueCount === 1 ? '' : 's'}: nothing can be imported until the file is fixed.
          </div>
          <ul>
            {p.issues.map((i) => (
              <li key={i.path} data-issue={i.path}>
                <span className="mono">{i.path}</span>: {i.message}
              </li>
            ))}
            {p.issueCount > p.issues.length && <li className="muted">… and {formatCount(p.issueCount - p.issues.length)} more</li>}
          </ul>
        </div>
      )}
      {error && (
        <div className="import-issues" role="alert">
          <div className="bad-text">{error.message}</div>
          <ul>
            {error.problems.map((i) => (
              <li key={i.path}>
                <span className="mono">{i.path}</span>: {i.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      <div className="import-actions">
        {progress !== null && <progress max={1} value={progress} aria-label="Upload progress" />}
        <button className="primary" disabled={bad || !nameOk || p.rows === 0 || progress !== null} onClick={start}>
          Import {formatCount(p.rows)} candles as {coin || '…'}
        </button>
        <button onClick={onCancel} disabled={progress !== null}>
          Cancel
        </button>
      </div>
    </div>
  );
}

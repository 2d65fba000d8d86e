import { useEffect, useRef, useState, type DragEvent } from 'react';
import { api } from '../api/client';
import { ApiError } from '../api/http';
import { useCatalogStore } from '../stores/catalog-store';
import { useAuthStore } from '../auth/auth-store';
import { CoinTable } from './CoinTable';
import { useCandleInbox } from './candle-inbox';
import { ImportCard, type PendingFile } from './ImportCard';
import { coinFromFileName, formatOf, importPreviewSchema, uploadCandles, type ImportResult } from './candle-upload';
import { formatCount } from '@coinlab/shared';
import './data-panel.css';

/**
 * The market data in the database, and the way in for more: drop candle files (JSON or CSV)
 * on the panel or pick them; each is checked by the server (nothing written) and shown with its
 * first rows and bad lines before it is imported. Coins can be deleted here too.
 */
export function DataPanel() {
  const coins = useCatalogStore((s) => s.coins);
  const coinsError = useCatalogStore((s) => s.coinsError);
  const [queue, setQueue] = useState<PendingFile[]>([]);
  const [checking, setChecking] = useState<{ name: string; progress: number } | null>(null);
  const [message, setMessage] = useState<{ tone: 'ok' | 'bad'; text: string } | null>(null);
  const [dragging, setDragging] = useState(false);
  const picker = useRef<HTMLInputElement>(null);

  useEffect(() => {
    void useCatalogStore.getState().loadCoins(true);
  }, []);

  const check = async (files: readonly File[]) => {
    setMessage(null);
    for (const file of files) {
      const format = formatOf(file.name);
      const coin = coinFromFileName(file.name) || 'COIN';
      setChecking({ name: file.name, progress: 0 });
      try {
        const preview = await uploadCandles(file, { coin: 'PREVIEW', format, preview: true }, importPreviewSchema, (progress) => setChecking({ name: file.name, progress }));
        setQueue((q) => [...q, { file, format, preview, coin }]);
      } catch (err) {
        setMessage({ tone: 'bad', text: `${file.name}: ${err instanceof ApiError ? err.message : String(err)}` });
      } finally {
        setChecking(null);
      }
    }
  };

  // Files handed over (a candle file picked with the top bar's Import) are checked like dropped ones.
  const handed = useCandleInbox((s) => s.files);
  useEffect(() => {
    if (handed.length) void check(useCandleInbox.getState().take());
    // eslint-disable-next-line react-hooks/exhaustive-deps -- check reads only setters and stores
  }, [handed]);

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    void check([...e.dataTransfer.files]);
  };

  const imported = (pending: PendingFile, r: ImportResult) => {
    setQueue((q) => q.filter((p) => p !== pending));
    setMessage({ tone: 'ok', text: `${r.coin}: ${formatCount(r.rows)} candles from ${pending.file.name} — ${formatCount(r.inserted)} new, ${formatCount(r.updated)} updated, ${formatCount(r.unchanged)} unchanged` });
    void useCatalogStore.getState().loadCoins(true);
  };

  const role = useAuthStore((s) => s.user?.role);
  const mayDelete = role === 'owner' || role === 'admin';
  const remove = async (coin: string) => {
    try {
      const n = await api.deleteCoin(coin);
      setMessage({ tone: 'ok', text: `${coin}: ${formatCount(n)} candles deleted` });
    } catch (err) {
      setMessage({ tone: 'bad', text: `${coin}: ${err instanceof Error ? err.message : String(err)}` });
    }
    await useCatalogStore.getState().loadCoins(true);
  };

  return (
    <div
      className={`data-panel${dragging ? ' dragging' : ''}`}
      data-testid="data-panel"
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <div className="data-toolbar">
        <span className="muted">Drop candle files here — JSON [[ts_ms, open, high, low, close, volume], …] or CSV with a header — or</span>
        <button onClick={() => picker.current?.click()}>Import file…</button>
        <input
          ref={picker}
          type="file"
          accept=".json,.csv,application/json,text/csv"
          multiple
          hidden
          data-testid="candle-file-input"
          onChange={(e) => {
            const files = [...(e.target.files ?? [])];
            e.target.value = '';
            void check(files);
          }}
        />
        {checking && (
          <span className="muted">
            checking {checking.name} <progress max={1} value={checking.progress} aria-label="Checking file" />
          </span>
        )}
      </div>
      {message && (
        <div className={`data-message ${message.tone}`} role="status">
          {message.text}
        </div>
      )}
      {queue.map((p) => (
        <ImportCard key={`${p.file.name}:${p.file.size}:${p.file.lastModified}`} pending={p} onDone={(r) => imported(p, r)} onCancel={() => setQueue((q) => q.filter((x) => x !== p))} />
      ))}
      {coinsError && <div className="bad-text pad">Cannot list the coins: {coinsError}</div>}
      {coins && <CoinTable coins={coins} onDelete={mayDelete ? remove : undefined} />}
    </div>
  );
}

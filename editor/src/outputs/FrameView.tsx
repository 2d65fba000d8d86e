import { useMemo, useState } from 'react';
import type { CoinFrame } from '@coinlab/shared';
import { columnFormatter, formatTs } from '../util/format';
import { VirtualTable } from './VirtualTable';
import { VegaChart } from './VegaChart';
import { frameLineSpec } from './quick-charts';
import { useUiStore } from '../stores/ui-store';

/** A frame-like output (candles, series, tables, datasets, predictions): per coin, table or chart. */
export function FrameView({ groups, defaultColumns }: { groups: CoinFrame[]; defaultColumns?: string[] }) {
  const [coin, setCoin] = useState(0);
  const [mode, setMode] = useState<'table' | 'chart'>('table');
  const g = groups[Math.min(coin, groups.length - 1)];
  const names = g ? Object.keys(g.columns) : [];
  const initial = (defaultColumns ?? []).filter((c) => names.includes(c));
  const [chartCols, setChartCols] = useState<string[] | null>(null);
  const cols = chartCols ?? (initial.length ? initial : names.slice(0, 1));
  const spec = useMemo(() => (g && mode === 'chart' ? frameLineSpec(g, cols) : null), [g, mode, cols.join('|')]); // eslint-disable-line react-hooks/exhaustive-deps
  const formats = useMemo(() => (g ? Object.values(g.columns).map((values) => columnFormatter(values)) : []), [g]);
  if (!g) return <div className="muted">empty</div>;
  const columns = [{ label: 'time (UTC)', width: 140, align: 'left' as const }, ...names.map((n) => ({ label: n }))];
  return (
    <div className="frame-view">
      <div className="row gap wrap">
        {groups.length > 1 && (
          <select value={coin} onChange={(e) => setCoin(Number(e.target.value))} aria-label="Coin">
            {groups.map((x, i) => (
              <option key={x.coin} value={i}>
                {x.coin} ({x.ts.length})
              </option>
            ))}
          </select>
        )}
        <div className="seg">
          <button className={mode === 'table' ? 'active' : ''} onClick={() => setMode('table')}>
            Table
          </button>
          <button className={mode === 'chart' ? 'active' : ''} onClick={() => setMode('chart')}>
            Chart
          </button>
        </div>
        {mode === 'chart' && spec && (
          <button className="link-btn" onClick={() => useUiStore.getState().openDialog({ kind: 'chart', title: `${g.coin}: ${cols.join(', ')}`, spec: { ...spec, height: 380 } })}>
            Expand
          </button>
        )}
        {mode === 'chart' && (
          <select
            multiple={false}
            value={cols[0] ?? ''}
            onChange={(e) => setChartCols([e.target.value])}
            aria-label="Column to chart"
          >
            {names.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        )}
      </div>
      {mode === 'table' ? (
        <VirtualTable
          columns={columns}
          rowCount={g.ts.length}
          cell={(r, c) => (c === 0 ? formatTs(g.ts[r]!) : (formats[c - 1]?.(g.columns[names[c - 1]!]?.[r]) ?? ''))}
        />
      ) : (
        spec && <VegaChart spec={spec} className="wide-chart" />
      )}
    </div>
  );
}

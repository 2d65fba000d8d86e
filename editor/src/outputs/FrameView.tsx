import { useMemo, useState } from 'react';
import { formatCount, formatQuantity, frameColumnKinds, kindColumnFormatter, type CoinFrame, type QuantityKind } from '@coinlab/shared';
import { columnFormatter } from '../util/format';
import { VirtualTable } from './VirtualTable';
import { VegaChart } from './VegaChart';
import { frameLineSpec } from './quick-charts';
import { useUiStore } from '../stores/ui-store';

/**
 * How a column's cells read: by its declared kind (shared/src/format/quantity.ts, the rule the
 * inspector, report and CLI follow), whole-number columns as counts, other numbers with the
 * decimals that line the column up.
 */
export function frameColumnFormat(values: ArrayLike<unknown>, kind: QuantityKind | undefined): (v: unknown) => string {
  if (kind) return kindColumnFormatter(kind, values);
  let numbers = 0;
  let whole = true;
  for (let i = 0; i < values.length && whole; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) continue;
    numbers++;
    whole = Number.isInteger(v);
  }
  if (numbers > 0 && whole) return (v) => (typeof v === 'number' && Number.isFinite(v) ? formatCount(v) : columnFormatter([])(v));
  return columnFormatter(values);
}

/** A frame-like output (candles, series, tables, datasets, predictions): per coin, table or chart. */
export function FrameView({ groups, defaultColumns, valueKind = 'frame' }: { groups: CoinFrame[]; defaultColumns?: string[]; valueKind?: string }) {
  const [coin, setCoin] = useState(0);
  const [mode, setMode] = useState<'table' | 'chart'>('table');
  const g = groups[Math.min(coin, groups.length - 1)];
  const names = g ? Object.keys(g.columns) : [];
  const initial = (defaultColumns ?? []).filter((c) => names.includes(c));
  const [chartCols, setChartCols] = useState<string[] | null>(null);
  const cols = chartCols ?? (initial.length ? initial : names.slice(0, 1));
  const spec = useMemo(() => (g && mode === 'chart' ? frameLineSpec(g, cols) : null), [g, mode, cols.join('|')]); // eslint-disable-line react-hooks/exhaustive-deps
  const formats = useMemo(() => {
    if (!g) return [];
    const kinds = frameColumnKinds(valueKind, Object.keys(g.columns));
    return Object.entries(g.columns).map(([name, values]) => frameColumnFormat(values, kinds[name]));
  }, [g, valueKind]);
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
          cell={(r, c) => (c === 0 ? formatQuantity('time', g.ts[r]) : (formats[c - 1]?.(g.columns[names[c - 1]!]?.[r]) ?? ''))}
        />
      ) : (
        spec && <VegaChart spec={spec} className="wide-chart" />
      )}
    </div>
  );
}

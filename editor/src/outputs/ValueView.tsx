import { asQuantityKind, formatQuantity, isFrameLike, kindColumnFormatter, type QuantityKind } from '@coinlab/shared';
import { columnFormatter, formatNumber, formatTs } from '../util/format';
import { ChartList, isChartRefList } from './ChartList';
import { FrameView } from './FrameView';
import { VirtualTable } from './VirtualTable';
import './outputs.css';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Declared kinds of a value's fields (e.g. backtest.kinds.stats), read from untyped data. */
function kindsOf(v: unknown): Record<string, QuantityKind> {
  if (!isObj(v)) return {};
  const out: Record<string, QuantityKind> = {};
  for (const [k, kind] of Object.entries(v)) {
    const q = asQuantityKind(kind);
    if (q) out[k] = q;
  }
  return out;
}

/** A figure whose kind its node did not declare: a whole number is a count, anything else a ratio (the CLI's rule too). */
const undeclaredKind = (v: number): QuantityKind => (Number.isInteger(v) ? 'count' : 'ratio');

function KeyValues({ values, kinds = {} }: { values: Obj; kinds?: Record<string, QuantityKind> }) {
  return (
    <table className="kv">
      <tbody>
        {Object.entries(values).map(([k, v]) => (
          <tr key={k}>
            <th>{k}</th>
            <td className="num" title={typeof v === 'number' ? String(v) : undefined}>
              {typeof v === 'number' ? formatQuantity(kinds[k] ?? undeclaredKind(v), v) : typeof v === 'string' ? v : JSON.stringify(v)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function JsonView({ value }: { value: unknown }) {
  const text = JSON.stringify(value, null, 2) ?? String(value);
  return <pre className="json-view">{text.length > 20000 ? `${text.slice(0, 20000)}\n… (${text.length.toLocaleString()} characters)` : text}</pre>;
}

/** A list of row objects (EDA tables) as a virtualized table, columns in first-seen order. */
function RowsTable({ name, rows }: { name: string; rows: Obj[] }) {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return (
    <div className="rows-table">
      <div className="muted small">{name}</div>
      <VirtualTable
        columns={columns.map((c, i) => ({ label: c, ...(i === 0 ? { align: 'left' as const, width: 130 } : {}) }))}
        rowCount={rows.length}
        height={220}
        cell={(r, c) => {
          const v = rows[r]![columns[c]!];
          // Per cell, not per column: EDA tables stack variables of any scale in one column
          // (mean of close 0.0965, mean of volume 239), so five significant digits each.
          return typeof v === 'number' ? formatNumber(v, 5) : v === null || v === undefined ? '–' : String(v);
        }}
      />
    </div>
  );
}

function charts(v: Obj) {
  return isChartRefList(v.charts) ? <ChartList charts={v.charts} /> : null;
}

/** Shows one output value the way its kind reads best. */
export function ValueView({ value }: { value: unknown }) {
  if (typeof value === 'string') return <pre className="text-view">{value}</pre>;
  if (!isObj(value)) return <JsonView value={value} />;
  const kind = value.kind;
  if (isFrameLike(value)) {
    const defaults = kind === 'candles' ? ['close'] : kind === 'predictions' ? ['score', 'actual'] : undefined;
    return <FrameView groups={value.groups} valueKind={value.kind} {...(defaults ? { defaultColumns: defaults } : {})} />;
  }
  if (kind === 'metrics') {
    const confusion = isObj(value.confusion) ? value.confusion : null;
    return (
      <div className="value-view">
        {isObj(value.metrics) && <KeyValues values={value.metrics} />}
        {confusion && (
          <table className="confusion">
            <tbody>
              <tr>
                <th />
                <th>pred 0</th>
                <th>pred 1</th>
              </tr>
              <tr>
                <th>actual 0</th>
                <td>{String(confusion.tn)}</td>
                <td>{String(confusion.fp)}</td>
              </tr>
              <tr>
                <th>actual 1</th>
                <td>{String(confusion.fn)}</td>
                <td>{String(confusion.tp)}</td>
              </tr>
            </tbody>
          </table>
        )}
        {charts(value)}
      </div>
    );
  }
  if (kind === 'comparison' && Array.isArray(value.rows)) {
    const rows = value.rows.filter(isObj);
    const metricNames = [...new Set(rows.flatMap((r) => (isObj(r.metrics) ? Object.keys(r.metrics) : [])))];
    const formats = metricNames.map((m) => columnFormatter(rows.map((r) => (isObj(r.metrics) ? r.metrics[m] : undefined))));
    return (
      <div className="value-view">
        <div className="muted small">
          Best: <b>{String(value.best)}</b> — {String(value.reason ?? '')}
        </div>
        <VirtualTable
          columns={[{ label: 'model', width: 140, align: 'left' }, ...metricNames.map((m) => ({ label: m }))]}
          rowCount={rows.length}
          height={200}
          cell={(r, c) => {
            const row = rows[r]!;
            if (c === 0) return String(row.model);
            return isObj(row.metrics) ? formats[c - 1]!(row.metrics[metricNames[c - 1]!]) : '';
          }}
        />
        {charts(value)}
      </div>
    );
  }
  if (kind === 'backtest') {
    const trades = Array.isArray(value.trades) ? value.trades.filter(isObj) : [];
    const gate = isObj(value.gate) ? value.gate : null;
    // Columns are formatted by their declared kind (returnPct is a fraction shown as a percentage);
    // values from before kinds were declared keep the generic column format.
    const kinds = isObj(value.kinds) ? value.kinds : {};
    const tradeKinds = kindsOf(kinds.trades);
    const byKind = (key: string, values: unknown[]) => (tradeKinds[key] ? kindColumnFormatter(tradeKinds[key], values) : columnFormatter(values));
    const price = byKind('entryPrice', trades.flatMap((t) => [t.entryPrice, t.exitPrice]));
    const returns = byKind('returnPct', trades.map((t) => t.returnPct));
    const entry = tradeKinds.entryTs ? (v: unknown) => formatQuantity('time', typeof v === 'number' ? v : null) : (v: unknown) => formatTs(Number(v));
    return (
      <div className="value-view">
        {gate && <div className={gate.passed ? 'gate-pass' : 'gate-fail'}>{gate.passed ? 'Gate passed' : `Gate failed: ${Array.isArray(gate.reasons) ? gate.reasons.join('; ') : ''}`}</div>}
        {typeof value.rule === 'string' && <div className="muted small">Rule: {value.rule}</div>}
        {isObj(value.stats) && <KeyValues values={value.stats} kinds={kindsOf(kinds.stats)} />}
        {charts(value)}
        {trades.length > 0 && (
          <VirtualTable
            columns={[{ label: 'coin', width: 90, align: 'left' }, { label: 'entry', width: 140, align: 'left' }, { label: 'exit', width: 140, align: 'left' }, { label: 'entry price' }, { label: 'exit price' }, { label: tradeKinds.returnPct ? 'return' : 'return %' }]}
            rowCount={trades.length}
            height={240}
            cell={(r, c) => {
              const t = trades[r]!;
              return [String(t.coin), entry(t.entryTs), entry(t.exitTs), price(t.entryPrice), price(t.exitPrice), returns(t.returnPct)][c] ?? '';
            }}
          />
        )}
      </div>
    );
  }
  if (kind === 'eda') {
    const tables = isObj(value.tables) ? Object.entries(value.tables).filter((e): e is [string, Obj[]] => Array.isArray(e[1])) : [];
    return (
      <div className="value-view">
        <div className="report-title">{String(value.title ?? '')}</div>
        {charts(value)}
        {tables.map(([name, rows]) => (
          <RowsTable key={name} name={name} rows={rows.filter(isObj)} />
        ))}
      </div>
    );
  }
  if (kind === 'report') {
    return (
      <div className="value-view">
        <div className="report-title">{String(value.title ?? 'Report')}</div>
        <pre className="text-view report-md">{String(value.markdown ?? '')}</pre>
      </div>
    );
  }
  if (kind === 'model') {
    const { model: _blob, splits: _splits, ...rest } = value;
    return <JsonView value={rest} />;
  }
  if (isChartRefList(value.charts)) {
    return (
      <div className="value-view">
        <JsonView value={{ ...value, charts: undefined }} />
        {charts(value)}
      </div>
    );
  }
  return <JsonView value={value} />;
}

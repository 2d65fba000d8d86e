import { Fragment } from 'react';
import { z } from 'zod';
import { asQuantityKind, formatPercent, formatQuantity, formatRatio, type QuantityKind } from '@coinlab/shared';
import { ScrollX } from '../util/ScrollX';

/**
 * What an approval gate shows the approver: a comparison table (`columns` + `rows`, values
 * from the row or its `metrics`), the recommendation and why, and any other fields as a
 * readable list. Unknown shapes fall back to indented JSON.
 */
const tableContext = z.looseObject({
  columns: z.array(z.string()).min(1),
  rows: z.array(z.record(z.string(), z.unknown())),
  recommended: z.string().optional(),
  reason: z.string().optional(),
  metric: z.string().optional(),
  higherIsBetter: z.boolean().optional(),
  /** The quantity kind of a column (percent, price, ratio, count), as the node declares it. */
  kinds: z.record(z.string(), z.unknown()).optional(),
});

const SHOWN_ELSEWHERE = new Set(['columns', 'rows', 'markdown', 'recommended', 'reason', 'metric', 'higherIsBetter', 'choices', 'kinds']);

/** A number without a declared kind: whole numbers are counts, others ratios. */
const undeclaredKind = (v: number): QuantityKind => (Number.isInteger(v) ? 'count' : 'ratio');

/**
 * A table cell by the shared quantity rules, ratios and percentages in three significant digits:
 * the table has to fit the 352 px inspector as well as the tray (the exact value is on hover).
 * Prices keep the shared rule's digits, so close BTC-quoted prices never read the same.
 */
function formatTableNumber(kind: QuantityKind, v: number): string {
  switch (kind) {
    case 'ratio':
      return formatRatio(v, 3);
    case 'percent':
      return formatPercent(v, Math.abs(v) >= 0.1 ? 1 : 2);
    default:
      return formatQuantity(kind, v);
  }
}

/** The kind of a column: declared by the node, else what its numbers are (all whole: a count). */
function columnKind(declared: unknown, values: unknown[]): QuantityKind {
  const kind = asQuantityKind(declared);
  if (kind) return kind;
  const numbers = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  return numbers.length > 0 && numbers.every(Number.isInteger) ? 'count' : 'ratio';
}

export function formatCell(v: unknown): string {
  if (v === null || v === undefined) return '–';
  if (typeof v === 'number') return formatQuantity(undeclaredKind(v), v);
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  return JSON.stringify(v);
}

function cell(row: Record<string, unknown>, col: string): unknown {
  if (col in row) return row[col];
  const metrics = row.metrics;
  return metrics && typeof metrics === 'object' ? (metrics as Record<string, unknown>)[col] : undefined;
}

/** Which row is best on `metric` per column, to mark it in the table. */
function bestIn(rows: Record<string, unknown>[], col: string, higherIsBetter: boolean): number {
  let best = -1;
  let bestV = 0;
  rows.forEach((r, i) => {
    const v = cell(r, col);
    if (typeof v !== 'number' || !Number.isFinite(v)) return;
    if (best < 0 || (higherIsBetter ? v > bestV : v < bestV)) (best = i), (bestV = v);
  });
  return best;
}

export function ContextView({ context, message = '' }: { context: unknown; message?: string }) {
  if (context === undefined || context === null) return null;
  if (typeof context !== 'object') return <p className="approval-context-text">{formatCell(context)}</p>;
  const table = tableContext.safeParse(context);
  // Empty fields say nothing (a gate's `value` is null when too large to send): not shown.
  const rest = Object.entries(context as Record<string, unknown>).filter(([k, v]) => v !== null && v !== undefined && (!table.success || !SHOWN_ELSEWHERE.has(k)));
  return (
    <div className="approval-context">
      {table.success && <ComparisonTable t={table.data} showReason={!!table.data.reason && !message.includes(table.data.reason)} />}
      {rest.length > 0 && (
        <dl className="approval-kv">
          {rest.map(([k, v]) => (
            <div key={k} className="approval-kv-row">
              <dt>{k}</dt>
              <dd>{v !== null && typeof v === 'object' ? <pre className="approval-json">{JSON.stringify(v, null, 2).slice(0, 2000)}</pre> : formatCell(v)}</dd>
            </div>
          ))}
        </dl>
      )}
    </div>
  );
}

/** `random_forest_classifier` may break after its underscores: the name column stays narrow. */
function BreakableName({ name }: { name: string }) {
  const parts = name.split(/(?<=_)/);
  return (
    <>
      {parts.map((p, i) => (
        <Fragment key={i}>
          {p}
          {i < parts.length - 1 ? <wbr /> : null}
        </Fragment>
      ))}
    </>
  );
}

function ComparisonTable({ t, showReason }: { t: z.infer<typeof tableContext>; showReason: boolean }) {
  const higher = t.higherIsBetter ?? true;
  const rowKey = t.columns[0] ?? 'model';
  // A column that only repeats the row's name (algorithm = model) takes width and says nothing.
  const columns = t.columns.filter((c, i) => i === 0 || !t.rows.every((r) => formatCell(cell(r, c)) === formatCell(r[rowKey])));
  const metricCol = t.metric && t.columns.includes(t.metric) ? t.metric : null;
  const best = metricCol ? bestIn(t.rows, metricCol, higher) : -1;
  const kinds = new Map(columns.map((c) => [c, columnKind(t.kinds?.[c], t.rows.map((r) => cell(r, c)))]));
  return (
    <>
      {(t.recommended || (showReason && t.reason)) && (
        <div className="approval-reco">
          {t.recommended && (
            <>
              Recommended: <strong data-recommended={t.recommended}>{t.recommended}</strong>
            </>
          )}
          {t.metric && (
            <span className="muted">
              {' '}
              · by {t.metric} ({higher ? 'higher' : 'lower'} is better)
            </span>
          )}
          {showReason && t.reason && <div className="approval-reason-text">{t.reason}</div>}
        </div>
      )}
      <ScrollX className="approval-table-wrap" frameClassName="approval-table-frame" label="Comparison table (scrolls sideways)">
        <table className="approval-table">
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c} className={c === rowKey ? 'row-name' : c === metricCol ? 'metric' : undefined}>
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {t.rows.map((r, i) => {
              const name = formatCell(r[rowKey]);
              return (
                <tr key={`${name}-${i}`} className={name === t.recommended ? 'recommended' : undefined} data-row={name}>
                  {columns.map((c) => {
                    const v = cell(r, c);
                    if (c === rowKey) {
                      return (
                        <td key={c} className="row-name">
                          <BreakableName name={name} />
                          {name === t.recommended ? (
                            <span className="approval-badge" title="recommended" aria-label="recommended">
                              ★
                            </span>
                          ) : null}
                        </td>
                      );
                    }
                    const num = typeof v === 'number' && Number.isFinite(v);
                    return (
                      <td key={c} className={`${num ? 'num' : ''}${c === metricCol && i === best ? ' best' : ''}`} title={num ? String(v) : undefined}>
                        {num ? formatTableNumber(kinds.get(c)!, v) : formatCell(v)}
                      </td>
                    );
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
      </ScrollX>
    </>
  );
}

import { describeIssue, type CandleIssue, type CandleRow } from './candles';
import { CANDLE_COLUMNS } from '@coinlab/shared';
import { parseTimestamp } from './timestamp';
import { describeNonFinite, DuplicateTracker, rowProblem } from './validate';

const NAMES = CANDLE_COLUMNS;

/**
 * ccxt / freqtrade OHLCV: `[[ts_ms, open, high, low, close, volume], ...]`. Positions in
 * issues are array elements counted from 1 (index + 1): these files are often one line.
 */
export function parseCandleJson(text: string, source: string): { rows: CandleRow[]; issues: CandleIssue[] } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    return { rows: [], issues: [describeIssue(source, null, 'element', `not valid JSON (${(err as Error).message})`)] };
  }
  if (!Array.isArray(data)) {
    return { rows: [], issues: [describeIssue(source, null, 'element', 'expected a JSON array of [ts, open, high, low, close, volume] arrays')] };
  }
  const rows: CandleRow[] = [];
  const issues: CandleIssue[] = [];
  const dups = new DuplicateTracker();
  for (let i = 0; i < data.length; i++) {
    const n = i + 1;
    const reason = readElement(data[i], rows, dups, n);
    if (reason) issues.push(describeIssue(source, n, 'element', reason));
  }
  return { rows, issues };
}

function readElement(el: unknown, rows: CandleRow[], dups: DuplicateTracker, n: number): string | null {
  if (!Array.isArray(el) || el.length < 6) {
    return `expected [ts, open, high, low, close, volume], got ${preview(el)}`;
  }
  const ts = parseTimestamp(el[0]);
  if (!ts.ok) return ts.reason;
  const values: number[] = [];
  for (let k = 0; k < NAMES.length; k++) {
    const v: unknown = el[k + 1];
    const num = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
    if (!Number.isFinite(num)) return `${NAMES[k]} is ${describeNonFinite(v)}, not a finite number`;
    values.push(num);
  }
  const [open, high, low, close, volume] = values as [number, number, number, number, number];
  const row: CandleRow = { ts: ts.ms, open, high, low, close, volume };
  const problem = rowProblem(row) ?? dups.check(row.ts, n, 'element');
  if (problem) return problem;
  rows.push(row);
  return null;
}

/** A short preview of a bad element; never throws (an element nested thousands deep overflows JSON.stringify). */
function preview(el: unknown): string {
  try {
    return JSON.stringify(el)?.slice(0, 80) ?? String(el);
  } catch {
    return Array.isArray(el) ? 'a deeply nested array' : typeof el === 'object' ? 'a deeply nested object' : String(el);
  }
}

import { CANDLE_COLUMNS, PRICE_COLUMNS } from '@coinlab/shared';
import type { CandleRow } from './candles';
import { timeProblem } from './plausible-time';

const FIELDS = CANDLE_COLUMNS;
const PRICES = PRICE_COLUMNS;

/**
 * Why a candle cannot be stored, or null if it can; every reason starts with the column it is
 * about. Duplicates are checked by DuplicateTracker. The one check behind the CSV and JSON
 * readers and importCandles itself, so no path stores a row the others would refuse.
 */
export function rowProblem(row: CandleRow, now?: number): string | null {
  const time = timeProblem(row.ts, now);
  if (time) return time;
  for (const f of FIELDS) {
    if (!Number.isFinite(row[f])) return `${f} is ${describeNonFinite(row[f])}, not a finite number`;
  }
  for (const f of PRICES) {
    if (!(row[f] > 0)) return `${f} ${row[f]} is not a positive price`;
  }
  if (row.high < row.low) return `high ${row.high} is below low ${row.low}`;
  for (const f of ['open', 'close'] as const) {
    if (row[f] > row.high) return `${f} ${row[f]} is above high ${row.high}`;
    if (row[f] < row.low) return `${f} ${row[f]} is below low ${row.low}`;
  }
  if (row.volume < 0) return `volume ${row.volume} is negative`;
  return null;
}

/**
 * JSON.parse reads a literal too large for a double (`1e400`) as Infinity, which
 * JSON.stringify would print as "null": name it for what the file holds.
 */
export function describeNonFinite(v: unknown): string {
  if (v === Infinity || v === -Infinity) return `${v} (a number too large for a double, e.g. 1e400)`;
  return typeof v === 'number' ? String(v) : v === undefined ? 'missing' : (JSON.stringify(v) ?? String(v));
}

/** Remembers where each ts was first seen. Rows need not be ascending, but a ts only once. */
export class DuplicateTracker {
  private readonly seen = new Map<number, number>();
  /** The reason if `ts` was seen before (naming where), else null and remembers it. */
  check(ts: number, position: number, unit: 'line' | 'element'): string | null {
    const first = this.seen.get(ts);
    if (first !== undefined) return `duplicate ts ${ts} (${new Date(ts).toISOString()}), first at ${unit} ${first}`;
    this.seen.set(ts, position);
    return null;
  }
}

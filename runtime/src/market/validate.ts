import type { CandleRow } from './candles';

const FIELDS = ['open', 'high', 'low', 'close', 'volume'] as const;

/** Why a candle cannot be stored, or null if it can. Duplicates are checked by DuplicateTracker. */
export function rowProblem(row: CandleRow): string | null {
  if (!Number.isSafeInteger(row.ts) || row.ts < 0) return `ts ${row.ts} is not a non-negative whole number of milliseconds`;
  for (const f of FIELDS) {
    if (!Number.isFinite(row[f])) return `${f} is ${describe(row[f])}, not a finite number`;
  }
  if (row.high < row.low) return `high ${row.high} is below low ${row.low}`;
  if (row.volume < 0) return `volume ${row.volume} is negative`;
  return null;
}

function describe(v: unknown): string {
  return typeof v === 'number' ? String(v) : v === undefined ? 'missing' : JSON.stringify(v) ?? String(v);
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

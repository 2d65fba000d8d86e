import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { CandleImportError, describeIssue, type CandleIssue, type CandleRow } from './candles';
import { DuplicateTracker, rowProblem } from './validate';
import { float8Array, int8Array } from './binary-arrays';

export interface ImportResult {
  coin: string;
  /** Rows in the input. */
  rows: number;
  inserted: number;
  /** Rows whose (coin, ts) existed with different values. */
  updated: number;
  /** Rows already stored exactly so (a re-import changes nothing). */
  unchanged: number;
}

/** Rows per statement: a handful of statements per million rows, each small enough for PGlite. */
const BATCH = 50_000;
const COIN = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}$/;

/**
 * Writes candles of one coin into price_data_5min: all or nothing (one transaction),
 * idempotent (ON CONFLICT (coin, ts) DO UPDATE, skipping rows that would not change), and
 * fast (each batch is one INSERT … SELECT FROM unnest(arrays): six binary array
 * parameters whatever its size). Invalid rows are refused before anything is written.
 */
export async function importCandles(
  store: { kysely: Kysely<Database> },
  coin: string,
  rows: readonly CandleRow[],
  opts: { /** Names the input in messages (a file name). */ source?: string; batchSize?: number } = {},
): Promise<ImportResult> {
  const source = opts.source ?? coin;
  const batch = opts.batchSize ?? BATCH;
  if (!COIN.test(coin)) {
    throw new CandleImportError(source, [describeIssue(source, null, 'element', `coin "${coin}" must be 1-64 letters, digits or . _ : / - (e.g. ETH_BTC)`)]);
  }
  const issues = checkRows(rows, source);
  if (issues.length > 0) throw new CandleImportError(source, issues);

  const counts = await store.kysely.transaction().execute(async (trx) => {
    // Importers of one coin take turns, so the overlap check below stays true until commit.
    await sql`select pg_advisory_xact_lock(hashtext(${`price_data_5min:${coin}`}))`.execute(trx);
    // A first import (nothing stored in its range) can skip the conflict handling, which
    // costs about as much as the insert itself.
    const fresh = rows.length > 0 && !(await hasRowsBetween(trx, coin, rows));
    let inserted = 0;
    let updated = 0;
    for (let start = 0; start < rows.length; start += batch) {
      const end = Math.min(start + batch, rows.length);
      const res = await writeBatch(trx, coin, end - start, columns(rows, start, end), fresh);
      inserted += res.inserted;
      updated += res.updated;
    }
    return { inserted, updated };
  });
  return { coin, rows: rows.length, ...counts, unchanged: rows.length - counts.inserted - counts.updated };
}

async function hasRowsBetween(db: Kysely<Database>, coin: string, rows: readonly CandleRow[]): Promise<boolean> {
  let min = Infinity;
  let max = -Infinity;
  for (const r of rows) {
    if (r.ts < min) min = r.ts;
    if (r.ts > max) max = r.ts;
  }
  const row = await db.selectFrom('price_data_5min').select('ts').where('coin', '=', coin).where('ts', '>=', min).where('ts', '<=', max).limit(1).executeTakeFirst();
  return row !== undefined;
}

/** The rows [start, end) as six binary array parameters. */
function columns(rows: readonly CandleRow[], start: number, end: number): Buffer[] {
  const n = end - start;
  const cols = [0, 1, 2, 3, 4, 5].map(() => new Array<number>(n));
  const [ts, open, high, low, close, volume] = cols as [number[], number[], number[], number[], number[], number[]];
  for (let i = 0; i < n; i++) {
    const r = rows[start + i]!;
    ts[i] = r.ts;
    open[i] = r.open;
    high[i] = r.high;
    low[i] = r.low;
    close[i] = r.close;
    volume[i] = r.volume;
  }
  return [int8Array(ts), float8Array(open), float8Array(high), float8Array(low), float8Array(close), float8Array(volume)];
}

async function writeBatch(db: Kysely<Database>, coin: string, n: number, [ts, open, high, low, close, volume]: Buffer[], fresh: boolean) {
  const source = sql`select ${coin}, * from unnest(${ts}::bigint[], ${open}::float8[], ${high}::float8[], ${low}::float8[], ${close}::float8[], ${volume}::float8[])`;
  if (fresh) {
    // Without a conflict clause the statement either inserts every row or fails.
    await sql`insert into price_data_5min (coin, ts, open, high, low, close, volume) ${source}`.execute(db);
    return { inserted: n, updated: 0 };
  }
  // xmax = 0 only on a freshly inserted tuple: how PostgreSQL tells inserts from updates.
  const { rows } = await sql<{ inserted: number; updated: number }>`
    with written as (
      insert into price_data_5min as p (coin, ts, open, high, low, close, volume)
      ${source}
      on conflict (coin, ts) do update
        set open = excluded.open, high = excluded.high, low = excluded.low, close = excluded.close, volume = excluded.volume
        where (p.open, p.high, p.low, p.close, p.volume) is distinct from (excluded.open, excluded.high, excluded.low, excluded.close, excluded.volume)
      returning (xmax = 0) as fresh
    )
    select (count(*) filter (where fresh))::int as inserted, (count(*) filter (where not fresh))::int as updated from written`.execute(db);
  return rows[0] ?? { inserted: 0, updated: 0 };
}

function checkRows(rows: readonly CandleRow[], source: string): CandleIssue[] {
  const issues: CandleIssue[] = [];
  const dups = new DuplicateTracker();
  rows.forEach((row, i) => {
    const reason = rowProblem(row) ?? dups.check(row.ts, i + 1, 'element');
    if (reason) issues.push(describeIssue(source, i + 1, 'element', reason));
  });
  return issues;
}

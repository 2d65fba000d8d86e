import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';

/** The node contract's type (nodes/src/services.ts): what the market service returns to nodes. */
export type { CoinStats } from '@coinlab/nodes';
import type { CoinStats } from '@coinlab/nodes';

interface Row {
  coin: string;
  first_ts: number;
  last_ts: number;
  rows: number;
  bar_ms: number | null;
  missing_bars: number;
  largest_bars: number | null;
  largest_from: number | null;
  mean_return: number | null;
  std_return: number | null;
}

/**
 * Every coin in price_data_5min with its range, row count, bar spacing, gaps and return
 * statistics, computed in SQL in one pass.
 *
 * Gaps are counted at the coin's own bar spacing — the most common step between neighbouring
 * rows — not at the table's nominal 5 minutes: a daily series is one bar a day, and counting
 * it in 5-minute bars reported millions of "missing" bars for the daily demo. A step of `dt`
 * counts round(dt / spacing) - 1 missing bars. Returns are taken over one-bar steps only.
 */
export async function listCoins(store: { kysely: Kysely<Database> }, opts: { coins?: readonly string[] } = {}): Promise<CoinStats[]> {
  const filter = opts.coins ? sql`where coin = any(${[...opts.coins]}::text[])` : sql``;
  const { rows } = await sql<Row>`
    with steps as (
      select coin, ts, close,
        ts - lag(ts) over w as dt,
        lag(close) over w as prev_close
      from price_data_5min
      ${filter}
      window w as (partition by coin order by ts)
    ), spacing as (
      -- ties go to the shortest step: the finest grid the data was sampled on
      select coin, (mode() within group (order by dt)) as bar_ms from steps where dt > 0 group by coin
    ), bars as (
      select s.*, sp.bar_ms, (round(s.dt / sp.bar_ms::numeric) - 1)::bigint as missing
      from steps s left join spacing sp using (coin)
    )
    select coin,
      min(ts) as first_ts,
      max(ts) as last_ts,
      count(*)::int as rows,
      max(bar_ms) as bar_ms,
      coalesce(sum(missing) filter (where missing > 0), 0)::bigint as missing_bars,
      max(missing) filter (where missing > 0) as largest_bars,
      (array_agg(ts - dt + bar_ms order by missing desc, ts) filter (where missing > 0))[1] as largest_from,
      avg(close / prev_close - 1) filter (where dt = bar_ms and prev_close <> 0) as mean_return,
      stddev_samp(close / prev_close - 1) filter (where dt = bar_ms and prev_close <> 0) as std_return
    from bars
    group by coin
    order by coin`.execute(store.kysely);
  return rows.map((r) => ({
    coin: r.coin,
    firstTs: r.first_ts,
    lastTs: r.last_ts,
    rows: r.rows,
    barMs: r.bar_ms,
    gaps: {
      missingBars: r.missing_bars,
      largest: r.largest_bars !== null && r.largest_from !== null ? { from: r.largest_from, bars: r.largest_bars } : null,
    },
    meanReturn: r.mean_return,
    stdReturn: r.std_return,
  }));
}

import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { BAR_MS } from './candles';

/** The node contract's type (nodes/src/services.ts): what the market service returns to nodes. */
export type { CoinStats } from '@coinlab/nodes';
import type { CoinStats } from '@coinlab/nodes';

interface Row {
  coin: string;
  first_ts: number;
  last_ts: number;
  rows: number;
  missing_bars: number;
  largest_bars: number | null;
  largest_from: number | null;
  mean_return: number | null;
  std_return: number | null;
}

/**
 * Every coin in price_data_5min with its range, row count, gaps and return statistics,
 * computed in SQL in one pass. A gap of `dt` ms between neighbours counts
 * round(dt / 5 min) - 1 missing bars, as the load-candles node counts them.
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
    ), bars as (
      select *, (round(dt / ${BAR_MS}::numeric) - 1)::bigint as missing from steps
    )
    select coin,
      min(ts) as first_ts,
      max(ts) as last_ts,
      count(*)::int as rows,
      coalesce(sum(missing) filter (where missing > 0), 0)::bigint as missing_bars,
      max(missing) filter (where missing > 0) as largest_bars,
      (array_agg(ts - dt + ${BAR_MS}::bigint order by missing desc, ts) filter (where missing > 0))[1] as largest_from,
      avg(close / prev_close - 1) filter (where dt = ${BAR_MS} and prev_close <> 0) as mean_return,
      stddev_samp(close / prev_close - 1) filter (where dt = ${BAR_MS} and prev_close <> 0) as std_return
    from bars
    group by coin
    order by coin`.execute(store.kysely);
  return rows.map((r) => ({
    coin: r.coin,
    firstTs: r.first_ts,
    lastTs: r.last_ts,
    rows: r.rows,
    gaps: {
      missingBars: r.missing_bars,
      largest: r.largest_bars !== null && r.largest_from !== null ? { from: r.largest_from, bars: r.largest_bars } : null,
    },
    meanReturn: r.mean_return,
    stdReturn: r.std_return,
  }));
}

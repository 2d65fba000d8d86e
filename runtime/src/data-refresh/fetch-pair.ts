import type { Exchange, OHLCV } from 'ccxt';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { BAR_MS, importCandles, type CandleRow } from '../market';
import { coinOfPair } from './schemas';
import { findGaps, type Gap } from './gaps';
import { withRetry, type RetryPolicy } from './retry';
import type { RequestSpacing } from './spacing';

/** How far back a first fetch of a pair reaches when no `since` is given (nothing stored yet). */
export const FIRST_FETCH_MS = 24 * 60 * 60_000;
/** Bars asked for per request (Binance's largest page). */
export const PAGE_LIMIT = 1000;

export interface PairFetchResult {
  pair: string;
  coin: string;
  /** The window asked for: [from, until), bars closed by `now` only. */
  from: string;
  until: string;
  requests: number;
  retries: number;
  /** Candles received and stored (each page is committed on its own). */
  received: number;
  inserted: number;
  updated: number;
  unchanged: number;
  /** The latest bar stored for the coin after the fetch. */
  lastTs: string | null;
  gaps: Gap[];
  /** False when it stopped on an error: what was stored stays, and the next fetch resumes after it. */
  complete: boolean;
  error: string | null;
}

/** The latest stored bar of the coin (before `before`, when given). */
async function lastStored(db: Kysely<Database>, coin: string, before?: number): Promise<number | null> {
  let q = db.selectFrom('price_data_5min').select((eb) => eb.fn.max('ts').as('ts')).where('coin', '=', coin);
  if (before !== undefined) q = q.where('ts', '<', before);
  const row = await q.executeTakeFirst();
  return row?.ts === null || row?.ts === undefined ? null : Number(row.ts);
}

const ceilBar = (t: number) => Math.ceil(t / BAR_MS) * BAR_MS;

/**
 * Fetches one pair's 5-minute candles page by page and upserts each page as it arrives, so a
 * failure half-way keeps what was stored and the next (incremental) fetch continues from the
 * last stored bar. Only closed bars are stored: the bar still forming would change.
 */
export async function fetchPair(o: {
  db: Kysely<Database>;
  exchange: Exchange;
  pair: string;
  /** Epoch ms; default: the bar after the last stored one (or FIRST_FETCH_MS before `until`). */
  since?: number | undefined;
  /** Epoch ms, exclusive; default now. */
  until?: number | undefined;
  now: number;
  retry: RetryPolicy;
  spacing: RequestSpacing;
  pageLimit?: number;
}): Promise<PairFetchResult> {
  const coin = coinOfPair(o.pair);
  const until = Math.min(o.until ?? o.now, o.now - BAR_MS + 1); // a bar is closed once its 5 minutes are over
  const previous = await lastStored(o.db, coin);
  const from = ceilBar(o.since ?? (previous !== null ? previous + BAR_MS : until - FIRST_FETCH_MS));
  const result: PairFetchResult = {
    pair: o.pair,
    coin,
    from: new Date(from).toISOString(),
    until: new Date(o.until ?? o.now).toISOString(),
    requests: 0,
    retries: 0,
    received: 0,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    lastTs: null,
    gaps: [],
    complete: false,
    error: null,
  };
  // The stored bar before the window is where a hole at its start begins.
  let prev = await lastStored(o.db, coin, from);
  let cursor = from;
  try {
    while (cursor < until) {
      const page = await withRetry(o.retry, async () => {
        result.requests += 1;
        const rows = await o.spacing.run(() => o.exchange.fetchOHLCV(o.pair, '5m', cursor, o.pageLimit ?? PAGE_LIMIT));
        // ccxt turns a reply that is not JSON (a proxy's error page) into an empty list; that is not "no data".
        if (rows.length === 0 && !Array.isArray(o.exchange.last_json_response)) throw new GarbledReply(`${o.exchange.id} answered something that is not a JSON list of candles`);
        return rows;
      }, () => void (result.retries += 1), o.exchange);
      const rows = page.map(toRow).filter((r) => r.ts >= cursor && r.ts < until);
      if (rows.length === 0) break; // nothing (closed) after the cursor yet
      const written = await importCandles({ kysely: o.db }, coin, rows, { source: `${o.exchange.id} ${o.pair}` });
      result.received += rows.length;
      result.inserted += written.inserted;
      result.updated += written.updated;
      result.unchanged += written.unchanged;
      result.gaps.push(...findGaps(rows.map((r) => r.ts), prev));
      prev = rows[rows.length - 1]!.ts;
      cursor = prev + BAR_MS;
    }
    result.complete = true;
  } catch (err) {
    result.error = err instanceof Error ? err.message : String(err);
  }
  const last = await lastStored(o.db, coin);
  result.lastTs = last === null ? null : new Date(last).toISOString();
  return result;
}

/** A reply that is not the JSON ccxt expected: worth retrying, like a 5xx. */
export class GarbledReply extends Error {
  override readonly name = 'GarbledReply';
}

const num = (v: number | undefined) => (typeof v === 'number' ? v : Number.NaN);
const toRow = (c: OHLCV): CandleRow => ({ ts: num(c[0]), open: num(c[1]), high: num(c[2]), low: num(c[3]), close: num(c[4]), volume: num(c[5]) });

import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';

/**
 * Deletes every candle of one coin; returns how many rows went (0 for an unknown coin).
 * Takes the same per-coin lock as importCandles, so a delete never interleaves with an import
 * of that coin. Cached outputs that read the coin are not touched: their data fingerprint no
 * longer matches, so they are simply not reused.
 */
export async function deleteCoin(store: { kysely: Kysely<Database> }, coin: string): Promise<number> {
  return store.kysely.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext(${`price_data_5min:${coin}`}))`.execute(trx);
    const res = await trx.deleteFrom('price_data_5min').where('coin', '=', coin).executeTakeFirst();
    return Number(res.numDeletedRows);
  });
}

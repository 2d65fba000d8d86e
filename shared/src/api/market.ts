import { z } from 'zod';

export const coinStatsSchema = z.object({
  coin: z.string(),
  firstTs: z.number(),
  lastTs: z.number(),
  rows: z.number(),
  /** The coin's own bar spacing in ms (its most common step); gaps are counted in these bars. */
  barMs: z.number().nullable(),
  gaps: z.object({ missingBars: z.number(), largest: z.object({ from: z.number(), bars: z.number() }).nullable() }),
  meanReturn: z.number().nullable(),
  stdReturn: z.number().nullable(),
});
export type CoinStats = z.infer<typeof coinStatsSchema>;

export const coinListResponseSchema = z.object({ coins: z.array(coinStatsSchema) });
export const coinDeletedResponseSchema = z.object({ coin: z.string(), deleted: z.number() });

/** One OHLCV candle; ts is epoch milliseconds UTC (the start of the bar). */
export const candleRowSchema = z.object({ ts: z.number(), open: z.number(), high: z.number(), low: z.number(), close: z.number(), volume: z.number() });
export type CandleRow = z.infer<typeof candleRowSchema>;

/** What an import would write (`?preview=1`): nothing is stored. */
export const candleImportPreviewSchema = z.object({
  coin: z.string(),
  format: z.enum(['json', 'csv']),
  /** Good rows in the file. */
  rows: z.number(),
  firstTs: z.number().nullable(),
  lastTs: z.number().nullable(),
  /** The first good rows. */
  head: z.array(candleRowSchema),
  issueCount: z.number(),
  /** The first 1000 bad rows, by line (CSV) or element (JSON). */
  issues: z.array(z.object({ path: z.string(), message: z.string() })),
});
export type CandleImportPreview = z.infer<typeof candleImportPreviewSchema>;

/** An import is all or nothing and idempotent: rows already stored with the same values are unchanged. */
export const candleImportResultSchema = z.object({ coin: z.string(), rows: z.number(), inserted: z.number(), updated: z.number(), unchanged: z.number() });
export type CandleImportResult = z.infer<typeof candleImportResultSchema>;

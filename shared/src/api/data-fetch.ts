import { z } from 'zod';

/**
 * `POST /data/fetch`: what one on-demand fetch from an exchange stored, per pair. A refresh
 * schedule's `lastRefresh` reports the same per-pair lines in short.
 */
export const candleGapSchema = z.object({
  from: z.number().describe('Epoch ms of the first missing bar.'),
  to: z.number().describe('Epoch ms of the last missing bar.'),
  bars: z.number(),
});
export type CandleGap = z.infer<typeof candleGapSchema>;

export const pairFetchSchema = z.object({
  pair: z.string(),
  coin: z.string().describe('The coin it is stored as, e.g. ETH_BTC.'),
  from: z.string(),
  until: z.string(),
  requests: z.number(),
  retries: z.number(),
  received: z.number(),
  inserted: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  lastTs: z.string().nullable().describe('The latest bar stored for the coin after the fetch.'),
  gaps: z.array(candleGapSchema),
  complete: z.boolean().describe('False when it stopped on an error; what was stored stays and the next fetch resumes after it.'),
  error: z.string().nullable(),
});
export type PairFetch = z.infer<typeof pairFetchSchema>;

export const fetchResultSchema = z.object({
  exchange: z.string(),
  timeframe: z.literal('5m'),
  pairs: z.array(pairFetchSchema),
});
export type FetchResult = z.infer<typeof fetchResultSchema>;

import { z } from 'zod';
import { EXCHANGES } from './exchange';

/** A market as the exchange names it, e.g. "ETH/BTC"; stored as the coin "ETH_BTC". */
export const pairSchema = z
  .string()
  .trim()
  .regex(/^[A-Z0-9]{1,20}\/[A-Z0-9]{1,20}$/, 'a pair is BASE/QUOTE in capitals, e.g. "ETH/BTC"');

/** The coin under which a pair's candles are stored in price_data_5min. */
export const coinOfPair = (pair: string) => pair.replace('/', '_');

/**
 * Only 5-minute candles are stored (price_data_5min); nodes aggregate them to longer bars. A
 * longer timeframe is refused rather than silently stored as if it were 5 minutes.
 */
export const timeframeSchema = z.string().superRefine((v, ctx) => {
  if (v !== '5m') ctx.addIssue({ code: 'custom', message: `timeframe "${v}" is not stored: only "5m" candles are fetched (longer bars are aggregated from them by the data nodes)` });
});

export const exchangeSchema = z.string().superRefine((v, ctx) => {
  if (!(EXCHANGES as readonly string[]).includes(v)) ctx.addIssue({ code: 'custom', message: `unknown exchange "${v}" (known: ${EXCHANGES.join(', ')})` });
});

const pairsSchema = z
  .array(pairSchema)
  .min(1, 'give at least one pair')
  .max(50)
  .superRefine((pairs, ctx) => {
    pairs.forEach((p, i) => {
      if (pairs.indexOf(p) !== i) ctx.addIssue({ code: 'custom', path: [i], message: `pair "${p}" is listed twice` });
    });
  });

/** What a refresh fetches: the part a refresh schedule stores. */
export const refreshSpecSchema = z
  .object({
    exchange: exchangeSchema,
    pairs: pairsSchema,
    timeframe: timeframeSchema.optional(),
  })
  .strict();
export type RefreshSpec = { exchange: (typeof EXCHANGES)[number]; pairs: string[]; timeframe?: string | undefined };

/** One fetch: pairs, and optionally a window (since inclusive, until exclusive; default: from the last stored bar to now). */
export const fetchRequestSchema = refreshSpecSchema
  .extend({
    since: z.iso.datetime({ offset: true }).optional(),
    until: z.iso.datetime({ offset: true }).optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.since && v.until && Date.parse(v.since) >= Date.parse(v.until)) ctx.addIssue({ code: 'custom', path: ['since'], message: `since ${v.since} is not before until ${v.until}` });
  });
export type FetchRequest = z.infer<typeof fetchRequestSchema>;

/** A refresh spec as stored (already checked when it was created). */
export const refreshSpecStoredSchema = z.object({ exchange: z.enum(EXCHANGES), pairs: z.array(z.string()), timeframe: z.string().optional() });

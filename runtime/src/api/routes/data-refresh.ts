import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { ApiDeps } from '../deps';
import { apiError, errorSchema, validationHook } from '../errors';
import { fetchRequestSchema } from '../../data-refresh/schemas';

const json = <T extends z.ZodType>(schema: T, description: string) => ({ content: { 'application/json': { schema } }, description });
const tags = ['data'];

const gapSchema = z.object({ from: z.number(), to: z.number(), bars: z.number() }).openapi('CandleGap', { description: 'Bars missing between stored bars (epoch ms of the first and last missing bar)' });
export const pairFetchSchema = z
  .object({
    pair: z.string(),
    coin: z.string().openapi({ description: 'The coin it is stored as, e.g. ETH_BTC' }),
    from: z.string(),
    until: z.string(),
    requests: z.number(),
    retries: z.number(),
    received: z.number(),
    inserted: z.number(),
    updated: z.number(),
    unchanged: z.number(),
    lastTs: z.string().nullable().openapi({ description: 'The latest bar stored for the coin after the fetch' }),
    gaps: z.array(gapSchema),
    complete: z.boolean().openapi({ description: 'False when it stopped on an error; what was stored stays and the next fetch resumes after it' }),
    error: z.string().nullable(),
  })
  .openapi('PairFetch');
const fetchResultSchema = z.object({ exchange: z.string(), timeframe: z.literal('5m'), pairs: z.array(pairFetchSchema) }).openapi('FetchResult');

const fetchRoute = createRoute({
  method: 'post',
  path: '/data/fetch',
  tags,
  summary: 'Download 5-minute candles from an exchange into price_data_5min',
  request: { body: json(fetchRequestSchema, 'Exchange, pairs ("ETH/BTC"), timeframe (only "5m"); since (inclusive) and until (exclusive), default from the last stored bar to now') },
  responses: { 200: json(fetchResultSchema, 'Per pair: what was fetched and stored, gaps, and whether it completed'), 400: json(errorSchema, 'Invalid input (unknown exchange or pair, since not before until, …); nothing stored'), 503: json(errorSchema, 'The exchange cannot be reached, or fetching is not available here') },
});

/** Data from exchanges: an on-demand fetch. Scheduled refreshes are schedules (see /schedules). */
export function dataRefreshRoutes(deps: ApiDeps) {
  return new OpenAPIHono({ defaultHook: validationHook }).openapi(fetchRoute, async (c) => {
    if (!deps.dataRefresh) return apiError(c, 503, 'unavailable', 'fetching from exchanges is not available in this server');
    const r = await deps.dataRefresh.fetch(c.req.valid('json'));
    if (!r.ok) return apiError(c, r.status, r.status === 400 ? 'invalid_request' : 'unavailable', `${r.path}: ${r.message}`, [{ path: r.path, message: r.message }]);
    return c.json({ exchange: r.exchange, timeframe: r.timeframe, pairs: r.pairs }, 200);
  });
}

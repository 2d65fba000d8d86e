import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { ApiDeps } from '../deps';
import { apiError, errorSchema, validationHook } from '../errors';
import { fetchRequestSchema } from '../../data-refresh/schemas';
import { fetchResultSchema, pairFetchSchema, type FetchResult } from '@coinlab/shared';

const json = <T extends z.ZodType>(schema: T, description: string) => ({ content: { 'application/json': { schema } }, description });
const tags = ['data'];

// The response shapes are the shared API contract (shared/src/api/data-fetch.ts), named for the OpenAPI document.
const fetchResult = z.object({ ...fetchResultSchema.shape, pairs: z.array(pairFetchSchema.meta({ id: 'PairFetch' })) }).meta({ id: 'FetchResult' });

const fetchRoute = createRoute({
  method: 'post',
  path: '/data/fetch',
  tags,
  summary: 'Download 5-minute candles from an exchange into price_data_5min',
  request: { body: json(fetchRequestSchema, 'Exchange, pairs ("ETH/BTC"), timeframe (only "5m"); since (inclusive) and until (exclusive), default from the last stored bar to now') },
  responses: { 200: json(fetchResult, 'Per pair: what was fetched and stored, gaps, and whether it completed'), 400: json(errorSchema, 'Invalid input (unknown exchange or pair, since not before until, …); nothing stored'), 503: json(errorSchema, 'The exchange cannot be reached, or fetching is not available here') },
});

/** Data from exchanges: an on-demand fetch. Scheduled refreshes are schedules (see /schedules). */
export function dataRefreshRoutes(deps: ApiDeps) {
  return new OpenAPIHono({ defaultHook: validationHook }).openapi(fetchRoute, async (c) => {
    if (!deps.dataRefresh) return apiError(c, 503, 'unavailable', 'fetching from exchanges is not available in this server');
    const r = await deps.dataRefresh.fetch(c.req.valid('json'));
    if (!r.ok) return apiError(c, r.status, r.status === 400 ? 'invalid_request' : 'unavailable', `${r.path}: ${r.message}`, [{ path: r.path, message: r.message }]);
    return c.json({ exchange: r.exchange, timeframe: r.timeframe, pairs: r.pairs } satisfies FetchResult, 200);
  });
}

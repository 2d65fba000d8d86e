import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import type { ApiDeps } from '../deps';
import { apiError, errorSchema, validationHook } from '../errors';
import { CandleImportError, importCandles, listCoins, parseCandleFile } from '../../market';

const json = <T extends z.ZodType>(schema: T, description: string) => ({ content: { 'application/json': { schema } }, description });
const tags = ['market data'];

export const IMPORT_MAX_BYTES = 200 * 1024 * 1024;

const coinStats = z
  .object({
    coin: z.string(),
    firstTs: z.number(),
    lastTs: z.number(),
    rows: z.number(),
    gaps: z.object({ missingBars: z.number(), largest: z.object({ from: z.number(), bars: z.number() }).nullable() }),
    meanReturn: z.number().nullable(),
    stdReturn: z.number().nullable(),
  })
  .openapi('CoinStats');

const coinsRoute = createRoute({ method: 'get', path: '/coins', tags, responses: { 200: json(z.object({ coins: z.array(coinStats) }), 'Coins in the market data') } });
const importRoute = createRoute({
  method: 'post',
  path: '/candles/import',
  tags,
  request: {
    query: z.object({ coin: z.string().min(1).max(64), format: z.enum(['json', 'csv']).optional() }),
    body: { content: { 'text/plain': { schema: z.string() }, 'application/json': { schema: z.unknown() }, 'text/csv': { schema: z.string() } }, description: 'The candle file: ccxt/freqtrade JSON or CSV with a header' },
  },
  responses: {
    200: json(z.object({ coin: z.string(), rows: z.number(), inserted: z.number(), updated: z.number(), unchanged: z.number() }), 'Imported (idempotent)'),
    400: json(errorSchema, 'Bad rows, with line numbers; nothing was written'),
    413: json(errorSchema, 'Too large'),
  },
});

export function marketRoutes(deps: ApiDeps) {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  app.use('/candles/import', bodyLimit({ maxSize: IMPORT_MAX_BYTES, onError: (c) => apiError(c, 413, 'too_large', `the file is larger than ${IMPORT_MAX_BYTES / 1024 / 1024} MB; import it with the CLI`) }));
  return app
    .openapi(coinsRoute, async (c) => c.json({ coins: await listCoins(deps.store) }, 200))
    .openapi(importRoute, async (c) => {
      const { coin, format } = c.req.valid('query');
      const text = await c.req.text();
      const parsed = parseCandleFile(text, `upload.${format ?? (text.trimStart().startsWith('[') ? 'json' : 'csv')}`);
      const toProblems = (issues: readonly { line: number | null; unit: string; message: string; reason: string }[]) =>
        issues.slice(0, 1000).map((i) => ({ path: i.line === null ? 'file' : `${i.unit} ${i.line}`, message: i.reason }));
      if (parsed.issues.length) return apiError(c, 400, 'bad_rows', `${parsed.issues.length} bad row(s); nothing was imported`, toProblems(parsed.issues));
      try {
        const result = await importCandles(deps.store, coin, parsed.rows, { source: 'upload' });
        return c.json(result, 200);
      } catch (err) {
        if (err instanceof CandleImportError) return apiError(c, 400, 'bad_rows', err.message.split('\n')[0] ?? err.message, toProblems(err.issues));
        throw err;
      }
    });
}

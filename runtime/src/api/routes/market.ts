import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { candleImportPreviewSchema, candleImportResultSchema, coinDeletedResponseSchema, coinStatsSchema } from '@coinlab/shared';
import type { ApiDeps } from '../deps';
import { principalOf } from '../../auth/principal';
import { apiError, errorSchema, notFound, validationHook } from '../errors';
import { CandleImportError, deleteCoin, FORMAT_HELP, importCandles, listCoins, parseCandleFile, sniffCandleFormat } from '../../market';

const json = <T extends z.ZodType>(schema: T, description: string) => ({ content: { 'application/json': { schema } }, description });
const tags = ['market data'];

export const IMPORT_MAX_BYTES = 200 * 1024 * 1024;

// Response shapes are the shared API contract (shared/src/api/market.ts), named for the OpenAPI document.
const coinStats = coinStatsSchema.meta({ id: 'CoinStats' });
const coinsRoute = createRoute({ method: 'get', path: '/coins', tags, responses: { 200: json(z.object({ coins: z.array(coinStats) }), 'Coins in the market data') } });
const importPreview = candleImportPreviewSchema.meta({ id: 'CandleImportPreview' });
const importResult = candleImportResultSchema.meta({ id: 'CandleImportResult' });
const importRoute = createRoute({
  method: 'post',
  path: '/candles/import',
  tags,
  description: `Imports a candle file (all or nothing, idempotent). The format comes from ?format, else the Content-Type (application/json, text/csv), else the content: \`curl --data-binary @file\` works without a header. With ?preview=1 nothing is written: the answer says what would be imported and lists every bad row.`,
  request: {
    query: z.object({ coin: z.string().min(1).max(64), format: z.enum(['json', 'csv']).optional(), preview: z.enum(['0', '1']).optional() }),
  },
  responses: {
    200: json(z.union([importResult, importPreview]), 'Imported (idempotent), or the preview'),
    400: json(errorSchema, 'Bad rows, with line numbers, or a format that cannot be told; nothing was written'),
    413: json(errorSchema, 'Too large'),
  },
});

const deleteRoute = createRoute({
  method: 'delete',
  path: '/coins/{coin}',
  tags,
  description: "Deletes every candle of a coin from the lab's market data, which every member's graphs read: the owner's and admins' to do.",
  request: { params: z.object({ coin: z.string().min(1).max(64) }) },
  responses: {
    200: json(coinDeletedResponseSchema, 'Every candle of the coin deleted'),
    403: json(errorSchema, 'Only the owner or an admin may delete market data'),
    404: json(errorSchema, 'No such coin'),
  },
});

export function marketRoutes(deps: ApiDeps) {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  app.use('/candles/import', bodyLimit({ maxSize: IMPORT_MAX_BYTES, onError: (c) => apiError(c, 413, 'too_large', `the file is larger than ${IMPORT_MAX_BYTES / 1024 / 1024} MB; import it with the CLI`) }));
  return app
    .openapi(coinsRoute, async (c) => c.json({ coins: await listCoins(deps.store) }, 200))
    .openapi(importRoute, async (c) => {
      const { coin, format: asked, preview } = c.req.valid('query');
      const text = await c.req.text();
      const format = sniffCandleFormat(text, c.req.header('content-type'), asked);
      if (!format) return apiError(c, 400, 'unknown_format', `cannot tell whether the body is JSON or CSV: ${FORMAT_HELP}`, [{ path: 'body', message: FORMAT_HELP }]);
      const parsed = parseCandleFile(text, `upload.${format}`);
      const toProblems = (issues: readonly { line: number | null; unit: string; message: string; reason: string }[]) =>
        issues.slice(0, 1000).map((i) => ({ path: i.line === null ? 'file' : `${i.unit} ${i.line}`, message: i.reason }));
      if (preview === '1') {
        return c.json(
          { coin, format, rows: parsed.rows.length, firstTs: parsed.rows[0]?.ts ?? null, lastTs: parsed.rows.at(-1)?.ts ?? null, head: parsed.rows.slice(0, 5), issueCount: parsed.issues.length, issues: toProblems(parsed.issues) },
          200,
        );
      }
      if (parsed.issues.length) return apiError(c, 400, 'bad_rows', `${parsed.issues.length} bad row(s); nothing was imported`, toProblems(parsed.issues));
      try {
        const result = await importCandles(deps.store, coin, parsed.rows, { source: 'upload' });
        // New bars: the new-data triggers look now rather than at their next poll.
        if (result.inserted > 0) void deps.dataTriggers?.poll().catch(() => undefined);
        return c.json(result, 200);
      } catch (err) {
        if (err instanceof CandleImportError) return apiError(c, 400, 'bad_rows', err.message.split('\n')[0] ?? err.message, toProblems(err.issues));
        throw err;
      }
    })
    .openapi(deleteRoute, async (c) => {
      const { coin } = c.req.valid('param');
      // Market data is the lab's, not the caller's: one member deleting a coin would empty
      // every colleague's graphs that load it.
      const { role } = principalOf(c);
      if (role !== 'owner' && role !== 'admin') return apiError(c, 403, 'forbidden', `deleting ${coin} removes its candles for the whole lab: only the owner or an admin may (your role: ${role})`);
      const deleted = await deleteCoin(deps.store, coin);
      if (deleted === 0) return notFound(c, 'coin', coin);
      return c.json({ coin, deleted }, 200);
    });
}

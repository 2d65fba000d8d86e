import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { OpenAPIHono } from '@hono/zod-openapi';
import { serveStatic } from '@hono/node-server/serve-static';
import { repoRoot } from '../repo-root';
import type { ApiDeps } from './deps';
import { apiError, validationHook } from './errors';
import { requestShapeGuard } from './request-shape';
import { originGuard } from './origin-guard';
import { securityHeaders } from './security-headers';
import type { OriginPolicy } from './origin-policy';
import type { CoinlabMetrics } from '../telemetry/metrics';
import { metricsRoute } from '../telemetry/metrics-route';
import { artifactRoutes } from './routes/artifacts';
import { catalogRoutes } from './routes/catalog';
import { graphRoutes } from './routes/graphs';
import { marketRoutes } from './routes/market';
import { runRoutes } from './routes/runs';
import { plannerRoutes } from './routes/planner';
import { sessionRoutes } from './routes/sessions';
import { scheduleRoutes } from './routes/schedules';
import { alertRoutes } from './routes/alerts';
import { dataRefreshRoutes } from './routes/data-refresh';
import { dataTriggerRoutes } from './routes/data-triggers';
import { experimentRoutes } from './routes/experiments';
import { paperRoutes } from './routes/paper';
import { auditRoutes } from './routes/audit';
import { clientHeaderGuard } from './client-header';
import { auditMiddleware } from '../audit/middleware';
import { clientRateLimit } from '../limits/rate-limit';
import { AuthService } from '../auth/auth-service';
import { authenticate } from '../auth/middleware';
import { authRoutes } from '../auth/routes';

/** JSON bodies beyond this are refused (graphs are small; candle files go to /candles/import). */
export const JSON_MAX_BYTES = 10 * 1024 * 1024;

/** The versioned API, chained so that its type drives the typed client (client.ts). */
export function apiRoutes(deps: ApiDeps) {
  const api = new OpenAPIHono({ defaultHook: validationHook });
  api.use('*', async (c, next) => {
    if (c.req.path.endsWith('/candles/import')) return next();
    return bodyLimit({ maxSize: JSON_MAX_BYTES, onError: (cc) => apiError(cc, 413, 'too_large', `request body larger than ${JSON_MAX_BYTES / 1024 / 1024} MB`) })(c, next);
  });
  api.use('*', requestShapeGuard());
  // Who asks comes first: the rate limit counts per client and the audit log records it.
  api.use('*', clientHeaderGuard());
  // Who the request acts for (token, session cookie, or the local user before set-up), and
  // whether its role and token scope allow it: before the limits and the audit log, which count
  // and record per account.
  const auth = deps.auth ?? new AuthService(deps.store.kysely);
  api.use('*', authenticate(auth));
  if (deps.limits) api.use('*', clientRateLimit(deps.limits.rate));
  api.use('*', auditMiddleware(() => deps.store.audit));
  const routes = api
    .route('/', catalogRoutes(deps))
    .route('/', graphRoutes(deps))
    .route('/', runRoutes(deps))
    .route('/', artifactRoutes(deps))
    .route('/', marketRoutes(deps))
    .route('/', plannerRoutes(deps))
    .route('/', sessionRoutes(deps))
    .route('/', scheduleRoutes(deps))
    .route('/', alertRoutes(deps))
    .route('/', dataRefreshRoutes(deps))
    .route('/', dataTriggerRoutes(deps))
    .route('/', experimentRoutes(deps))
    .route('/', paperRoutes(deps))
    .route('/', auditRoutes(deps))
    .route('/', authRoutes(auth, () => deps.store.audit));
  routes.doc31('/openapi.json', { openapi: '3.1.0', info: { title: 'coinlab API', version: '1.0.0', description: 'Graphs, runs, artifacts and market data. Live run events: socket.io on the same port (see docs/API.md).' } });
  return routes;
}
export type ApiType = ReturnType<typeof apiRoutes>;

export const EDITOR_DIST = path.join(repoRoot(), 'editor/dist');

/** The whole HTTP app: API under /api/v1, the built editor at /, JSON errors everywhere. */
export function createApp(deps: ApiDeps, opts: { editorDir?: string; originPolicy?: OriginPolicy; metrics?: CoinlabMetrics } = {}) {
  const app = new Hono();
  app.use('*', securityHeaders());
  if (opts.originPolicy) app.use('*', originGuard(opts.originPolicy));
  app.route('/api/v1', apiRoutes(deps));
  app.get('/healthz', (c) => c.json({ ok: true }));
  if (opts.metrics) app.get('/metrics', metricsRoute(opts.metrics));
  app.all('/api/*', (c) => apiError(c, 404, 'not_found', `no API route ${c.req.method} ${c.req.path}`));
  const editorDir = opts.editorDir ?? EDITOR_DIST;
  if (existsSync(path.join(editorDir, 'index.html'))) {
    const root = path.relative(process.cwd(), editorDir) || '.';
    app.use('/*', serveStatic({ root }));
    // Client-side routes (e.g. /graphs/<id>) get the app shell.
    const shell = readFileSync(path.join(editorDir, 'index.html'), 'utf8');
    app.get('*', (c) => c.html(shell));
  } else {
    app.get('/', (c) =>
      c.text('coinlab runtime is running. The editor is not built yet: run `pnpm --filter @coinlab/editor build`. API: /api/v1/openapi.json\n'),
    );
  }
  app.onError((err, c) => {
    if (err instanceof HTTPException) {
      const status = err.status === 413 ? 413 : err.status === 404 ? 404 : 400;
      return apiError(c, status, status === 413 ? 'too_large' : 'invalid_request', err.message || 'invalid request');
    }
    console.error('[coinlab] unhandled error in', c.req.method, c.req.path, err);
    return apiError(c, 500, 'internal', err instanceof Error ? err.message : 'internal error');
  });
  return app;
}

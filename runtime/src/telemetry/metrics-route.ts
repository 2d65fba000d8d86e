import type { Context } from 'hono';
import type { CoinlabMetrics } from './metrics';

/** GET /metrics: the Prometheus text exposition format (a scrape, so no JSON envelope). */
export function metricsRoute(metrics: CoinlabMetrics) {
  return async (c: Context) => {
    const { contentType, body } = await metrics.scrape();
    return c.body(body, 200, { 'content-type': contentType, 'cache-control': 'no-store' });
  };
}

import type { MiddlewareHandler } from 'hono';
import { rateLimiter } from 'hono-rate-limiter';
import { apiError } from '../api/errors';
import { requestClient } from '../api/client-header';

/**
 * The API's request rate limit, per client (X-Coinlab-Client: editor / cli / api), counted in
 * this process. Over it: 429 with Retry-After (seconds until the window resets) and a body
 * that says the same in words.
 */
export function clientRateLimit(opts: { limit: number; windowSeconds: number }): MiddlewareHandler {
  return rateLimiter({
    windowMs: opts.windowSeconds * 1000,
    limit: opts.limit,
    standardHeaders: 'draft-6',
    keyGenerator: (c) => requestClient(c),
    handler: (c) => {
      const info = c.get('rateLimit') as { resetTime?: Date } | undefined;
      const retry = Math.max(1, Math.ceil(((info?.resetTime?.getTime() ?? Date.now() + opts.windowSeconds * 1000) - Date.now()) / 1000));
      c.header('Retry-After', String(retry));
      return apiError(c, 429, 'rate_limited', `client "${requestClient(c)}" sent more than ${opts.limit} requests in ${opts.windowSeconds} s (COINLAB_RATE_LIMIT / COINLAB_RATE_WINDOW_SECONDS); retry in ${retry} s`);
    },
  }) as MiddlewareHandler;
}

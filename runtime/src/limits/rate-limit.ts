import type { MiddlewareHandler } from 'hono';
import { rateLimiter } from 'hono-rate-limiter';
import { apiError } from '../api/errors';
import type { Context } from 'hono';
import type { Principal } from '../auth/principal';

/** Whose budget a request spends: its API token's, else its user's (sessions and the local user). */
export function rateKey(c: Context): string {
  const p = c.get('principal') as Principal | undefined;
  if (!p) return 'anonymous';
  return p.tokenId ? `token:${p.tokenId}` : `user:${p.userId}`;
}

/**
 * The API's request rate limit, per principal (an API token, else the signed-in user), counted
 * in this process. One user's runaway script cannot spend another's budget. Over it: 429 with Retry-After (seconds until the window resets) and a body
 * that says the same in words.
 */
export function clientRateLimit(opts: { limit: number; windowSeconds: number }): MiddlewareHandler {
  return rateLimiter({
    windowMs: opts.windowSeconds * 1000,
    limit: opts.limit,
    standardHeaders: 'draft-6',
    keyGenerator: rateKey,
    handler: (c) => {
      const info = c.get('rateLimit') as { resetTime?: Date } | undefined;
      const retry = Math.max(1, Math.ceil(((info?.resetTime?.getTime() ?? Date.now() + opts.windowSeconds * 1000) - Date.now()) / 1000));
      c.header('Retry-After', String(retry));
      return apiError(c, 429, 'rate_limited', `${rateKey(c).startsWith('token:') ? 'this API token' : 'you'} sent more than ${opts.limit} requests in ${opts.windowSeconds} s (COINLAB_RATE_LIMIT / COINLAB_RATE_WINDOW_SECONDS); retry in ${retry} s`);
    },
  }) as MiddlewareHandler;
}

import type { MiddlewareHandler } from 'hono';
import { jsonShapeProblems } from '@coinlab/shared';
import { apiError } from './errors';

/**
 * Refuses, before any route sees them, what the database or recursive code cannot take:
 * NUL in a path segment or query value (PostgreSQL text cannot hold it), and JSON bodies
 * nested too deep or holding NUL in a key or string. Each is a 400 naming where, instead of
 * a stack overflow or a driver error surfacing as 500 — and nothing is written.
 */
export function requestShapeGuard(): MiddlewareHandler {
  return async (c, next) => {
    const url = new URL(c.req.url);
    const segments = url.pathname.split('/');
    for (let i = 0; i < segments.length; i++) {
      let decoded: string;
      try {
        decoded = decodeURIComponent(segments[i]!);
      } catch {
        return apiError(c, 400, 'invalid_request', `path segment ${i} ("${segments[i]}") is not valid percent-encoding`, [{ path: `path[${i}]`, message: 'is not valid percent-encoding' }]);
      }
      if (decoded.includes('\u0000')) {
        return apiError(c, 400, 'invalid_request', `path segment ${i} must not contain the NUL character (\\u0000)`, [{ path: `path[${i}]`, message: 'must not contain the NUL character (\\u0000)' }]);
      }
    }
    for (const [key, value] of url.searchParams) {
      if (key.includes('\u0000') || value.includes('\u0000')) {
        const name = JSON.stringify(key);
        return apiError(c, 400, 'invalid_request', `query parameter ${name} must not contain the NUL character (\\u0000)`, [{ path: `query[${name}]`, message: 'must not contain the NUL character (\\u0000)' }]);
      }
    }
    // Candle files (up to 200 MB) are read by their own parser, which names bad rows itself.
    if (isJsonBody(c.req.header('content-type'), c.req.method) && !c.req.path.endsWith('/candles/import')) {
      // Hono caches the parsed body, so the route's validator reads it without parsing again.
      const body: unknown = await c.req.json().catch(() => undefined);
      const problems = body === undefined ? [] : jsonShapeProblems(body);
      if (problems.length > 0) {
        return apiError(c, 400, 'invalid_request', problems.map((p) => `${p.path}: ${p.message}`).join('; '), problems);
      }
    }
    return next();
  };
}

function isJsonBody(contentType: string | undefined, method: string): boolean {
  if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return false;
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  return type === 'application/json' || type.endsWith('+json');
}

import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';

/** The peer's address (the login limiter's second key); 'unknown' when not served by Node's HTTP server (app.request in tests). */
export function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

import type { Context, MiddlewareHandler } from 'hono';
import { CLIENT_HEADER, REQUEST_CLIENTS, requestClientSchema, type RequestClient } from '@coinlab/shared';
import { apiError } from './errors';

/** The client a request comes from; a request without the header is a plain API caller. */
export function requestClient(c: Context): RequestClient {
  const parsed = requestClientSchema.safeParse(c.req.header(CLIENT_HEADER)?.trim().toLowerCase() ?? 'api');
  return parsed.success ? parsed.data : 'api';
}

/**
 * Refuses a request whose X-Coinlab-Client names no known client, before anything else reads
 * it: the audit log and the per-client limits then only ever see the three known values.
 */
export function clientHeaderGuard(): MiddlewareHandler {
  return async (c, next) => {
    const raw = c.req.header(CLIENT_HEADER);
    if (raw !== undefined && !requestClientSchema.safeParse(raw.trim().toLowerCase()).success) {
      const message = `unknown client ${JSON.stringify(raw.slice(0, 40))}: must be one of ${REQUEST_CLIENTS.join(', ')} (or leave the header out)`;
      return apiError(c, 400, 'invalid_client', `${CLIENT_HEADER}: ${message}`, [{ path: `header.${CLIENT_HEADER}`, message }]);
    }
    return next();
  };
}

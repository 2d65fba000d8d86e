import type { Context } from 'hono';
import type { Role, TokenScope } from '@coinlab/shared';

/**
 * Who a request (or a socket) acts for. Every route takes the owner of what it creates and
 * the filter of what it may see from here, never from a process-wide constant.
 */
export interface Principal {
  userId: string;
  role: Role;
  /** How the caller proved who it is: a browser session, an API token, or the local process itself (CLI in-process, schedules). */
  via: 'session' | 'token' | 'local';
  /** For tokens, their scope; sessions and local callers act with 'admin' (capped by the role). */
  scope: TokenScope;
  tokenId?: string;
  sessionId?: string;
}

declare module 'hono' {
  interface ContextVariableMap {
    principal: Principal;
  }
}

/** The principal of the local process: the lab's first user, before accounts are set up or in-process. */
export function localPrincipal(userId: string): Principal {
  return { userId, role: 'owner', via: 'local', scope: 'admin' };
}

/** The principal the auth middleware put on this request (it answers 401 before a route runs without one). */
export function principalOf(c: Context): Principal {
  const p = c.get('principal');
  if (!p) throw new Error('no principal on the request: the auth middleware must run before the routes');
  return p;
}

import type { MiddlewareHandler } from 'hono';
import { CSRF_HEADER } from '@coinlab/shared';
import { apiError } from '../api/errors';
import type { SessionRecord } from '../db/repos/auth-sessions';
import { accessProblem, isPublicRoute, isReadMethod } from './access';
import type { AuthService } from './auth-service';
import { clearSessionCookie, sessionCookieOf, setSessionCookie } from './cookies';
import { csrfTokenMatches } from './csrf';

declare module 'hono' {
  interface ContextVariableMap {
    /** The browser session the request came with (cookie-authenticated requests only). */
    authSession: SessionRecord;
  }
}

const API_PREFIX = /^\/api\/v\d+(?=\/|$)/;

/**
 * Who every API request acts for, and whether it may: a Bearer token, else the session cookie
 * (whose state-changing requests must echo the CSRF token), else — only while no owner is set
 * up — the local user. Then the role's and the token scope's caps (access.ts). Public routes
 * (sign-in, set-up, invitation links) pass without a principal.
 */
export function authenticate(auth: AuthService): MiddlewareHandler {
  return async (c, next) => {
    const path = c.req.path.replace(API_PREFIX, '') || '/';
    const method = c.req.method;
    const isPublic = isPublicRoute(method, path);
    const cookie = sessionCookieOf(c);
    const resolved = await auth.principalFor({ authorization: c.req.header('authorization'), sessionCookie: cookie });
    if (resolved.kind === 'refused') return apiError(c, 401, 'unauthenticated', resolved.message);
    if (resolved.kind === 'none') {
      if (resolved.staleSession) clearSessionCookie(c);
      if (isPublic) return next();
      return apiError(
        c,
        401,
        'unauthenticated',
        resolved.staleSession ? 'your session has ended (signed out, expired or the account was removed): sign in again' : 'sign in first: send the session cookie, or "Authorization: Bearer <API token>"',
      );
    }
    const { principal, session } = resolved;
    c.set('principal', principal);
    if (session) c.set('authSession', session);
    if (resolved.sessionExtended && cookie) setSessionCookie(c, cookie, resolved.sessionExtended);
    if (!isPublic) {
      const problem = accessProblem(principal, method, path);
      if (problem) return apiError(c, 403, 'forbidden', problem);
      if (session && !isReadMethod(method) && !csrfTokenMatches(c.req.header(CSRF_HEADER), session.csrfToken)) {
        return apiError(c, 403, 'csrf_failed', `a signed-in browser's ${method} must send the session's CSRF token in ${CSRF_HEADER} (read it from GET /api/v1/auth/state)`);
      }
    }
    return next();
  };
}

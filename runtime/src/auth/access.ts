import type { Principal } from './principal';

/**
 * What a role and a token scope allow, decided once for every route from the method and the
 * path (relative to the API root), so a new route is capped without anyone remembering to.
 * Which objects a user may see or change is the routes' and the stores' business; this only
 * caps kinds of action.
 */

const READ_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Routes anyone may call, signed in or not (the sign-in pages need them; the API's description is no secret). */
const PUBLIC_ROUTES: ReadonlySet<string> = new Set(['GET /openapi.json', 'GET /auth/state', 'POST /auth/setup', 'POST /auth/login', 'GET /invitations/lookup', 'POST /auth/accept-invitation']);

/**
 * What a signed-in browser may always do for itself, whatever its role: sign out, change its
 * password, and manage its own API tokens (a viewer's token is capped by the viewer role at
 * every request, so it can never do more than the viewer's session).
 */
const SESSION_SELF_SERVICE: ReadonlySet<string> = new Set(['POST /auth/logout', 'POST /auth/password', 'POST /tokens']);
const isSelfService = (method: string, path: string) => SESSION_SELF_SERVICE.has(`${method} ${path}`) || (method === 'DELETE' && /^\/tokens\/[^/]+$/.test(path));

const normalise = (path: string) => (path.length > 1 ? path.replace(/\/+$/, '') : path);

export function isPublicRoute(method: string, path: string): boolean {
  return PUBLIC_ROUTES.has(`${method.toUpperCase()} ${normalise(path)}`);
}

export function isReadMethod(method: string): boolean {
  return READ_METHODS.has(method.toUpperCase());
}

/** Managing the team: roles, removals and invitations (owner and admin only). */
function managesTeam(method: string, path: string): boolean {
  if (path === '/invitations' || path.startsWith('/invitations/')) return path !== '/invitations/lookup';
  return path.startsWith('/users/') && (method === 'PATCH' || method === 'DELETE');
}

const managesTokens = (path: string) => path === '/tokens' || path.startsWith('/tokens/');

/** Why the principal may not make this request (for a 403 'forbidden'), or null when it may. */
export function accessProblem(p: Principal, method: string, rawPath: string): string | null {
  const m = method.toUpperCase();
  const path = normalise(rawPath);
  if (managesTeam(m, path)) {
    if (p.scope !== 'admin') return `an API token with scope "${p.scope}" cannot manage users or invitations (that needs scope "admin")`;
    if (p.role !== 'owner' && p.role !== 'admin') return `the ${p.role} role cannot manage users or invitations: only the owner and admins can`;
  }
  if (managesTokens(path) && p.scope !== 'admin') return `an API token with scope "${p.scope}" cannot list, create or revoke API tokens (that needs scope "admin")`;
  if (isReadMethod(m)) return null;
  if (p.via === 'session' && isSelfService(m, path)) return null;
  if (p.role === 'viewer') return `the viewer role can only read: ${m} ${path} changes something (ask an admin for the member role)`;
  if (p.scope === 'read') return `an API token with scope "read" can only read: ${m} ${path} changes something (use a "run" or "admin" token)`;
  return null;
}

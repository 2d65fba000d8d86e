import { randomBytes } from 'node:crypto';
import { CSRF_HEADER, SESSION_COOKIE, type AuthState, type InvitationCreated, type Role } from '@coinlab/shared';

/**
 * Accounts for tests: the owner a test server is set up with, more users by invitation, and
 * the token each server's socket clients and raw fetches authenticate with.
 *
 * Test helpers take a server's URL (watchRun(url, …), followRun(url, …)); the token of the
 * server at that URL is looked up here, so every helper authenticates without each call site
 * passing credentials along.
 */
const tokensByUrl = new Map<string, string>();

export function rememberServerToken(url: string, token: string): void {
  tokensByUrl.set(url, token);
}

export function forgetServerToken(url: string): void {
  tokensByUrl.delete(url);
}

/** socket.io client options that authenticate to the server at `url` (none when it needs no sign-in). */
export function socketAuth(url: string): { auth?: { token: string } } {
  const token = tokensByUrl.get(url);
  return token ? { auth: { token } } : {};
}

/** Headers that authenticate a raw fetch to the server at `url`. */
export function authHeaders(url: string): Record<string, string> {
  const token = tokensByUrl.get(url);
  return token ? { authorization: `Bearer ${token}` } : {};
}

export interface TestAccount {
  id: string;
  email: string;
  password: string;
  /** An API token of the account with scope admin. */
  token: string;
}

export interface TestUser extends TestAccount {
  role: Role;
  /** The Cookie header of a browser session of the account, and that session's CSRF token. */
  cookie: string;
  csrf: string;
}

export const newPassword = () => `pw-${randomBytes(12).toString('hex')}`;

/** The Cookie header to send back for the session cookie a response set. */
export function sessionCookieFrom(res: Response): string {
  const set = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  if (!set) throw new Error(`no ${SESSION_COOKIE} cookie in the answer (status ${res.status})`);
  return set.split(';')[0]!;
}

async function expectOk(res: Response, what: string): Promise<unknown> {
  const text = await res.text();
  if (!res.ok) throw new Error(`${what}: ${res.status} ${text}`);
  return JSON.parse(text) as unknown;
}

/** A browser session's request: the cookie and, for a change, the CSRF token. */
export function sessionFetch(baseUrl: string, session: { cookie: string; csrf: string }, path: string, init: { method?: string; json?: unknown } = {}): Promise<Response> {
  const headers: Record<string, string> = { cookie: session.cookie, [CSRF_HEADER]: session.csrf, ...(init.json !== undefined ? { 'content-type': 'application/json' } : {}) };
  return fetch(`${baseUrl}/api/v1${path}`, { method: init.method ?? 'GET', headers, ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : {}) });
}

/** Creates an admin-scope API token through a browser session. */
export async function createToken(baseUrl: string, session: { cookie: string; csrf: string }, name = 'tests', scope: 'read' | 'run' | 'admin' = 'admin'): Promise<string> {
  const body = (await expectOk(await sessionFetch(baseUrl, session, '/tokens', { method: 'POST', json: { name, scope } }), 'POST /tokens')) as { token: string };
  return body.token;
}

/** Sets up the owner account of a fresh server (POST /auth/setup) and gives it an admin token. */
export async function setUpOwner(baseUrl: string, email = 'owner@example.com'): Promise<TestAccount> {
  const password = newPassword();
  const res = await fetch(`${baseUrl}/api/v1/auth/setup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Owner', email, password }) });
  const cookie = res.ok ? sessionCookieFrom(res) : '';
  const state = (await expectOk(res, 'POST /auth/setup')) as AuthState;
  const token = await createToken(baseUrl, { cookie, csrf: state.csrfToken! }, 'test fixture');
  // Used once now: the server then knows it without asking its database (as after any first use),
  // so tests that hold the database busy are not held up by authentication.
  const check = (await expectOk(await fetch(`${baseUrl}/api/v1/auth/state`, { headers: { authorization: `Bearer ${token}` } }), 'GET /auth/state')) as AuthState;
  if (check.user?.id !== state.user!.id) throw new Error(`the owner's new token signs in as ${check.user?.id}, not ${state.user!.id}`);
  return { id: state.user!.id, email, password, token };
}

let userSeq = 0;
/** A new user with this role, by invitation (created with the owner's token) and acceptance; signed in. */
export async function inviteUser(baseUrl: string, ownerToken: string, role: Exclude<Role, 'owner'>): Promise<TestUser> {
  const invited = (await expectOk(
    await fetch(`${baseUrl}/api/v1/invitations`, { method: 'POST', headers: { authorization: `Bearer ${ownerToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ role }) }),
    'POST /invitations',
  )) as InvitationCreated;
  const email = `${role}-${process.pid}-${++userSeq}-${randomBytes(3).toString('hex')}@example.com`;
  const password = newPassword();
  const res = await fetch(`${baseUrl}/api/v1/auth/accept-invitation`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: invited.token, name: `${role} ${userSeq}`, email, password }) });
  const cookie = res.ok ? sessionCookieFrom(res) : '';
  const state = (await expectOk(res, 'POST /auth/accept-invitation')) as AuthState;
  const csrf = state.csrfToken!;
  // Tokens are personal: every role makes its own through its session (a viewer's stays capped by the role).
  const token = await createToken(baseUrl, { cookie, csrf }, 'test fixture');
  return { id: state.user!.id, email, password, token, role, cookie, csrf };
}

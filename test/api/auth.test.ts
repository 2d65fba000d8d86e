import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import { auditQuerySchema, CSRF_HEADER, type AuthState } from '@coinlab/shared';
import type { Store } from '../../runtime/src/db';
import { LOCAL_USER_ID } from '../../runtime/src/db';
import { CLI_TOKEN_FILE } from '../../runtime/src/auth';
import { testDatabases } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';
import { waitChain } from '../support/graphs';
import { createToken, newPassword, sessionCookieFrom, sessionFetch } from '../support/auth';

// Issue 11 (Teams): accounts, sign-in, sessions, CSRF and API tokens, over HTTP and socket.io.

type Err = { error: { code: string; message: string } };
const json = (body: unknown, headers: Record<string, string> = {}) => ({ method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

/** Audit entries as GET /audit lists them, newest first. */
const auditOf = async (store: Store, query: Record<string, unknown>) => (await store.audit.list(auditQuerySchema.parse({ limit: 200, ...query }))).entries;

/** Resolves 'connected' or the connect_error's message and data. */
function connectSocket(url: string, opts: { token?: string; cookie?: string } = {}): Promise<string> {
  const socket = io(url, { transports: ['websocket'], reconnection: false, forceNew: true, timeout: 5000, ...(opts.token ? { auth: { token: opts.token } } : {}), ...(opts.cookie ? { extraHeaders: { cookie: opts.cookie } } : {}) });
  return new Promise((resolve) => {
    socket.once('connect', () => (socket.close(), resolve('connected')));
    socket.once('connect_error', (e) => (socket.close(), resolve(`${e.message}: ${(e as Error & { data?: { message?: string } }).data?.message ?? ''}`)));
  });
}

describe.each(testDatabases())('first run and set-up ($name database)', (target) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(target, { auth: 'none' });
  });
  afterAll(async () => {
    await s?.close();
  });
  const call = (p: string, init?: RequestInit) => fetch(`${s.url}/api/v1${p}`, init);

  it('works without sign-in until the owner is set up, then the local user becomes the owner and everything needs credentials', async () => {
    const before = (await (await call('/auth/state')).json()) as AuthState;
    expect(before).toMatchObject({ setupNeeded: true, user: { id: LOCAL_USER_ID, role: 'owner', email: null }, csrfToken: null });
    const created = await call('/graphs', json({ document: waitChain(1, 0) }));
    expect(created.status).toBe(201);
    const graphId = ((await created.json()) as { graph: { id: string } }).graph.id;
    expect(await connectSocket(s.url)).toBe('connected');

    const password = newPassword();
    const setup = await call('/auth/setup', json({ name: 'Ana', email: ' Ana@Example.COM ', password }));
    expect(setup.status).toBe(201);
    const cookieHeader = setup.headers.getSetCookie().find((c) => c.startsWith('coinlab_session='))!;
    expect(cookieHeader).toMatch(/HttpOnly/i);
    expect(cookieHeader).toMatch(/SameSite=Lax/i);
    expect(cookieHeader).toMatch(/Path=\//);
    expect(cookieHeader).not.toMatch(/Secure/i); // plain http here
    const state = (await setup.json()) as AuthState;
    expect(state).toMatchObject({ setupNeeded: false, user: { id: LOCAL_USER_ID, name: 'Ana', email: 'ana@example.com', role: 'owner' } });
    expect(state.csrfToken).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    const cookie = sessionCookieFrom(setup);

    const again = await call('/auth/setup', json({ name: 'Mallory', email: 'm@example.com', password: newPassword() }));
    expect(again.status).toBe(409);
    expect(((await again.json()) as Err).error.code).toBe('already_set_up');

    const anonymous = await call('/graphs');
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as Err).error).toMatchObject({ code: 'unauthenticated', message: expect.stringMatching(/sign in/) });
    expect((await call('/auth/state')).status).toBe(200); // public
    // The owner's work stayed the owner's: it is the same user.
    const mine = (await (await call('/graphs', { headers: { cookie } })).json()) as { graphs: { id: string }[] };
    expect(mine.graphs.map((g) => g.id)).toContain(graphId);
    expect((await call('/auth/state', { headers: { cookie } }).then((r) => r.json())) as AuthState).toMatchObject({ user: { email: 'ana@example.com' }, csrfToken: state.csrfToken });

    expect(await connectSocket(s.url)).toMatch(/^unauthorized: sign in first/);
    expect(await connectSocket(s.url, { token: 'coinlab_not-a-token' })).toMatch(/^unauthorized: the API token is not known/);
    expect(await connectSocket(s.url, { cookie })).toBe('connected');

    const row = await s.runtime.store.kysely.selectFrom('users').selectAll().where('id', '=', LOCAL_USER_ID).executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(JSON.stringify(row)).not.toContain(password);
    const audit = await auditOf(s.runtime.store, { action: 'auth.setup' });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: LOCAL_USER_ID, details: { email: 'ana@example.com' } });
    expect(JSON.stringify(audit)).not.toContain(password);
  });

  it.runIf(target.name === 'embedded')('leaves the local CLI an admin token of the owner in the data folder (0600), a new one at each start', async () => {
    const file = path.join(s.provisioned.dataDir!, CLI_TOKEN_FILE);
    expect(existsSync(file)).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const first = readFileSync(file, 'utf8').trim();
    const asCli = (token: string) => fetch(`${s.url}/api/v1/auth/state`, { headers: { authorization: `Bearer ${token}` } });
    expect(((await (await asCli(first)).json()) as AuthState).user?.id).toBe(LOCAL_USER_ID);
    expect((await fetch(`${s.url}/api/v1/graphs`, json({ document: waitChain(1, 0) }, { authorization: `Bearer ${first}` }))).status).toBe(201);

    await s.stop();
    s = await startTestServer(target, { auth: 'none', provisioned: s.provisioned });
    const second = readFileSync(file, 'utf8').trim();
    expect(second).not.toBe(first);
    expect((await asCli(second)).status).toBe(200);
    const old = await asCli(first);
    expect(old.status).toBe(401);
    expect(((await old.json()) as Err).error.message).toMatch(/revoked/);
  });
});

describe.each(testDatabases())('sign-in, sessions, CSRF and API tokens ($name database)', (target) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(target);
  });
  afterAll(async () => {
    await s?.close();
  });
  const call = (p: string, init?: RequestInit) => fetch(`${s.url}/api/v1${p}`, init);
  const login = async (email: string, password: string) => {
    const res = await call('/auth/login', json({ email, password }));
    if (res.status !== 200) return { res, cookie: '', csrf: '' };
    const state = (await res.clone().json()) as AuthState;
    return { res, cookie: sessionCookieFrom(res), csrf: state.csrfToken! };
  };

  it('signs in with the right password, refuses a wrong one with 401 and audits it with the email tried, never the password', async () => {
    const owner = s.owner!;
    const ok = await login(owner.email.toUpperCase(), owner.password);
    expect(ok.res.status).toBe(200);
    expect(((await ok.res.json()) as AuthState).user).toMatchObject({ id: owner.id, role: 'owner' });
    const wrongPassword = 'not-the-password-123';
    const bad = await login(owner.email, wrongPassword);
    expect(bad.res.status).toBe(401);
    expect(((await bad.res.json()) as Err).error).toEqual({ code: 'invalid_credentials', message: 'wrong email or password' });
    const unknown = await login('nobody@example.com', wrongPassword);
    expect(unknown.res.status).toBe(401);

    const failed = await auditOf(s.runtime.store, { action: 'auth.login_failed' });
    expect(failed.map((e) => e.details.email)).toEqual(expect.arrayContaining([owner.email, 'nobody@example.com']));
    const logins = await auditOf(s.runtime.store, { action: 'auth.login' });
    expect(logins[0]).toMatchObject({ actor: owner.id });
    const everything = JSON.stringify(await s.runtime.store.kysely.selectFrom('audit_log').selectAll().execute());
    expect(everything).not.toContain(wrongPassword);
    expect(everything).not.toContain(owner.password);
  });

  it('refuses a sixth attempt for one email within 15 minutes with 429 and Retry-After, even with the right password', async () => {
    const owner = s.owner!;
    const { token } = (await (await s.api('/invitations', { method: 'POST', json: { role: 'member' } })).json()) as { token: string };
    const email = `brute-${target.name}@example.com`;
    const password = newPassword();
    expect((await call('/auth/accept-invitation', json({ token, name: 'Brute', email, password }))).status).toBe(201);
    for (let i = 0; i < 5; i++) expect((await login(email, `guess-${i}-xxxxxx`)).res.status).toBe(401);
    const blocked = (await login(email, password)).res;
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(800);
    expect(((await blocked.json()) as Err).error).toMatchObject({ code: 'too_many_attempts', message: expect.stringContaining(email) });
    // Another email from the same address is not held back.
    expect((await login(owner.email, owner.password)).res.status).toBe(200);
    const failures = (await auditOf(s.runtime.store, { action: 'auth.login_failed', limit: 200 })).filter((e) => e.details.email === email);
    expect(failures).toHaveLength(6);
  });

  it('ends the session on logout, and a cookie-authenticated change needs the CSRF token', async () => {
    const owner = s.owner!;
    const session = await login(owner.email, owner.password);
    const withCookie = (p: string, init: RequestInit = {}) => call(p, { ...init, headers: { cookie: session.cookie, ...(init.headers as Record<string, string>) } });
    expect((await withCookie('/graphs')).status).toBe(200); // reads need no CSRF token
    const noCsrf = await withCookie('/graphs', json({ document: waitChain(1, 0) }));
    expect(noCsrf.status).toBe(403);
    expect(((await noCsrf.json()) as Err).error).toMatchObject({ code: 'csrf_failed', message: expect.stringContaining(CSRF_HEADER) });
    const wrongCsrf = await withCookie('/graphs', json({ document: waitChain(1, 0) }, { [CSRF_HEADER]: 'x'.repeat(43) }));
    expect(wrongCsrf.status).toBe(403);
    expect((await sessionFetch(s.url, session, '/graphs', { method: 'POST', json: { document: waitChain(1, 0) } })).status).toBe(201);
    expect((await withCookie('/auth/logout', { method: 'POST' })).status).toBe(403); // logout is a change too

    const out = await sessionFetch(s.url, session, '/auth/logout', { method: 'POST' });
    expect(out.status).toBe(200);
    expect(out.headers.getSetCookie().join()).toMatch(/coinlab_session=;/);
    const after = await withCookie('/graphs');
    expect(after.status).toBe(401);
    expect(((await after.json()) as Err).error.message).toMatch(/session has ended/);
    expect(((await (await withCookie('/auth/state')).json()) as AuthState).user).toBeNull();
    expect((await auditOf(s.runtime.store, { action: 'auth.logout' }))[0]).toMatchObject({ actor: owner.id });
  });

  it('marks the cookie Secure when the request came over https', async () => {
    const res = await call('/auth/login', json({ email: s.owner!.email, password: s.owner!.password }, { 'x-forwarded-proto': 'https' }));
    expect(res.status).toBe(200);
    expect(res.headers.getSetCookie().find((c) => c.startsWith('coinlab_session='))).toMatch(/;\s*Secure/i);
  });

  it('lets a read token only read, keeps a run token from managing tokens and invitations, and refuses revoked and expired tokens with 401', async () => {
    const mint = async (scope: 'read' | 'run' | 'admin', expiresAt: string | null = null) => {
      const res = await s.api('/tokens', { method: 'POST', json: { name: `${scope} token`, scope, expiresAt } });
      expect(res.status).toBe(201);
      return (await res.json()) as { token: string; apiToken: { id: string; prefix: string } };
    };
    const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
    const read = await mint('read');
    expect((await call('/graphs', { headers: bearer(read.token) })).status).toBe(200);
    const refused = await call('/graphs', json({ document: waitChain(1, 0) }, bearer(read.token)));
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as Err).error).toMatchObject({ code: 'forbidden', message: expect.stringContaining('scope "read"') });

    const run = await mint('run');
    expect((await call('/graphs', json({ document: waitChain(1, 0) }, bearer(run.token)))).status).toBe(201);
    for (const [p, body] of [['/tokens', { name: 'x' }], ['/invitations', { role: 'member' }]] as const) {
      const res = await call(p, json(body, bearer(run.token)));
      expect(res.status, p).toBe(403);
      expect(((await res.json()) as Err).error.message).toContain('scope "run"');
    }

    const admin = await mint('admin');
    expect((await call('/graphs', { headers: bearer(admin.token) })).status).toBe(200);
    expect((await s.api(`/tokens/${admin.apiToken.id}`, { method: 'DELETE' })).status).toBe(200);
    const revoked = await call('/graphs', { headers: bearer(admin.token) });
    expect(revoked.status).toBe(401);
    expect(((await revoked.json()) as Err).error).toMatchObject({ code: 'unauthenticated', message: expect.stringContaining('was revoked') });
    expect(await connectSocket(s.url, { token: admin.token })).toMatch(/^unauthorized: .*revoked/);

    // Expiring a few seconds from now: room for a busy machine to mint it and use it once first.
    const soon = await mint('run', new Date(Date.now() + 5000).toISOString());
    expect((await call('/graphs', { headers: bearer(soon.token) })).status).toBe(200);
    await expect.poll(async () => (await call('/graphs', { headers: bearer(soon.token) })).status, { timeout: 20_000, interval: 250 }).toBe(401);
    expect(((await (await call('/graphs', { headers: bearer(soon.token) })).json()) as Err).error.message).toMatch(/expired at/);
    const past = await s.api('/tokens', { method: 'POST', json: { name: 'old', expiresAt: '2001-01-01T00:00:00Z' } });
    expect(past.status).toBe(400);
    expect(await past.text()).toContain('expiresAt');

    expect((await call('/graphs', { headers: { authorization: 'Basic abc' } })).status).toBe(401);
    const list = (await (await s.api('/tokens')).json()) as { tokens: { id: string; prefix: string; revokedAt: string | null; lastUsedAt: string | null }[] };
    expect(list.tokens.find((t) => t.id === admin.apiToken.id)).toMatchObject({ prefix: admin.apiToken.prefix, revokedAt: expect.any(String), lastUsedAt: expect.any(String) });
    const actions = (await auditOf(s.runtime.store, { objectType: 'token', limit: 100 })).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['tokens.create', 'tokens.revoke']));
  });

  it('keeps no plaintext secret in the tables: tokens, sessions and invitations by hash, passwords by argon2id', async () => {
    const owner = s.owner!;
    const session = await login(owner.email, owner.password);
    const token = await createToken(s.url, session, 'scan me', 'read');
    const invite = (await (await s.api('/invitations', { method: 'POST', json: {} })).json()) as { token: string; path: string };
    expect(invite.path).toBe(`/invite/${invite.token}`);
    const db = s.runtime.store.kysely;
    const tables = JSON.stringify({
      tokens: await db.selectFrom('api_tokens').selectAll().execute(),
      invitations: await db.selectFrom('invitations').selectAll().execute(),
      sessions: await db.selectFrom('auth_sessions').selectAll().execute(),
      users: await db.selectFrom('users').selectAll().execute(),
      audit: await db.selectFrom('audit_log').selectAll().execute(),
    });
    const secretOfCookie = session.cookie.split('=')[1]!;
    for (const secret of [token, invite.token, secretOfCookie, owner.password, owner.token]) expect(tables).not.toContain(secret);
    expect(tables).toContain(token.slice(0, 14)); // the prefix, to recognise it in a list
  });
});

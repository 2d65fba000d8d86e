import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import { auditQuerySchema, type AuthState } from '@coinlab/shared';
import { testDatabases } from '../support/db';
import { addUser, startTestServer, type TestServer } from '../support/server';
import { waitChain } from '../support/graphs';
import { newPassword, sessionCookieFrom, sessionFetch } from '../support/auth';

// Issue 11 (Teams): invitations, roles, password changes and removing an account.

type Err = { error: { code: string; message: string } };
const post = (body: unknown, headers: Record<string, string> = {}) => ({ method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe.each(testDatabases())('the team: invitations, roles, passwords, removal ($name database)', (target) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(target);
  });
  afterAll(async () => {
    await s?.close();
  });
  const call = (p: string, init?: RequestInit) => fetch(`${s.url}/api/v1${p}`, init);
  const invite = async (role: 'admin' | 'member' | 'viewer', json: Record<string, unknown> = {}) => {
    const res = await s.api('/invitations', { method: 'POST', json: { role, ...json } });
    expect(res.status).toBe(201);
    return (await res.json()) as { token: string; invitation: { id: string; role: string; expiresAt: string } };
  };
  const login = (email: string, password: string) => call('/auth/login', post({ email, password }));
  const audit = async (action: string) => (await s.runtime.store.audit.list(auditQuerySchema.parse({ action, limit: 200 }))).entries;

  it('turns an invitation into an account once: the new member signs in; a used, withdrawn or expired link is refused', async () => {
    const inv = await invite('member', { expiresInHours: 2 });
    expect(Date.parse(inv.invitation.expiresAt) - Date.now()).toBeGreaterThan(1.9 * 3_600_000);
    expect(await (await call(`/invitations/lookup?token=${inv.token}`)).json()).toEqual({ valid: true, role: 'member' });
    const password = newPassword();
    const accepted = await call('/auth/accept-invitation', post({ token: inv.token, name: 'Bea', email: 'Bea@Example.com', password }));
    expect(accepted.status).toBe(201);
    const state = (await accepted.json()) as AuthState;
    expect(state.user).toMatchObject({ name: 'Bea', email: 'bea@example.com', role: 'member' });
    expect((await login('bea@example.com', password)).status).toBe(200);

    const reuse = await call('/auth/accept-invitation', post({ token: inv.token, name: 'Eve', email: 'eve@example.com', password: newPassword() }));
    expect(reuse.status).toBe(404);
    expect(((await reuse.json()) as Err).error.code).toBe('invitation_invalid');
    expect(await (await call(`/invitations/lookup?token=${inv.token}`)).json()).toEqual({ valid: false, role: null });
    expect((await login('eve@example.com', 'whatever-123')).status).toBe(401);

    const expired = await invite('viewer');
    await s.runtime.store.kysely.updateTable('invitations').set({ expires_at: new Date(Date.now() - 1000) }).where('id', '=', expired.invitation.id).execute();
    expect(await (await call(`/invitations/lookup?token=${expired.token}`)).json()).toEqual({ valid: false, role: null });
    expect((await call('/auth/accept-invitation', post({ token: expired.token, name: 'Late', email: 'late@example.com', password: newPassword() }))).status).toBe(404);

    const withdrawn = await invite('member');
    expect((await s.api(`/invitations/${withdrawn.invitation.id}`, { method: 'DELETE' })).status).toBe(200);
    expect((await call('/auth/accept-invitation', post({ token: withdrawn.token, name: 'Gone', email: 'gone@example.com', password: newPassword() }))).status).toBe(404);

    const taken = await invite('member');
    const dup = await call('/auth/accept-invitation', post({ token: taken.token, name: 'Bea 2', email: 'bea@example.com', password: newPassword() }));
    expect(dup.status).toBe(409);
    expect(await (await call(`/invitations/lookup?token=${taken.token}`)).json()).toEqual({ valid: true, role: 'member' }); // not spent by the refusal

    const list = (await (await s.api('/invitations')).json()) as { invitations: { id: string; acceptedAt: string | null }[] };
    expect(list.invitations.find((i) => i.id === inv.invitation.id)?.acceptedAt).toEqual(expect.any(String));
    expect(list.invitations.some((i) => i.id === withdrawn.invitation.id)).toBe(false);
    const accepts = await audit('invitations.accept');
    expect(accepts.find((e) => e.objectId === inv.invitation.id)).toMatchObject({ actor: state.user!.id, details: { role: 'member' } });
    expect((await audit('invitations.create')).length).toBeGreaterThanOrEqual(4);
  });

  it('keeps team management to owners and admins, and viewers to reading', async () => {
    const member = await addUser(s, 'member');
    const viewer = await addUser(s, 'viewer');
    const admin = await addUser(s, 'admin');
    const asMember = await call('/invitations', post({ role: 'member' }, bearer(member.token)));
    expect(asMember.status).toBe(403);
    expect(((await asMember.json()) as Err).error).toMatchObject({ code: 'forbidden', message: expect.stringContaining('member role') });
    expect((await call(`/users/${viewer.id}`, { method: 'PATCH', headers: { ...bearer(member.token), 'content-type': 'application/json' }, body: JSON.stringify({ role: 'member' }) })).status).toBe(403);
    expect((await call('/invitations', post({ role: 'viewer' }, bearer(admin.token)))).status).toBe(201);

    expect((await call('/graphs', { headers: bearer(viewer.token) })).status).toBe(200);
    const viewerWrite = await call('/graphs', post({ document: waitChain(1, 0) }, bearer(viewer.token)));
    expect(viewerWrite.status).toBe(403);
    expect(((await viewerWrite.json()) as Err).error.message).toContain('viewer role');
    expect((await sessionFetch(s.url, viewer, '/graphs', { method: 'POST', json: { document: waitChain(1, 0) } })).status).toBe(403);
    expect((await call('/graphs', post({ document: waitChain(1, 0) }, bearer(member.token)))).status).toBe(201);

    const users = (await (await call('/users', { headers: bearer(viewer.token) })).json()) as { users: { id: string; role: string }[] };
    expect(users.users[0]).toMatchObject({ id: s.owner!.id, role: 'owner' });
    expect(users.users.map((u) => u.id)).toEqual(expect.arrayContaining([member.id, viewer.id, admin.id]));
    expect((await sessionFetch(s.url, viewer, '/auth/logout', { method: 'POST' })).status).toBe(200);
  });

  it('changes a role at once, never the owner\'s or one\'s own', async () => {
    const member = await addUser(s, 'member');
    const admin = await addUser(s, 'admin');
    expect((await call('/graphs', post({ document: waitChain(1, 0) }, bearer(member.token)))).status).toBe(201);
    const changed = await s.api(`/users/${member.id}`, { method: 'PATCH', json: { role: 'viewer' } });
    expect(changed.status).toBe(200);
    expect(((await changed.json()) as { user: { role: string } }).user.role).toBe('viewer');
    expect((await call('/graphs', post({ document: waitChain(1, 0) }, bearer(member.token)))).status).toBe(403);
    expect(((await (await sessionFetch(s.url, member, '/auth/state')).json()) as AuthState).user?.role).toBe('viewer');

    const patch = (token: string, id: string, role: string) => call(`/users/${id}`, { method: 'PATCH', headers: { ...bearer(token), 'content-type': 'application/json' }, body: JSON.stringify({ role }) });
    expect((await patch(admin.token, s.owner!.id, 'member')).status).toBe(403);
    expect((await patch(admin.token, admin.id, 'member')).status).toBe(403);
    expect((await patch(admin.token, member.id, 'owner')).status).toBe(400); // one owner, set up on first start
    expect((await patch(admin.token, member.id, 'member')).status).toBe(200);
    const entries = await audit('users.role');
    expect(entries[0]).toMatchObject({ actor: admin.id, objectId: member.id, details: { role: 'member', previousRole: 'viewer' } });
  });

  it('changes one\'s password: the old one stops working, other sessions end, a wrong current password is refused', async () => {
    const user = await addUser(s, 'member');
    const other = await login(user.email, user.password);
    const otherCookie = sessionCookieFrom(other);
    const wrong = await sessionFetch(s.url, user, '/auth/password', { method: 'POST', json: { currentPassword: 'not-it-at-all', newPassword: newPassword() } });
    expect(wrong.status).toBe(403);
    expect(((await wrong.json()) as Err).error.code).toBe('wrong_password');
    const short = await sessionFetch(s.url, user, '/auth/password', { method: 'POST', json: { currentPassword: user.password, newPassword: 'short' } });
    expect(short.status).toBe(400);
    expect(await short.text()).toContain('newPassword');

    const next = newPassword();
    expect((await sessionFetch(s.url, user, '/auth/password', { method: 'POST', json: { currentPassword: user.password, newPassword: next } })).status).toBe(200);
    expect((await login(user.email, user.password)).status).toBe(401);
    expect((await login(user.email, next)).status).toBe(200);
    expect((await sessionFetch(s.url, user, '/graphs')).status).toBe(200); // the session that changed it stays
    expect((await call('/graphs', { headers: { cookie: otherCookie } })).status).toBe(401);
  });

  it('removes an account at once, handing its work over or keeping it where it is', async () => {
    const owner = s.owner!;
    const leaving = await addUser(s, 'member');
    const staying = await addUser(s, 'member');
    const graphs = s.runtime.store.graphs;
    const handed = await graphs.create({ ownerId: leaving.id, name: 'handed over', document: waitChain(1, 0) });
    const socketOf = (token: string) =>
      new Promise<string>((resolve) => {
        const socket = io(s.url, { transports: ['websocket'], reconnection: false, forceNew: true, auth: { token } });
        socket.once('connect', () => (socket.close(), resolve('connected')));
        socket.once('connect_error', (e) => (socket.close(), resolve(e.message)));
      });
    expect(await socketOf(leaving.token)).toBe('connected');
    // A socket connected before the removal is ended by it, not left open until it reconnects.
    const open = io(s.url, { transports: ['websocket'], reconnection: false, forceNew: true, auth: { token: leaving.token } });
    await new Promise<void>((resolve, reject) => (open.once('connect', () => resolve()), open.once('connect_error', reject)));
    const ended = new Promise<string>((resolve) => open.once('disconnect', (reason) => resolve(reason)));

    const badTarget = await s.api(`/users/${leaving.id}?handOverTo=${leaving.id}`, { method: 'DELETE' });
    expect(badTarget.status).toBe(400);
    expect(await badTarget.text()).toContain('query.handOverTo');
    expect((await s.api(`/users/${owner.id}`, { method: 'DELETE' })).status).toBe(403);

    const removed = await s.api(`/users/${leaving.id}?handOverTo=${staying.id}`, { method: 'DELETE' });
    expect(removed.status).toBe(200);
    expect(await removed.json()).toMatchObject({ handedOverTo: staying.id, handedOver: { graphs: 1 } });
    expect(await ended).toBe('io server disconnect');
    expect((await graphs.get(handed.id))?.ownerId).toBe(staying.id);
    const tokenNow = await call('/graphs', { headers: bearer(leaving.token) });
    expect(tokenNow.status).toBe(401);
    expect(((await tokenNow.json()) as Err).error.message).toMatch(/revoked|removed/);
    expect((await sessionFetch(s.url, leaving, '/graphs')).status).toBe(401);
    expect((await login(leaving.email, leaving.password)).status).toBe(401);
    expect(await socketOf(leaving.token)).toBe('unauthorized');
    const team = (await (await s.api('/users')).json()) as { users: { id: string }[] };
    expect(team.users.map((u) => u.id)).not.toContain(leaving.id);
    expect((await audit('users.remove'))[0]).toMatchObject({ actor: owner.id, objectId: leaving.id, details: { handOverTo: staying.id, handedOver: { graphs: 1 } } });

    // Kept: the removed account's work stays its own (an admin can hand it over later by hand).
    const kept = await graphs.create({ ownerId: staying.id, name: 'kept', document: waitChain(1, 0) });
    const removedKeeping = await s.api(`/users/${staying.id}`, { method: 'DELETE' });
    expect(removedKeeping.status).toBe(200);
    expect(await removedKeeping.json()).toMatchObject({ handedOverTo: null, handedOver: {} });
    expect((await graphs.get(kept.id))?.ownerId).toBe(staying.id);
    expect((await s.api(`/users/${staying.id}`, { method: 'DELETE' })).status).toBe(404); // gone already

    // Its email can join again by a new invitation.
    const again = (await (await s.api('/invitations', { method: 'POST', json: { role: 'viewer' } })).json()) as { token: string };
    expect((await call('/auth/accept-invitation', post({ token: again.token, name: 'Back', email: leaving.email, password: newPassword() }))).status).toBe(201);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import { testDatabases } from '../support/db';
import { waitChain } from '../support/graphs';
import { addUser, startTestServer, type TestServer } from '../support/server';
import { createToken, sessionFetch, type TestUser } from '../support/auth';

// Issue 11: every HTTP route of the OpenAPI document, for every kind of caller. A route added
// without an entry in ROUTES fails the first test. Refused answers must carry no data of the
// object (its name is a marker searched for in every refused body).

type Principal = 'owner' | 'admin' | 'member' | 'viewerRole' | 'stranger' | 'shareViewer' | 'revoked' | 'expired' | 'none';
const PRINCIPALS: Principal[] = ['owner', 'admin', 'member', 'viewerRole', 'stranger', 'shareViewer', 'revoked', 'expired', 'none'];
const SIGNED_IN = new Set<Principal>(['owner', 'admin', 'member', 'viewerRole', 'stranger', 'shareViewer']);
const UNKNOWN = '00000000-0000-4000-8000-0000000000ee';
const MARKER = 'matrix-secret-7f3a';

/**
 * What a route works on: `public` (no sign-in), `account` (one's own account, tokens; team
 * management is capped by role), `lab` (collections and lab-wide actions: each caller sees its
 * own), or an object of the owner's (`graph`, `run`, `schedule`, `webhook`) or an id nobody has
 * (`unknown`, for objects the matrix does not create: every caller gets the 404 an unknown id gets).
 */
type Kind = 'public' | 'account' | 'teamAdmin' | 'lab' | 'graph' | 'run' | 'schedule' | 'webhook' | 'unknown';
const ROUTES: Record<string, { kind: Kind; body?: unknown }> = {
  'GET /catalog': { kind: 'lab' },
  'GET /templates': { kind: 'lab' },
  'GET /templates/{name}': { kind: 'unknown' },
  'POST /graphs/validate': { kind: 'lab', body: { document: waitChain(1, 0) } },
  'POST /graphs': { kind: 'lab', body: { document: waitChain(1, 0) } },
  'GET /graphs': { kind: 'lab' },
  'GET /graphs/{id}': { kind: 'graph' },
  'PUT /graphs/{id}': { kind: 'graph', body: { document: waitChain(1, 0) } },
  'DELETE /graphs/{id}': { kind: 'graph' },
  'GET /graphs/{id}/versions': { kind: 'graph' },
  'GET /graphs/{id}/shares': { kind: 'graph' },
  'PUT /graphs/{id}/shares': { kind: 'graph', body: { userId: null, level: 'editor' } },
  'DELETE /graphs/{id}/shares/{grantee}': { kind: 'graph' },
  'POST /runs': { kind: 'lab', body: { document: waitChain(1, 0) } },
  'GET /runs': { kind: 'lab' },
  'GET /runs/{id}': { kind: 'run' },
  'POST /runs/{id}/cancel': { kind: 'run' },
  'GET /runs/{id}/events': { kind: 'run' },
  'GET /runs/{id}/nodes/{nodeId}/outputs': { kind: 'run' },
  'GET /runs/{id}/artifacts': { kind: 'run' },
  'POST /runs/{id}/interactions/{interactionId}': { kind: 'run', body: { decision: 'approve' } },
  'GET /artifacts/{id}': { kind: 'unknown' },
  'GET /artifacts/{id}/meta': { kind: 'unknown' },
  'GET /coins': { kind: 'lab' },
  'POST /candles/import': { kind: 'lab' },
  'DELETE /coins/{coin}': { kind: 'lab' },
  'POST /plan': { kind: 'lab' },
  'GET /llm': { kind: 'lab' },
  'GET /llm/credentials': { kind: 'account' },
  // {scope} is 'team' here: only the owner and admins may set the team's provider.
  'PUT /llm/credentials/{scope}': { kind: 'teamAdmin', body: { baseUrl: 'http://127.0.0.1:9/v1', model: 'm', apiKey: 'sk-matrix-0123456789' } },
  'DELETE /llm/credentials/{scope}': { kind: 'teamAdmin' },
  'GET /runs/{id}/llm-usage': { kind: 'run' },
  'POST /runs/{id}/restart': { kind: 'run', body: { fromNode: waitChain(2, 0).nodes[0]!.id } },
  'POST /lab/agent/sessions': { kind: 'lab' },
  'GET /lab/agent/sessions': { kind: 'lab' },
  'GET /lab/agent/sessions/{id}': { kind: 'unknown' },
  'DELETE /lab/agent/sessions/{id}': { kind: 'unknown' },
  'POST /lab/agent/sessions/{id}/respond': { kind: 'unknown', body: {} },
  'POST /lab/agent/sessions/{id}/continue': { kind: 'unknown', body: {} },
  'POST /lab/agent/sessions/{id}/override': { kind: 'unknown', body: {} },
  'POST /lab/agent/sessions/{id}/restart': { kind: 'unknown', body: {} },
  'GET /lab/agent/sessions/{id}/results': { kind: 'unknown' },
  'GET /schedules': { kind: 'lab' },
  'POST /schedules': { kind: 'lab' },
  'GET /schedules/{id}': { kind: 'schedule' },
  'PATCH /schedules/{id}': { kind: 'schedule', body: { name: 'renamed' } },
  'DELETE /schedules/{id}': { kind: 'schedule' },
  'POST /schedules/{id}/pause': { kind: 'schedule' },
  'POST /schedules/{id}/resume': { kind: 'schedule' },
  'GET /alerts': { kind: 'lab' },
  'POST /alerts/acknowledge': { kind: 'lab' },
  'GET /alerts/{id}': { kind: 'unknown' },
  'POST /alerts/{id}/acknowledge': { kind: 'unknown', body: {} },
  'GET /webhooks': { kind: 'lab' },
  'POST /webhooks': { kind: 'lab' },
  'GET /webhooks/{id}': { kind: 'webhook' },
  'PATCH /webhooks/{id}': { kind: 'webhook', body: { enabled: false } },
  'DELETE /webhooks/{id}': { kind: 'webhook' },
  'GET /webhooks/{id}/deliveries': { kind: 'webhook' },
  'POST /data/fetch': { kind: 'lab' },
  'GET /data-triggers': { kind: 'lab' },
  'POST /data-triggers': { kind: 'lab' },
  'GET /data-triggers/{id}': { kind: 'unknown' },
  'DELETE /data-triggers/{id}': { kind: 'unknown' },
  'POST /data-triggers/{id}/pause': { kind: 'unknown' },
  'POST /data-triggers/{id}/resume': { kind: 'unknown' },
  'GET /experiments': { kind: 'lab' },
  'POST /experiments': { kind: 'lab' },
  'GET /experiments/{id}': { kind: 'unknown' },
  'POST /experiments/{id}/stop': { kind: 'unknown' },
  'POST /experiments/{id}/pause': { kind: 'unknown' },
  'POST /experiments/{id}/resume': { kind: 'unknown' },
  'GET /paper': { kind: 'lab' },
  'POST /paper': { kind: 'lab' },
  'GET /paper/{id}': { kind: 'unknown' },
  'DELETE /paper/{id}': { kind: 'unknown' },
  'POST /paper/{id}/pause': { kind: 'unknown' },
  'POST /paper/{id}/resume': { kind: 'unknown' },
  'POST /paper/{id}/stop': { kind: 'unknown' },
  'POST /paper/{id}/step': { kind: 'unknown' },
  'GET /audit': { kind: 'lab' },
  'GET /auth/state': { kind: 'public' },
  'POST /auth/setup': { kind: 'public' },
  'POST /auth/login': { kind: 'public' },
  'POST /auth/logout': { kind: 'account' },
  'POST /auth/password': { kind: 'account' },
  'POST /auth/accept-invitation': { kind: 'public' },
  'GET /users': { kind: 'account' },
  'PATCH /users/{id}': { kind: 'teamAdmin', body: { role: 'member' } },
  'DELETE /users/{id}': { kind: 'teamAdmin' },
  'GET /invitations': { kind: 'teamAdmin' },
  'POST /invitations': { kind: 'teamAdmin' },
  'DELETE /invitations/{id}': { kind: 'teamAdmin' },
  'GET /invitations/lookup': { kind: 'public' },
  'GET /tokens': { kind: 'account' },
  'POST /tokens': { kind: 'account' },
  'DELETE /tokens/{id}': { kind: 'account' },
};
const READ = new Set(['GET', 'HEAD']);
/** Object routes a viewer share may use (reads; everything else of the graph is its owner's or an editor's). */
const SHARE_READS = (key: string) => key.startsWith('GET /graphs/{id}') || key.startsWith('GET /runs/{id}');

describe.each(testDatabases())('access matrix ($name database)', (target) => {
  let s: TestServer;
  const tokens = {} as Record<Principal, string | null>;
  const users = {} as Record<Principal, TestUser>;
  const ids = {} as Record<'graph' | 'run' | 'schedule' | 'webhook', string>;
  let routes: string[] = [];

  beforeAll(async () => {
    s = await startTestServer(target);
    for (const [p, role] of [['admin', 'admin'], ['member', 'member'], ['viewerRole', 'viewer'], ['stranger', 'member'], ['shareViewer', 'member']] as const) users[p] = await addUser(s, role);
    tokens.owner = s.owner!.token;
    for (const p of ['admin', 'member', 'viewerRole', 'stranger', 'shareViewer'] as const) tokens[p] = users[p].token;
    tokens.none = null;
    // A token revoked by its user, and one whose expiry has passed.
    const extra = addUser(s, 'member');
    const m = await extra;
    tokens.revoked = await createToken(s.url, m, 'to revoke');
    const list = (await (await sessionFetch(s.url, m, '/tokens')).json()) as { tokens: { id: string; name: string }[] };
    const revokedId = list.tokens.find((t) => t.name === 'to revoke')!.id;
    expect((await sessionFetch(s.url, m, `/tokens/${revokedId}`, { method: "DELETE" })).ok).toBe(true);
    tokens.expired = await createToken(s.url, m, 'to expire');
    const again = (await (await sessionFetch(s.url, m, '/tokens')).json()) as { tokens: { id: string; name: string }[] };
    await s.runtime.store.kysely.updateTable('api_tokens').set({ expires_at: new Date(Date.now() - 60_000) }).where('id', '=', again.tokens.find((t) => t.name === 'to expire')!.id).execute();

    const doc = { ...waitChain(2, 0), name: MARKER };
    const g = (await (await s.api('/graphs', { method: 'POST', json: { document: doc } })).json()) as { graph: { id: string } };
    ids.graph = g.graph.id;
    expect((await s.api(`/graphs/${ids.graph}/shares`, { method: 'PUT', json: { userId: users.shareViewer.id, level: 'viewer' } })).status).toBe(200);
    ids.run = ((await (await s.api('/runs', { method: 'POST', json: { graphId: ids.graph } })).json()) as { runId: string }).runId;
    await s.runtime.manager.waitFor(ids.run);
    const sched = await s.api('/schedules', { method: 'POST', json: { name: MARKER, graphId: ids.graph, cron: '0 3 * * *' } });
    ids.schedule = ((await sched.json()) as { schedule: { id: string } }).schedule.id;
    const hook = await s.api('/webhooks', { method: 'POST', json: { url: `http://127.0.0.1:9/${MARKER}` } });
    expect(hook.status, await hook.clone().text()).toBe(201);
    ids.webhook = ((await hook.json()) as { webhook: { id: string } }).webhook.id;
    const doc31 = (await (await fetch(`${s.url}/api/v1/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    routes = Object.entries(doc31.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`));
  }, 180_000);
  afterAll(async () => s?.close());

  it('has an entry for every route of the OpenAPI document (a new route needs one)', () => {
    expect(routes.length).toBeGreaterThan(50);
    expect(routes.filter((r) => !(r in ROUTES))).toEqual([]);
  });

  const pathFor = (key: string, kind: Kind): string => {
    const path = key.slice(key.indexOf(' ') + 1);
    const id = kind === 'graph' || kind === 'run' || kind === 'schedule' || kind === 'webhook' ? ids[kind] : UNKNOWN;
    return path.replace('{id}', id).replace('{grantee}', users.shareViewer.id).replace('{nodeId}', waitChain(2, 0).nodes[0]!.id).replace('{interactionId}', UNKNOWN).replace('{name}', 'no-such-template').replace('{coin}', 'NOSUCHCOIN').replace('{scope}', 'team');
  };

  /** The statuses a cell may have; undefined: only "no 5xx and no leak" is asserted. */
  const expected = (key: string, p: Principal): number[] | undefined => {
    const { kind } = ROUTES[key]!;
    const method = key.split(' ')[0]!;
    if (kind === 'public') return undefined;
    if (!SIGNED_IN.has(p)) return [401];
    if (p === 'viewerRole' && !READ.has(method) && kind !== 'account') return [403];
    if (kind === 'teamAdmin') return p === 'owner' || p === 'admin' ? undefined : [403];
    if (kind === 'account' || kind === 'lab') return undefined;
    if (kind === 'unknown') return [404, 400];
    if (p === 'owner') return undefined;
    if (p === 'shareViewer' && (kind === 'graph' || kind === 'run')) return SHARE_READS(key) ? [200] : [403];
    return [404];
  };

  it('answers every cell as expected, and no refused answer carries the object', async () => {
    const problems: string[] = [];
    for (const key of routes) {
      const entry = ROUTES[key];
      if (!entry) continue;
      const method = key.split(' ')[0]!;
      for (const p of PRINCIPALS) {
        // The owner changing its own objects is covered by the feature tests (it would spend the fixtures here).
        if (p === 'owner' && !READ.has(method)) continue;
        if (entry.kind === 'public' || (entry.kind === 'account' && !READ.has(method)) || (entry.kind === 'teamAdmin' && !READ.has(method) && (p === 'owner' || p === 'admin'))) continue;
        const want = expected(key, p);
        const token = tokens[p];
        const res = await fetch(`${s.url}/api/v1${pathFor(key, entry.kind)}`, {
          method,
          headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(entry.body !== undefined ? { 'content-type': 'application/json' } : {}) },
          ...(entry.body !== undefined ? { body: JSON.stringify(entry.body) } : method === 'GET' || method === 'DELETE' ? {} : { body: '{}', headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json' } }),
        });
        const text = await res.text();
        if (res.status >= 500) problems.push(`${key} as ${p}: ${res.status} ${text.slice(0, 200)}`);
        else if (want && !want.includes(res.status)) problems.push(`${key} as ${p}: ${res.status}, expected ${want.join('|')}: ${text.slice(0, 160)}`);
        if (res.status >= 400 && text.includes(MARKER)) problems.push(`${key} as ${p}: the refused answer carries the object`);
        if (p !== 'owner' && p !== 'shareViewer' && res.status < 400 && text.includes(MARKER)) problems.push(`${key} as ${p}: another user's object leaked into the answer`);
        // Ids leak too (the audit log once listed every user's objects to every member): only the
        // owner, a share's holder for the shared graph and its runs, and admins reading the audit log may see them.
        const ownerIds = p === 'shareViewer' ? [ids.schedule, ids.webhook] : [ids.graph, ids.run, ids.schedule, ids.webhook];
        if (p !== 'owner' && !(p === 'admin' && key === 'GET /audit') && res.status < 400 && ownerIds.some((id) => text.includes(id))) problems.push(`${key} as ${p}: the id of another user's object leaked into the answer`);
      }
    }
    expect(problems).toEqual([]);
  }, 180_000);

  it('socket.io: run:join, run lists, sessions, experiments and alerts per principal', async () => {
    const connect = async (p: Principal): Promise<Socket | null> => {
      const token = tokens[p];
      const socket: Socket = io(s.url, { ...(token ? { auth: { token } } : {}), transports: ['websocket'], reconnection: false, forceNew: true });
      const ok = await new Promise<boolean>((resolve) => {
        socket.once('connect', () => resolve(true));
        socket.once('connect_error', () => resolve(false));
      });
      if (!ok) socket.close();
      return ok ? socket : null;
    };
    const ask = <T>(socket: Socket, event: string, payload: unknown) => new Promise<T>((resolve) => socket.emit(event, payload, resolve));
    const unknownJoin = async (socket: Socket) => (await ask<{ ok: boolean; error?: string }>(socket, 'run:join', { runId: UNKNOWN, afterSeq: 0 })).error?.replace(UNKNOWN, ids.run);
    for (const p of PRINCIPALS) {
      const socket = await connect(p);
      if (!SIGNED_IN.has(p)) {
        expect(socket, `${p} connects`).toBeNull();
        continue;
      }
      expect(socket, `${p} connects`).not.toBeNull();
      const join = await ask<{ ok: boolean; error?: string }>(socket!, 'run:join', { runId: ids.run, afterSeq: 0 });
      const mayRead = p === 'owner' || p === 'shareViewer';
      expect(join.ok, `run:join as ${p}`).toBe(mayRead);
      if (!mayRead) expect(join.error).toBe(await unknownJoin(socket!));
      const session = await ask<{ ok: boolean; error?: string }>(socket!, 'session:join', { sessionId: UNKNOWN });
      expect(session.ok).toBe(false);
      socket!.close();
    }
    // Run lists: a watcher hears of the runs it may see only.
    const owner = (await connect('owner'))!;
    const stranger = (await connect('stranger'))!;
    const viewer = (await connect('shareViewer'))!;
    const heard = { owner: [] as string[], stranger: [] as string[], viewer: [] as string[] };
    owner.on('runs:changed', (c: { runId: string }) => heard.owner.push(c.runId));
    stranger.on('runs:changed', (c: { runId: string }) => heard.stranger.push(c.runId));
    viewer.on('runs:changed', (c: { runId: string }) => heard.viewer.push(c.runId));
    for (const sock of [owner, stranger, viewer]) sock.emit('runs:watch');
    await new Promise((r) => setTimeout(r, 200));
    const runId = ((await (await s.api('/runs', { method: 'POST', json: { graphId: ids.graph } })).json()) as { runId: string }).runId;
    await s.runtime.manager.waitFor(runId);
    await expect.poll(() => heard.owner.includes(runId) && heard.viewer.includes(runId), { timeout: 10_000 }).toBe(true);
    expect(heard.stranger).not.toContain(runId);
    for (const sock of [owner, stranger, viewer]) sock.close();
  });
});

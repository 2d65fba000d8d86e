import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalog } from '@coinlab/nodes';
import { apiRoutes } from '../../runtime/src/api/app';
import { MUTATING_METHODS, READ_ONLY_ROUTES, routeAudit } from '../../runtime/src/audit/action';
import { testDatabases } from '../support/db';
import { addUser, startTestServer, type TestServer } from '../support/server';
import { waitChain } from '../support/graphs';

type Page = { scope: string; entries: { id: string; action: string; actor: string; actorName: string | null; client: string; objectType: string | null; objectId: string | null; reason: string | null; details: Record<string, unknown> }[]; nextCursor: string | null };

describe('audit actions of the routes', () => {
  it('names every mutating route of the app (enumerated from its routes), each pattern distinctly', () => {
    // Building the routes queries nothing: a store without a connection is enough.
    const app = apiRoutes({ catalog, templates: { list: () => [] }, store: { kysely: {} } } as never);
    const seen = new Map<string, string>();
    for (const r of app.routes) {
      if (!MUTATING_METHODS.has(r.method) || READ_ONLY_ROUTES.has(`${r.method} ${r.path}`)) continue;
      const { action } = routeAudit(r.method, r.path);
      expect(action, `${r.method} ${r.path}`).toMatch(/^[a-z][a-z-]*(\.[a-z][a-z_-]*)+$/);
      seen.set(`${r.method} ${r.path}`, action);
    }
    expect(seen.size).toBeGreaterThan(35);
    expect(seen.get('PUT /graphs/:id')).toBe('graphs.update');
    expect(seen.get('POST /graphs')).toBe('graphs.create');
    expect(seen.get('POST /schedules/:id/pause')).toBe('schedules.pause');
    expect(seen.get('POST /lab/agent/sessions/:id/override')).toBe('sessions.override');
    expect(seen.get('POST /runs/:id/interactions/:interactionId')).toBe('runs.interactions.answer');
    expect(seen.get('DELETE /coins/:coin')).toBe('coins.delete');
    expect(seen.get('POST /auth/login')).toBe('auth.login');
    expect(seen.get('PATCH /users/:id')).toBe('users.role');
    expect(seen.get('DELETE /users/:id')).toBe('users.remove');
    expect(seen.get('DELETE /tokens/:id')).toBe('tokens.revoke');
    expect(seen.get('POST /auth/accept-invitation')).toBe('invitations.accept');
  });
});

describe.each(testDatabases())('audit log over HTTP ($name database)', (target) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(target, { clientLimits: { maxRunsPerUser: 2, rateLimit: 400, rateWindowSeconds: 60 } });
  });
  afterAll(async () => s?.close());
  const audit = async (query: string): Promise<Page> => {
    const res = await s.api(`/audit${query}`);
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json()) as Page;
  };

  it('records each successful change with its action, object and client, and not a failed one', async () => {
    const created = await s.api('/graphs', { method: 'POST', json: { document: waitChain(1, 0.01) }, headers: { 'X-Coinlab-Client': 'editor' } });
    expect(created.status).toBe(201);
    const graphId = ((await created.json()) as { graph: { id: string } }).graph.id;
    expect((await s.api(`/graphs/${graphId}`, { method: 'PUT', json: { document: waitChain(2, 0.01) }, headers: { 'X-Coinlab-Client': 'cli' } })).status).toBe(200);
    expect((await s.api('/graphs/validate', { method: 'POST', json: { document: waitChain(1, 0.01) } })).status).toBe(200);
    expect((await s.api('/graphs/00000000-0000-4000-8000-00000000dead', { method: 'DELETE' })).status).toBe(404);
    const sched = await s.api('/schedules', { method: 'POST', json: { name: 'nightly', graphId, cron: '0 3 * * *' } });
    expect(sched.status, await sched.clone().text()).toBe(201);
    const scheduleId = ((await sched.json()) as { schedule: { id: string } }).schedule.id;
    expect((await s.api(`/schedules/${scheduleId}/pause`, { method: 'POST' })).status).toBe(200);
    expect((await s.api(`/graphs/${graphId}`, { method: 'DELETE' })).status).toBe(204);

    const page = await audit('?limit=50');
    // The fixture's set-up (the owner account, then its API token) comes first.
    expect(page.entries.map((e) => e.action)).toEqual(['graphs.delete', 'schedules.pause', 'schedules.create', 'graphs.update', 'graphs.create', 'tokens.create', 'auth.setup']);
    // The actor is the account the request acted for (the owner's token here), the client what sent it.
    expect(page.entries.find((e) => e.action === 'graphs.create')).toMatchObject({ client: 'editor', actor: s.owner!.id, objectType: 'graph', objectId: graphId });
    expect(page.entries.find((e) => e.action === 'graphs.update')).toMatchObject({ client: 'cli', objectId: graphId, details: { method: 'PUT', status: 200 } });
    expect(page.entries.find((e) => e.action === 'schedules.create')).toMatchObject({ client: 'api', objectType: 'schedule', objectId: scheduleId });

    // Filters and the cursor.
    expect((await audit(`?objectId=${graphId}`)).entries.map((e) => e.action)).toEqual(['graphs.delete', 'graphs.update', 'graphs.create']);
    expect((await audit('?action=schedules.pause')).entries).toHaveLength(1);
    expect((await audit('?client=cli')).entries.map((e) => e.action)).toEqual(['graphs.update']);
    const first = await audit('?limit=2');
    const second = await audit(`?limit=2&cursor=${first.nextCursor}`);
    expect([...first.entries, ...second.entries].map((e) => e.action)).toEqual(page.entries.slice(0, 4).map((e) => e.action));
  });

  it('refuses a bad filter and an unknown client naming them, and lists GET /audit in the OpenAPI document', async () => {
    for (const [query, param] of [['?limit=0', 'limit'], ['?since=yesterday', 'since'], ['?colour=red', 'colour'], ['?cursor=abc', 'cursor']] as const) {
      const res = await s.api(`/audit${query}`);
      expect(res.status).toBe(400);
      expect(await res.text()).toContain(param);
    }
    const bad = await s.api('/graphs', { method: 'POST', json: waitChain(1, 0.01), headers: { 'X-Coinlab-Client': 'robot' } });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('X-Coinlab-Client');
    const doc = (await (await s.api('/openapi.json')).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toContain('/audit');
  });

  it('lets the owner and admins read the whole log with names, and members and viewers only their own actions', async () => {
    const as = (u: { token: string }) => async (query: string) => {
      const res = await fetch(`${s.url}/api/v1/audit${query}`, { headers: { authorization: `Bearer ${u.token}` } });
      expect(res.status, await res.clone().text()).toBe(200);
      return (await res.json()) as Page;
    };
    const admin = await addUser(s, 'admin');
    const member = await addUser(s, 'member');
    const viewer = await addUser(s, 'viewer');
    const mine = await fetch(`${s.url}/api/v1/graphs`, { method: 'POST', headers: { authorization: `Bearer ${member.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ document: waitChain(1, 0) }) });
    expect(mine.status).toBe(201);
    const ownerGraph = ((await (await s.api('/graphs', { method: 'POST', json: { document: waitChain(1, 0) } })).json()) as { graph: { id: string } }).graph.id;

    const whole = await as(admin)('?limit=200');
    expect(whole.scope).toBe('team');
    expect(whole.entries.some((e) => e.objectId === ownerGraph)).toBe(true);
    const ownerEntry = whole.entries.find((e) => e.actor === s.owner!.id)!;
    expect(ownerEntry.actorName).toBeTruthy();
    expect(whole.entries.find((e) => e.actor === 'anonymous' || e.actor === 'schedule')?.actorName ?? null).toBeNull();

    for (const u of [member, viewer]) {
      const own = await as(u)('?limit=200');
      expect(own.scope).toBe('own');
      expect(own.entries.every((e) => e.actor === u.id)).toBe(true);
      expect(JSON.stringify(own)).not.toContain(ownerGraph);
      expect(JSON.stringify(own)).not.toContain(s.owner!.email);
      // Asking for another's actions finds nothing, as for someone who never acted.
      expect((await as(u)(`?actor=${s.owner!.id}`)).entries).toEqual([]);
    }
    expect((await as(member)('?action=graphs.create')).entries).toHaveLength(1);
    expect((await as(member)(`?actor=${member.id}&action=graphs.create`)).entries).toHaveLength(1);
  });

  it('refuses a run beyond the per-client limit with 429 too_many_runs and Retry-After; another client still runs', async () => {
    // Runs that hold their slots until the test cancels them: the refusals take no bet on time.
    const start = (client: string) => s.api('/runs', { method: 'POST', json: { document: waitChain(1, 600) }, headers: { 'X-Coinlab-Client': client } });
    const a = await start('cli');
    const b = await start('cli');
    expect([a.status, b.status]).toEqual([202, 202]);
    const refused = await start('cli');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toMatch(/^[1-9][0-9]*$/);
    const body = (await refused.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('too_many_runs');
    expect(body.error.message).toMatch(/limit is 2 per user \(COINLAB_MAX_RUNS_PER_USER\); retry in \d+ s/);
    expect((await start('editor')).status).toBe(429); // the limit is the user's, whichever client asks
    for (const r of [a, b]) {
      const { runId } = (await r.json()) as { runId: string };
      expect((await s.api(`/runs/${runId}/cancel`, { method: 'POST' })).status).toBe(202);
      await s.runtime.manager.waitFor(runId);
    }
    const again = await start('cli');
    expect(again.status).toBe(202); // the slots came back when the runs ended
    const { runId: last } = (await again.json()) as { runId: string };
    await s.api(`/runs/${last}/cancel`, { method: 'POST' });
    await s.runtime.manager.waitFor(last);
    expect((await audit('?action=runs.create')).entries.length).toBe(3);
  });

  it('answers 429 with Retry-After once a principal exceeds the request rate; another user is not held up', async () => {
    const other = await addUser(s, 'member');
    let res: Response | undefined;
    for (let i = 0; i < 450; i++) {
      res = await s.api('/audit?limit=1', { headers: { 'X-Coinlab-Client': 'api' } });
      if (res.status === 429) break;
    }
    expect(res?.status).toBe(429);
    expect(Number(res?.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await res!.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
    // Counted per API token, not per client name: the same token as "editor" is refused too.
    expect((await s.api('/audit?limit=1', { headers: { 'X-Coinlab-Client': 'editor' } })).status).toBe(429);
    expect((await fetch(`${s.url}/api/v1/graphs`, { headers: { authorization: `Bearer ${other.token}` } })).status).toBe(200);
  });
});

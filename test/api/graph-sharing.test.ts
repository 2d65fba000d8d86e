import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import { testDatabases } from '../support/db';
import { waitChain } from '../support/graphs';
import { addUser, startTestServer, type TestServer } from '../support/server';
import type { TestUser } from '../support/auth';

// Issue 11 (Teams): every object is owned; a graph shared as viewer is read (with its runs),
// as editor also changed and run; anything else of another user is a 404 exactly like an
// unknown id, over HTTP and socket.io.

const UNKNOWN = '00000000-0000-4000-8000-0000000000ff';

describe.each(testDatabases())('graph shares and isolation ($name database)', (target) => {
  let s: TestServer;
  let viewer: TestUser; // member with a viewer share
  let editor: TestUser; // member with an editor share
  let stranger: TestUser; // member without a share
  let graphId: string;
  let runId: string;

  const as = (u: { token: string }, path: string, init: { method?: string; json?: unknown } = {}) =>
    fetch(`${s.url}/api/v1${path}`, { method: init.method ?? 'GET', headers: { authorization: `Bearer ${u.token}`, ...(init.json !== undefined ? { 'content-type': 'application/json' } : {}) }, ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : {}) });
  const notFoundBody = (what: string, id: string) => ({ error: { code: 'not_found', message: `no ${what} with id "${id}"` } });

  beforeAll(async () => {
    s = await startTestServer(target);
    [viewer, editor, stranger] = [await addUser(s, 'member'), await addUser(s, 'member'), await addUser(s, 'member')];
    const created = await s.api('/graphs', { method: 'POST', json: { document: waitChain(2, 0) } });
    graphId = ((await created.json()) as { graph: { id: string } }).graph.id;
    const started = await s.api('/runs', { method: 'POST', json: { graphId } });
    runId = ((await started.json()) as { runId: string }).runId;
    await s.runtime.manager.waitFor(runId);
  }, 120_000);
  afterAll(async () => s?.close());

  it('only the owner shares; the list names who it is shared with; bad grantees are named', async () => {
    expect((await as(viewer, `/graphs/${graphId}/shares`, { method: 'PUT', json: { userId: viewer.id, level: 'editor' } })).status).toBe(404);
    const put = await s.api(`/graphs/${graphId}/shares`, { method: 'PUT', json: { userId: viewer.id, level: 'viewer' } });
    expect(put.status, await put.clone().text()).toBe(200);
    expect((await s.api(`/graphs/${graphId}/shares`, { method: 'PUT', json: { userId: editor.id, level: 'viewer' } })).status).toBe(200);
    // Setting again changes the level: still one share per person.
    const again = await s.api(`/graphs/${graphId}/shares`, { method: 'PUT', json: { userId: editor.id, level: 'editor' } });
    const shares = ((await again.json()) as { shares: { userId: string; level: string; userName: string | null }[] }).shares;
    expect(shares.map((x) => [x.userId, x.level]).sort()).toEqual([[editor.id, 'editor'], [viewer.id, 'viewer']].sort());
    expect(shares.every((x) => typeof x.userName === 'string')).toBe(true);
    const bad = await s.api(`/graphs/${graphId}/shares`, { method: 'PUT', json: { userId: UNKNOWN, level: 'viewer' } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { problems: { path: string }[] } }).error.problems[0]!.path).toBe('userId');
    // A share holder reads the list but may not change it.
    expect((await as(viewer, `/graphs/${graphId}/shares`)).status).toBe(200);
    expect((await as(editor, `/graphs/${graphId}/shares/${viewer.id}`, { method: 'DELETE' })).status).toBe(403);
    // Someone it is not shared with learns nothing.
    const hidden = await as(stranger, `/graphs/${graphId}/shares`);
    expect(hidden.status).toBe(404);
    expect(await hidden.json()).toEqual(notFoundBody('graph', graphId));
  });

  it('lists own and shared graphs with access and owner name; strangers see neither graph nor run', async () => {
    const list = (await (await as(viewer, '/graphs')).json()) as { graphs: { id: string; access: string; ownerName: string }[] };
    expect(list.graphs.find((g) => g.id === graphId)).toMatchObject({ access: 'viewer', ownerName: 'Owner' });
    const mine = (await (await s.api('/graphs')).json()) as { graphs: { id: string; access: string }[] };
    expect(mine.graphs.find((g) => g.id === graphId)?.access).toBe('owner');
    expect(((await (await as(stranger, '/graphs')).json()) as { graphs: { id: string }[] }).graphs.map((g) => g.id)).not.toContain(graphId);
    expect(((await (await as(stranger, '/runs')).json()) as { runs: { id: string }[] }).runs.map((r) => r.id)).not.toContain(runId);
    for (const path of [`/graphs/${graphId}`, `/graphs/${graphId}/versions`]) {
      const res = await as(stranger, path);
      expect(res.status, path).toBe(404);
      expect(await res.json()).toEqual(notFoundBody('graph', graphId));
    }
    for (const path of [`/runs/${runId}`, `/runs/${runId}/events`, `/runs/${runId}/artifacts`]) {
      const res = await as(stranger, path);
      expect(res.status, path).toBe(404);
      // Exactly the body an id that does not exist gets.
      const unknown = await as(stranger, path.replace(runId, UNKNOWN));
      expect(await res.json()).toEqual(JSON.parse((await unknown.text()).replaceAll(UNKNOWN, runId)));
    }
    const cancel = await as(stranger, `/runs/${runId}/cancel`, { method: 'POST' });
    expect(cancel.status).toBe(404);
    expect((await as(stranger, '/runs', { method: 'POST', json: { graphId } })).status).toBe(404);
  });

  it('a viewer reads the graph and its runs, copies it, but neither saves nor runs nor cancels it', async () => {
    expect((await as(viewer, `/graphs/${graphId}`)).status).toBe(200);
    expect((await as(viewer, `/runs/${runId}`)).status).toBe(200);
    expect((await as(viewer, `/runs/${runId}/events`)).status).toBe(200);
    expect(((await (await as(viewer, `/runs?graphId=${graphId}`)).json()) as { runs: { id: string }[] }).runs.map((r) => r.id)).toContain(runId);
    expect((await as(viewer, `/graphs/${graphId}`, { method: 'PUT', json: { document: waitChain(3, 0) } })).status).toBe(403);
    expect((await as(viewer, '/runs', { method: 'POST', json: { graphId } })).status).toBe(403);
    expect((await as(viewer, `/runs/${runId}/cancel`, { method: 'POST' })).status).toBe(403);
    expect((await as(viewer, `/graphs/${graphId}`, { method: 'DELETE' })).status).toBe(403);
    const copy = await as(viewer, '/graphs', { method: 'POST', json: { document: waitChain(2, 0) } });
    expect(copy.status).toBe(201);
  });

  it('an editor saves and runs the graph; the owner sees that run; revoking the share hides it again', async () => {
    expect((await as(editor, `/graphs/${graphId}`, { method: 'PUT', json: { document: waitChain(2, 0) } })).status).toBe(200);
    const started = await as(editor, '/runs', { method: 'POST', json: { graphId } });
    expect(started.status, await started.clone().text()).toBe(202);
    const editorRun = ((await started.json()) as { runId: string }).runId;
    await s.runtime.manager.waitFor(editorRun);
    expect((await s.api(`/runs/${editorRun}`)).status).toBe(200);
    expect((await as(viewer, `/runs/${editorRun}`)).status).toBe(200);
    expect((await s.api(`/graphs/${graphId}/shares/${viewer.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await as(viewer, `/runs/${editorRun}`)).status).toBe(404);
    expect((await as(viewer, `/graphs/${graphId}`)).status).toBe(404);
    // The team share reaches everyone, the stranger too.
    expect((await s.api(`/graphs/${graphId}/shares`, { method: 'PUT', json: { userId: null, level: 'viewer' } })).status).toBe(200);
    expect((await as(stranger, `/graphs/${graphId}`)).status).toBe(200);
    expect((await s.api(`/graphs/${graphId}/shares/team`, { method: 'DELETE' })).status).toBe(204);
    expect((await as(stranger, `/graphs/${graphId}`)).status).toBe(404);
  });

  it("other owners' schedules, experiments, alerts, sessions, triggers and portfolios are 404 like unknown ids", async () => {
    const sched = await s.api('/schedules', { method: 'POST', json: { name: 'nightly', graphId, cron: '0 3 * * *' } });
    expect(sched.status, await sched.clone().text()).toBe(201);
    const scheduleId = ((await sched.json()) as { schedule: { id: string } }).schedule.id;
    expect(((await (await as(stranger, '/schedules')).json()) as { schedules: unknown[] }).schedules).toEqual([]);
    for (const [method, path] of [['GET', `/schedules/${scheduleId}`], ['POST', `/schedules/${scheduleId}/pause`], ['DELETE', `/schedules/${scheduleId}`]] as const) {
      const theirs = await as(stranger, path, { method });
      const unknown = await as(stranger, path.replace(scheduleId, UNKNOWN), { method });
      expect(theirs.status, `${method} ${path}`).toBe(404);
      expect(await theirs.text()).toBe((await unknown.text()).replaceAll(UNKNOWN, scheduleId));
    }
    expect((await s.api(`/schedules/${scheduleId}`)).status).toBe(200);
    for (const path of ['/experiments', '/paper', '/data-triggers', '/lab/agent/sessions', '/alerts']) {
      const res = await as(stranger, path);
      expect(res.status, path).toBe(200);
    }
  });

  it('socket.io: a stranger cannot join the run (same answer as an unknown id); a share holder can', async () => {
    const join = async (u: { token: string }, id: string) => {
      const socket: Socket = io(s.url, { auth: { token: u.token }, transports: ['websocket'], reconnection: false, forceNew: true });
      try {
        await new Promise<void>((resolve, reject) => {
          socket.once('connect', () => resolve());
          socket.once('connect_error', reject);
        });
        return await new Promise<{ ok: boolean; error?: string }>((resolve) => socket.emit('run:join', { runId: id, afterSeq: 0 }, resolve));
      } finally {
        socket.close();
      }
    };
    const refused = await join(stranger, runId);
    expect(refused.ok).toBe(false);
    expect(refused.error).toBe((await join(stranger, UNKNOWN)).error!.replace(UNKNOWN, runId));
    expect((await join(editor, runId)).ok).toBe(true);
    expect((await join(s.owner!, runId)).ok).toBe(true);
  });
});

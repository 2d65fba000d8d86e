import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';
import { saveGatedGraph, waitChain } from '../support/graphs';

type Schedule = { id: string; name: string; graphId: string; graphVersion: number | null; cron: string; timezone: string; overlap: string; catchUp: string; endsAt: string | null; paused: boolean; nextFireAt: string | null; lastRunId: string | null; lastRunStatus: string | null };
type Problem = { error: { code: string; message: string; problems?: { path: string; message: string }[] } };

describe.each(testDatabases())('schedules over HTTP ($name database)', (target) => {
  let s: TestServer;
  let graphId: string;
  beforeAll(async () => {
    s = await startTestServer(target);
    const res = await s.api('/graphs', { method: 'POST', json: { document: waitChain(1, 0) } });
    graphId = ((await res.json()) as { graph: { id: string } }).graph.id;
  });
  afterAll(async () => s?.close());

  const create = (body: unknown) => s.api('/schedules', { method: 'POST', json: body });
  const count = async () => ((await (await s.api('/schedules')).json()) as { schedules: Schedule[] }).schedules.length;

  it('refuses bad input with a 400 naming the field, and stores nothing', async () => {
    const before = await count();
    const cases: [Record<string, unknown>, string][] = [
      [{ name: 'x', graphId, cron: 'every tuesday' }, 'cron'],
      [{ name: 'x', graphId, cron: '61 * * * *' }, 'cron'],
      [{ name: 'x', graphId, cron: '* * * * *', timezone: 'Mars/Olympus' }, 'timezone'],
      [{ name: 'x', graphId, cron: '* * * * *', overlap: 'sometimes' }, 'overlap'],
      [{ name: 'x', graphId, cron: '* * * * *', catchUp: 'all' }, 'catchUp'],
      [{ name: 'x', graphId, cron: '* * * * *', endsAt: 'tomorrow' }, 'endsAt'],
      [{ name: '', graphId, cron: '* * * * *' }, 'name'],
      [{ name: 'x', graphId: 'nope', cron: '* * * * *' }, 'graphId'],
      [{ name: 'x', graphId: '00000000-0000-4000-8000-000000000000', cron: '* * * * *' }, 'graphId'],
      [{ name: 'x', graphId, graphVersion: 7, cron: '* * * * *' }, 'graphVersion'],
    ];
    for (const [body, field] of cases) {
      const res = await create(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      const problem = (await res.json()) as Problem;
      expect(problem.error.problems?.map((p) => p.path), JSON.stringify(body)).toContain(field);
    }
    expect(await count()).toBe(before);
  });

  it('creates, lists with the next fire time, changes, pauses, resumes and deletes', async () => {
    const res = await create({ name: 'nightly', graphId, cron: '0 3 * * *', timezone: 'Europe/Berlin', overlap: 'queue', catchUp: 'skip' });
    expect(res.status).toBe(201);
    const { schedule } = (await res.json()) as { schedule: Schedule };
    expect(schedule).toMatchObject({ name: 'nightly', graphVersion: null, overlap: 'queue', catchUp: 'skip', paused: false, lastRunId: null });
    const next = new Date(schedule.nextFireAt!);
    expect(next.getTime()).toBeGreaterThan(Date.now());
    // 03:00 in Berlin is 01:00 or 02:00 UTC.
    expect([1, 2]).toContain(next.getUTCHours());
    const listed = ((await (await s.api('/schedules')).json()) as { schedules: Schedule[] }).schedules.find((x) => x.id === schedule.id);
    expect(listed?.nextFireAt).toBe(schedule.nextFireAt);

    const patched = await s.api(`/schedules/${schedule.id}`, { method: 'PATCH', json: { cron: '30 4 * * *', timezone: 'UTC' } });
    expect(patched.status).toBe(200);
    expect(new Date(((await patched.json()) as { schedule: Schedule }).schedule.nextFireAt!).getUTCHours()).toBe(4);
    const badPatch = await s.api(`/schedules/${schedule.id}`, { method: 'PATCH', json: { cron: 'nope' } });
    expect(badPatch.status).toBe(400);
    expect(((await (await s.api(`/schedules/${schedule.id}`)).json()) as { schedule: Schedule }).schedule.cron).toBe('30 4 * * *');

    const paused = (await (await s.api(`/schedules/${schedule.id}/pause`, { method: 'POST' })).json()) as { schedule: Schedule };
    expect(paused.schedule).toMatchObject({ paused: true, nextFireAt: null });
    const resumed = (await (await s.api(`/schedules/${schedule.id}/resume`, { method: 'POST' })).json()) as { schedule: Schedule };
    expect(resumed.schedule.paused).toBe(false);
    expect(resumed.schedule.nextFireAt).not.toBeNull();

    expect((await s.api(`/schedules/${schedule.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await s.api(`/schedules/${schedule.id}`)).status).toBe(404);
    expect((await s.api(`/schedules/${schedule.id}/pause`, { method: 'POST' })).status).toBe(404);
  });

  it('fires on time from the server\'s own timer: ordinary runs whose trigger names the schedule', async () => {
    const res = await create({ name: 'every second', graphId, cron: '* * * * * *' });
    const { schedule } = (await res.json()) as { schedule: Schedule };
    const runs = async () => (await s.runtime.store.runs.list({ graphId, limit: 100 })).filter((r) => r.trigger.startsWith('schedule:every second at '));
    await expect.poll(async () => (await runs()).length, { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
    await s.api(`/schedules/${schedule.id}/pause`, { method: 'POST' });
    const fired = await runs();
    // One run per fire time, never two for the same second.
    const times = fired.map((r) => r.trigger);
    expect(new Set(times).size).toBe(times.length);
    const shown = ((await (await s.api(`/schedules/${schedule.id}`)).json()) as { schedule: Schedule }).schedule;
    expect(fired.map((r) => r.id)).toContain(shown.lastRunId);
    await s.api(`/schedules/${schedule.id}`, { method: 'DELETE' });
  });

  it('warns, when created or changed, of each approval gate that will wait for a person at every fire', async () => {
    // Version 1 has two gates that need a person; version 2 (the latest) none (see saveGatedGraph).
    const gatedId = await saveGatedGraph(s);

    type Saved = { schedule: Schedule; warnings: string[] };
    const pinned = await create({ name: 'gated v1', graphId: gatedId, graphVersion: 1, cron: '0 3 * * *' });
    expect(pinned.status).toBe(201);
    const first = (await pinned.json()) as Saved;
    expect(first.warnings).toHaveLength(2);
    expect(first.warnings[0]).toMatch(/^approval gate "approve" \(Publish\?\) waits for a person at every fire: each run pauses there until someone answers the "approval needed" alert it raises, and until then later fires are skipped \(overlap "skip"\)\. To run unattended, set its mode to automatic/);
    expect(first.warnings[1]).toMatch(/^approval gate "deadline" \(Approval gate\) needs a person at every fire: unless someone answers the "approval needed" alert within 600 s, its branch stops\. .*set its default action to "continue"/);

    // Changed to the latest version: nothing waits any more.
    const latest = await s.api(`/schedules/${first.schedule.id}`, { method: 'PATCH', json: { graphVersion: null } });
    expect(latest.status).toBe(200);
    expect(((await latest.json()) as Saved).warnings).toEqual([]);
    // Pinned to version 1 again, with overlap "queue": warned again, in the words of that policy.
    const again = await s.api(`/schedules/${first.schedule.id}`, { method: 'PATCH', json: { graphVersion: 1, overlap: 'queue' } });
    expect(again.status).toBe(200);
    const warned = (await again.json()) as Saved;
    expect(warned.warnings).toHaveLength(2);
    expect(warned.warnings[0]).toContain('one later fire waits behind it (overlap "queue")');
    // A schedule of a graph without a gate: none; a refused change: the error, no warnings.
    const plain = (await (await create({ name: 'plain', graphId, cron: '0 3 * * *' })).json()) as Saved;
    expect(plain.warnings).toEqual([]);
    const refused = await s.api(`/schedules/${first.schedule.id}`, { method: 'PATCH', json: { graphVersion: 9 } });
    expect(refused.status).toBe(400);
    expect(await refused.json()).not.toHaveProperty('warnings');
    for (const id of [first.schedule.id, plain.schedule.id]) await s.api(`/schedules/${id}`, { method: 'DELETE' });
  });

  it('is described in the OpenAPI document, warnings included', async () => {
    const doc = (await (await s.api('/openapi.json')).json()) as { paths: Record<string, Record<string, { responses: Record<string, { content: { 'application/json': { schema: { properties?: Record<string, unknown>; required?: string[] } } } }> }>> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/schedules', '/schedules/{id}', '/schedules/{id}/pause', '/schedules/{id}/resume']));
    for (const [path, method, status] of [['/schedules', 'post', '201'], ['/schedules/{id}', 'patch', '200']] as const) {
      const schema = doc.paths[path]![method]!.responses[status]!.content['application/json'].schema;
      expect(Object.keys(schema.properties ?? {}), `${method} ${path}`).toEqual(['schedule', 'warnings']);
      expect(schema.required, `${method} ${path}`).toEqual(['schedule', 'warnings']);
    }
  });
});

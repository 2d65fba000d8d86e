import { LOCAL_USER_ID } from '../db/repos/users';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embeddedTarget, type ProvisionedDatabase } from '../db/testing/test-databases';
import { createRuntime, type Runtime } from '../runtime';
import { ScheduleService } from './service';
import type { FireOutcome } from './fire';

// Schedules with a fixed clock (nothing waits for real time): the overlap and catch-up
// policies, end dates, pause/resume, and a restart on the same database in between.

const waitGraph = (seconds: number) => ({
  version: 2,
  name: `wait ${seconds}s`,
  nodes: [{ id: 'w', type: 'utility.wait', typeVersion: 1, params: { seconds }, position: { x: 0, y: 0 } }],
  edges: [],
});

const at = (iso: string) => new Date(iso);

describe('schedules with a fixed clock (embedded database)', () => {
  let db: ProvisionedDatabase;
  let runtime: Runtime;
  let clock = at('2026-03-02T10:00:00Z');
  let svc: ScheduleService;
  let quickGraph: string;
  let slowGraph: string;
  const open = async () => {
    runtime = await createRuntime({ dataDir: db.dataDir!, resumeRuns: false });
    svc = new ScheduleService({ store: runtime.store, manager: runtime.manager, now: () => clock });
  };
  beforeAll(async () => {
    db = await embeddedTarget.provision();
    await open();
    quickGraph = (await runtime.store.graphs.create({ ownerId: runtime.ownerId, name: 'quick', document: waitGraph(0) })).id;
    slowGraph = (await runtime.store.graphs.create({ ownerId: runtime.ownerId, name: 'slow', document: waitGraph(60) })).id;
  });
  afterAll(async () => {
    await runtime?.close();
    await db?.dispose();
  });

  const create = async (over: Record<string, unknown> = {}) => {
    const r = await svc.create(LOCAL_USER_ID, { name: 'every 15 min', graphId: quickGraph, cron: '*/15 * * * *', timezone: 'UTC', ...over });
    if (!r.ok) throw new Error(r.message);
    return r.schedule;
  };
  const fired = (o: FireOutcome) => {
    if (o.kind !== 'fired') throw new Error(`expected a fire, got ${JSON.stringify(o)}`);
    return o;
  };
  const runsOf = async (graphId: string) => (await runtime.store.runs.list({ graphId, limit: 1000 })).filter((r) => r.trigger.startsWith('schedule:'));

  it('computes the next fire time in the schedule\'s zone, across a daylight-saving change', async () => {
    clock = at('2026-03-07T15:00:00Z'); // 10:00 in New York, past that day's 9:00
    // 9:00 in New York: EST (UTC-5) on the 7th, EDT (UTC-4) from the 8th.
    const s = await create({ cron: '0 9 * * *', timezone: 'America/New_York', paused: true });
    expect(s.nextFireAt?.toISOString()).toBe('2026-03-08T13:00:00.000Z');
    await svc.delete(LOCAL_USER_ID, s.id);
  });

  it('fires once when due, as an ordinary run whose trigger names the schedule, and advances', async () => {
    clock = at('2026-03-02T10:07:00Z');
    const s = await create({ name: 'quarterly' });
    expect(s.nextFireAt?.toISOString()).toBe('2026-03-02T10:15:00.000Z');
    expect((await svc.fire(s.id, at('2026-03-02T10:14:59Z'))).kind).toBe('not_due');
    const f = fired(await svc.fire(s.id, at('2026-03-02T10:15:02Z')));
    expect(f.missed).toBe(0);
    expect((await f.started.done).status).toBe('succeeded');
    const run = await runtime.store.runs.get(f.runId);
    expect(run).toMatchObject({ graphId: quickGraph, graphVersion: 1, trigger: 'schedule:quarterly at 2026-03-02T10:15:00.000Z' });
    // A second instance asking at the same moment finds it no longer due.
    expect((await svc.fire(s.id, at('2026-03-02T10:15:02Z'))).kind).toBe('not_due');
    const after = await svc.get(LOCAL_USER_ID, s.id);
    expect(after).toMatchObject({ lastRunId: f.runId, lastFireAt: at('2026-03-02T10:15:00Z'), nextFireAt: at('2026-03-02T10:30:00Z') });
    await svc.delete(LOCAL_USER_ID, s.id);
  });

  it('overlap "skip": no fire while the previous run is still going; "queue": one fire waits for it', async () => {
    clock = at('2026-03-02T10:00:00Z');
    const skip = await create({ name: 'skipper', graphId: slowGraph, overlap: 'skip' });
    const first = fired(await svc.fire(skip.id, at('2026-03-02T10:15:00Z')));
    const second = await svc.fire(skip.id, at('2026-03-02T10:30:00Z'));
    expect(second).toMatchObject({ kind: 'skipped', reason: 'overlap' });
    expect((await svc.get(LOCAL_USER_ID, skip.id))?.nextFireAt?.toISOString()).toBe('2026-03-02T10:45:00.000Z');
    expect((await svc.get(LOCAL_USER_ID, skip.id))?.lastRunId).toBe(first.runId);

    const queue = await create({ name: 'queuer', graphId: slowGraph, overlap: 'queue' });
    const q1 = fired(await svc.fire(queue.id, at('2026-03-02T10:15:00Z')));
    expect(await svc.fire(queue.id, at('2026-03-02T10:30:00Z'))).toMatchObject({ kind: 'queued', behindRunId: q1.runId });
    expect((await svc.get(LOCAL_USER_ID, queue.id))?.queuedFireAt?.toISOString()).toBe('2026-03-02T10:30:00.000Z');
    expect(['queued', 'running']).toContain((await runtime.store.runs.get(q1.runId))?.status);

    for (const id of [first.runId, q1.runId]) runtime.manager.cancel(id, 'test over');
    await Promise.all([first.started.done, q1.started.done]);
    // The run ended: the waiting fire starts (the runtime heard the end), once however often asked.
    const waited = async () => (await runsOf(slowGraph)).filter((r) => r.trigger === `schedule:queuer at 2026-03-02T10:30:00.000Z (queued behind run ${q1.runId})`);
    await expect.poll(async () => (await waited()).length, { timeout: 10_000 }).toBe(1);
    expect((await svc.fireQueued(queue.id)).kind).toBe('none');
    expect(await waited()).toHaveLength(1);
    runtime.manager.cancel((await waited())[0]!.id, 'test over');
    // Once the previous run has ended, "skip" fires again.
    fired(await svc.fire(skip.id, at('2026-03-02T10:45:00Z')));
    await svc.delete(LOCAL_USER_ID, skip.id);
    await svc.delete(LOCAL_USER_ID, queue.id);
  });

  it('catch-up "once": one run for every missed fire time, the trigger says how many', async () => {
    clock = at('2026-03-02T09:50:00Z');
    const s = await create({ name: 'catcher', catchUp: 'once' });
    // Down from before 10:00 until 11:00:30: 10:00, 10:15, 10:30, 10:45 and 11:00 all passed.
    const f = fired(await svc.fire(s.id, at('2026-03-02T11:00:30Z')));
    expect(f.missed).toBe(4);
    expect((await runtime.store.runs.get(f.runId))?.trigger).toBe('schedule:catcher at 2026-03-02T11:00:00.000Z (catch-up: once for 5 fire times, 4 missed)');
    expect((await svc.get(LOCAL_USER_ID, s.id))?.nextFireAt?.toISOString()).toBe('2026-03-02T11:15:00.000Z');
    expect(await runsOf(quickGraph).then((rs) => rs.filter((r) => r.trigger.startsWith('schedule:catcher')).length)).toBe(1);
    await f.started.done;
    await svc.delete(LOCAL_USER_ID, s.id);
  });

  it('catch-up "skip": missed times are dropped; a fire on time still runs', async () => {
    clock = at('2026-03-02T09:50:00Z');
    const s = await create({ name: 'skipmissed', catchUp: 'skip' });
    const late = await svc.fire(s.id, at('2026-03-02T11:05:00Z'));
    expect(late).toMatchObject({ kind: 'skipped', reason: 'missed', missed: 5 });
    expect((await svc.get(LOCAL_USER_ID, s.id))?.nextFireAt?.toISOString()).toBe('2026-03-02T11:15:00.000Z');
    expect((await svc.get(LOCAL_USER_ID, s.id))?.lastRunId).toBeNull();
    const onTime = fired(await svc.fire(s.id, at('2026-03-02T11:15:01Z')));
    expect((await runtime.store.runs.get(onTime.runId))?.trigger).toBe('schedule:skipmissed at 2026-03-02T11:15:00.000Z');
    await onTime.started.done;
    await svc.delete(LOCAL_USER_ID, s.id);
  });

  it('stops at its end date, and catch-up counts no time past it', async () => {
    clock = at('2026-03-02T09:50:00Z');
    const s = await create({ name: 'ending', endsAt: '2026-03-02T10:20:00Z' });
    const f = fired(await svc.fire(s.id, at('2026-03-02T12:00:00Z')));
    expect(f.missed).toBe(1); // 10:00 and 10:15; 10:30 is after the end
    expect(f.scheduledAt.toISOString()).toBe('2026-03-02T10:15:00.000Z');
    await f.started.done;
    expect((await svc.get(LOCAL_USER_ID, s.id))?.nextFireAt).toBeNull();
    expect((await svc.fire(s.id, at('2026-03-02T13:00:00Z'))).kind).toBe('ended');
    await svc.delete(LOCAL_USER_ID, s.id);
  });

  it('pause: nothing fires; resume counts from now (times passed while paused are not caught up)', async () => {
    clock = at('2026-03-02T09:50:00Z');
    const s = await create({ name: 'pausing' });
    const paused = await svc.pause(LOCAL_USER_ID, s.id);
    expect(paused.ok && paused.schedule.paused).toBe(true);
    expect((await svc.fire(s.id, at('2026-03-02T10:00:00Z'))).kind).toBe('paused');
    clock = at('2026-03-02T11:07:00Z');
    const resumed = await svc.resume(LOCAL_USER_ID, s.id);
    expect(resumed.ok && resumed.schedule.nextFireAt?.toISOString()).toBe('2026-03-02T11:15:00.000Z');
    expect((await svc.fire(s.id, at('2026-03-02T11:08:00Z'))).kind).toBe('not_due');
    await svc.delete(LOCAL_USER_ID, s.id);
  });

  it('refuses an unknown graph or version naming the field, storing nothing', async () => {
    const before = (await svc.list(LOCAL_USER_ID)).length;
    expect(await svc.create(LOCAL_USER_ID, { name: 'x', graphId: '00000000-0000-4000-8000-000000000000', cron: '* * * * *' })).toMatchObject({ ok: false, status: 400, path: 'graphId' });
    expect(await svc.create(LOCAL_USER_ID, { name: 'x', graphId: quickGraph, graphVersion: 9, cron: '* * * * *' })).toMatchObject({ ok: false, status: 400, path: 'graphVersion' });
    expect((await svc.list(LOCAL_USER_ID)).length).toBe(before);
  });

  it('a schedule pinned to an older version runs that version\'s document; one without a pin runs the latest', async () => {
    clock = at('2026-03-02T09:50:00Z');
    const graphId = (await runtime.store.graphs.create({ ownerId: runtime.ownerId, name: 'versioned', document: waitGraph(0) })).id;
    await runtime.store.graphs.update(graphId, { document: { ...waitGraph(0), name: 'version two', nodes: [{ ...waitGraph(0).nodes[0]!, id: 'w2' }] } });
    const pinned = await create({ name: 'pinned v1', graphId, graphVersion: 1 });
    const latest = await create({ name: 'latest', graphId });
    for (const [s, version, nodeId] of [[pinned, 1, 'w'], [latest, 2, 'w2']] as const) {
      const f = fired(await svc.fire(s.id, at('2026-03-02T10:00:01Z')));
      expect((await f.started.done).status).toBe('succeeded');
      const run = await runtime.store.runs.get(f.runId);
      expect(run).toMatchObject({ graphId, graphVersion: version });
      const nodes = (run?.graphSnapshot as { nodes: { id: string }[] } | undefined)?.nodes.map((n) => n.id);
      expect(nodes).toEqual([nodeId]);
      await svc.delete(LOCAL_USER_ID, s.id);
    }
  });

  it('catch-up "skip" across a restart: the times missed while down are dropped, the next one on time fires', async () => {
    clock = at('2026-03-02T09:50:00Z');
    const s = await create({ name: 'restarted skip', catchUp: 'skip' });
    await runtime.close();
    // Back up at 10:33: 10:00, 10:15 and 10:30 passed while down (10:30 more than a minute ago).
    clock = at('2026-03-02T10:33:00Z');
    await open();
    const outcomes = await svc.fireAllDue();
    expect(outcomes.find((o) => o.kind === 'skipped')).toMatchObject({ kind: 'skipped', reason: 'missed', missed: 3 });
    expect(outcomes.some((o) => o.kind === 'fired')).toBe(false);
    expect((await svc.get(LOCAL_USER_ID, s.id))?.nextFireAt?.toISOString()).toBe('2026-03-02T10:45:00.000Z');
    const onTime = fired(await svc.fire(s.id, at('2026-03-02T10:45:02Z')));
    await onTime.started.done;
    await svc.delete(LOCAL_USER_ID, s.id);
  });

  it('survives a restart: stored, and the missed fire times are caught up on the next start', async () => {
    clock = at('2026-03-02T09:50:00Z');
    const s = await create({ name: 'restarted', catchUp: 'once' });
    await runtime.close();
    clock = at('2026-03-02T10:31:00Z');
    await open();
    expect((await svc.get(LOCAL_USER_ID, s.id))?.nextFireAt?.toISOString()).toBe('2026-03-02T10:00:00.000Z');
    const outcomes = await svc.fireAllDue();
    const f = fired(outcomes.find((o) => o.kind === 'fired' && o.scheduledAt.toISOString() === '2026-03-02T10:30:00.000Z')!);
    expect(f.missed).toBe(2);
    await f.started.done;
    expect((await svc.get(LOCAL_USER_ID, s.id))?.nextFireAt?.toISOString()).toBe('2026-03-02T10:45:00.000Z');
  });
});

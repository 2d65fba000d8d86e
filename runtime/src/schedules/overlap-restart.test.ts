import { LOCAL_USER_ID } from '../db/repos/users';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases, type ProvisionedDatabase } from '../db/testing/test-databases';
import { createRuntime, type Runtime } from '../runtime';
import type { FireOutcome } from './fire';

// The overlap policies ("skip", "queue": exactly ONE fire waits) and the catch-up policies
// ("once", "skip") across a restart of the runtime, with a fixed clock: the previous run is
// handed over at the stop and resumed at the start (as `coinlab serve` does), so it is still
// going after the restart. A waiting fire is stored, survives the restart and runs once.

const waitGraph = (seconds: number) => ({
  version: 2,
  name: `wait ${seconds}s`,
  nodes: [{ id: 'w', type: 'utility.wait', typeVersion: 1, params: { seconds }, position: { x: 0, y: 0 } }],
  edges: [],
});
const at = (iso: string) => new Date(iso);

describe.each(testDatabases())('schedule overlap and catch-up across a restart ($name)', (target) => {
  let db: ProvisionedDatabase;
  let runtime: Runtime;
  let clock = at('2026-03-02T09:50:00Z');
  let slowGraph: string;
  /** Opens the runtime as a server start does: runs left open are resumed here. */
  const open = async (resumeRuns = true) => {
    runtime = await createRuntime({ ...(db.databaseUrl ? { databaseUrl: db.databaseUrl } : { dataDir: db.dataDir! }), resumeRuns, now: () => clock });
    await runtime.manager.recover();
  };
  /** Stops it; with `resumeRuns` its runs are left open for the next start (a server's stop). */
  const restart = async (to: string, o: { runsSurvive: boolean } = { runsSurvive: true }) => {
    await runtime.close();
    clock = at(to);
    await open(o.runsSurvive);
  };
  beforeAll(async () => {
    db = await target.provision();
    await open();
    slowGraph = (await runtime.store.graphs.create({ ownerId: runtime.ownerId, name: 'slow', document: waitGraph(600) })).id;
  });
  afterAll(async () => {
    for (const r of await runtime.store.runs.list({ status: ['queued', 'running'], limit: 100 })) runtime.manager.cancel(r.id, 'test over');
    await runtime?.close();
    await db?.dispose();
  });

  const svc = () => runtime.schedules;
  const create = async (name: string, over: Record<string, unknown>) => {
    clock = at('2026-03-02T09:50:00Z');
    const r = await svc().create(LOCAL_USER_ID, { name, graphId: slowGraph, cron: '*/15 * * * *', timezone: 'UTC', ...over });
    if (!r.ok) throw new Error(r.message);
    return r.schedule.id;
  };
  const fired = (o: FireOutcome | undefined) => {
    if (o?.kind !== 'fired') throw new Error(`expected a fire, got ${JSON.stringify(o)}`);
    return o;
  };
  const runsOf = async (name: string) => (await runtime.store.runs.list({ graphId: slowGraph, limit: 1000 })).filter((r) => r.trigger.startsWith(`schedule:${name} `));
  /** The previous run must be going when the runtime stops: its start is not instant (its row, its turn, its owner's LLM provider). */
  const runningNow = async (runId: string) => {
    await expect.poll(async () => (await runtime.store.runs.get(runId))?.status, { timeout: 10_000 }).toBe('running');
  };
  const stopRun = async (runId: string) => {
    runtime.manager.cancel(runId, 'the previous run ends');
    await expect.poll(async () => (await runtime.store.runs.get(runId))?.status, { timeout: 10_000 }).toBe('cancelled');
  };

  it('"queue": one fire waits while the previous run goes on (a second is dropped), survives the restart and runs once when that run ends', async () => {
    const id = await create('queuer', { overlap: 'queue', catchUp: 'once' });
    const a = fired(await svc().fire(id, at('2026-03-02T10:00:01Z')));
    await runningNow(a.runId);
    expect(await svc().fire(id, at('2026-03-02T10:15:01Z'))).toMatchObject({ kind: 'queued', behindRunId: a.runId, missed: 0 });
    expect((await svc().get(LOCAL_USER_ID, id))?.queuedFireAt?.toISOString()).toBe('2026-03-02T10:15:00.000Z');
    // One waits already: the 10:30 fire is dropped, the waiting one keeps its time.
    expect(await svc().fire(id, at('2026-03-02T10:30:01Z'))).toMatchObject({ kind: 'skipped', reason: 'overlap' });
    expect((await svc().get(LOCAL_USER_ID, id))?.queuedFireAt?.toISOString()).toBe('2026-03-02T10:15:00.000Z');

    await restart('2026-03-02T10:40:00Z');
    expect((await runtime.store.runs.get(a.runId))?.status).toBe('running');
    const stored = await svc().get(LOCAL_USER_ID, id);
    expect(stored).toMatchObject({ queuedFireAt: at('2026-03-02T10:15:00Z'), nextFireAt: at('2026-03-02T10:45:00Z'), lastRunId: a.runId });
    // Nothing due, and the run it waits behind is still going: nothing starts.
    expect(await svc().fireAllDue()).toEqual([]);
    expect(await svc().fire(id, at('2026-03-02T10:45:01Z'))).toMatchObject({ kind: 'skipped', reason: 'overlap' });
    expect(await runsOf('queuer')).toHaveLength(1);

    // The previous run ends: the waiting fire starts at once (the run end is heard), as its own run.
    await stopRun(a.runId);
    await expect.poll(async () => (await runsOf('queuer')).length, { timeout: 10_000 }).toBe(2);
    const b = (await runsOf('queuer')).find((r) => r.id !== a.runId)!;
    expect(b.trigger).toBe(`schedule:queuer at 2026-03-02T10:15:00.000Z (queued behind run ${a.runId})`);
    expect(await svc().get(LOCAL_USER_ID, id)).toMatchObject({ queuedFireAt: null, lastRunId: b.id, lastFireAt: at('2026-03-02T10:15:00Z') });
    // Asked again (a sweep, a timer tick, another instance): nothing more starts.
    expect((await svc().fireAllQueued()).every((o) => o.kind !== 'fired')).toBe(true);
    expect(await svc().fireAllDue(at('2026-03-02T10:50:00Z'))).toEqual([]);
    expect(await runsOf('queuer')).toHaveLength(2);
    await stopRun(b.id);
    await svc().delete(LOCAL_USER_ID, id);
  });

  it('"queue": when the run it waits behind ends with the process, the next start runs the waiting fire exactly once', async () => {
    const id = await create('queued down', { overlap: 'queue', catchUp: 'once' });
    const a = fired(await svc().fire(id, at('2026-03-02T10:00:01Z')));
    await runningNow(a.runId);
    expect((await svc().fire(id, at('2026-03-02T10:15:01Z'))).kind).toBe('queued');
    // Stopped as the CLI stops: its runs are interrupted, nobody hears them end.
    await restart('2026-03-02T10:20:00Z', { runsSurvive: false });
    expect((await runtime.store.runs.get(a.runId))?.status).toBe('interrupted');
    expect((await svc().get(LOCAL_USER_ID, id))?.queuedFireAt?.toISOString()).toBe('2026-03-02T10:15:00.000Z');
    const [first, ...rest] = await Promise.all([svc().fireAllDue(), svc().fireAllDue(), svc().fireAllQueued()]);
    const started = [...first!, ...rest.flat()].filter((o) => o.kind === 'fired');
    expect(started).toHaveLength(1);
    expect(fired(started[0])).toMatchObject({ queuedBehind: a.runId, scheduledAt: at('2026-03-02T10:15:00Z') });
    expect(await runsOf('queued down')).toHaveLength(2);
    expect((await svc().get(LOCAL_USER_ID, id))?.queuedFireAt).toBeNull();
    await stopRun(fired(started[0]).runId);
    await svc().delete(LOCAL_USER_ID, id);
    // Back to a server's start and stop (runs left open and resumed) for the tests after.
    await restart('2026-03-02T10:21:00Z');
  });

  it('"skip": no fire while the previous run goes on across the restart, nothing waits; after it ends the next fire runs', async () => {
    const id = await create('skipper', { overlap: 'skip', catchUp: 'once' });
    const a = fired(await svc().fire(id, at('2026-03-02T10:00:01Z')));
    await runningNow(a.runId);
    await restart('2026-03-02T10:15:30Z');
    expect((await runtime.store.runs.get(a.runId))?.status).toBe('running');
    const outcomes = await svc().fireAllDue();
    expect(outcomes).toEqual([expect.objectContaining({ kind: 'skipped', reason: 'overlap', scheduledAt: at('2026-03-02T10:15:00Z') })]);
    expect(await svc().get(LOCAL_USER_ID, id)).toMatchObject({ queuedFireAt: null, nextFireAt: at('2026-03-02T10:30:00Z') });
    await stopRun(a.runId);
    // Nothing was waiting: the end of the run starts nothing.
    expect(await runsOf('skipper')).toHaveLength(1);
    const b = fired(await svc().fire(id, at('2026-03-02T10:30:02Z')));
    expect((await runtime.store.runs.get(b.runId))?.trigger).toBe('schedule:skipper at 2026-03-02T10:30:00.000Z');
    await stopRun(b.runId);
    await svc().delete(LOCAL_USER_ID, id);
  });

  it('catch-up "once" with "queue": the times missed while down wait as one fire behind the resumed run, and its trigger says so', async () => {
    const id = await create('catch once', { overlap: 'queue', catchUp: 'once' });
    const a = fired(await svc().fire(id, at('2026-03-02T10:00:01Z')));
    await runningNow(a.runId);
    // Down from 10:05 to 11:01: 10:15, 10:30, 10:45 and 11:00 passed (four fire times, 11:00 on time).
    await restart('2026-03-02T11:01:00Z');
    const outcomes = await svc().fireAllDue();
    expect(outcomes).toEqual([expect.objectContaining({ kind: 'queued', scheduledAt: at('2026-03-02T11:00:00Z'), missed: 3, behindRunId: a.runId })]);
    expect(await svc().get(LOCAL_USER_ID, id)).toMatchObject({ queuedFireAt: at('2026-03-02T11:00:00Z'), queuedMissed: 3, nextFireAt: at('2026-03-02T11:15:00Z') });
    await stopRun(a.runId);
    await expect.poll(async () => (await runsOf('catch once')).length, { timeout: 10_000 }).toBe(2);
    const b = (await runsOf('catch once')).find((r) => r.id !== a.runId)!;
    expect(b.trigger).toBe(`schedule:catch once at 2026-03-02T11:00:00.000Z (catch-up: once for 4 fire times, 3 missed) (queued behind run ${a.runId})`);
    await stopRun(b.id);
    await svc().delete(LOCAL_USER_ID, id);
  });

  it('catch-up "skip" with "queue": the times missed while down are dropped (nothing waits); the next fire on time waits behind the resumed run', async () => {
    const id = await create('catch skip', { overlap: 'queue', catchUp: 'skip' });
    const a = fired(await svc().fire(id, at('2026-03-02T10:00:01Z')));
    await runningNow(a.runId);
    await restart('2026-03-02T10:33:00Z');
    expect(await svc().fireAllDue()).toEqual([expect.objectContaining({ kind: 'skipped', reason: 'missed', missed: 2 })]);
    expect(await svc().get(LOCAL_USER_ID, id)).toMatchObject({ queuedFireAt: null, nextFireAt: at('2026-03-02T10:45:00Z') });
    expect(await svc().fire(id, at('2026-03-02T10:45:01Z'))).toMatchObject({ kind: 'queued', scheduledAt: at('2026-03-02T10:45:00Z'), missed: 0 });
    await stopRun(a.runId);
    await expect.poll(async () => (await runsOf('catch skip')).length, { timeout: 10_000 }).toBe(2);
    const b = (await runsOf('catch skip')).find((r) => r.id !== a.runId)!;
    expect(b.trigger).toBe(`schedule:catch skip at 2026-03-02T10:45:00.000Z (queued behind run ${a.runId})`);
    await stopRun(b.id);
    await svc().delete(LOCAL_USER_ID, id);
  });

  it('pausing drops the waiting fire; turning the policy to "skip" does too', async () => {
    const id = await create('dropped', { overlap: 'queue' });
    const a = fired(await svc().fire(id, at('2026-03-02T10:00:01Z')));
    await runningNow(a.runId);
    expect((await svc().fire(id, at('2026-03-02T10:15:01Z'))).kind).toBe('queued');
    expect(await svc().pause(LOCAL_USER_ID, id)).toMatchObject({ ok: true, schedule: { queuedFireAt: null } });
    await svc().resume(LOCAL_USER_ID, id);
    clock = at('2026-03-02T10:20:00Z');
    expect((await svc().fire(id, at('2026-03-02T10:30:01Z'))).kind).toBe('queued');
    expect(await svc().update(LOCAL_USER_ID, id, { overlap: 'skip' })).toMatchObject({ ok: true, schedule: { queuedFireAt: null } });
    await stopRun(a.runId);
    expect(await runsOf('dropped')).toHaveLength(1);
    await svc().delete(LOCAL_USER_ID, id);
  });
});

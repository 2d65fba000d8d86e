import { LOCAL_USER_ID } from '../../runtime/src/db/repos/users';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresTarget, type ProvisionedDatabase } from '../support/db';
import { waitChain } from '../support/graphs';
import { createRuntime, type Runtime } from '../../runtime/src/runtime';
import { startRunWorker, type RunWorker } from '../../runtime/src/queue/worker';
import { schedulesRepo } from '../../runtime/src/db/repos/schedules';

// Two runtimes in cluster mode, each with a queue worker, on one PostgreSQL database. A
// schedule firing every second fires through its one queue job: each fire time gives exactly
// one run, whichever worker took the job.

const adminUrl = process.env.TEST_DATABASE_URL;

describe.skipIf(!adminUrl)('a schedule in a cluster of two workers (PostgreSQL)', () => {
  let db: ProvisionedDatabase;
  const runtimes: Runtime[] = [];
  const workers: RunWorker[] = [];
  beforeAll(async () => {
    db = await postgresTarget(adminUrl!).provision();
    for (let i = 0; i < 2; i++) {
      const rt = await createRuntime({ databaseUrl: db.databaseUrl!, execution: 'cluster' });
      runtimes.push(rt);
      workers.push(await startRunWorker(rt, { concurrency: 2 }));
    }
  });
  afterAll(async () => {
    for (const w of workers) await w.stop();
    for (const rt of runtimes) await rt.close();
    await db?.dispose();
  });

  it('fires once per fire time however many workers poll the queue', async () => {
    const [a, b] = runtimes as [Runtime, Runtime];
    const graph = await a.store.graphs.create({ ownerId: a.ownerId, name: 'tick', document: waitChain(1, 0) });
    const created = await a.schedules.create(LOCAL_USER_ID, { name: 'tick', graphId: graph.id, cron: '* * * * * *', overlap: 'queue' });
    if (!created.ok) throw new Error(created.message);
    const scheduleRuns = async () => (await a.store.runs.list({ graphId: graph.id, limit: 1000 })).filter((r) => r.trigger.startsWith('schedule:tick at '));
    await expect.poll(async () => (await scheduleRuns()).length, { timeout: 30_000 }).toBeGreaterThanOrEqual(5);
    // Paused from the other instance: its job goes away with it.
    expect((await b.schedules.pause(LOCAL_USER_ID, created.schedule.id)).ok).toBe(true);
    await new Promise((r) => setTimeout(r, 1500));
    const runs = await scheduleRuns();
    const fires = runs
      .map((r) => ({ at: Date.parse(r.trigger.slice('schedule:tick at '.length, 'schedule:tick at '.length + 24)), missed: Number(/(\d+) missed\)$/.exec(r.trigger)?.[1] ?? 0) }))
      .sort((x, y) => x.at - y.at);
    // Exactly one run per fire time...
    expect(new Set(fires.map((f) => f.at)).size).toBe(fires.length);
    // ...and every second accounted for: a fire the queue handed out late stands for the
    // seconds it caught up (its trigger says how many), none is lost or counted twice.
    for (let i = 1; i < fires.length; i++) expect(fires[i]!.at - fires[i - 1]!.at).toBe(1000 * (1 + fires[i]!.missed));
    // Nothing more fires once paused.
    await new Promise((r) => setTimeout(r, 1500));
    expect((await scheduleRuns()).length).toBe(runs.length);
    // Every run was executed (by one of the two workers) and succeeded.
    await expect.poll(async () => (await scheduleRuns()).every((r) => r.status === 'succeeded'), { timeout: 20_000 }).toBe(true);
    const executors = new Set((await scheduleRuns()).map((r) => r.instance?.id));
    expect([...executors].every((id) => runtimes.some((rt) => rt.db.presence.identity.id === id))).toBe(true);
  });
  it('two instances firing the same due schedule at the same moment: the row lock lets one fire', async () => {
    const [a, b] = runtimes as [Runtime, Runtime];
    const graph = await a.store.graphs.create({ ownerId: a.ownerId, name: 'race', document: waitChain(1, 0) });
    // Stored straight away with a fire time in the past and no queue job: only the two calls below fire it.
    const row = await schedulesRepo(a.store.kysely).create({
      ownerId: a.ownerId, name: 'race', graphId: graph.id, graphVersion: null, cron: '0 0 1 1 *', timezone: 'UTC',
      overlap: 'queue', catchUp: 'once', endsAt: null, paused: false, nextFireAt: new Date('2026-01-01T00:00:00Z'),
    });
    const now = new Date('2026-01-01T00:00:10Z');
    const outcomes = await Promise.all([a.schedules.fire(row.id, now), b.schedules.fire(row.id, now), a.schedules.fire(row.id, now), b.schedules.fire(row.id, now)]);
    expect(outcomes.map((o) => o.kind).sort()).toEqual(['fired', 'not_due', 'not_due', 'not_due']);
    const runs = (await a.store.runs.list({ graphId: graph.id, limit: 10 })).filter((r) => r.trigger.startsWith('schedule:race'));
    expect(runs).toHaveLength(1);
    expect((await a.schedules.get(LOCAL_USER_ID, row.id))?.nextFireAt?.toISOString()).toBe('2027-01-01T00:00:00.000Z');
    await a.schedules.delete(LOCAL_USER_ID, row.id);
  });
});

import { LOCAL_USER_ID } from '../db/repos/users';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { postgresTarget, type ProvisionedDatabase } from '../db/testing/test-databases';
import { schedulesRepo } from '../db/repos/schedules';
import { createRuntime, type Runtime } from '../runtime';
import { startRunWorker, type RunWorker } from '../queue/worker';

// A worker killed while it held a schedule's queue job (mid-fire): the job would stay locked
// for hours. A live worker's sweep queues a fresh one, and the schedule fires — once.

const adminUrl = process.env.TEST_DATABASE_URL;

const waitGraph = { version: 2, name: 'orphan', nodes: [{ id: 'w', type: 'utility.wait', typeVersion: 1, params: { seconds: 0 }, position: { x: 0, y: 0 } }], edges: [] };

describe.skipIf(!adminUrl)('a schedule job held by a dead worker (PostgreSQL)', () => {
  let db: ProvisionedDatabase;
  let a: Runtime;
  let worker: RunWorker;
  beforeAll(async () => {
    db = await postgresTarget(adminUrl!).provision();
    a = await createRuntime({ databaseUrl: db.databaseUrl!, execution: 'cluster' });
    worker = await startRunWorker(a, { concurrency: 1 });
  });
  afterAll(async () => {
    await worker?.stop();
    await a?.close();
    await db?.dispose();
  });

  it('is queued again by the sweep, and the schedule fires once', async () => {
    const graph = await a.store.graphs.create({ ownerId: a.ownerId, name: 'orphan', document: waitGraph });
    const row = await schedulesRepo(a.store.kysely).create({
      ownerId: a.ownerId,
      name: 'orphan',
      graphId: graph.id,
      graphVersion: null,
      cron: '0 0 1 1 *',
      timezone: 'UTC',
      overlap: 'queue',
      catchUp: 'once',
      endsAt: null,
      paused: false,
      nextFireAt: new Date(Date.now() - 1000),
    });
    const key = `schedule:${row.id}`;
    // Its job, locked minutes ago by a worker that no longer exists. Due later, so the live
    // worker cannot take it before it is marked locked.
    await sql`select graphile_worker.add_job('coinlab_schedule', json_build_object('scheduleId', ${row.id}::text), run_at => now() + interval '1 hour', job_key => ${key}, job_key_mode => 'replace')`.execute(a.store.kysely);
    await sql`update graphile_worker._private_jobs set locked_at = now() - interval '5 minutes', locked_by = 'dead-worker' where key = ${key}`.execute(a.store.kysely);
    const fired = async () => (await a.store.runs.list({ graphId: graph.id, limit: 10 })).filter((r) => r.trigger.startsWith('schedule:orphan'));
    await expect.poll(async () => (await fired()).length, { timeout: 20_000 }).toBe(1);
    expect((await a.schedules.get(LOCAL_USER_ID, row.id))?.nextFireAt?.getUTCFullYear()).toBeGreaterThan(new Date().getUTCFullYear());
    // The dead worker's job is retired (no key, no retries); the schedule's one job is the new one.
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from graphile_worker.jobs where key = ${key} and locked_at is null`.execute(a.store.kysely);
    expect(rows[0]?.n).toBe(1);
    await new Promise((r) => setTimeout(r, 2500));
    expect(await fired()).toHaveLength(1);
  });
});

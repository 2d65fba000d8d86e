import { sql } from 'kysely';
import { afterAll, describe, expect, test } from 'vitest';
import { postgresTarget, type ProvisionedDatabase } from '../db/testing/test-databases';
import { createRuntime, type Runtime } from '../runtime';
import { sweepOrphanedRuns } from './sweeper';

// Issue 10: runs of a worker that died are given back to the queue — also when it died after
// locking the job but before it could record itself on the run (seen under connection loss).

const adminUrl = process.env.TEST_DATABASE_URL;
const wait = { version: 2, name: 'w', nodes: [{ id: 'w', type: 'utility.wait', typeVersion: 1, params: { seconds: 0 }, position: { x: 0, y: 0 } }], edges: [] };

describe.skipIf(!adminUrl)('the sweeper (PostgreSQL cluster)', () => {
  let db: ProvisionedDatabase;
  let runtime: Runtime | undefined;
  afterAll(async () => {
    await runtime?.close();
    await db?.dispose();
  });

  test('frees a job locked long ago by a worker that never took its run; leaves a fresh lock alone', async () => {
    db = await postgresTarget(adminUrl!).provision();
    runtime = await createRuntime({ databaseUrl: db.databaseUrl!, execution: 'cluster' });
    const { runId: old } = await runtime.manager.start({ document: wait });
    const { runId: fresh } = await runtime.manager.start({ document: wait });
    const k = runtime.db.kysely;
    await sql`update graphile_worker._private_jobs set locked_by = 'ghost-worker', locked_at = now() - interval '60 seconds' where key = ${old}`.execute(k);
    await sql`update graphile_worker._private_jobs set locked_by = 'busy-worker', locked_at = now() where key = ${fresh}`.execute(k);
    const swept = await sweepOrphanedRuns({ store: runtime.store, presence: runtime.db.presence, queue: runtime.cluster!.queue });
    expect(swept.unlocked).toBe(1);
    const { rows } = await sql<{ key: string; locked_by: string | null }>`select key, locked_by from graphile_worker.jobs order by key`.execute(k);
    expect(Object.fromEntries(rows.map((r) => [r.key, r.locked_by]))).toEqual({ [old]: null, [fresh]: 'busy-worker' });
  }, 60_000);

  test('gives back the run of a dead process that had taken it: its job is unlocked, or queued again when gone', async () => {
    const { runId } = await runtime!.manager.start({ document: wait });
    const k = runtime!.db.kysely;
    // As if a worker of a process now gone had taken it and its job had been lost.
    await sql`update runs set instance_id = 'deadbeef0000', worker_id = 'gone-worker', status = 'running', started_at = now() where id = ${runId}`.execute(k);
    await sql`delete from graphile_worker._private_jobs where key = ${runId}`.execute(k);
    const swept = await sweepOrphanedRuns({ store: runtime!.store, presence: runtime!.db.presence, queue: runtime!.cluster!.queue });
    expect(swept.requeued).toBeGreaterThanOrEqual(1);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from graphile_worker.jobs where key = ${runId} and locked_by is null`.execute(k);
    expect(rows[0]!.n).toBe(1);
    // Sweeping again adds no second job.
    await sweepOrphanedRuns({ store: runtime!.store, presence: runtime!.db.presence, queue: runtime!.cluster!.queue });
    const again = await sql<{ n: number }>`select count(*)::int as n from graphile_worker.jobs where key = ${runId}`.execute(k);
    expect(again.rows[0]!.n).toBe(1);
  }, 60_000);
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresTarget, type ProvisionedDatabase } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';
import { waitChain } from '../support/graphs';
import { watchAutomations } from '../support/automations';
import { createRuntime, type Runtime } from '../../runtime/src/runtime';
import { startRunWorker, type RunWorker } from '../../runtime/src/queue/worker';

// Two API instances without workers and one worker process's runtime on one PostgreSQL
// database. A client of instance B hears of a schedule created and resumed through instance A,
// and of its fires, which the worker's queue jobs make: 'automations:changed' crosses the cluster.

const adminUrl = process.env.TEST_DATABASE_URL;

describe.skipIf(!adminUrl)('automations:changed in a cluster (PostgreSQL)', () => {
  let db: ProvisionedDatabase;
  let a: TestServer;
  let b: TestServer;
  let workerRuntime: Runtime;
  let worker: RunWorker;
  beforeAll(async () => {
    db = await postgresTarget(adminUrl!).provision();
    a = await startTestServer(postgresTarget(adminUrl!), { provisioned: db, execution: 'cluster', workerConcurrency: 0 });
    b = await startTestServer(postgresTarget(adminUrl!), { provisioned: db, execution: 'cluster', workerConcurrency: 0 });
    workerRuntime = await createRuntime({ databaseUrl: db.databaseUrl!, execution: 'cluster' });
    worker = await startRunWorker(workerRuntime, { concurrency: 2 });
  });
  afterAll(async () => {
    await worker?.stop();
    await workerRuntime?.close();
    await a?.stop();
    await b?.stop();
    await db?.dispose();
  });

  it("a client of the other instance hears of a schedule's changes and of the worker's fires", async () => {
    const onB = await watchAutomations(b.url);
    try {
      const graph = await (await a.api('/graphs', { method: 'POST', json: { document: waitChain(1, 0) } })).json() as { graph: { id: string } };
      const res = await a.api('/schedules', { method: 'POST', json: { name: 'cluster tick', graphId: graph.graph.id, cron: '* * * * * *', paused: true } });
      expect(res.status).toBe(201);
      const id = ((await res.json()) as { schedule: { id: string } }).schedule.id;
      await expect.poll(() => onB.of('schedule', id), { timeout: 10_000 }).toBe(1);
      expect((await a.api(`/schedules/${id}/resume`, { method: 'POST' })).status).toBe(200);
      await expect.poll(() => onB.of('schedule', id), { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
      // Fires come from the worker's queue job, in a third process.
      await expect.poll(() => onB.of('schedule', id), { timeout: 20_000 }).toBeGreaterThanOrEqual(3);
      const shown = ((await (await b.api(`/schedules/${id}`)).json()) as { schedule: { lastRunId: string | null } }).schedule;
      expect(shown.lastRunId).not.toBeNull();
      expect((await a.api(`/schedules/${id}/pause`, { method: 'POST' })).status).toBe(200);
    } finally {
      onB.close();
    }
  });
});

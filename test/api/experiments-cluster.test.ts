import { LOCAL_USER_ID } from '../../runtime/src/db/repos/users';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresTarget, type ProvisionedDatabase } from '../support/db';
import { createRuntime, type Runtime } from '../../runtime/src/runtime';
import { startRunWorker, type RunWorker } from '../../runtime/src/queue/worker';
import { experimentCreateSchema } from '../../runtime/src/experiments/schemas';
import { syntheticBacktestNode, syntheticGraph } from '../../runtime/src/experiments/testing/synthetic-backtest';

// Two runtimes in cluster mode on one PostgreSQL database, both iterating the same experiment
// from their timers: the iterations' runs are queue jobs taken by the workers, and each
// iteration is started by exactly one of the two (the experiment's row lock).

const adminUrl = process.env.TEST_DATABASE_URL;

describe.skipIf(!adminUrl)('an experiment in a cluster of two (PostgreSQL)', () => {
  let db: ProvisionedDatabase;
  const runtimes: Runtime[] = [];
  const workers: RunWorker[] = [];
  beforeAll(async () => {
    db = await postgresTarget(adminUrl!).provision();
    for (let i = 0; i < 2; i++) {
      const rt = await createRuntime({ databaseUrl: db.databaseUrl!, execution: 'cluster', extraNodes: [syntheticBacktestNode] });
      runtimes.push(rt);
      workers.push(await startRunWorker(rt, { concurrency: 2 }));
    }
  });
  afterAll(async () => {
    for (const w of workers) await w.stop();
    for (const rt of runtimes) await rt.close();
    await db?.dispose();
  });

  it('runs each iteration once, through the queue, whichever instance claims it', async () => {
    const [a, b] = runtimes as [Runtime, Runtime];
    const graph = await a.store.graphs.create({ ownerId: a.ownerId, name: 'synthetic', document: syntheticGraph });
    const created = await a.experiments.create(LOCAL_USER_ID, 
      experimentCreateSchema.parse({
        name: 'clustered',
        graphId: graph.id,
        searchSpace: [{ node: 'bt', param: 'x', type: 'float', min: 0, max: 1 }],
        objective: { node: 'bt', metric: 'sharpe', direction: 'maximize' },
        evaluation: { dataNode: 'bt', from: '2026-01-01', holdoutFrom: '2026-02-01', to: '2026-02-20', folds: 2 },
        stopRules: { maxIterations: 6 },
        autoApprove: { enabled: true },
      }),
    );
    if (!created.ok) throw new Error(created.message);
    a.experiments.startTimer();
    b.experiments.startTimer();
    await expect.poll(async () => (await a.experiments.get(LOCAL_USER_ID, created.experiment.id))?.status, { timeout: 60_000, interval: 250 }).toBe('finished');
    const its = await b.experiments.iterations(created.experiment.id);
    expect(its.map((i) => i.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(its.every((i) => i.status === 'succeeded' && i.runIds.length === 2)).toBe(true);
    for (const i of its) {
      for (const runId of i.runIds) {
        const run = await a.store.runs.get(runId);
        // Taken from the queue by a worker (lease 1 and up), not executed by the claiming process directly.
        expect(run?.lease, runId).toBeGreaterThanOrEqual(1);
        expect(run?.status).toBe('succeeded');
      }
    }
    expect((await a.experiments.promotions(created.experiment.id)).some((p) => p.status === 'promoted')).toBe(true);
  });
});

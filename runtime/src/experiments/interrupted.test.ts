import { LOCAL_USER_ID } from '../db/repos/users';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases, type ProvisionedDatabase } from '../db/testing/test-databases';
import { experimentsRepo } from '../db/repos/experiments';
import { createRuntime, type Runtime } from '../runtime';
import { ExperimentService, RERUN_PROPOSER } from './service';
import { experimentCreateSchema } from './schemas';
import { iterationView } from './views';
import { syntheticBacktestNode, syntheticGraph } from './testing/synthetic-backtest';

// A crash mid-iteration, across a restart with a fixed clock: the iteration is `interrupted`
// (not failed), re-run with its params, and not counted by the limits and stop rules; a paused
// experiment stays paused through the restart's recovery.

describe.each(testDatabases())('interrupted iterations and paused experiments across a restart ($name)', (target) => {
  let db: ProvisionedDatabase;
  let runtime: Runtime;
  let svc: ExperimentService;
  const clock = new Date('2026-03-02T10:00:00Z');
  const open = async () => {
    runtime = await createRuntime({ ...(db.databaseUrl ? { databaseUrl: db.databaseUrl } : { dataDir: db.dataDir! }), resumeRuns: false, extraNodes: [syntheticBacktestNode] });
    svc = new ExperimentService({ store: runtime.store, manager: runtime.manager, catalog: runtime.catalog, presence: runtime.db.presence, now: () => clock });
  };
  const restart = async () => {
    await svc.close();
    await runtime.close();
    await open();
    await svc.resume();
  };
  beforeAll(async () => {
    db = await target.provision();
    await open();
  });
  afterAll(async () => {
    await svc?.close();
    await runtime?.close();
    await db?.dispose();
  });
  const repo = () => experimentsRepo(runtime.store.kysely);
  const start = async (limits: Record<string, unknown>, maxIterations: number) => {
    const graphId = (await runtime.store.graphs.create({ ownerId: runtime.ownerId, name: 'synthetic', document: syntheticGraph })).id;
    const r = await svc.create(LOCAL_USER_ID, 
      experimentCreateSchema.parse({
        name: 'crashy',
        graphId,
        searchSpace: [{ node: 'bt', param: 'x', type: 'float', min: 0, max: 1 }],
        objective: { node: 'bt', metric: 'sharpe', direction: 'maximize' },
        evaluation: { dataNode: 'bt', from: '2026-01-01', holdoutFrom: '2026-02-01', to: '2026-02-20' },
        limits,
        stopRules: { maxIterations, minImprovement: 0 },
      }),
    );
    if (!r.ok) throw new Error(r.message);
    return r.experiment.id;
  };
  /** As a process leaves it when it dies mid-iteration: claimed, an iteration running in it. */
  const crashMidIteration = async (id: string, seq: number, params: Record<string, unknown>) => {
    await repo().update(id, { nextIterationAt: null, claimedBy: runtime.db.presence.identity.id });
    return repo().addIteration({ experimentId: id, seq, params, proposer: 'tpe', reason: null, llmCostUsd: 0, startedAt: clock, instance: runtime.db.presence.identity.id });
  };

  it('is interrupted, re-run with its params, and counted by neither the daily limit nor max iterations', async () => {
    const id = await start({ maxIterationsPerDay: 2 }, 3);
    expect((await svc.step(id)).kind).toBe('iterated');
    await crashMidIteration(id, 2, { 'bt.x': 0.42 });
    await restart();
    const [, two] = await svc.iterations(id);
    expect(two).toMatchObject({ seq: 2, status: 'interrupted', error: 'the runtime stopped during this iteration' });
    expect(iterationView(two!).status).toBe('interrupted');
    expect(await svc.get(LOCAL_USER_ID, id)).toMatchObject({ status: 'running', nextIterationAt: clock, claimedBy: null });
    // #3 re-runs #2; the day's limit of 2 counts #1 and #3 only.
    const three = await svc.step(id);
    expect(three.kind === 'iterated' && three.iteration).toMatchObject({ seq: 3, status: 'succeeded', proposer: RERUN_PROPOSER, params: { 'bt.x': 0.42 }, reason: expect.stringContaining('re-run of #2') });
    expect(await svc.step(id)).toMatchObject({ kind: 'daily_limit' });
    // The next day: one more counted iteration reaches max iterations (3), though 4 were started.
    const next = await svc.step(id, new Date('2026-03-03T00:00:01Z'));
    expect(next.kind === 'iterated' && next.experiment).toMatchObject({ status: 'finished', stopReason: expect.stringContaining('maxIterations (3)') });
    expect((await svc.iterations(id)).map((i) => i.status)).toEqual(['succeeded', 'interrupted', 'succeeded', 'succeeded']);
    // Shown on the leaderboard as interrupted, ranked after every scored iteration.
    expect((await svc.leaderboard(LOCAL_USER_ID, id)).at(-1)).toMatchObject({ seq: 2, status: 'interrupted' });
  });

  it('a paused experiment stays paused across a restart; its crashed iteration is interrupted; resumed, it re-runs it', async () => {
    const id = await start({}, 10);
    expect((await svc.step(id)).kind).toBe('iterated');
    await crashMidIteration(id, 2, { 'bt.x': 0.3 });
    expect(await svc.pause(LOCAL_USER_ID, id)).toMatchObject({ ok: true, experiment: { status: 'paused' } });
    await restart();
    expect(await svc.get(LOCAL_USER_ID, id)).toMatchObject({ status: 'paused', stopReason: 'paused by a person' });
    expect((await svc.iterations(id)).map((i) => i.status)).toEqual(['succeeded', 'interrupted']);
    const later = new Date(clock.getTime() + 86_400_000);
    expect(await svc.stepAllDue(later)).toEqual([]);
    expect(await svc.step(id, later)).toMatchObject({ kind: 'not_running' });
    await restart();
    expect((await svc.get(LOCAL_USER_ID, id))?.status).toBe('paused');
    expect(await svc.unpause(LOCAL_USER_ID, id)).toMatchObject({ ok: true, experiment: { status: 'running', nextIterationAt: clock } });
    const three = await svc.step(id);
    expect(three.kind === 'iterated' && three.iteration).toMatchObject({ seq: 3, proposer: RERUN_PROPOSER, params: { 'bt.x': 0.3 } });
  });
});

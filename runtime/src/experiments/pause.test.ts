import { LOCAL_USER_ID } from '../db/repos/users';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embeddedTarget, type ProvisionedDatabase } from '../db/testing/test-databases';
import { experimentsRepo } from '../db/repos/experiments';
import { createRuntime, type Runtime } from '../runtime';
import { ExperimentService } from './service';
import { experimentCreateSchema } from './schemas';
import { syntheticBacktestNode, syntheticGraph } from './testing/synthetic-backtest';

// Pause and resume with a fixed clock: what a resume must re-arm (an iteration that ended while
// paused, one whose process died) and what it must leave alone (a cooldown, a live iteration).

describe('experiment pause and resume (embedded database)', () => {
  let db: ProvisionedDatabase;
  let runtime: Runtime;
  let svc: ExperimentService;
  const clock = new Date('2026-03-02T10:00:00Z');
  beforeAll(async () => {
    db = await embeddedTarget.provision();
    runtime = await createRuntime({ dataDir: db.dataDir!, resumeRuns: false, extraNodes: [syntheticBacktestNode] });
    svc = new ExperimentService({ store: runtime.store, manager: runtime.manager, catalog: runtime.catalog, presence: runtime.db.presence, now: () => clock });
  });
  afterAll(async () => {
    await svc?.close();
    await runtime?.close();
    await db?.dispose();
  });

  const start = async (cooldownSeconds = 0) => {
    const graphId = (await runtime.store.graphs.create({ ownerId: runtime.ownerId, name: 'synthetic', document: syntheticGraph })).id;
    const r = await svc.create(LOCAL_USER_ID, 
      experimentCreateSchema.parse({
        name: 'pausable',
        graphId,
        searchSpace: [{ node: 'bt', param: 'x', type: 'float', min: 0, max: 1 }],
        objective: { node: 'bt', metric: 'sharpe', direction: 'maximize' },
        evaluation: { dataNode: 'bt', from: '2026-01-01', holdoutFrom: '2026-02-01', to: '2026-02-20' },
        limits: { cooldownSeconds },
        stopRules: { maxIterations: 10 },
      }),
    );
    if (!r.ok) throw new Error(r.message);
    return r.experiment.id;
  };
  const repo = () => experimentsRepo(runtime.store.kysely);

  it('a paused experiment starts nothing; resumed within its cooldown it waits for it, then carries on', async () => {
    const id = await start(600);
    expect((await svc.step(id)).kind).toBe('iterated');
    const changes: string[] = [];
    const off = svc.onChange((c) => c.kind === 'status' && changes.push(c.status));
    expect(await svc.pause(LOCAL_USER_ID, id)).toMatchObject({ ok: true, changed: true, experiment: { status: 'paused' } });
    expect(await svc.pause(LOCAL_USER_ID, id)).toMatchObject({ ok: true, changed: false });
    const later = new Date(clock.getTime() + 3600_000);
    expect((await svc.step(id, later)).kind).toBe('not_running');
    expect(await svc.stepAllDue(later)).toEqual([]);
    expect(await repo().earliestNext()).toBeNull();
    expect(await svc.unpause(LOCAL_USER_ID, id)).toMatchObject({ ok: true, changed: true, experiment: { status: 'running', stopReason: null } });
    off();
    expect(changes).toEqual(['paused', 'running']);
    // The cooldown it had still holds; after it, the loop carries on with the next seq.
    expect((await svc.step(id, new Date(clock.getTime() + 60_000))).kind).toBe('not_due');
    const next = await svc.step(id, later);
    expect(next.kind === 'iterated' && next.iteration.seq).toBe(2);
  });

  it('an iteration that ended while paused, or whose process died, leaves the resumed loop due now; a live one re-arms it itself', async () => {
    const id = await start();
    await svc.pause(LOCAL_USER_ID, id);
    // As a step leaves it mid-iteration: the next time cleared, an iteration running.
    await repo().update(id, { nextIterationAt: null });
    const it = await repo().addIteration({ experimentId: id, seq: 1, params: { 'bt.x': 0.5 }, proposer: 'tpe', reason: null, llmCostUsd: 0, startedAt: clock, instance: runtime.db.presence.identity.id });
    expect(await svc.unpause(LOCAL_USER_ID, id)).toMatchObject({ ok: true, experiment: { status: 'running', nextIterationAt: null } });

    await svc.pause(LOCAL_USER_ID, id);
    await repo().finishIteration(it.id, { status: 'succeeded', objective: 1, foldObjectives: [1], stats: { sharpe: 1 }, runIds: [], error: null, finishedAt: clock, durationMs: 1 });
    expect(await svc.unpause(LOCAL_USER_ID, id)).toMatchObject({ ok: true, experiment: { nextIterationAt: clock } });

    await svc.pause(LOCAL_USER_ID, id);
    await repo().update(id, { nextIterationAt: null });
    await repo().addIteration({ experimentId: id, seq: 2, params: { 'bt.x': 0.4 }, proposer: 'tpe', reason: null, llmCostUsd: 0, startedAt: clock, instance: 'a-process-that-is-gone' });
    expect(await svc.unpause(LOCAL_USER_ID, id)).toMatchObject({ ok: true, experiment: { nextIterationAt: clock } });
  });

  it('refuses what cannot change: unknown ids, a stopped experiment; a paused one can be stopped', async () => {
    expect(await svc.pause(LOCAL_USER_ID, '00000000-0000-4000-8000-000000000000')).toMatchObject({ ok: false, status: 404 });
    const id = await start(600);
    await svc.pause(LOCAL_USER_ID, id);
    expect(await svc.stop(LOCAL_USER_ID, id)).toMatchObject({ ok: true, experiment: { status: 'stopped' } });
    expect(await svc.unpause(LOCAL_USER_ID, id)).toMatchObject({ ok: false, status: 409 });
    expect(await svc.pause(LOCAL_USER_ID, id)).toMatchObject({ ok: false, status: 409 });
  });
});

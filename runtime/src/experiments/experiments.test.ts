import { LOCAL_USER_ID } from '../db/repos/users';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embeddedTarget, type ProvisionedDatabase } from '../db/testing/test-databases';
import { createRuntime, type Runtime } from '../runtime';
import { ExperimentService } from './service';
import { experimentCreateSchema, type ExperimentCreateInput } from './schemas';
import { syntheticBacktestNode, syntheticGraph } from './testing/synthetic-backtest';
import { decidePromotion } from './promotion';
import { experimentsRepo } from '../db/repos/experiments';
import { newInstanceIdentity } from '../db';

// Research loops with a fixed clock (nothing waits for real time) on a backtest node with a
// known optimum: convergence, the daily limit, the promotion rules, and a promotion waiting
// for a person across a restart.

const at = (iso: string) => new Date(iso);

describe('experiments with a fixed clock (embedded database)', () => {
  let db: ProvisionedDatabase;
  let runtime: Runtime;
  let svc: ExperimentService;
  let clock = at('2026-03-02T10:00:00Z');
  const open = async () => {
    runtime = await createRuntime({ dataDir: db.dataDir!, resumeRuns: false, extraNodes: [syntheticBacktestNode] });
    svc = new ExperimentService({ store: runtime.store, manager: runtime.manager, catalog: runtime.catalog, now: () => clock });
  };
  const close = async () => {
    await svc.close();
    await runtime.close();
  };
  beforeAll(async () => {
    db = await embeddedTarget.provision();
    await open();
  });
  afterAll(async () => {
    await svc?.close();
    await runtime?.close();
    await db?.dispose();
  });

  const newGraph = async () => (await runtime.store.graphs.create({ ownerId: runtime.ownerId, name: 'synthetic', document: syntheticGraph })).id;
  const spec = (graphId: string, over: Partial<ExperimentCreateInput> = {}) =>
    experimentCreateSchema.parse({
      name: 'synthetic search',
      graphId,
      searchSpace: [
        { node: 'bt', param: 'x', type: 'float', min: 0, max: 1 },
        { node: 'bt', param: 'k', type: 'int', min: 1, max: 10 },
        { node: 'bt', param: 'kind', type: 'choice', values: ['a', 'b', 'c'] },
      ],
      objective: { node: 'bt', metric: 'sharpe', direction: 'maximize' },
      evaluation: { dataNode: 'bt', from: '2026-01-01', holdoutFrom: '2026-02-01', to: '2026-02-20', folds: 2 },
      ...over,
    });
  const start = async (over: Partial<ExperimentCreateInput> = {}) => {
    const r = await svc.create(LOCAL_USER_ID, spec(await newGraph(), over));
    if (!r.ok) throw new Error(`${r.path}: ${r.message}`);
    return r.experiment;
  };

  it('converges and stops: the best Sharpe stops improving, no iteration starts after', async () => {
    clock = at('2026-03-02T10:00:00Z');
    const e = await start({ stopRules: { maxIterations: 60, minImprovement: 0.02 }, limits: { cooldownSeconds: 60, maxIterationsPerDay: 1000, llmDailyBudgetUsd: 0, wallClockSeconds: null } });
    expect((await svc.step(e.id)).kind).toBe('iterated');
    // In the cooldown: not due.
    clock = new Date(clock.getTime() + 59_000);
    expect((await svc.step(e.id)).kind).toBe('not_due');
    let last = '';
    for (let i = 0; i < 80 && last !== 'not_running'; i++) {
      clock = new Date(clock.getTime() + 60_000);
      last = (await svc.step(e.id)).kind;
    }
    const after = (await svc.get(LOCAL_USER_ID, e.id))!;
    expect(after.status).toBe('finished');
    expect(after.stopReason).toMatch(/^converged/);
    const its = await svc.iterations(e.id);
    expect(its.length).toBeLessThan(60);
    expect(its.every((i) => i.status === 'succeeded' && i.runIds.length === 2)).toBe(true);
    // Converged near the known optimum (2 + the window shift), far above the start.
    const board = await svc.leaderboard(LOCAL_USER_ID, e.id);
    expect(board[0]!.objective!).toBeGreaterThan(1.5);
    clock = new Date(clock.getTime() + 3_600_000);
    expect((await svc.step(e.id)).kind).toBe('not_running');
    expect((await svc.iterations(e.id)).length).toBe(its.length);
  });

  it('never starts more iterations in a UTC day than limits.maxIterationsPerDay, and carries on the next day', async () => {
    clock = at('2026-03-03T22:00:00Z');
    const e = await start({ limits: { maxIterationsPerDay: 3, cooldownSeconds: 0, llmDailyBudgetUsd: 0, wallClockSeconds: null }, stopRules: { maxIterations: 7, minImprovement: 0 } });
    const outcomes: string[] = [];
    for (let i = 0; i < 60; i++) {
      clock = new Date(clock.getTime() + 60 * 60_000); // every hour, across two midnights
      const o = await svc.step(e.id);
      outcomes.push(o.kind);
      if (o.kind === 'daily_limit') expect(o.nextAt.toISOString()).toMatch(/T00:00:00.000Z$/);
      if (o.kind === 'not_running') break;
    }
    const its = await svc.iterations(e.id);
    const perDay = new Map<string, number>();
    for (const i of its) perDay.set(i.startedAt.toISOString().slice(0, 10), (perDay.get(i.startedAt.toISOString().slice(0, 10)) ?? 0) + 1);
    expect([...perDay.values()].every((n) => n <= 3)).toBe(true);
    expect(perDay.size).toBeGreaterThanOrEqual(3);
    expect(outcomes).toContain('daily_limit');
    expect(its.length).toBe(7);
    expect((await svc.get(LOCAL_USER_ID, e.id))!.stopReason).toBe('reached stopRules.maxIterations (7)');
  });

  it('stops when the wall-clock budget is spent', async () => {
    clock = at('2026-03-05T10:00:00Z');
    const e = await start({ limits: { maxIterationsPerDay: 100, cooldownSeconds: 600, llmDailyBudgetUsd: 0, wallClockSeconds: 1800 } });
    for (let i = 0; i < 10; i++) {
      await svc.step(e.id);
      clock = new Date(clock.getTime() + 600_000);
    }
    expect(await svc.iterations(e.id)).toHaveLength(3);
    expect((await svc.get(LOCAL_USER_ID, e.id))!.stopReason).toMatch(/wall-clock budget of 1800 s/);
  });

  it('promotes automatically only when every rule holds, saving a graph version with the winning params', async () => {
    clock = at('2026-03-06T10:00:00Z');
    // minTrades 40: k of 4 or more. The graph as saved (k = 1) is the first champion.
    const e = await start({ constraints: { minTrades: 40, maxDrawdown: 0.2 }, autoApprove: { enabled: true, minImprovement: 0 }, stopRules: { maxIterations: 15, minImprovement: 0 } });
    for (let i = 0; i < 15; i++) {
      await svc.step(e.id);
      clock = new Date(clock.getTime() + 1000);
    }
    const promotions = await svc.promotions(e.id);
    const promoted = promotions.filter((p) => p.status === 'promoted');
    expect(promoted.length).toBeGreaterThan(0);
    for (const p of promoted) {
      expect(p.holdoutStats!.trades).toBeGreaterThanOrEqual(40);
      expect(p.challengerHoldout!).toBeGreaterThan(p.championHoldout ?? -Infinity);
      expect(p.decidedBy).toBe('auto-approve');
      expect(p.graphVersion).not.toBeNull();
    }
    // No challenger that broke a rule was promoted; each refusal says which rule.
    for (const p of promotions.filter((x) => x.status === 'rejected')) expect(p.reason).toMatch(/constraints\.|does not beat the champion|failed on the holdout/);
    const graph = (await runtime.store.graphs.get(e.graphId))!;
    expect(graph.currentVersion).toBe(1 + promoted.length);
    // The latest version holds the last promoted iteration's params.
    const last = promoted.at(-1)!;
    const it = (await svc.iterations(e.id)).find((i) => i.id === last.iterationId)!;
    const bt = (graph.document as typeof syntheticGraph).nodes[0]!.params as Record<string, unknown>;
    expect(bt).toMatchObject({ x: it.params['bt.x'], k: it.params['bt.k'], kind: it.params['bt.kind'] });
    expect((await svc.get(LOCAL_USER_ID, e.id))!.championIterationId).toBe(it.id);
    // The holdout score is not the search score that selected it.
    expect(last.challengerHoldout).not.toBe(it.objective);
  });

  it('the rules: constraints, beating the champion, and auto-approve\'s margin', () => {
    const s = spec('00000000-0000-4000-8000-000000000001', { constraints: { minTrades: 40, minSharpe: 1 }, autoApprove: { enabled: true, minImprovement: 0.2 } });
    const ok = { objective: 1.8, stats: { trades: 50, sharpe: 1.8 } };
    expect(decidePromotion(s, ok, 1.5)).toEqual({ kind: 'auto' });
    expect(decidePromotion(s, ok, null)).toEqual({ kind: 'auto' });
    expect(decidePromotion(s, ok, 1.7)).toMatchObject({ kind: 'ask' }); // beats it, by less than the margin
    expect(decidePromotion(s, ok, 1.8)).toMatchObject({ kind: 'rejected' }); // a tie does not beat
    expect(decidePromotion(s, { objective: 1.8, stats: { trades: 30, sharpe: 1.8 } }, 1.0)).toEqual({ kind: 'rejected', reasons: ['30 trades is below constraints.minTrades 40'] });
    expect(decidePromotion(s, { objective: 0.9, stats: { trades: 50, sharpe: 0.9 } }, null)).toMatchObject({ kind: 'rejected', reasons: ['Sharpe 0.9 is below constraints.minSharpe 1'] });
    const manual = spec('00000000-0000-4000-8000-000000000001', { autoApprove: { enabled: false, minImprovement: 0 } });
    expect(decidePromotion(manual, ok, 1.0)).toEqual({ kind: 'ask', why: 'auto-approve is off' });
    const min = spec('00000000-0000-4000-8000-000000000001', { objective: { node: 'bt', metric: 'maxDrawdown', direction: 'minimize' }, autoApprove: { enabled: true, minImprovement: 0 } });
    expect(decidePromotion(min, { objective: 0.1, stats: {} }, 0.2)).toEqual({ kind: 'auto' });
    expect(decidePromotion(min, { objective: 0.3, stats: {} }, 0.2)).toMatchObject({ kind: 'rejected' });
  });

  it('a promotion needing a person waits, survives a restart and is decided exactly once', async () => {
    clock = at('2026-03-07T10:00:00Z');
    const e = await start({ autoApprove: { enabled: false, minImprovement: 0 }, stopRules: { maxIterations: 30, minImprovement: 0 } });
    let awaiting;
    for (let i = 0; i < 30 && !awaiting; i++) {
      const o = await svc.step(e.id);
      if (o.kind === 'iterated' && o.promotion?.status === 'awaiting') awaiting = o.promotion;
      clock = new Date(clock.getTime() + 1000);
    }
    expect(awaiting).toBeDefined();
    const runId = awaiting!.approvalRunId!;
    // The approval run asks through the ordinary mechanism (an approval gate awaiting a person).
    await expect.poll(async () => (await runtime.store.runs.get(runId))?.status).toBe('awaiting');
    // While it waits, the search goes on but no second promotion is opened.
    await svc.step(e.id, new Date(clock.getTime() + 1000));
    expect((await svc.promotions(e.id)).filter((p) => p.status === 'awaiting')).toHaveLength(1);
    const versionBefore = (await runtime.store.graphs.get(e.graphId))!.currentVersion;

    await close();
    await open();
    await runtime.manager.recover();
    // Two resumers (e.g. two starts): the decision is still applied once.
    const twin = new ExperimentService({ store: runtime.store, manager: runtime.manager, catalog: runtime.catalog, now: () => clock });
    await svc.resume();
    await twin.resume();
    let pending: Awaited<ReturnType<typeof runtime.manager.broker.pending>> = [];
    await expect.poll(async () => (pending = await runtime.manager.broker.pending(runId)).length).toBe(1);
    expect((await runtime.manager.broker.answer(pending[0]!.id, { decision: 'approve', by: 'alice', reason: 'looks robust' })).ok).toBe(true);
    await svc.settled(awaiting!.id);
    await twin.settled(awaiting!.id);
    await twin.close();
    const p = (await svc.promotions(e.id)).find((x) => x.id === awaiting!.id)!;
    expect(p).toMatchObject({ status: 'promoted', decidedBy: 'alice', graphVersion: versionBefore + 1 });
    expect(p.reason).toContain('approved by alice: looks robust');
    expect((await runtime.store.graphs.get(e.graphId))!.currentVersion).toBe(versionBefore + 1);
    await svc.stop(LOCAL_USER_ID, e.id);
  });

  it('at start, fails only the running iterations of processes that are gone', async () => {
    clock = at('2026-03-08T10:00:00Z');
    const e = await start();
    const repo = experimentsRepo(runtime.store.kysely);
    await repo.update(e.id, { nextIterationAt: null });
    const gone = await repo.addIteration({ experimentId: e.id, seq: 1, params: { 'bt.x': 0.5, 'bt.k': 2, 'bt.kind': 'a' }, proposer: 'tpe', reason: null, llmCostUsd: 0, startedAt: clock, instance: 'dead-process' });
    const alive = await repo.addIteration({ experimentId: e.id, seq: 2, params: { 'bt.x': 0.6, 'bt.k': 2, 'bt.kind': 'a' }, proposer: 'tpe', reason: null, llmCostUsd: 0, startedAt: clock, instance: 'live-member' });
    const identity = { ...newInstanceIdentity(), id: 'this-process' };
    const member = new ExperimentService({ store: runtime.store, manager: runtime.manager, catalog: runtime.catalog, now: () => clock, presence: { identity, liveInstances: async () => new Set(['this-process', 'live-member']) } });
    await member.resume();
    const its = await svc.iterations(e.id);
    expect(its.find((i) => i.id === gone.id)).toMatchObject({ status: 'interrupted', error: expect.stringContaining('stopped during this iteration') });
    expect(its.find((i) => i.id === alive.id)?.status).toBe('running');
    // Still busy with the live member's iteration: not made due.
    expect((await svc.get(LOCAL_USER_ID, e.id))!.nextIterationAt).toBeNull();
    await member.close();
    await svc.stop(LOCAL_USER_ID, e.id);
  });

  it('an iteration whose params the graph refuses (a cross-field rule) fails, and the loop goes on', async () => {
    clock = at('2026-03-09T10:00:00Z');
    // Four points; k = 10 with kind "c" breaks the node's cross-field rule.
    const e = await start({
      searchSpace: [
        { node: 'bt', param: 'k', type: 'int', min: 9, max: 10 },
        { node: 'bt', param: 'kind', type: 'choice', values: ['c', 'b'] },
      ],
      stopRules: { maxIterations: 4, minImprovement: 0 },
    });
    for (let i = 0; i < 4; i++) expect((await svc.step(e.id)).kind).toBe('iterated');
    const its = await svc.iterations(e.id);
    const refused = its.filter((i) => i.status === 'failed');
    expect(refused.map((i) => i.params)).toEqual([{ 'bt.k': 10, 'bt.kind': 'c' }]);
    expect(refused[0]!.error).toMatch(/the graph with these params was refused: [\s\S]*nodes\[0\]\.params\.k[\s\S]*must be at most 9 with kind "c"/);
    expect(its.filter((i) => i.status === 'succeeded')).toHaveLength(3);
    expect((await svc.get(LOCAL_USER_ID, e.id))!.stopReason).toBe('reached stopRules.maxIterations (4)');
  });

  it('refuses a bad spec with its path and stores nothing', async () => {
    const graphId = await newGraph();
    const before = (await svc.list(LOCAL_USER_ID)).length;
    const r = await svc.create(LOCAL_USER_ID, spec(graphId, { searchSpace: [{ node: 'bt', param: 'k', type: 'int', min: 1, max: 50 }] }));
    expect(r).toMatchObject({ ok: false, status: 400, path: 'searchSpace[0].max' });
    const unknownGraph = await svc.create(LOCAL_USER_ID, spec('00000000-0000-4000-8000-00000000abcd'));
    expect(unknownGraph).toMatchObject({ ok: false, path: 'graphId' });
    expect((await svc.list(LOCAL_USER_ID)).length).toBe(before);
  });
});

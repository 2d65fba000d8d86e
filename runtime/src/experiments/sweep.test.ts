import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { testDatabases } from '../db/testing/test-databases';
import { useTestStore } from '../db/testing/store-fixture';
import { newInstanceIdentity } from '../db';
import { experimentsRepo, type PromotionRecord } from '../db/repos/experiments';
import { sweepStuckExperiments, type ExperimentSweepDeps } from './sweep';
import { syntheticGraph } from './testing/synthetic-backtest';

// Several surviving members sweeping at the same moment: each stuck thing is taken over by
// exactly one of them. Presence is the set of instance ids PostgreSQL would report; the
// database, its locks and conditional updates are real.

const LIVE = ['member-a', 'member-b', 'member-c'];
const now = new Date('2026-03-02T10:00:00Z');

describe.each(testDatabases())('experiment sweep ($name)', (target) => {
  const t = useTestStore(target);

  const members = (adopted: Map<string, string[]>, woken: string[]): ExperimentSweepDeps[] =>
    LIVE.map((id) => ({
      db: t.store.kysely,
      presence: { identity: { ...newInstanceIdentity(), id }, liveInstances: async () => new Set(LIVE) },
      now: () => now,
      adoptPromotion: (p: PromotionRecord) => (adopted.set(id, [...(adopted.get(id) ?? []), p.id]), true),
      wake: () => woken.push(id),
    }));

  const experiment = async () => {
    const g = await t.store.graphs.create({ ownerId: t.owner, name: 'synthetic', document: syntheticGraph });
    const repo = experimentsRepo(t.store.kysely);
    const e = await repo.create({ ownerId: t.owner, name: 'stuck', graphId: g.id, graphVersion: 1, spec: {}, startedAt: now });
    await repo.update(e.id, { nextIterationAt: null }); // claimed
    return { repo, e };
  };
  const iteration = (repo: ReturnType<typeof experimentsRepo>, experimentId: string, seq: number, instance: string) =>
    repo.addIteration({ experimentId, seq, params: { 'bt.x': seq / 10 }, proposer: 'tpe', reason: null, llmCostUsd: 0, startedAt: now, instance });
  const finished = { status: 'succeeded' as const, objective: 1, foldObjectives: [1], stats: { sharpe: 1 }, runIds: [], error: null, finishedAt: now, durationMs: 1 };

  it("takes over a dead instance's running iteration exactly once, and leaves a live one's alone", async () => {
    const { repo, e } = await experiment();
    await repo.finishIteration((await iteration(repo, e.id, 1, 'member-b')).id, finished);
    const orphan = await iteration(repo, e.id, 2, 'gone-instance');
    const other = await experiment();
    const busy = await iteration(other.repo, other.e.id, 1, 'member-c');

    const woken: string[] = [];
    const results = await Promise.all(members(new Map(), woken).map((m) => sweepStuckExperiments(m)));
    expect(results.reduce((n, r) => n + r.iterations, 0)).toBe(1);
    const taker = LIVE[results.findIndex((r) => r.iterations === 1)];
    expect(woken).toEqual([taker]);
    const closed = (await repo.getIteration(orphan.id))!;
    expect(closed).toMatchObject({ status: 'interrupted', instance: 'gone-instance' });
    expect(closed.error).toBe(`instance gone-instance stopped during this iteration; taken over by instance ${taker}`);
    expect((await repo.get(e.id))!.nextIterationAt).toEqual(now);
    // The next claim stores seq 3: the history stays gapless.
    expect((await repo.iterations(e.id)).map((i) => i.seq)).toEqual([1, 2]);

    expect((await other.repo.getIteration(busy.id))!.status).toBe('running');
    expect((await other.repo.get(other.e.id))!.nextIterationAt).toBeNull();
    // Swept again: nothing left to take.
    const again = await Promise.all(members(new Map(), []).map((m) => sweepStuckExperiments(m)));
    expect(again.every((r) => r.iterations === 0 && r.experiments === 0)).toBe(true);
  });

  it('makes a claimed-and-left experiment due once, only after the grace and only when the latest iteration is a dead instance\'s', async () => {
    const { repo, e } = await experiment();
    await repo.finishIteration((await iteration(repo, e.id, 1, 'gone-instance')).id, finished);
    const live = await experiment();
    await live.repo.finishIteration((await iteration(live.repo, live.e.id, 1, 'member-a')).id, finished);

    // Just claimed: a live claimant may still be proposing.
    let results = await Promise.all(members(new Map(), []).map((m) => sweepStuckExperiments(m)));
    expect(results.reduce((n, r) => n + r.experiments, 0)).toBe(0);

    await sql`update experiments set updated_at = now() - interval '10 minutes'`.execute(t.store.kysely);
    results = await Promise.all(members(new Map(), []).map((m) => sweepStuckExperiments(m)));
    expect(results.reduce((n, r) => n + r.experiments, 0)).toBe(1);
    expect((await repo.get(e.id))!.nextIterationAt).toEqual(now);
    // Its latest iteration is a live member's: that member may be challenging the champion.
    expect((await live.repo.get(live.e.id))!.nextIterationAt).toBeNull();
  });

  it('takes over at once (no grace) a claim whose named instance is dead, even after a live member\'s iteration; leaves a live claimant\'s alone', async () => {
    const dead = await experiment();
    await dead.repo.finishIteration((await iteration(dead.repo, dead.e.id, 1, 'member-a')).id, finished);
    await dead.repo.update(dead.e.id, { claimedBy: 'gone-instance' });
    const held = await experiment();
    await held.repo.update(held.e.id, { claimedBy: 'member-b' });
    const results = await Promise.all(members(new Map(), []).map((m) => sweepStuckExperiments(m)));
    expect(results.reduce((n, r) => n + r.experiments, 0)).toBe(1);
    expect(await dead.repo.get(dead.e.id)).toMatchObject({ nextIterationAt: now, claimedBy: null });
    expect(await held.repo.get(held.e.id)).toMatchObject({ nextIterationAt: null, claimedBy: 'member-b' });
  });

  it("watches again the awaiting promotions of a dead instance's iterations, not a live one's", async () => {
    const { repo, e } = await experiment();
    const deadIt = await repo.finishIteration((await iteration(repo, e.id, 1, 'gone-instance')).id, finished);
    const liveIt = await repo.finishIteration((await iteration(repo, e.id, 2, 'member-a')).id, finished);
    const promotion = (iterationId: string) =>
      repo.addPromotion({ experimentId: e.id, iterationId, status: 'awaiting', challengerHoldout: 1, championHoldout: 0, holdoutStats: null, reason: 'asks a person', approvalRunId: null, createdAt: now });
    const orphaned = await promotion(deadIt!.id);
    await promotion(liveIt!.id);
    const adopted = new Map<string, string[]>();
    await Promise.all(members(adopted, []).map((m) => sweepStuckExperiments(m)));
    // Every survivor watches it (the decision itself is a conditional update: made once).
    expect([...adopted.values()]).toEqual(LIVE.map(() => [orphaned.id]));
  });
});

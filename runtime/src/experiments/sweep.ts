import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { Presence } from '../db';
import { experimentsRepo, type PromotionRecord } from '../db/repos/experiments';

/**
 * Cluster members: an iteration runs inside the instance that claimed it, so when that instance
 * dies (kill -9, a lost machine) its experiment would wait for some restart's recovery. Every
 * live instance sweeps instead, every few seconds:
 *
 * - an iteration left `running` by a dead instance is closed as failed and its experiment made
 *   due, in one transaction holding the experiment's row lock, the iteration matched only while
 *   it is still running: of several sweepers exactly one takes it over. The next iteration is
 *   claimed as usual (seq = history + 1, proposed from the stored leaderboard).
 * - an experiment claimed and then left (its claimant died before storing the iteration, or
 *   after storing it but before making the experiment due again, e.g. while challenging the
 *   champion on the holdout) is made due once its row has not changed for CLAIM_GRACE_MS and the
 *   latest iteration's instance is gone. Every write to the row (a claim, this takeover) moves
 *   `updated_at`, so the re-check under the row lock lets only one sweeper take it.
 * - a promotion awaiting a person, challenged by an instance that is gone, is watched here again
 *   (its decision is a conditional update: several watchers still decide it once).
 *
 * The embedded database has one process: its start-up recovery (`resume`) is all it needs.
 */

/** A live claimant stores its iteration once the proposer answers; an LLM proposer may take this long. */
export const CLAIM_GRACE_MS = 120_000;

export interface ExperimentSweepDeps {
  db: Kysely<Database>;
  presence: Pick<Presence, 'identity' | 'liveInstances'>;
  now: () => Date;
  /** Watch an awaiting promotion in this process; false when it is watched here already. */
  adoptPromotion: (p: PromotionRecord) => boolean;
  /** An experiment was made due: wake this process's iteration timer. */
  wake: () => void;
  log?: (line: string) => void;
}

export interface SweepResult {
  /** Iterations of dead instances closed here (their experiments made due when running). */
  iterations: number;
  /** Claimed-and-left experiments made due here. */
  experiments: number;
  /** Awaiting promotions watched here from now on. */
  promotions: number;
}

const isDead = (instance: string | null, live: ReadonlySet<string>) => instance === null || !live.has(instance);

export async function sweepStuckExperiments(d: ExperimentSweepDeps): Promise<SweepResult> {
  const live = await d.presence.liveInstances();
  const me = d.presence.identity.id;
  const out: SweepResult = { iterations: 0, experiments: 0, promotions: 0 };

  const orphans = await d.db.selectFrom('experiment_iterations').select(['id', 'experiment_id', 'instance']).where('status', '=', 'running').execute();
  for (const o of orphans) {
    if (!isDead(o.instance, live)) continue;
    const took = await d.db.transaction().execute(async (trx) => {
      const repo = experimentsRepo(trx);
      const e = await repo.lock(o.experiment_id);
      const closed = await trx
        .updateTable('experiment_iterations')
        .set({ status: 'interrupted', error: `instance ${o.instance ?? '(unknown)'} stopped during this iteration; taken over by instance ${me}`, finished_at: d.now(), duration_ms: 0 })
        .where('id', '=', o.id)
        .where('status', '=', 'running')
        .returning('id')
        .executeTakeFirst();
      if (!closed) return false; // another sweeper (or a restart's recovery) took it
      const stillOpen = await trx.selectFrom('experiment_iterations').select('id').where('experiment_id', '=', o.experiment_id).where('status', '=', 'running').executeTakeFirst();
      if (e?.status === 'running' && !e.nextIterationAt && !stillOpen) await repo.update(e.id, { nextIterationAt: d.now(), claimedBy: null });
      return true;
    });
    if (took) {
      out.iterations += 1;
      d.log?.(`experiment ${o.experiment_id}: took over from instance ${o.instance ?? '(unknown)'}, which stopped during an iteration`);
    }
  }

  // Claimed (next_iteration_at cleared) by an instance that is dead: taken over at once. A claim
  // naming no instance (made before claims were recorded) waits out the grace instead.
  const candidates = await d.db.selectFrom('experiments').select(['id', 'claimed_by', 'updated_at']).where('status', '=', 'running').where('next_iteration_at', 'is', null).execute();
  const graceOver = (at: Date) => at.getTime() < Date.now() - CLAIM_GRACE_MS;
  const claimed = candidates.filter((c) => (c.claimed_by !== null ? !live.has(c.claimed_by) : graceOver(new Date(c.updated_at))));
  for (const { id, claimed_by: claimant } of claimed) {
    const took = await d.db.transaction().execute(async (trx) => {
      const repo = experimentsRepo(trx);
      // Re-checked under the row lock: still claimed, by the same dead instance (or, unnamed, past the grace).
      let q = trx.selectFrom('experiments').select('id').where('id', '=', id).where('status', '=', 'running').where('next_iteration_at', 'is', null);
      q = claimant !== null ? q.where('claimed_by', '=', claimant) : q.where('claimed_by', 'is', null).where('updated_at', '<', sql<Date>`now() - (${CLAIM_GRACE_MS} * interval '1 millisecond')`);
      const stale = await q.forUpdate().executeTakeFirst();
      if (!stale) return false;
      const latest = await trx.selectFrom('experiment_iterations').select(['status', 'instance']).where('experiment_id', '=', id).orderBy('seq', 'desc').limit(1).executeTakeFirst();
      // A live instance's iteration (running, or finished and being challenged on the holdout) is its own business.
      // With the claimant named, only its own iteration still running matters (the first pass closes it).
      if (latest && (latest.status === 'running' || (claimant === null && !isDead(latest.instance, live)))) return false;
      await repo.update(id, { nextIterationAt: d.now(), claimedBy: null });
      return true;
    });
    if (took) {
      out.experiments += 1;
      d.log?.(`experiment ${id}: its claimant${claimant ? ` (instance ${claimant})` : ''} stopped before the iteration was done; due again`);
    }
  }

  const repo = experimentsRepo(d.db);
  for (const p of await repo.awaitingPromotions()) {
    const it = await repo.getIteration(p.iterationId);
    if (!it || !isDead(it.instance, live)) continue;
    if (d.adoptPromotion(p)) out.promotions += 1;
  }

  if (out.iterations || out.experiments) d.wake();
  return out;
}

/** How often a cluster member sweeps (the run sweeper's pace). */
export const EXPERIMENT_SWEEP_MS = 2000;

/** Sweeps every `everyMs` until stopped; sweeps never overlap. */
export function startExperimentSweep(d: ExperimentSweepDeps, everyMs = EXPERIMENT_SWEEP_MS): { stop(): Promise<void> } {
  let current: Promise<void> | undefined;
  const tick = () => {
    if (current) return;
    current = sweepStuckExperiments(d)
      .then(() => undefined)
      .catch((err: unknown) => d.log?.(`experiments: sweep failed: ${(err as Error).message}`))
      .finally(() => (current = undefined));
  };
  const timer = setInterval(tick, everyMs);
  timer.unref();
  tick();
  return {
    async stop() {
      clearInterval(timer);
      await current;
    },
  };
}

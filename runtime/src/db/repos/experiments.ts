import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database } from '../schema';
import type { ExperimentIterationsTable, ExperimentPromotionsTable, ExperimentsTable } from '../experiments-schema';
import { toJsonb, toJsonbOrNull } from '../json';
import { auditRepo, type AuditInput } from './audit';
import { inTransaction } from '../in-transaction';

/** `paused` starts no iteration and can be resumed; `stopped` and `finished` are final. */
export type ExperimentStatus = 'running' | 'paused' | 'stopped' | 'finished';
/** `interrupted`: its process stopped mid-iteration (a crash); it is re-run and not counted by the limits and stop rules. */
export type IterationStatus = 'running' | 'succeeded' | 'failed' | 'interrupted';
export type PromotionStatus = 'awaiting' | 'promoted' | 'rejected';

export interface ExperimentRecord {
  id: string;
  ownerId: string;
  name: string;
  graphId: string;
  /** The graph version the search runs on (the base its params are varied from). */
  graphVersion: number;
  /** The validated spec as stored; the service parses it again with its schema. */
  spec: unknown;
  status: ExperimentStatus;
  stopReason: string | null;
  startedAt: Date;
  nextIterationAt: Date | null;
  /** The instance (presence id) holding the claim of the current iteration; null when none holds it. */
  claimedBy: string | null;
  championIterationId: string | null;
  championHoldout: number | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface IterationRecord {
  id: string;
  experimentId: string;
  seq: number;
  params: Record<string, unknown>;
  proposer: string;
  reason: string | null;
  status: IterationStatus;
  objective: number | null;
  foldObjectives: number[];
  stats: Record<string, number> | null;
  runIds: string[];
  error: string | null;
  llmCostUsd: number;
  /** The process that ran it (presence id): a restart fails a running iteration only when it is gone. */
  instance: string | null;
  startedAt: Date;
  finishedAt: Date | null;
  durationMs: number | null;
}

export interface PromotionRecord {
  id: string;
  experimentId: string;
  iterationId: string;
  status: PromotionStatus;
  /** null: the challenger failed on the holdout. */
  challengerHoldout: number | null;
  /** null: the champion failed on the holdout (any working challenger beats it). */
  championHoldout: number | null;
  holdoutStats: Record<string, number> | null;
  reason: string;
  approvalRunId: string | null;
  decidedBy: string | null;
  graphVersion: number | null;
  createdAt: Date;
  decidedAt: Date | null;
}

// Statuses are held by the columns' check constraints; json columns are written only by this repo.
const toExperiment = (r: Selectable<ExperimentsTable>): ExperimentRecord => ({
  id: r.id,
  ownerId: r.owner_id,
  name: r.name,
  graphId: r.graph_id,
  graphVersion: r.graph_version,
  spec: r.spec,
  status: r.status as ExperimentStatus,
  stopReason: r.stop_reason,
  startedAt: r.started_at,
  nextIterationAt: r.next_iteration_at,
  claimedBy: r.claimed_by,
  championIterationId: r.champion_iteration_id,
  championHoldout: r.champion_holdout,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const toIteration = (r: Selectable<ExperimentIterationsTable>): IterationRecord => ({
  id: r.id,
  experimentId: r.experiment_id,
  seq: r.seq,
  params: r.params as Record<string, unknown>,
  proposer: r.proposer,
  reason: r.reason,
  status: r.status as IterationStatus,
  objective: r.objective,
  foldObjectives: r.fold_objectives as number[],
  stats: r.stats as Record<string, number> | null,
  runIds: r.run_ids as string[],
  error: r.error,
  llmCostUsd: r.llm_cost_usd,
  instance: r.instance,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  durationMs: r.duration_ms,
});

const toPromotion = (r: Selectable<ExperimentPromotionsTable>): PromotionRecord => ({
  id: r.id,
  experimentId: r.experiment_id,
  iterationId: r.iteration_id,
  status: r.status as PromotionStatus,
  challengerHoldout: r.challenger_holdout,
  championHoldout: r.champion_holdout,
  holdoutStats: r.holdout_stats as Record<string, number> | null,
  reason: r.reason,
  approvalRunId: r.approval_run_id,
  decidedBy: r.decided_by,
  graphVersion: r.graph_version,
  createdAt: r.created_at,
  decidedAt: r.decided_at,
});

export interface ExperimentPatch {
  status?: ExperimentStatus;
  stopReason?: string | null;
  nextIterationAt?: Date | null;
  claimedBy?: string | null;
  championIterationId?: string | null;
  championHoldout?: number | null;
}

export interface IterationFinish {
  status: 'succeeded' | 'failed' | 'interrupted';
  objective: number | null;
  foldObjectives: number[];
  stats: Record<string, number> | null;
  runIds: string[];
  error: string | null;
  finishedAt: Date;
  durationMs: number;
}

/** Experiments, their iterations and promotions. Works on a transaction too. */
export function experimentsRepo(db: Kysely<Database>) {
  return {
    async create(input: { ownerId: string; name: string; graphId: string; graphVersion: number; spec: unknown; startedAt: Date; id?: string }): Promise<ExperimentRecord> {
      const row = await db
        .insertInto('experiments')
        .values({
          id: input.id ?? randomUUID(),
          owner_id: input.ownerId,
          name: input.name,
          graph_id: input.graphId,
          graph_version: input.graphVersion,
          spec: toJsonb(input.spec),
          started_at: input.startedAt,
          next_iteration_at: input.startedAt,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toExperiment(row);
    },

    async get(id: string): Promise<ExperimentRecord | undefined> {
      const row = await db.selectFrom('experiments').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toExperiment(row);
    },

    /** The row, locked until the transaction ends: two instances never start the same iteration. */
    async lock(id: string): Promise<ExperimentRecord | undefined> {
      const row = await db.selectFrom('experiments').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
      return row && toExperiment(row);
    },

    /** One owner's experiments, or (no owner: background work) everyone's. */
    async list(ownerId?: string): Promise<ExperimentRecord[]> {
      let q = db.selectFrom('experiments').selectAll();
      if (ownerId !== undefined) q = q.where('owner_id', '=', ownerId);
      const rows = await q.orderBy('created_at').orderBy('id').execute();
      return rows.map(toExperiment);
    },

    async update(id: string, p: ExperimentPatch): Promise<ExperimentRecord | undefined> {
      const row = await db
        .updateTable('experiments')
        .set({
          ...(p.status !== undefined ? { status: p.status } : {}),
          ...(p.stopReason !== undefined ? { stop_reason: p.stopReason } : {}),
          ...(p.nextIterationAt !== undefined ? { next_iteration_at: p.nextIterationAt } : {}),
          ...(p.claimedBy !== undefined ? { claimed_by: p.claimedBy } : {}),
          ...(p.championIterationId !== undefined ? { champion_iteration_id: p.championIterationId } : {}),
          ...(p.championHoldout !== undefined ? { champion_holdout: p.championHoldout } : {}),
          updated_at: sql<Date>`now()`,
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      return row && toExperiment(row);
    },

    /** Ids of running experiments whose next iteration is due at `now`, earliest first. */
    async dueIds(now: Date): Promise<string[]> {
      const rows = await db.selectFrom('experiments').select('id').where('status', '=', 'running').where('next_iteration_at', '<=', now).orderBy('next_iteration_at').execute();
      return rows.map((r) => r.id);
    },

    async earliestNext(): Promise<Date | null> {
      const row = await db.selectFrom('experiments').select((eb) => eb.fn.min('next_iteration_at').as('at')).where('status', '=', 'running').executeTakeFirst();
      const at = row?.at as Date | string | null | undefined;
      return at ? new Date(at) : null;
    },

    async addIteration(input: { experimentId: string; seq: number; params: Record<string, unknown>; proposer: string; reason: string | null; llmCostUsd: number; startedAt: Date; instance: string | null }): Promise<IterationRecord> {
      return inTransaction(db, async (trx) => {
        const row = await trx
          .insertInto('experiment_iterations')
          .values({
            id: randomUUID(),
            experiment_id: input.experimentId,
            seq: input.seq,
            params: toJsonb(input.params),
            proposer: input.proposer,
            reason: input.reason,
            status: 'running',
            llm_cost_usd: input.llmCostUsd,
            instance: input.instance,
            started_at: input.startedAt,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        const it = toIteration(row);
        await auditRepo(trx).record({ actor: input.proposer, client: 'experiment', action: 'experiment.iteration.start', objectType: 'experiment', objectId: input.experimentId, reason: input.reason, details: { iterationId: it.id, seq: it.seq, params: input.params } });
        return it;
      });
    },

    async finishIteration(id: string, f: IterationFinish): Promise<IterationRecord | undefined> {
      return inTransaction(db, async (trx) => {
        const row = await trx
          .updateTable('experiment_iterations')
          .set({
            status: f.status,
            objective: f.objective,
            fold_objectives: toJsonb(f.foldObjectives),
            stats: toJsonbOrNull(f.stats),
            run_ids: toJsonb(f.runIds),
            error: f.error,
            finished_at: f.finishedAt,
            duration_ms: Math.round(f.durationMs),
          })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirst();
        if (!row) return undefined;
        const it = toIteration(row);
        await auditRepo(trx).record({ actor: 'experiment', client: 'experiment', action: 'experiment.iteration.finish', objectType: 'experiment', objectId: it.experimentId, reason: f.error, details: { iterationId: it.id, seq: it.seq, status: f.status, objective: f.objective, runIds: f.runIds } });
        return it;
      });
    },

    async iterations(experimentId: string): Promise<IterationRecord[]> {
      const rows = await db.selectFrom('experiment_iterations').selectAll().where('experiment_id', '=', experimentId).orderBy('seq').execute();
      return rows.map(toIteration);
    },

    async getIteration(id: string): Promise<IterationRecord | undefined> {
      const row = await db.selectFrom('experiment_iterations').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toIteration(row);
    },

    /**
     * Iterations started at or after `since` and what their LLM proposals cost (the daily limits).
     * An interrupted one is not counted (it is re-run); what its proposal cost was spent all the same.
     */
    async usageSince(experimentId: string, since: Date): Promise<{ iterations: number; llmCostUsd: number }> {
      const row = await db
        .selectFrom('experiment_iterations')
        .select((eb) => [eb.fn.count<string | number>(eb.case().when('status', '!=', 'interrupted').then(1).end()).as('n'), eb.fn.coalesce(eb.fn.sum<number | string>('llm_cost_usd'), sql<number>`0`).as('cost')])
        .where('experiment_id', '=', experimentId)
        .where('started_at', '>=', since)
        .executeTakeFirstOrThrow();
      return { iterations: Number(row.n), llmCostUsd: Number(row.cost) };
    },

    async addPromotion(input: Omit<PromotionRecord, 'id' | 'decidedAt' | 'graphVersion' | 'decidedBy'> & { decidedBy?: string | null }): Promise<PromotionRecord> {
      return inTransaction(db, async (trx) => {
        const row = await trx
          .insertInto('experiment_promotions')
          .values({
            id: randomUUID(),
            experiment_id: input.experimentId,
            iteration_id: input.iterationId,
            status: input.status,
            challenger_holdout: input.challengerHoldout,
            champion_holdout: input.championHoldout,
            holdout_stats: toJsonbOrNull(input.holdoutStats),
            reason: input.reason,
            approval_run_id: input.approvalRunId,
            decided_by: input.decidedBy ?? null,
            created_at: input.createdAt,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        const p = toPromotion(row);
        await auditRepo(trx).record(promotionEntry(p, input.decidedBy ?? 'experiment'));
        return p;
      });
    },

    /**
     * Decides an awaiting promotion exactly once: the UPDATE matches only while it is awaiting,
     * so of two resumers (a restart racing a late answer) one decides and the other gets nothing.
     */
    async decidePromotion(id: string, d: { status: 'promoted' | 'rejected'; decidedBy: string; reason?: string; graphVersion?: number | null; decidedAt: Date }): Promise<PromotionRecord | undefined> {
      return inTransaction(db, async (trx) => {
        const row = await trx
          .updateTable('experiment_promotions')
          .set({
            status: d.status,
            decided_by: d.decidedBy,
            decided_at: d.decidedAt,
            ...(d.graphVersion !== undefined ? { graph_version: d.graphVersion } : {}),
            ...(d.reason !== undefined ? { reason: d.reason } : {}),
          })
          .where('id', '=', id)
          .where('status', '=', 'awaiting')
          .returningAll()
          .executeTakeFirst();
        if (!row) return undefined;
        const p = toPromotion(row);
        await auditRepo(trx).record(promotionEntry(p, d.decidedBy));
        return p;
      });
    },

    async setPromotionVersion(id: string, graphVersion: number): Promise<void> {
      await db.updateTable('experiment_promotions').set({ graph_version: graphVersion }).where('id', '=', id).execute();
    },

    async promotions(experimentId: string): Promise<PromotionRecord[]> {
      const rows = await db.selectFrom('experiment_promotions').selectAll().where('experiment_id', '=', experimentId).orderBy('created_at').orderBy('id').execute();
      return rows.map(toPromotion);
    },

    async awaitingPromotions(): Promise<PromotionRecord[]> {
      const rows = await db.selectFrom('experiment_promotions').selectAll().where('status', '=', 'awaiting').orderBy('created_at').execute();
      return rows.map(toPromotion);
    },
  };
}
export type ExperimentsRepo = ReturnType<typeof experimentsRepo>;

/** experiment.promotion.awaiting / .promoted / .rejected, with the rules' or the person's reason. */
function promotionEntry(p: PromotionRecord, actor: string): AuditInput {
  return {
    actor,
    client: 'experiment',
    action: `experiment.promotion.${p.status}`,
    objectType: 'experiment',
    objectId: p.experimentId,
    reason: p.reason,
    details: { promotionId: p.id, iterationId: p.iterationId, challengerHoldout: p.challengerHoldout, championHoldout: p.championHoldout, approvalRunId: p.approvalRunId },
  };
}

import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { Database, NodeRunsTable } from '../schema';
import type { NodeRunRecord, NodeStatus } from '../records';

const toNodeRun = (r: Selectable<NodeRunsTable>): NodeRunRecord => ({
  runId: r.run_id,
  nodeId: r.node_id,
  status: r.status as NodeStatus,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  attempts: r.attempts,
  error: r.error,
  signature: r.signature,
  cached: r.cached,
});

export interface NodeRunPatch {
  runId: string;
  nodeId: string;
  status: NodeStatus;
  startedAt?: Date | null;
  finishedAt?: Date | null;
  attempts?: number;
  error?: string | null;
  signature?: string | null;
  cached?: boolean;
}

/** Per-node status and timings of each run, for queries (the event log has the full story). */
export function nodeRunsRepo(db: Kysely<Database>) {
  return {
    /** Inserts or updates one node's row; fields left out keep their stored value. */
    async upsert(p: NodeRunPatch): Promise<NodeRunRecord> {
      const changes: Updateable<NodeRunsTable> = { status: p.status };
      if (p.startedAt !== undefined) changes.started_at = p.startedAt;
      if (p.finishedAt !== undefined) changes.finished_at = p.finishedAt;
      if (p.attempts !== undefined) changes.attempts = p.attempts;
      if (p.error !== undefined) changes.error = p.error;
      if (p.signature !== undefined) changes.signature = p.signature;
      if (p.cached !== undefined) changes.cached = p.cached;
      const row: Insertable<NodeRunsTable> = {
        run_id: p.runId,
        node_id: p.nodeId,
        status: p.status,
        started_at: p.startedAt ?? null,
        finished_at: p.finishedAt ?? null,
        attempts: p.attempts ?? 0,
        error: p.error ?? null,
        signature: p.signature ?? null,
        cached: p.cached ?? false,
      };
      const saved = await db
        .insertInto('node_runs')
        .values(row)
        .onConflict((oc) => oc.columns(['run_id', 'node_id']).doUpdateSet(changes))
        .returningAll()
        .executeTakeFirstOrThrow();
      return toNodeRun(saved);
    },

    async listByRun(runId: string): Promise<NodeRunRecord[]> {
      const rows = await db.selectFrom('node_runs').selectAll().where('run_id', '=', runId).orderBy('started_at').orderBy('node_id').execute();
      return rows.map(toNodeRun);
    },

    async get(runId: string, nodeId: string): Promise<NodeRunRecord | undefined> {
      const row = await db.selectFrom('node_runs').selectAll().where('run_id', '=', runId).where('node_id', '=', nodeId).executeTakeFirst();
      return row && toNodeRun(row);
    },
  };
}
export type NodeRunsRepo = ReturnType<typeof nodeRunsRepo>;

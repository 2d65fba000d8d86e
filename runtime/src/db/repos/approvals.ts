import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { ApprovalsTable, Database } from '../schema';
import type { ApprovalDecision, ApprovalRecord, ApprovalStatus } from '../records';
import { toJsonb, toJsonbOrNull } from '../json';

const toRecord = (r: Selectable<ApprovalsTable>): ApprovalRecord => ({
  id: r.id,
  runId: r.run_id,
  nodeId: r.node_id,
  status: r.status as ApprovalStatus, // held by the column's check constraint
  request: r.request,
  response: r.response,
  createdAt: r.created_at,
  decidedAt: r.decided_at,
  expiresAt: r.expires_at,
  decidedBy: r.decided_by,
});

export type DecideResult = { ok: true; approval: ApprovalRecord } | { ok: false; reason: 'not_found' | 'already_decided'; approval?: ApprovalRecord };

/** Requests for a person's decision that a run waits on. */
export function approvalsRepo(db: Kysely<Database>) {
  const get = async (id: string): Promise<ApprovalRecord | undefined> => {
    const row = await db.selectFrom('approvals').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toRecord(row);
  };

  return {
    async create(input: { runId: string; nodeId: string; request: unknown; expiresAt?: Date | null; id?: string }): Promise<ApprovalRecord> {
      const row = await db
        .insertInto('approvals')
        .values({
          id: input.id ?? randomUUID(),
          run_id: input.runId,
          node_id: input.nodeId,
          status: 'pending',
          request: toJsonb(input.request),
          expires_at: input.expiresAt ?? null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toRecord(row);
    },

    get,

    /** Pending requests, oldest first; of one run if given. */
    async listPending(filter: { runId?: string } = {}): Promise<ApprovalRecord[]> {
      let q = db.selectFrom('approvals').selectAll().where('status', '=', 'pending');
      if (filter.runId !== undefined) q = q.where('run_id', '=', filter.runId);
      const rows = await q.orderBy('created_at').orderBy('id').execute();
      return rows.map(toRecord);
    },

    /**
     * Decides a pending request exactly once: the UPDATE only matches while the row is
     * still pending, so of two concurrent deciders one wins and the other is told it was
     * already decided (with the winning decision).
     */
    async decide(id: string, decision: { status: ApprovalDecision; response?: unknown; decidedBy?: string | null }): Promise<DecideResult> {
      const row = await db
        .updateTable('approvals')
        .set({
          status: decision.status,
          response: toJsonbOrNull(decision.response),
          decided_by: decision.decidedBy ?? null,
          decided_at: sql<Date>`now()`,
        })
        .where('id', '=', id)
        .where('status', '=', 'pending')
        .returningAll()
        .executeTakeFirst();
      if (row) return { ok: true, approval: toRecord(row) };
      const current = await get(id);
      return current ? { ok: false, reason: 'already_decided', approval: current } : { ok: false, reason: 'not_found' };
    },

    /** Marks pending requests whose expiry has passed as timed out; returns them. */
    async expireDue(now: Date = new Date()): Promise<ApprovalRecord[]> {
      const rows = await db
        .updateTable('approvals')
        .set({ status: 'timed_out', decided_at: sql<Date>`now()` })
        .where('status', '=', 'pending')
        .where('expires_at', '<=', now)
        .returningAll()
        .execute();
      return rows.map(toRecord);
    },
  };
}
export type ApprovalsRepo = ReturnType<typeof approvalsRepo>;

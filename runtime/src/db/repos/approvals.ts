import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { ApprovalsTable, Database } from '../schema';
import type { ApprovalDecision, ApprovalRecord, ApprovalStatus } from '../records';
import { toJsonb, toJsonbOrNull } from '../json';
import type { AuditClient } from '@coinlab/shared';
import { auditRepo } from './audit';
import { inTransaction } from '../in-transaction';

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
    async decide(id: string, decision: { status: ApprovalDecision; response?: unknown; decidedBy?: string | null; client?: AuditClient }): Promise<DecideResult> {
      // The decision and its audit entry commit together: no decision goes unrecorded.
      const row = await inTransaction(db, async (trx) => {
        const updated = await trx
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
        if (updated) await auditRepo(trx).record(decisionEntry(toRecord(updated), decision.client ?? 'system'));
        return updated;
      });
      if (row) return { ok: true, approval: toRecord(row) };
      const current = await get(id);
      return current ? { ok: false, reason: 'already_decided', approval: current } : { ok: false, reason: 'not_found' };
    },

    /** Marks pending requests whose expiry has passed as timed out; returns them. */
    async expireDue(now: Date = new Date()): Promise<ApprovalRecord[]> {
      return inTransaction(db, async (trx) => {
        const rows = await trx
          .updateTable('approvals')
          .set({ status: 'timed_out', decided_at: sql<Date>`now()` })
          .where('status', '=', 'pending')
          .where('expires_at', '<=', now)
          .returningAll()
          .execute();
        const records = rows.map(toRecord);
        for (const r of records) await auditRepo(trx).record(decisionEntry(r, 'system'));
        return records;
      });
    },
  };
}
export type ApprovalsRepo = ReturnType<typeof approvalsRepo>;

/** approval.approved / .rejected / .overridden / .timed_out, with the reason the person (or the timer) gave. */
function decisionEntry(a: ApprovalRecord, client: AuditClient) {
  const response = a.response && typeof a.response === 'object' ? (a.response as { reason?: unknown; value?: unknown; decision?: unknown }) : {};
  return {
    actor: a.decidedBy ?? (a.status === 'timed_out' ? 'timeout' : 'unknown'),
    client: a.status === 'timed_out' ? ('system' as const) : client,
    action: `approval.${a.status}`,
    objectType: 'approval',
    objectId: a.id,
    reason: typeof response.reason === 'string' ? response.reason : null,
    details: { runId: a.runId, nodeId: a.nodeId, ...(response.value !== undefined ? { value: response.value } : {}) },
  };
}

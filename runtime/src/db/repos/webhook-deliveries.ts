import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, WebhookDeliveriesTable } from '../schema';

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface DeliveryRecord {
  id: string;
  alertId: string;
  webhookId: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  lastStatus: number | null;
  deliveredAt: Date | null;
  createdAt: Date;
}

const toRecord = (r: Selectable<WebhookDeliveriesTable>): DeliveryRecord => ({
  id: r.id,
  alertId: r.alert_id,
  webhookId: r.webhook_id,
  status: r.status as DeliveryStatus, // held by the column's check constraint
  attempts: r.attempts,
  nextAttemptAt: r.next_attempt_at,
  lastError: r.last_error,
  lastStatus: r.last_status,
  deliveredAt: r.delivered_at,
  createdAt: r.created_at,
});

/** The delivery queue: one row per (alert, webhook), its state stored so a restart carries on. */
export function webhookDeliveriesRepo(db: Kysely<Database>) {
  return {
    async enqueue(alertId: string, webhookIds: readonly string[], at: Date): Promise<void> {
      if (webhookIds.length === 0) return;
      await db
        .insertInto('webhook_deliveries')
        .values(webhookIds.map((webhookId) => ({ id: randomUUID(), alert_id: alertId, webhook_id: webhookId, next_attempt_at: at })))
        .onConflict((oc) => oc.columns(['alert_id', 'webhook_id']).doNothing())
        .execute();
    },

    /**
     * Takes up to `limit` due deliveries for `leaseMs`: their next attempt moves past the lease,
     * so a process that dies while sending leaves them to be tried again, and processes sharing
     * the database never take the same row at once (`skip locked`).
     */
    async claimDue(now: Date, leaseMs: number, limit: number): Promise<DeliveryRecord[]> {
      const rows = await db
        .updateTable('webhook_deliveries')
        .set({ next_attempt_at: new Date(now.getTime() + leaseMs) })
        .where('id', 'in', (eb) =>
          eb.selectFrom('webhook_deliveries').select('id').where('status', '=', 'pending').where('next_attempt_at', '<=', now).orderBy('next_attempt_at').limit(limit).forUpdate().skipLocked(),
        )
        .returningAll()
        .execute();
      return rows.map(toRecord);
    },

    async markDelivered(id: string, attempts: number, httpStatus: number, at: Date): Promise<void> {
      await db.updateTable('webhook_deliveries').set({ status: 'delivered', attempts, last_status: httpStatus, last_error: null, delivered_at: at }).where('id', '=', id).execute();
    },

    /** A failed attempt: tried again at `nextAttemptAt`, or given up (`failed`) when that is null. */
    async markAttemptFailed(id: string, attempts: number, problem: { error: string; httpStatus: number | null }, nextAttemptAt: Date | null): Promise<void> {
      await db
        .updateTable('webhook_deliveries')
        .set({ attempts, last_error: problem.error, last_status: problem.httpStatus, ...(nextAttemptAt ? { next_attempt_at: nextAttemptAt } : { status: 'failed' }) })
        .where('id', '=', id)
        .execute();
    },

    async earliestDue(): Promise<Date | null> {
      const row = await db.selectFrom('webhook_deliveries').select((eb) => eb.fn.min('next_attempt_at').as('at')).where('status', '=', 'pending').executeTakeFirst();
      const at = row?.at as Date | string | null | undefined;
      return at ? new Date(at) : null;
    },

    async forWebhook(webhookId: string, limit = 100): Promise<DeliveryRecord[]> {
      const rows = await db.selectFrom('webhook_deliveries').selectAll().where('webhook_id', '=', webhookId).orderBy('created_at', 'desc').orderBy('id').limit(limit).execute();
      return rows.map(toRecord);
    },

    async forAlert(alertId: string): Promise<DeliveryRecord[]> {
      const rows = await db.selectFrom('webhook_deliveries').selectAll().where('alert_id', '=', alertId).orderBy('created_at').execute();
      return rows.map(toRecord);
    },

    /** Count by status (tests, the CLI). */
    async counts(): Promise<Record<DeliveryStatus, number>> {
      const rows = await db.selectFrom('webhook_deliveries').select(['status', sql<string>`count(*)`.as('n')]).groupBy('status').execute();
      const out: Record<DeliveryStatus, number> = { pending: 0, delivered: 0, failed: 0 };
      for (const r of rows) out[r.status as DeliveryStatus] = Number(r.n);
      return out;
    },
  };
}
export type WebhookDeliveriesRepo = ReturnType<typeof webhookDeliveriesRepo>;

import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { AlertsTable, Database } from '../schema';
import { toJsonb } from '../json';
import type { AlertKind, AlertSeverity, AlertSubject } from '../../alerts/schemas';

export interface AlertRecord {
  id: string;
  ownerId: string;
  kind: AlertKind;
  severity: AlertSeverity;
  message: string;
  details: Record<string, unknown>;
  subject: AlertSubject | null;
  createdAt: Date;
  acknowledgedAt: Date | null;
  acknowledgedBy: string | null;
}

export interface AlertInput {
  ownerId: string;
  kind: AlertKind;
  severity: AlertSeverity;
  message: string;
  details: Record<string, unknown>;
  subject: AlertSubject | null;
  dedupeKey: string | null;
}

const toRecord = (r: Selectable<AlertsTable>): AlertRecord => ({
  id: r.id,
  ownerId: r.owner_id,
  kind: r.kind as AlertKind, // written only through raiseAlertSchema
  severity: r.severity as AlertSeverity, // held by the column's check constraint
  message: r.message,
  details: (r.details ?? {}) as Record<string, unknown>,
  subject: r.subject_type && r.subject_id ? { type: r.subject_type, id: r.subject_id } : null,
  createdAt: r.created_at,
  acknowledgedAt: r.acknowledged_at,
  acknowledgedBy: r.acknowledged_by,
});

/** Stored alerts: appended, listed, acknowledged (the only change an alert ever sees). */
export function alertsRepo(db: Kysely<Database>) {
  return {
    /** The new alert, or undefined when one with the same dedupe key is stored already. */
    async insert(input: AlertInput, at?: Date): Promise<AlertRecord | undefined> {
      const row = await db
        .insertInto('alerts')
        .values({
          id: randomUUID(),
          owner_id: input.ownerId,
          kind: input.kind,
          severity: input.severity,
          message: input.message,
          details: toJsonb(input.details),
          subject_type: input.subject?.type ?? null,
          subject_id: input.subject?.id ?? null,
          dedupe_key: input.dedupeKey,
          ...(at ? { created_at: at } : {}),
        })
        .onConflict((oc) => oc.column('dedupe_key').doNothing())
        .returningAll()
        .executeTakeFirst();
      return row && toRecord(row);
    },

    async get(id: string): Promise<AlertRecord | undefined> {
      const row = await db.selectFrom('alerts').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toRecord(row);
    },

    /** Newest first; unacknowledged only unless `all`. */
    async list(ownerId: string, o: { all?: boolean; limit?: number } = {}): Promise<AlertRecord[]> {
      let q = db.selectFrom('alerts').selectAll().where('owner_id', '=', ownerId);
      if (!o.all) q = q.where('acknowledged_at', 'is', null);
      const rows = await q
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(o.limit ?? 200)
        .execute();
      return rows.map(toRecord);
    },

    async countUnacknowledged(ownerId: string): Promise<number> {
      const row = await db.selectFrom('alerts').select((eb) => eb.fn.countAll<string | number>().as('n')).where('owner_id', '=', ownerId).where('acknowledged_at', 'is', null).executeTakeFirst();
      return Number(row?.n ?? 0);
    },

    /** Acknowledges the given alerts (or every open one) not acknowledged yet; returns those it changed. */
    async acknowledge(ownerId: string, ids: readonly string[] | 'all', by: string, at: Date): Promise<AlertRecord[]> {
      if (ids !== 'all' && ids.length === 0) return [];
      let q = db.updateTable('alerts').set({ acknowledged_at: at, acknowledged_by: by }).where('owner_id', '=', ownerId).where('acknowledged_at', 'is', null);
      if (ids !== 'all') q = q.where('id', 'in', [...ids]);
      const rows = await q.returningAll().execute();
      return rows.map(toRecord);
    },

    /** Closes every open alert whose dedupe key starts with `keyPrefix`, whoever owns it (what it asked for is done). */
    async acknowledgeByKeyPrefix(keyPrefix: string, by: string, at: Date): Promise<AlertRecord[]> {
      const escaped = keyPrefix.replace(/[\\%_]/g, (ch) => `\\${ch}`);
      const rows = await db.updateTable('alerts').set({ acknowledged_at: at, acknowledged_by: by }).where('acknowledged_at', 'is', null).where('dedupe_key', 'like', `${escaped}%`).returningAll().execute();
      return rows.map(toRecord);
    },
  };
}
export type AlertsRepo = ReturnType<typeof alertsRepo>;

import { sql, type Kysely } from 'kysely';
import type { AuditClient, AuditEntry, AuditQuery } from '@coinlab/shared';
import type { Database } from '../schema';
import { toJsonb } from '../json';

/** One action to record. `details` holds what the columns do not (method, path, run id, ...). */
export interface AuditInput {
  actor: string;
  client: AuditClient;
  action: string;
  objectType?: string | null;
  objectId?: string | null;
  reason?: string | null;
  details?: Record<string, unknown>;
}

const REASON_MAX = 4000;

/**
 * The audit log. `record` takes whatever executor the caller holds: given a transaction, the
 * entry commits (or rolls back) with the change it describes. There is deliberately no update
 * or delete here; the table's trigger refuses them anyway.
 */
export function auditRepo(db: Kysely<Database>) {
  return {
    async record(entry: AuditInput): Promise<void> {
      await db
        .insertInto('audit_log')
        .values({
          actor: entry.actor,
          client: entry.client,
          action: entry.action,
          object_type: entry.objectType ?? null,
          object_id: entry.objectId ?? null,
          reason: entry.reason ? entry.reason.slice(0, REASON_MAX) : null,
          details: toJsonb(entry.details ?? {}),
        })
        .execute();
    },

    /** Newest first; `cursor` (an id) continues below a previous page. */
    async list(q: Omit<AuditQuery, 'limit'> & { limit: number }): Promise<{ entries: AuditEntry[]; nextCursor: string | null }> {
      let query = db
        .selectFrom('audit_log')
        // Actors are user ids or an automation's word; the name is joined so nobody reads raw ids.
        .leftJoin('users', (j) => j.on(sql<boolean>`users.id::text = audit_log.actor`))
        .select([
          sql<string>`audit_log.id::text`.as('id'),
          'audit_log.at',
          'audit_log.actor',
          'users.name as actor_name',
          'audit_log.client',
          'audit_log.action',
          'audit_log.object_type',
          'audit_log.object_id',
          'audit_log.reason',
          'audit_log.details',
        ]);
      if (q.action) query = query.where('audit_log.action', '=', q.action);
      if (q.objectType) query = query.where('audit_log.object_type', '=', q.objectType);
      if (q.objectId) query = query.where('audit_log.object_id', '=', q.objectId);
      if (q.actor) query = query.where('audit_log.actor', '=', q.actor);
      if (q.client) query = query.where('audit_log.client', '=', q.client);
      if (q.since) query = query.where('audit_log.at', '>=', new Date(q.since));
      if (q.until) query = query.where('audit_log.at', '<=', new Date(q.until));
      if (q.cursor) query = query.where(sql<boolean>`audit_log.id < ${q.cursor}::bigint`);
      // One more than asked: tells whether another page follows without a count query.
      const rows = await query.orderBy('audit_log.id', 'desc').limit(q.limit + 1).execute();
      const page = rows.slice(0, q.limit);
      return {
        entries: page.map((r) => ({
          id: r.id,
          at: new Date(r.at).toISOString(),
          actor: r.actor,
          actorName: r.actor_name ?? null,
          client: r.client,
          action: r.action,
          objectType: r.object_type,
          objectId: r.object_id,
          reason: r.reason,
          details: r.details && typeof r.details === 'object' && !Array.isArray(r.details) ? (r.details as Record<string, unknown>) : {},
        })),
        nextCursor: rows.length > q.limit ? page[page.length - 1]!.id : null,
      };
    },
  };
}
export type AuditRepo = ReturnType<typeof auditRepo>;

import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { assignableRoleSchema, type Invitation } from '@coinlab/shared';
import type { Database, InvitationsTable } from '../schema';

export interface InvitationRecord {
  id: string;
  role: Invitation['role'];
  createdBy: string;
  createdAt: Date;
  expiresAt: Date;
  acceptedAt: Date | null;
  acceptedBy: string | null;
}

const toRecord = (r: Selectable<InvitationsTable>): InvitationRecord => ({
  id: r.id,
  role: assignableRoleSchema.parse(r.role),
  createdBy: r.created_by,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  acceptedAt: r.accepted_at,
  acceptedBy: r.accepted_by,
});

/** One-time invitation links, found by the SHA-256 of the link's token. */
export function invitationsRepo(db: Kysely<Database>) {
  return {
    async create(input: { hash: string; role: Invitation['role']; createdBy: string; expiresAt: Date }): Promise<InvitationRecord> {
      const row = await db
        .insertInto('invitations')
        .values({ id: randomUUID(), token_hash: input.hash, role: input.role, created_by: input.createdBy, expires_at: input.expiresAt })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toRecord(row);
    },

    /** The invitation with this hash if it can still be accepted. */
    async findOpen(hash: string, now: Date, executor: Kysely<Database> = db): Promise<InvitationRecord | undefined> {
      const row = await executor.selectFrom('invitations').selectAll().where('token_hash', '=', hash).where('accepted_at', 'is', null).where('expires_at', '>', now).executeTakeFirst();
      return row && toRecord(row);
    },

    /** Marks it accepted, once: undefined when it was accepted (or withdrawn, or expired) meanwhile. */
    async accept(hash: string, userId: string, now: Date, executor: Kysely<Database> = db): Promise<InvitationRecord | undefined> {
      const row = await executor
        .updateTable('invitations')
        .set({ accepted_at: now, accepted_by: userId })
        .where('token_hash', '=', hash)
        .where('accepted_at', 'is', null)
        .where('expires_at', '>', now)
        .returningAll()
        .executeTakeFirst();
      return row && toRecord(row);
    },

    async list(): Promise<InvitationRecord[]> {
      const rows = await db.selectFrom('invitations').selectAll().orderBy('created_at', 'desc').orderBy('id').execute();
      return rows.map(toRecord);
    },

    /** Withdraws an invitation not yet accepted; false when there is none with this id. */
    async withdraw(id: string): Promise<'withdrawn' | 'accepted' | 'missing'> {
      const row = await db.selectFrom('invitations').select('accepted_at').where('id', '=', id).executeTakeFirst();
      if (!row) return 'missing';
      if (row.accepted_at) return 'accepted';
      await db.deleteFrom('invitations').where('id', '=', id).where('accepted_at', 'is', null).execute();
      return 'withdrawn';
    },
  };
}
export type InvitationsRepo = ReturnType<typeof invitationsRepo>;

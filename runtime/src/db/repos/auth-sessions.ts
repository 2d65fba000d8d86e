import type { Kysely } from 'kysely';
import { roleSchema, type Role } from '@coinlab/shared';
import type { Database } from '../schema';

export interface SessionRecord {
  id: string;
  userId: string;
  role: Role;
  csrfToken: string;
  expiresAt: Date;
  lastSeenAt: Date;
}

/** Browser sessions, by the hash of their cookie's secret (see auth/secrets.ts). */
export function authSessionsRepo(db: Kysely<Database>) {
  return {
    async create(input: { id: string; userId: string; csrfToken: string; expiresAt: Date }): Promise<void> {
      await db.insertInto('auth_sessions').values({ id: input.id, user_id: input.userId, csrf_token: input.csrfToken, expires_at: input.expiresAt }).execute();
    },

    /** The live session with this id, of an account not removed, with the account's role now. */
    async findLive(id: string, now: Date): Promise<SessionRecord | undefined> {
      const row = await db
        .selectFrom('auth_sessions as s')
        .innerJoin('users as u', 'u.id', 's.user_id')
        .select(['s.id', 's.user_id', 's.csrf_token', 's.expires_at', 's.last_seen_at', 'u.role'])
        .where('s.id', '=', id)
        .where('s.expires_at', '>', now)
        .where('u.removed_at', 'is', null)
        .executeTakeFirst();
      return row && { id: row.id, userId: row.user_id, role: roleSchema.parse(row.role), csrfToken: row.csrf_token, expiresAt: row.expires_at, lastSeenAt: row.last_seen_at };
    },

    /** Sliding expiry: a session in use lives on. */
    async extend(id: string, now: Date, expiresAt: Date): Promise<void> {
      await db.updateTable('auth_sessions').set({ last_seen_at: now, expires_at: expiresAt }).where('id', '=', id).execute();
    },

    async delete(id: string): Promise<void> {
      await db.deleteFrom('auth_sessions').where('id', '=', id).execute();
    },

    /** Sessions that ended long ago take no space (called now and then by sign-ins). */
    async deleteExpired(now: Date): Promise<void> {
      await db.deleteFrom('auth_sessions').where('expires_at', '<=', now).execute();
    },
  };
}
export type AuthSessionsRepo = ReturnType<typeof authSessionsRepo>;

import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { Database, UsersTable } from '../schema';
import type { UserRecord } from '../records';

/** With no auth configured the runtime acts as this one user; a fixed id survives restarts. */
export const LOCAL_USER_ID = '00000000-0000-4000-8000-000000000001';
export const LOCAL_USER_NAME = 'local';

const toRecord = (r: Selectable<UsersTable>): UserRecord => ({ id: r.id, name: r.name, createdAt: r.created_at });

export function usersRepo(db: Kysely<Database>) {
  return {
    /** Creates the local user on first use; returns it either way. It is the lab's owner (accounts: the set-up form signs it in). */
    async ensureLocalUser(): Promise<UserRecord> {
      await db.insertInto('users').values({ id: LOCAL_USER_ID, name: LOCAL_USER_NAME, role: 'owner' }).onConflict((oc) => oc.column('id').doNothing()).execute();
      const row = await db.selectFrom('users').selectAll().where('id', '=', LOCAL_USER_ID).executeTakeFirstOrThrow();
      return toRecord(row);
    },

    async create(input: { id?: string; name: string }): Promise<UserRecord> {
      const row = await db
        .insertInto('users')
        .values({ id: input.id ?? randomUUID(), name: input.name })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toRecord(row);
    },

    async get(id: string): Promise<UserRecord | undefined> {
      const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toRecord(row);
    },
  };
}
export type UsersRepo = ReturnType<typeof usersRepo>;

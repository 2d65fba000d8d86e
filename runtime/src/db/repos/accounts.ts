import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import { roleSchema, type Role } from '@coinlab/shared';
import type { Database, UsersTable } from '../schema';

/** A user as accounts see it (the password hash stays in this file's queries). */
export interface AccountRecord {
  id: string;
  name: string;
  email: string | null;
  role: Role;
  createdAt: Date;
  removedAt: Date | null;
}

export class EmailTakenError extends Error {
  constructor(email: string) {
    super(`an account with the email ${email} already exists`);
  }
}

const toAccount = (r: Selectable<UsersTable>): AccountRecord => ({ id: r.id, name: r.name, email: r.email, role: roleSchema.parse(r.role), createdAt: r.created_at, removedAt: r.removed_at });

const isUniqueViolation = (err: unknown) => (err as { code?: unknown } | null)?.code === '23505';

/** Users with sign-in data: set-up, look-up by email, roles, removal with hand-over. */
export function accountsRepo(db: Kysely<Database>) {
  return {
    /** Whether the owner has an email and a password yet (before that the lab runs as the local user). */
    async ownerSetUp(): Promise<boolean> {
      const row = await db.selectFrom('users').select('id').where('role', '=', 'owner').where('password_hash', 'is not', null).executeTakeFirst();
      return row !== undefined;
    },

    /** Gives the owner (the local user) its name, email and password; undefined when that was done before. */
    async setUpOwner(input: { name: string; email: string; passwordHash: string }): Promise<AccountRecord | undefined> {
      const row = await db
        .updateTable('users')
        .set({ name: input.name, email: input.email, password_hash: input.passwordHash })
        .where('role', '=', 'owner')
        .where('password_hash', 'is', null)
        .returningAll()
        .executeTakeFirst();
      return row && toAccount(row);
    },

    /** The active account with this email and its password hash. */
    async withPassword(email: string): Promise<{ account: AccountRecord; passwordHash: string | null } | undefined> {
      const row = await db.selectFrom('users').selectAll().where('email', '=', email).where('removed_at', 'is', null).executeTakeFirst();
      return row && { account: toAccount(row), passwordHash: row.password_hash };
    },

    async passwordHash(id: string): Promise<string | null> {
      const row = await db.selectFrom('users').select('password_hash').where('id', '=', id).where('removed_at', 'is', null).executeTakeFirst();
      return row?.password_hash ?? null;
    },

    async get(id: string): Promise<AccountRecord | undefined> {
      const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toAccount(row);
    },

    /** Active accounts, the owner first, then by when they joined. */
    async listActive(): Promise<AccountRecord[]> {
      const rows = await db.selectFrom('users').selectAll().where('removed_at', 'is', null).orderBy(sql`role = 'owner'`, 'desc').orderBy('created_at').orderBy('id').execute();
      return rows.map(toAccount);
    },

    /** A new account; EmailTakenError when an active account has the email. */
    async create(input: { name: string; email: string; passwordHash: string; role: Role }, executor: Kysely<Database> = db): Promise<AccountRecord> {
      try {
        const row = await executor
          .insertInto('users')
          .values({ id: randomUUID(), name: input.name, email: input.email, password_hash: input.passwordHash, role: input.role })
          .returningAll()
          .executeTakeFirstOrThrow();
        return toAccount(row);
      } catch (err) {
        if (isUniqueViolation(err)) throw new EmailTakenError(input.email);
        throw err;
      }
    },

    async setRole(id: string, role: Role): Promise<AccountRecord | undefined> {
      const row = await db.updateTable('users').set({ role }).where('id', '=', id).where('removed_at', 'is', null).returningAll().executeTakeFirst();
      return row && toAccount(row);
    },

    /** A new password; every session of the account but `keepSessionId` ends (a stolen one with it). */
    async setPassword(id: string, passwordHash: string, keepSessionId: string | null): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', id).execute();
        let ending = trx.deleteFrom('auth_sessions').where('user_id', '=', id);
        if (keepSessionId) ending = ending.where('id', '!=', keepSessionId);
        await ending.execute();
      });
    },

    /**
     * Removes an account at once: its sessions end, its tokens are revoked and it can no longer
     * sign in. With `handOverTo`, everything it owns (every table with an owner_id, found in
     * the schema so a new table is never forgotten) becomes that user's; without, its work
     * stays as it is, owned by the removed account.
     */
    async remove(id: string, handOverTo: string | null): Promise<{ handedOver: Record<string, number> }> {
      return db.transaction().execute(async (trx) => {
        const handedOver: Record<string, number> = {};
        if (handOverTo) {
          const tables = await sql<{ table_name: string }>`
            select table_name from information_schema.columns
            where column_name = 'owner_id' and table_schema = current_schema()
            order by table_name`.execute(trx);
          for (const { table_name } of tables.rows) {
            const moved = await sql`update ${sql.id(table_name)} set owner_id = ${handOverTo} where owner_id = ${id}`.execute(trx);
            const count = Number(moved.numAffectedRows ?? 0);
            if (count > 0) handedOver[table_name] = count;
          }
        }
        await trx.updateTable('users').set({ removed_at: new Date() }).where('id', '=', id).execute();
        await trx.deleteFrom('auth_sessions').where('user_id', '=', id).execute();
        await trx.updateTable('api_tokens').set({ revoked_at: new Date() }).where('user_id', '=', id).where('revoked_at', 'is', null).execute();
        return { handedOver };
      });
    },
  };
}
export type AccountsRepo = ReturnType<typeof accountsRepo>;

import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { roleSchema, tokenScopeSchema, type Role, type TokenScope } from '@coinlab/shared';
import type { ApiTokensTable, Database } from '../schema';

export interface ApiTokenRecord {
  id: string;
  userId: string;
  name: string;
  scope: TokenScope;
  prefix: string;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** Why a presented token does not work, in words for the 401. */
export type TokenLookup = { ok: true; token: ApiTokenRecord; role: Role } | { ok: false; reason: string };

const toRecord = (r: Selectable<ApiTokensTable>): ApiTokenRecord => ({
  id: r.id,
  userId: r.user_id,
  name: r.name,
  scope: tokenScopeSchema.parse(r.scope),
  prefix: r.prefix,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  lastUsedAt: r.last_used_at,
  revokedAt: r.revoked_at,
});

/** API tokens, found by the SHA-256 of the token (the token itself is never stored). */
export function apiTokensRepo(db: Kysely<Database>) {
  return {
    async create(input: { userId: string; name: string; scope: TokenScope; prefix: string; hash: string; expiresAt: Date | null }): Promise<ApiTokenRecord> {
      const row = await db
        .insertInto('api_tokens')
        .values({ id: randomUUID(), user_id: input.userId, name: input.name, scope: input.scope, prefix: input.prefix, token_hash: input.hash, expires_at: input.expiresAt })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toRecord(row);
    },

    /** The token with this hash if it still works, else why not. */
    async lookup(hash: string, now: Date): Promise<TokenLookup> {
      const row = await db
        .selectFrom('api_tokens as t')
        .innerJoin('users as u', 'u.id', 't.user_id')
        .selectAll('t')
        .select(['u.role as user_role', 'u.removed_at as user_removed_at'])
        .where('t.token_hash', '=', hash)
        .executeTakeFirst();
      if (!row) return { ok: false, reason: 'the API token is not known (mistyped, or from another coinlab)' };
      if (row.revoked_at) return { ok: false, reason: `the API token "${row.name}" (${row.prefix}…) was revoked` };
      if (row.expires_at && row.expires_at <= now) return { ok: false, reason: `the API token "${row.name}" (${row.prefix}…) expired at ${row.expires_at.toISOString()}` };
      if (row.user_removed_at) return { ok: false, reason: `the API token "${row.name}" (${row.prefix}…) belongs to a removed account` };
      return { ok: true, token: toRecord(row), role: roleSchema.parse(row.user_role) };
    },

    async touch(id: string, now: Date): Promise<void> {
      await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', id).execute();
    },

    async listForUser(userId: string): Promise<ApiTokenRecord[]> {
      const rows = await db.selectFrom('api_tokens').selectAll().where('user_id', '=', userId).orderBy('created_at', 'desc').orderBy('id').execute();
      return rows.map(toRecord);
    },

    /** Revokes one of the user's tokens; undefined when the user has no token with this id. */
    async revoke(userId: string, id: string, now: Date): Promise<ApiTokenRecord | undefined> {
      const row = await db
        .updateTable('api_tokens')
        .set((eb) => ({ revoked_at: eb.fn.coalesce('revoked_at', eb.val(now)) }))
        .where('id', '=', id)
        .where('user_id', '=', userId)
        .returningAll()
        .executeTakeFirst();
      return row && toRecord(row);
    },

    /** Revokes every live token of the user with this name (the local CLI's, rotated at each start). */
    async revokeNamed(userId: string, name: string, now: Date): Promise<number> {
      const r = await db.updateTable('api_tokens').set({ revoked_at: now }).where('user_id', '=', userId).where('name', '=', name).where('revoked_at', 'is', null).executeTakeFirst();
      return Number(r.numUpdatedRows);
    },
  };
}
export type ApiTokensRepo = ReturnType<typeof apiTokensRepo>;

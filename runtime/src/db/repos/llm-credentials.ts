import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, LlmCredentialsTable } from '../schema';
import { toJsonb } from '../json';

export type CredentialScope = 'team' | 'user';

/** A stored row as the runtime sees it: the key still sealed. */
export interface LlmCredentialRecord {
  id: string;
  scope: CredentialScope;
  userId: string | null;
  baseUrl: string;
  model: string;
  /** secret-box text, null when stored without a key. */
  keyCiphertext: string | null;
  keyPrefix: string;
  keyLast4: string;
  /** USD per 1M tokens for `model`. */
  prices: { inputPerMTokens: number; outputPerMTokens: number } | null;
  updatedBy: string;
  updatedAt: Date;
}

/** What a save writes; `key` undefined keeps the stored key (and its hint), null removes it. */
export interface LlmCredentialWrite {
  baseUrl: string;
  model: string;
  key?: { ciphertext: string; prefix: string; last4: string } | null;
  prices: { inputPerMTokens: number; outputPerMTokens: number } | null;
  updatedBy: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const toRecord = (r: Selectable<LlmCredentialsTable>): LlmCredentialRecord => ({
  id: r.id,
  scope: r.scope,
  userId: r.user_id,
  baseUrl: r.base_url,
  model: r.model,
  keyCiphertext: r.key_ciphertext,
  keyPrefix: r.key_prefix,
  keyLast4: r.key_last4,
  prices: (r.prices as LlmCredentialRecord['prices']) ?? null,
  updatedBy: r.updated_by,
  updatedAt: r.updated_at,
});

/**
 * The llm_credentials table. The id of a row is chosen before its key is sealed: the sealed
 * text is bound to `llm_credentials:<id>:key`, so it opens in no other row.
 */
export function llmCredentialsRepo(db: Kysely<Database>) {
  const whereOwner = (scope: CredentialScope, userId: string | null) =>
    db.selectFrom('llm_credentials').selectAll().where('scope', '=', scope).where((eb) => (userId === null ? eb('user_id', 'is', null) : eb('user_id', '=', userId)));
  return {
    async get(scope: CredentialScope, userId: string | null): Promise<LlmCredentialRecord | null> {
      const row = await whereOwner(scope, scope === 'team' ? null : userId).executeTakeFirst();
      return row ? toRecord(row) : null;
    },
    /** The user's row and the team's, one query (what a call for that user may use). */
    async forUser(userId: string): Promise<{ user: LlmCredentialRecord | null; team: LlmCredentialRecord | null }> {
      // user_id is a uuid column: an owner id of another shape (tests, older rows) has no row of its own.
      const ownRow = UUID.test(userId);
      const rows = await db
        .selectFrom('llm_credentials')
        .selectAll()
        .where((eb) => (ownRow ? eb.or([eb('scope', '=', 'team'), eb.and([eb('scope', '=', 'user'), eb('user_id', '=', userId)])]) : eb('scope', '=', 'team')))
        .execute();
      const records = rows.map(toRecord);
      return { user: records.find((r) => r.scope === 'user') ?? null, team: records.find((r) => r.scope === 'team') ?? null };
    },
    /** Creates or replaces the scope's row; `write` gets the row id (to bind the sealed key to). */
    async put(scope: CredentialScope, userId: string | null, write: (id: string) => LlmCredentialWrite): Promise<LlmCredentialRecord> {
      return db.transaction().execute(async (trx) => {
        const owner = scope === 'team' ? null : userId;
        // Serializes two saves of the same scope (the unique indexes would refuse the second insert).
        await sql`select pg_advisory_xact_lock(hashtext(${`llm_credentials:${scope}:${owner ?? ''}`}))`.execute(trx);
        const existing = await trx
          .selectFrom('llm_credentials')
          .select(['id'])
          .where('scope', '=', scope)
          .where((eb) => (owner === null ? eb('user_id', 'is', null) : eb('user_id', '=', owner)))
          .executeTakeFirst();
        const id = existing?.id ?? randomUUID();
        const w = write(id);
        const values = {
          base_url: w.baseUrl,
          model: w.model,
          prices: w.prices ? toJsonb(w.prices) : null,
          updated_by: w.updatedBy,
          updated_at: new Date(),
          ...(w.key !== undefined ? { key_ciphertext: w.key?.ciphertext ?? null, key_prefix: w.key?.prefix ?? '', key_last4: w.key?.last4 ?? '' } : {}),
        };
        const row = existing
          ? await trx.updateTable('llm_credentials').set(values).where('id', '=', id).returningAll().executeTakeFirstOrThrow()
          : await trx
              .insertInto('llm_credentials')
              .values({ id, scope, user_id: owner, key_ciphertext: null, key_prefix: '', key_last4: '', ...values })
              .returningAll()
              .executeTakeFirstOrThrow();
        return toRecord(row);
      });
    },
    async remove(scope: CredentialScope, userId: string | null): Promise<boolean> {
      const owner = scope === 'team' ? null : userId;
      const r = await db
        .deleteFrom('llm_credentials')
        .where('scope', '=', scope)
        .where((eb) => (owner === null ? eb('user_id', 'is', null) : eb('user_id', '=', owner)))
        .executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
  };
}
export type LlmCredentialsRepo = ReturnType<typeof llmCredentialsRepo>;

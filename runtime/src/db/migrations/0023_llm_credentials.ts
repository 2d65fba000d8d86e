import { sql, type Kysely } from 'kysely';

/**
 * LLM provider credentials set in the editor: one team row (user_id null) and at most one row
 * per user. The API key is stored sealed (security/secret-box.ts, AES-256-GCM, bound to its
 * row's scope and user), with its provider prefix and last four characters kept apart so the
 * editor can show `sk-…abcd` without opening it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table llm_credentials (
      id uuid primary key,
      scope text not null check (scope in ('team', 'user')),
      user_id uuid references users (id) on delete cascade,
      base_url text not null,
      model text not null,
      key_ciphertext text,
      key_prefix text not null default '',
      key_last4 text not null default '',
      prices jsonb,
      updated_by uuid not null,
      updated_at timestamptz not null default now(),
      check ((scope = 'team') = (user_id is null))
    )`.execute(db);
  // One team row, one row per user.
  await sql`create unique index llm_credentials_team_idx on llm_credentials (scope) where scope = 'team'`.execute(db);
  await sql`create unique index llm_credentials_user_idx on llm_credentials (user_id) where scope = 'user'`.execute(db);
}

import { sql, type Kysely } from 'kysely';

/**
 * Accounts (issue 11, Teams): sign-in for the users table, browser sessions, API tokens and
 * invitation links. No secret is stored in the clear: sessions are keyed by the SHA-256 of the
 * cookie's secret, tokens and invitation links by the SHA-256 of theirs, passwords by argon2id.
 *
 * The lab's first (local) user already owns every graph and run: it is marked the owner here,
 * and the set-up form later only gives it a name, an email and a password, so nothing changes
 * hands when accounts are switched on.
 */
const LOCAL_USER_ID = '00000000-0000-4000-8000-000000000001';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table users add column email text`.execute(db);
  await sql`alter table users add column password_hash text`.execute(db);
  await sql`alter table users add column role text not null default 'member'`.execute(db);
  await sql`alter table users add column removed_at timestamptz`.execute(db);
  await sql`alter table users add constraint users_role_check check (role in ('owner', 'admin', 'member', 'viewer'))`.execute(db);
  // Emails are compared lower-cased; storing them so keeps the unique index simple. A removed
  // account keeps its email (the audit log names it) without blocking a new invitation for it.
  await sql`alter table users add constraint users_email_lower_check check (email = lower(email))`.execute(db);
  await sql`create unique index users_email_idx on users (email) where email is not null and removed_at is null`.execute(db);
  // At most one owner: the set-up form can run once, even with several servers racing.
  await sql`create unique index users_one_owner_idx on users ((true)) where role = 'owner'`.execute(db);
  await sql`update users set role = 'owner' where id = ${LOCAL_USER_ID}`.execute(db);

  await sql`
    create table auth_sessions (
      id text primary key,
      user_id uuid not null references users (id) on delete cascade,
      csrf_token text not null,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      last_seen_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index auth_sessions_user_idx on auth_sessions (user_id)`.execute(db);

  await sql`
    create table api_tokens (
      id uuid primary key,
      user_id uuid not null references users (id) on delete cascade,
      name text not null,
      scope text not null check (scope in ('read', 'run', 'admin')),
      prefix text not null,
      token_hash text not null unique,
      created_at timestamptz not null default now(),
      expires_at timestamptz,
      last_used_at timestamptz,
      revoked_at timestamptz
    )`.execute(db);
  await sql`create index api_tokens_user_idx on api_tokens (user_id, created_at)`.execute(db);

  await sql`
    create table invitations (
      id uuid primary key,
      token_hash text not null unique,
      role text not null check (role in ('admin', 'member', 'viewer')),
      created_by uuid not null references users (id),
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      accepted_at timestamptz,
      accepted_by uuid references users (id)
    )`.execute(db);
}

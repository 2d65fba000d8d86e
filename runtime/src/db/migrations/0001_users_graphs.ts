import { sql, type Kysely } from 'kysely';

// Migrations take Kysely<unknown>: they must not depend on today's schema types, which
// describe the end state, not the state at this step.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table users (
      id uuid primary key,
      name text not null,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`
    create table graphs (
      id uuid primary key,
      owner_id uuid not null references users (id),
      name text not null,
      current_version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      deleted_at timestamptz
    )`.execute(db);
  await sql`create index graphs_owner_updated_idx on graphs (owner_id, updated_at desc) where deleted_at is null`.execute(db);
  await sql`
    create table graph_versions (
      graph_id uuid not null references graphs (id) on delete cascade,
      version integer not null check (version >= 1),
      document jsonb not null,
      created_at timestamptz not null default now(),
      message text,
      primary key (graph_id, version)
    )`.execute(db);
}

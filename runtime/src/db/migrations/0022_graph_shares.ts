import { sql, type Kysely } from 'kysely';

/**
 * Graph shares: a graph's owner lets one person (user_id) or the whole team (user_id null)
 * open it as a viewer or change and run it as an editor. One share per (graph, person-or-team):
 * the two partial unique indexes say so, since a plain unique constraint treats nulls as distinct.
 * Market data stays shared by the lab; price rows remember who last imported or fetched them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table graph_shares (
      id uuid primary key,
      graph_id uuid not null references graphs (id) on delete cascade,
      user_id uuid references users (id) on delete cascade,
      level text not null check (level in ('viewer', 'editor')),
      created_by uuid not null references users (id),
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create unique index graph_shares_person_idx on graph_shares (graph_id, user_id) where user_id is not null`.execute(db);
  await sql`create unique index graph_shares_team_idx on graph_shares (graph_id) where user_id is null`.execute(db);
  await sql`create index graph_shares_user_idx on graph_shares (user_id)`.execute(db);
  // Counting a user's runs in progress at admission (the per-user limit) reads this index.
  await sql`create index runs_owner_open_idx on runs (owner_id) where status in ('queued', 'running')`.execute(db);
  await sql`alter table price_data_5min add column imported_by uuid`.execute(db);
}

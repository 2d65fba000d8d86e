import { sql, type Kysely } from 'kysely';

/**
 * Schedules: a saved graph run on a cron expression in a time zone. `next_fire_at` is the
 * stored truth of when it fires next (computed by croner when created, changed or fired), so
 * a restart finds what it missed; `last_run_id` is what the overlap policy looks at.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table schedules (
      id uuid primary key,
      owner_id uuid not null references users (id),
      name text not null,
      graph_id uuid not null references graphs (id) on delete cascade,
      graph_version integer,
      cron text not null,
      timezone text not null,
      overlap text not null default 'skip' check (overlap in ('skip', 'queue')),
      catch_up text not null default 'once' check (catch_up in ('once', 'skip')),
      ends_at timestamptz,
      paused boolean not null default false,
      next_fire_at timestamptz,
      last_fire_at timestamptz,
      last_run_id uuid references runs (id) on delete set null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index schedules_due_idx on schedules (next_fire_at) where not paused and next_fire_at is not null`.execute(db);
}

import { sql, type Kysely } from 'kysely';

/**
 * Data from exchanges. A schedule can now refresh candles instead of running a graph: `refresh`
 * holds what it fetches ({exchange, pairs, timeframe}), `graph_id` is then null (exactly one of
 * the two is set), and `last_refresh` what its latest fire stored.
 *
 * New-data triggers: a graph run when candles newer than `watermark` (the newest bar, epoch ms,
 * over its coins that it last fired for, or saw when created) are stored.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table schedules alter column graph_id drop not null`.execute(db);
  await sql`alter table schedules add column refresh jsonb`.execute(db);
  await sql`alter table schedules add column last_refresh jsonb`.execute(db);
  await sql`alter table schedules add constraint schedules_graph_or_refresh check ((graph_id is null) <> (refresh is null))`.execute(db);
  await sql`
    create table data_triggers (
      id uuid primary key,
      owner_id uuid not null references users (id),
      name text not null,
      graph_id uuid not null references graphs (id) on delete cascade,
      graph_version integer,
      coins text[] not null,
      paused boolean not null default false,
      watermark bigint,
      last_fire_at timestamptz,
      last_run_id uuid references runs (id) on delete set null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
}

import { sql, type Kysely } from 'kysely';

/**
 * Paper trading: a pinned graph version traded bar by bar with the long/flat rule of one of its
 * backtest nodes. `books` holds, per coin, the book's state (plain JSON), the score of the last
 * bar seen (as first seen) and how many in-sample scores were refused. `watermark` is the newest
 * bar (epoch ms) a step has run for; `pending_run_id` a run fired and not yet read into the books.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table paper_portfolios (
      id uuid primary key,
      owner_id uuid not null references users (id),
      name text not null,
      graph_id uuid not null references graphs (id) on delete cascade,
      graph_version integer not null,
      node_id text not null,
      coins text[] not null,
      start_ts bigint not null,
      criteria jsonb not null,
      status text not null default 'active' check (status in ('active', 'paused', 'stopped')),
      books jsonb not null,
      watermark bigint,
      pending_run_id uuid references runs (id) on delete set null,
      last_run_id uuid references runs (id) on delete set null,
      last_step_at timestamptz,
      last_error text,
      graduation_ready_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
}

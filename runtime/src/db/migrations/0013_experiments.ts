import { sql, type Kysely } from 'kysely';

/**
 * Experiments (research loops): a graph, a search space over its params, an objective and the
 * rules, stored as the validated spec. Each iteration is one row, its runs ordinary runs; a
 * promotion is the audit record of a challenger compared with the champion on the holdout,
 * with who or what approved it and the graph version it saved. An iteration records the process
 * (instance) running it, so a restart fails only iterations whose process is gone. `next_iteration_at` is when the
 * loop may start its next iteration (cooldown), so a restart carries on where it stood.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table experiments (
      id uuid primary key,
      owner_id uuid not null references users (id),
      name text not null,
      graph_id uuid not null references graphs (id) on delete cascade,
      graph_version integer not null,
      spec jsonb not null,
      status text not null default 'running' check (status in ('running', 'stopped', 'finished')),
      stop_reason text,
      started_at timestamptz not null,
      next_iteration_at timestamptz,
      champion_iteration_id uuid,
      champion_holdout double precision,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index experiments_due_idx on experiments (next_iteration_at) where status = 'running'`.execute(db);
  await sql`
    create table experiment_iterations (
      id uuid primary key,
      experiment_id uuid not null references experiments (id) on delete cascade,
      seq integer not null,
      params jsonb not null,
      proposer text not null,
      reason text,
      status text not null check (status in ('running', 'succeeded', 'failed')),
      objective double precision,
      fold_objectives jsonb not null default '[]',
      stats jsonb,
      run_ids jsonb not null default '[]',
      error text,
      llm_cost_usd double precision not null default 0,
      instance text,
      started_at timestamptz not null,
      finished_at timestamptz,
      duration_ms integer,
      unique (experiment_id, seq)
    )`.execute(db);
  await sql`
    create table experiment_promotions (
      id uuid primary key,
      experiment_id uuid not null references experiments (id) on delete cascade,
      iteration_id uuid not null references experiment_iterations (id) on delete cascade,
      status text not null check (status in ('awaiting', 'promoted', 'rejected')),
      challenger_holdout double precision,
      champion_holdout double precision,
      holdout_stats jsonb,
      reason text not null,
      approval_run_id uuid references runs (id) on delete set null,
      decided_by text,
      graph_version integer,
      created_at timestamptz not null,
      decided_at timestamptz
    )`.execute(db);
  await sql`create index experiment_promotions_awaiting_idx on experiment_promotions (experiment_id) where status = 'awaiting'`.execute(db);
}

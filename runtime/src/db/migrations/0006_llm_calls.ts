import { sql, type Kysely } from 'kysely';

/**
 * LLM call records (one row per model call, after its retries) and agent sessions.
 *
 * llm_calls.run_id is text without a foreign key: the planner's calls are charged to a
 * planning id (`plan:<uuid>`) that is not a run. Rows stay when a run is deleted, as the
 * record of what was spent. The daily request limit is rebuilt from `at` after a restart.
 *
 * agent_sessions: the goal-to-results conversations of the agent-session API. A session
 * points at its current graph and run; its live status is derived from the run's.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table llm_calls (
      id uuid primary key,
      at timestamptz not null,
      run_id text not null,
      node_id text not null,
      purpose text not null check (purpose in ('complete', 'structured', 'agent')),
      model text not null,
      input_tokens integer not null,
      output_tokens integer not null,
      cost_usd double precision not null,
      latency_ms integer not null,
      ok boolean not null,
      error text,
      attempts integer not null,
      usage_estimated boolean not null
    )`.execute(db);
  await sql`create index llm_calls_run_idx on llm_calls (run_id, at)`.execute(db);
  await sql`create index llm_calls_at_idx on llm_calls (at)`.execute(db);
  await sql`
    create table agent_sessions (
      id uuid primary key,
      owner_id uuid not null references users (id),
      goal text not null,
      preferences jsonb not null,
      status text not null
        check (status in ('planning', 'executing', 'awaiting_approval', 'completed', 'failed', 'cancelled')),
      message text not null default '',
      plan jsonb,
      clarification jsonb,
      answers jsonb not null default '[]'::jsonb,
      graph_id uuid references graphs (id),
      run_id uuid references runs (id) on delete set null,
      run_ids jsonb not null default '[]'::jsonb,
      error text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index agent_sessions_owner_idx on agent_sessions (owner_id, created_at desc)`.execute(db);
}

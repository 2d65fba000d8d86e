import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table runs (
      id uuid primary key,
      owner_id uuid not null references users (id),
      graph_id uuid references graphs (id),
      graph_version integer,
      graph_snapshot jsonb not null,
      status text not null default 'queued'
        check (status in ('queued', 'running', 'awaiting', 'succeeded', 'failed', 'cancelled', 'interrupted')),
      current_node text,
      trigger text not null,
      created_at timestamptz not null default now(),
      started_at timestamptz,
      finished_at timestamptz,
      error text,
      results jsonb,
      last_seq integer not null default 0,
      foreign key (graph_id, graph_version) references graph_versions (graph_id, version)
    )`.execute(db);
  await sql`create index runs_graph_created_idx on runs (graph_id, created_at desc)`.execute(db);
  await sql`create index runs_owner_created_idx on runs (owner_id, created_at desc)`.execute(db);
  // Small partial index: startup recovery and "what is running" look only at live runs.
  await sql`create index runs_live_idx on runs (status) where status in ('queued', 'running', 'awaiting')`.execute(db);
  await sql`
    create table run_events (
      run_id uuid not null references runs (id) on delete cascade,
      seq integer not null,
      kind text not null,
      node_id text,
      payload jsonb not null,
      created_at timestamptz not null default now(),
      primary key (run_id, seq)
    )`.execute(db);
  await sql`
    create table node_runs (
      run_id uuid not null references runs (id) on delete cascade,
      node_id text not null,
      status text not null,
      started_at timestamptz,
      finished_at timestamptz,
      attempts integer not null default 0,
      error text,
      signature text,
      cached boolean not null default false,
      primary key (run_id, node_id)
    )`.execute(db);
}

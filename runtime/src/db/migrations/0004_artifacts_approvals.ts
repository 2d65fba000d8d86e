import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table artifacts (
      id uuid primary key,
      owner_id uuid not null references users (id),
      run_id uuid references runs (id) on delete cascade,
      node_id text,
      kind text not null check (kind in ('chart', 'report', 'model', 'table', 'file')),
      name text not null,
      content_type text not null,
      content bytea not null,
      size_bytes integer not null,
      metadata jsonb not null default '{}'::jsonb,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index artifacts_run_idx on artifacts (run_id, created_at)`.execute(db);
  await sql`
    create table approvals (
      id uuid primary key,
      run_id uuid not null references runs (id) on delete cascade,
      node_id text not null,
      status text not null default 'pending'
        check (status in ('pending', 'approved', 'rejected', 'overridden', 'timed_out')),
      request jsonb not null,
      response jsonb,
      created_at timestamptz not null default now(),
      decided_at timestamptz,
      expires_at timestamptz,
      decided_by text
    )`.execute(db);
  await sql`create index approvals_pending_idx on approvals (created_at) where status = 'pending'`.execute(db);
  await sql`create index approvals_run_idx on approvals (run_id)`.execute(db);
}

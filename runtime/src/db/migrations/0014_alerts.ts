import { sql, type Kysely } from 'kysely';

/**
 * Alerts, the webhooks they are sent to, and one delivery row per (alert, webhook).
 *
 * `alerts` is append-only apart from its acknowledgement (who, when). `dedupe_key` makes
 * raising idempotent: in a cluster several processes may see the same failed run, and the
 * unique key lets exactly one of them store its alert.
 *
 * `webhook_deliveries` is the delivery queue: its stored state (attempts, next attempt time)
 * is what survives a restart; a process claims due rows with `for update skip locked`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table alerts (
      id uuid primary key,
      owner_id uuid not null references users (id),
      kind text not null,
      severity text not null check (severity in ('info', 'warning', 'critical')),
      message text not null,
      details jsonb not null default '{}'::jsonb,
      subject_type text,
      subject_id text,
      dedupe_key text unique,
      created_at timestamptz not null default now(),
      acknowledged_at timestamptz,
      acknowledged_by text
    )`.execute(db);
  await sql`create index alerts_unacknowledged_idx on alerts (owner_id, created_at) where acknowledged_at is null`.execute(db);
  await sql`create index alerts_created_idx on alerts (owner_id, created_at)`.execute(db);
  await sql`
    create table webhooks (
      id uuid primary key,
      owner_id uuid not null references users (id),
      url text not null,
      secret text not null,
      kinds jsonb not null default '[]'::jsonb,
      enabled boolean not null default true,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`
    create table webhook_deliveries (
      id uuid primary key,
      alert_id uuid not null references alerts (id) on delete cascade,
      webhook_id uuid not null references webhooks (id) on delete cascade,
      status text not null default 'pending' check (status in ('pending', 'delivered', 'failed')),
      attempts integer not null default 0,
      next_attempt_at timestamptz not null,
      last_error text,
      last_status integer,
      delivered_at timestamptz,
      created_at timestamptz not null default now(),
      unique (alert_id, webhook_id)
    )`.execute(db);
  await sql`create index webhook_deliveries_due_idx on webhook_deliveries (next_attempt_at) where status = 'pending'`.execute(db);
}

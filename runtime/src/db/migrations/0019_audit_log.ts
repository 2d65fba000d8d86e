import { sql, type Kysely } from 'kysely';

/**
 * The audit log: one row per state-changing action (a request, a schedule fire, an experiment
 * iteration or promotion, an approval decision or time-out). Append-only by construction: a
 * trigger refuses UPDATE, DELETE and TRUNCATE, so no code path (nor a careless script) can
 * rewrite history. `id` grows with every insert and is the cursor of the paginated listing.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table audit_log (
      id bigint generated always as identity primary key,
      at timestamptz not null default now(),
      actor text not null,
      client text not null,
      action text not null,
      object_type text,
      object_id text,
      reason text,
      details jsonb not null default '{}'::jsonb
    )`.execute(db);
  await sql`create index audit_log_at_idx on audit_log (at)`.execute(db);
  await sql`create index audit_log_action_idx on audit_log (action, id)`.execute(db);
  await sql`create index audit_log_object_idx on audit_log (object_type, object_id, id)`.execute(db);
  await sql`
    create function audit_log_refuse_change() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_log is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
    end
    $$`.execute(db);
  await sql`create trigger audit_log_no_update_delete before update or delete on audit_log for each row execute function audit_log_refuse_change()`.execute(db);
  await sql`create trigger audit_log_no_truncate before truncate on audit_log for each statement execute function audit_log_refuse_change()`.execute(db);
}

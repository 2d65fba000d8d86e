import { sql, type Kysely } from 'kysely';

/**
 * Three gaps of the automations closed together:
 * - a schedule with overlap "queue" keeps at most ONE fire waiting while its previous run is
 *   still going: `queued_fire_at` (the fire time it stands for) and `queued_missed` (the times
 *   it caught up for), stored so the waiting fire survives a restart and runs once;
 * - an experiment records the instance that claimed its current iteration (`claimed_by`), so a
 *   live instance takes over a claim whose instance is dead without waiting out a grace period;
 * - an iteration cut short by a crash is `interrupted` (not `failed`): re-run, and not counted
 *   by the limits and stop rules.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table schedules add column queued_fire_at timestamptz`.execute(db);
  await sql`alter table schedules add column queued_missed integer not null default 0`.execute(db);
  await sql`alter table experiments add column claimed_by text`.execute(db);
  await sql`alter table experiment_iterations drop constraint if exists experiment_iterations_status_check`.execute(db);
  await sql`alter table experiment_iterations add constraint experiment_iterations_status_check check (status in ('running', 'succeeded', 'failed', 'interrupted'))`.execute(db);
}

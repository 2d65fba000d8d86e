import { sql, type Kysely } from 'kysely';

/**
 * Which process executes a run: its instance id (random per process), pid and host. Startup
 * recovery touches only runs whose instance is gone; rows from before this migration have
 * none and count as gone.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table runs add column instance_id text, add column instance_pid integer, add column instance_host text`.execute(db);
}

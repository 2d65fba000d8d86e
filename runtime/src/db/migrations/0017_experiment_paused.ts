import { sql, type Kysely } from 'kysely';

/**
 * Experiments can be paused: a paused experiment starts no iteration and keeps its leaderboard,
 * champion and counters, so resuming carries on where it stood (unlike `stopped`, which is final).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table experiments drop constraint if exists experiments_status_check`.execute(db);
  await sql`alter table experiments add constraint experiments_status_check check (status in ('running', 'paused', 'stopped', 'finished'))`.execute(db);
}

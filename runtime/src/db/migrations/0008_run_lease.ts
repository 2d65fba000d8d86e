import { sql, type Kysely } from 'kysely';

/**
 * Which execution of a run may write it. `lease` grows by one each time a process takes the run
 * over (a worker picking up its job, a restart resuming it); every event batch checks it, so an
 * earlier holder that was only slow — not dead — can no longer store results or events.
 * `run_options` keeps how the run was asked for (no cache, restart from a node) for whichever
 * process executes it. `worker_id` is the job-queue worker holding the run's job (so it can be unlocked when its
 * process is gone); `cancel_requested` is a cancel asked on an instance that does not run it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table runs add column lease integer not null default 0, add column worker_id text, add column cancel_requested text, add column run_options jsonb`.execute(db);
}

import { sql, type Transaction } from 'kysely';
import type { Database } from '../db/schema';

/** The job-queue task that executes (or resumes) one run. */
export const RUN_TASK = 'coinlab_run';

/**
 * Runs as jobs on graphile-worker's PostgreSQL queue. Accepting a run and queueing its job
 * happen in one transaction: a run is never stored without a job, nor a job without its run.
 * The job key is the run id, so the same run is never queued twice.
 */
export interface RunQueue {
  enqueue(trx: Transaction<Database>, runId: string): Promise<void>;
  /** Queues the job of a stored run again (its worker died and the job is gone): idempotent. */
  requeue(runId: string): Promise<void>;
  /** Takes a run's job out while no worker holds it; true when it was removed. */
  removeIfWaiting(runId: string): Promise<boolean>;
  /** Jobs waiting for a worker (queue depth) and workers holding jobs now. */
  stats(): Promise<{ waiting: number; locked: number; workers: number }>;
  /** Frees the jobs of queue workers whose process is gone, so live workers take them. */
  unlockWorkers(workerIds: readonly string[]): Promise<void>;
  /**
   * Queue workers holding a run's job for longer than `seconds` without having taken the run
   * (a live worker takes it within milliseconds of locking the job): their process died
   * between the two, before it could record itself on the run.
   */
  stuckWorkers(seconds: number): Promise<string[]>;
}

/** graphile-worker's schema, created (or upgraded) by its own migrations. */
export async function migrateQueue(connectionString: string): Promise<void> {
  const { runMigrations } = await import('graphile-worker');
  await runMigrations({ connectionString, logger: await quietLogger() });
}

export function graphileRunQueue(db: import('kysely').Kysely<Database>): RunQueue {
  // `unsafe_dedupe`: when a job for the run exists — even one a worker holds — add nothing. A
  // run must never have two jobs (two executions would fight over its lease).
  const addJob = (runId: string) =>
    sql`select graphile_worker.add_job(${RUN_TASK}, json_build_object('runId', ${runId}::text), job_key => ${runId}::text, job_key_mode => 'unsafe_dedupe', max_attempts => 1000)`;
  return {
    async enqueue(trx, runId) {
      await addJob(runId).execute(trx);
    },
    async requeue(runId) {
      await addJob(runId).execute(db);
    },
    async removeIfWaiting(runId) {
      const { rows } = await sql<{ id: string | null }>`select (graphile_worker.remove_job(${runId}::text)).id::text as id`.execute(db);
      // remove_job leaves a locked job alone (it only flags it for removal when it ends).
      if (!rows[0]?.id) return false;
      const { rows: left } = await sql<{ n: number }>`select count(*)::int as n from graphile_worker.jobs where key = ${runId}::text`.execute(db);
      return (left[0]?.n ?? 0) === 0;
    },
    async stats() {
      const { rows } = await sql<{ waiting: number; locked: number; workers: number }>`
        select count(*) filter (where locked_at is null)::int as waiting,
               count(*) filter (where locked_at is not null)::int as locked,
               count(distinct locked_by)::int as workers
          from graphile_worker.jobs where task_identifier = ${RUN_TASK}`.execute(db);
      return rows[0] ?? { waiting: 0, locked: 0, workers: 0 };
    },
    async stuckWorkers(seconds) {
      const { rows } = await sql<{ locked_by: string }>`
        select distinct j.locked_by from graphile_worker.jobs j join runs r on r.id::text = j.key
         where j.task_identifier = ${RUN_TASK} and j.locked_by is not null
           and j.locked_at < now() - make_interval(secs => ${seconds}) and r.instance_id is null and r.status = 'queued'`.execute(db);
      return rows.map((r) => r.locked_by);
    },
    async unlockWorkers(workerIds) {
      if (workerIds.length === 0) return;
      await sql`select graphile_worker.force_unlock_workers(${[...workerIds]}::text[])`.execute(db);
    },
  };
}

/** graphile-worker's logger, saying only what needs a person (warnings and errors). */
export async function quietLogger() {
  const { Logger } = await import('graphile-worker');
  return new Logger(() => (level: string, message: string) => {
    if (level === 'error') console.error(`[coinlab] queue: ${message}`);
    else if (level === 'warning') console.warn(`[coinlab] queue: ${message}`);
  });
}

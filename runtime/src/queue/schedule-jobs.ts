import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';

/** The job-queue task that fires one schedule (and queues its next fire). */
export const SCHEDULE_TASK = 'coinlab_schedule';

export const scheduleJobKey = (scheduleId: string) => `schedule:${scheduleId}`;

/**
 * Each active schedule has exactly one job, keyed by its id, due at its next fire time: however
 * many workers poll the queue, one takes it. Written in the caller's transaction, so a schedule's
 * row and its job change together.
 */
export interface ScheduleJobs {
  /** The schedule's one job, due at `runAt` (replacing any job it had; a locked one keeps running). */
  arm(db: Kysely<Database>, scheduleId: string, runAt: Date): Promise<void>;
  /** No job for this schedule (paused, ended, deleted). */
  disarm(db: Kysely<Database>, scheduleId: string): Promise<void>;
  /** Queues a job for a schedule that has none (e.g. the queue's schema was reset); leaves an existing one alone. */
  ensure(db: Kysely<Database>, scheduleId: string, runAt: Date): Promise<void>;
  /** Schedules whose job a worker has held longer than `olderThanMs` (a fire takes milliseconds: that worker died). */
  staleLocked(db: Kysely<Database>, olderThanMs: number): Promise<string[]>;
}

export const graphileScheduleJobs: ScheduleJobs = {
  async arm(db, scheduleId, runAt) {
    await sql`select graphile_worker.add_job(${SCHEDULE_TASK}, json_build_object('scheduleId', ${scheduleId}::text), run_at => ${runAt}::timestamptz, job_key => ${scheduleJobKey(scheduleId)}, job_key_mode => 'replace', max_attempts => 25)`.execute(db);
  },
  async disarm(db, scheduleId) {
    await sql`select graphile_worker.remove_job(${scheduleJobKey(scheduleId)})`.execute(db);
  },
  async ensure(db, scheduleId, runAt) {
    await sql`select graphile_worker.add_job(${SCHEDULE_TASK}, json_build_object('scheduleId', ${scheduleId}::text), run_at => ${runAt}::timestamptz, job_key => ${scheduleJobKey(scheduleId)}, job_key_mode => 'preserve_run_at', max_attempts => 25)`.execute(db);
  },
  async staleLocked(db, olderThanMs) {
    const { rows } = await sql<{ key: string }>`
      select key from graphile_worker.jobs
       where task_identifier = ${SCHEDULE_TASK} and key is not null
         and locked_at < now() - make_interval(secs => ${olderThanMs / 1000})`.execute(db);
    return rows.map((r) => r.key.slice('schedule:'.length));
  },
};

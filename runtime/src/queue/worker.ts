import { z } from 'zod';
import type { Runtime } from '../runtime';
import { quietLogger, RUN_TASK } from './run-queue';
import { sweepOrphanedRuns } from './sweeper';
import { SCHEDULE_TASK } from './schedule-jobs';

const jobPayloadSchema = z.object({ runId: z.string().uuid() });
const scheduleJobSchema = z.object({ scheduleId: z.string().uuid() });

/** How often a worker looks for runs of dead processes and for cancels it missed. */
const SWEEP_MS = 2000;

export interface RunWorker {
  concurrency: number;
  /** Hands every run executing here back to the queue and stops taking jobs. */
  stop(): Promise<void>;
}

/**
 * A queue worker in this process: takes run jobs from graphile-worker (up to `concurrency` at
 * once), executes or resumes them through the run manager, and sweeps for runs of processes
 * that died. Several workers on one database share the queue; none needs to know the others.
 */
export async function startRunWorker(runtime: Runtime, o: { concurrency: number; log?: (line: string) => void }): Promise<RunWorker> {
  const cluster = runtime.cluster;
  if (!cluster) throw new Error('a worker needs cluster execution (a PostgreSQL server)');
  const { run } = await import('graphile-worker');
  const runner = await run({
    connectionString: cluster.databaseUrl,
    concurrency: o.concurrency,
    // Its pool locks and completes jobs: a few connections beyond one per job in flight is
    // plenty, and every process of a cluster must fit in PostgreSQL's max_connections.
    maxPoolSize: Math.min(10, o.concurrency + 2),
    noHandleSignals: true,
    // New jobs arrive through LISTEN/NOTIFY at once; the poll only catches retries coming due.
    pollInterval: 1000,
    logger: await quietLogger(),
    taskList: {
      [RUN_TASK]: async (payload, helpers) => {
        const { runId } = jobPayloadSchema.parse(payload);
        await runtime.manager.executeJob(runId, { workerId: helpers.job.locked_by, signal: helpers.abortSignal ?? new AbortController().signal });
      },
      // One job per schedule, due at its next fire time: fires it and, in the same transaction,
      // queues the job for the fire after.
      [SCHEDULE_TASK]: async (payload, helpers) => {
        const { scheduleId } = scheduleJobSchema.parse(payload);
        // The queue ran the job because the database's clock reached run_at: due by definition,
        // even if this host's clock is a little behind.
        const now = new Date(Math.max(Date.now(), new Date(helpers.job.run_at).getTime()));
        await runtime.schedules.fire(scheduleId, now);
      },
    },
  });
  let sweeping = false;
  const sweep = async () => {
    if (sweeping) return;
    sweeping = true;
    try {
      await sweepOrphanedRuns({ store: runtime.store, presence: runtime.db.presence, queue: cluster.queue });
      await runtime.manager.applyCancelRequests();
      await runtime.schedules.rescueStaleJobs();
      // A waiting fire whose run ended unheard (its instance died, or all were down) starts here.
      await runtime.schedules.fireAllQueued();
    } catch (err) {
      o.log?.(`worker: sweep failed: ${(err as Error).message}`);
    } finally {
      sweeping = false;
    }
  };
  void sweep();
  await runtime.schedules.ensureJobs().catch((err: unknown) => o.log?.(`worker: schedule jobs: ${(err as Error).message}`));
  const timer = setInterval(() => void sweep(), SWEEP_MS);
  timer.unref?.();
  let stopping: Promise<void> | undefined;
  return {
    concurrency: o.concurrency,
    stop: () =>
      (stopping ??= (async () => {
        clearInterval(timer);
        // Runs stay open as stored; once this process is gone, another worker's sweep (or this
        // one's next start) queues them again and they resume.
        // No new jobs from here; the runs in progress are handed over now rather than after
        // graphile-worker's grace period (it would abort them then anyway).
        const stopped = runner.stop();
        await runtime.manager.shutdown({ handOver: true });
        await stopped;
      })()),
  };
}

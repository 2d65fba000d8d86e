import type { Presence, Store } from '../db';
import type { RunQueue } from './run-queue';

/**
 * Finds runs whose executing process is gone (kill -9, a lost machine: its presence connection
 * to PostgreSQL closed) and gives them back to the queue: jobs held by the dead process's queue
 * workers are unlocked, and a run left without a job (a CLI run on the database) gets one. A
 * live worker then takes the job and resumes the run from its stored results. Every worker
 * sweeps; unlocking and re-queueing are idempotent, so several sweeping at once is harmless.
 */
/** A run's job locked this long with the run still untaken counts as held by a dead worker. */
const STUCK_SECONDS = 30;

export async function sweepOrphanedRuns(o: { store: Store; presence: Presence; queue: RunQueue }): Promise<{ unlocked: number; requeued: number }> {
  const live = await o.presence.liveInstances();
  const orphans = await o.store.runs.orphaned(live);
  // A worker that died after locking a job but before taking its run left no name on the run.
  const stuck = await o.queue.stuckWorkers(STUCK_SECONDS);
  if (orphans.length === 0 && stuck.length === 0) return { unlocked: 0, requeued: 0 };
  const deadWorkers = [...new Set([...stuck, ...orphans.flatMap((r) => (r.workerId ? [r.workerId] : []))])];
  await o.queue.unlockWorkers(deadWorkers);
  // unsafe_dedupe: a run whose job still exists (now unlocked) gets no second one.
  for (const r of orphans) await o.queue.requeue(r.id);
  return { unlocked: deadWorkers.length, requeued: orphans.length };
}

import { schedulesRepo } from '../db/repos/schedules';
import { runsRepo } from '../db/repos/runs';
import { acceptScheduleRun, scheduleTrigger, UNFINISHED, type FireDeps, type FireOutcome } from './fire';

/** What became of a schedule's waiting fire (overlap "queue"). */
export type QueuedOutcome =
  | Extract<FireOutcome, { kind: 'fired' }>
  | { kind: 'failed'; reason: string; scheduledAt: Date }
  /** The run it waits behind has not ended yet. */
  | { kind: 'waiting'; behindRunId: string }
  /** Nothing waits (never queued, already started by another instance, paused, deleted). */
  | { kind: 'none' };

/** The trigger of a fire that waited: the fire time it stands for, and the run it waited behind. */
export function queuedTrigger(name: string, scheduledAt: Date, missed: number, behindRunId: string): string {
  return `${scheduleTrigger(name, scheduledAt, missed)} (queued behind run ${behindRunId})`;
}

/**
 * Starts the schedule's waiting fire once the run it waits behind has ended, in ONE transaction
 * holding the schedule's row lock: the waiting fire is cleared as its run is accepted, so of
 * several callers (every instance hears a run end; the sweeps and a restart ask too) exactly one
 * starts it. The fire keeps the time it was due at in its trigger, however late it starts.
 */
export async function fireQueued(deps: Pick<FireDeps, 'db' | 'manager'>, scheduleId: string): Promise<QueuedOutcome> {
  const decided = await deps.db.transaction().execute(async (trx) => {
    const repo = schedulesRepo(trx);
    const s = await repo.lock(scheduleId);
    if (!s || s.paused || !s.queuedFireAt) return { kind: 'none' as const };
    const scheduledAt = s.queuedFireAt;
    const behind = s.lastRunId ? await runsRepo(trx).get(s.lastRunId) : undefined;
    if (behind && UNFINISHED.has(behind.status)) return { kind: 'waiting' as const, behindRunId: behind.id };
    const accepted = await acceptScheduleRun(trx, deps, s, queuedTrigger(s.name, scheduledAt, s.queuedMissed, s.lastRunId ?? '(deleted)'));
    if (!accepted.ok) {
      await repo.update(s.id, { queued: null });
      return { kind: 'failed' as const, reason: accepted.reason, scheduledAt };
    }
    await repo.update(s.id, { queued: null, lastFireAt: scheduledAt, lastRunId: accepted.runId });
    return { kind: 'accepted' as const, runId: accepted.runId, missed: s.queuedMissed, scheduledAt, behindRunId: s.lastRunId ?? '', launch: accepted.launch };
  });
  if (decided.kind !== 'accepted') return decided;
  // Committed: only now may the run execute.
  return { kind: 'fired', runId: decided.runId, scheduledAt: decided.scheduledAt, missed: decided.missed, started: decided.launch(), queuedBehind: decided.behindRunId };
}
